// The benchmark's plain-JavaScript trainer (bench/plain-trainer.mjs) is the ratio the engine is
// measured against, so it must train exactly what the engine trains: per-example SGD on mean
// squared error with a sigmoid output, or plain SGD on batches of 32. Here it is run side by
// side with the tests' own float64 reference trainer (reference.ts), from the same weights on
// the same examples, for every network the benchmark uses. A baseline that skipped work (a
// derivative left out, a weight updated before the Δ below it was taken, a batch not averaged)
// would be faster and wrong; this fails on it.
import { afterAll, describe, expect, it } from 'vitest';
import type {
  LayerConfig,
  LayerParams,
  NetworkConfig,
  TrainingConfig,
} from '../../src/lib/engine/types';
import { REFERENCE_TARGETS, ReferenceTrainer } from './reference';
import { BENCH_NETWORKS, BENCH_SETTINGS } from '../../bench/networks';
import { PlainTrainer } from '../../bench/plain-trainer.mjs';
import { buildNative, NativeTrainer } from '../../bench/native';

interface Plain {
  seed: number;
  lossSum: number;

  w: Float64Array[];
  b: Float64Array[];
  sizes: number[];
  train(n: number): void;
}

/** The examples the plain trainer will draw next: its own generator, from its current seed. */
function examplesFrom(plain: Plain, n: number) {
  const generator = { seed: plain.seed };
  const next = () => PlainTrainer.prototype.random.call(generator);
  const inputs = new Float64Array(2 * n);
  const targets = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    inputs[2 * k] = next();
    inputs[2 * k + 1] = next();
    targets[k] = REFERENCE_TARGETS.fancySine(inputs[2 * k], inputs[2 * k + 1]);
  }
  return { inputs, targets };
}

function paramsOf(p: Plain): LayerParams[] {
  return p.w.map((w, l) => {
    const nIn = p.sizes[l];
    const nOut = p.sizes[l + 1];
    return {
      weights: Array.from({ length: nOut }, (_, o) =>
        Array.from(w.subarray(o * nIn, (o + 1) * nIn)),
      ),
      biases: Array.from(p.b[l]),
    };
  });
}

function networkOf(hidden: number[], activations: LayerConfig['activation'][]): NetworkConfig {
  const layer = (units: number, activation: LayerConfig['activation']): LayerConfig => ({
    units,
    activation,
    weightInit: { kind: 'constant', value: 0 },
    biasInit: { kind: 'constant', value: 0 },
  });
  return {
    hidden: hidden.map((u, k) => layer(u, activations[k])),
    output: layer(1, 'sigmoid'),
    fastMath: false,
  };
}

describe('the benchmark’s plain-JavaScript trainer trains what the engine trains', () => {
  for (const { hidden, activations } of BENCH_NETWORKS) {
    for (const batch of [1, 32]) {
      it(`[${hidden}] ${activations[0]}, batch ${batch}: the float64 reference gives the same weights`, () => {
        const plain = new PlainTrainer({ hidden, activations }, batch, BENCH_SETTINGS) as Plain;
        const start = paramsOf(plain);
        const n = batch === 1 ? 400 : 16 * 32;
        const { inputs, targets } = examplesFrom(plain, n);
        const training: TrainingConfig = {
          loss: { kind: 'mse' },
          optimizer: { kind: 'sgd' },
          batchSize: batch,
          learningRate: BENCH_SETTINGS.learningRate,
          schedule: { kind: 'constant' },
          warmupExamples: 0,
          l1: 0,
          l2: 0,
        };
        const ref = new ReferenceTrainer(networkOf(hidden, activations), start, training);
        ref.trainOn(inputs, targets);
        plain.train(n);
        const got = paramsOf(plain);
        const want = ref.params;
        let worst = 0;
        let moved = 0;
        for (let l = 0; l < want.length; l++) {
          want[l].weights.forEach((row, o) =>
            row.forEach((v, i) => {
              worst = Math.max(worst, Math.abs(got[l].weights[o][i] - v));
              moved = Math.max(moved, Math.abs(start[l].weights[o][i] - v));
            }),
          );
          want[l].biases.forEach((v, o) => {
            worst = Math.max(worst, Math.abs(got[l].biases[o] - v));
          });
        }
        // The two differ only in the order of float64 roundings (about 1e−15 here); training
        // moved the weights by far more, so a wrong formula shows.
        expect(moved).toBeGreaterThan(1e-4);
        expect(worst).toBeLessThan(1e-12);
      });
    }
  }
});

// The benchmark's native scale (bench/native-trainer.c) is the plain trainer written again in C.
// Built in double without contracted multiply-adds, it must start from the JavaScript trainer's
// weights bit for bit and train to its weights within the last few roundings (C's libm and V8's
// tanh, sin, cos and exp may differ in the last bit).
const native = buildNative(['-O2', '-ffp-contract=off', '-DREAL=double']);
const noCompiler = 'error' in native && native.error.startsWith('no C compiler');
afterAll(() => {
  if ('remove' in native) native.remove();
});
describe.skipIf(noCompiler)(
  'the benchmark’s native C trainer trains what the JavaScript one trains',
  () => {
    for (const net of BENCH_NETWORKS) {
      for (const batch of [1, 32]) {
        it(`[${net.hidden}] ${net.activations[0]}, batch ${batch}`, async () => {
          if ('error' in native) throw new Error(native.error);
          const c = new NativeTrainer(native.path, net, batch, BENCH_SETTINGS);
          try {
            const js = new PlainTrainer(net, batch, BENCH_SETTINGS) as Plain;
            const start = await c.params();
            expect(start.w).toEqual(js.w.map((w) => Array.from(w)));
            expect(start.b).toEqual(js.b.map((b) => Array.from(b)));
            const n = batch === 1 ? 400 : 16 * 32;
            js.train(n);
            await c.train(n);
            const got = await c.params();
            let worst = 0;
            let moved = 0;
            js.w.forEach((w, l) =>
              w.forEach((v, k) => {
                worst = Math.max(worst, Math.abs(got.w[l][k] - v));
                moved = Math.max(moved, Math.abs(start.w[l][k] - v));
              }),
            );
            js.b.forEach((b, l) =>
              b.forEach((v, k) => (worst = Math.max(worst, Math.abs(got.b[l][k] - v)))),
            );
            expect(moved).toBeGreaterThan(1e-4);
            expect(worst).toBeLessThan(1e-12);
            expect(Math.abs(got.lossSum - js.lossSum)).toBeLessThan(1e-12 * js.lossSum);
          } finally {
            c.close();
          }
        });
      }
    }
  },
);
