/**
 * The wrapped engine's behaviour: targets against the reference formulas, determinism,
 * snapshot/restore, params round trip, divergence, schedules, data modes, read-outs and
 * argument validation. Runs on both builds.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import type { Schedule } from '../../src/lib/engine/types';
import { loadEngine } from '../../src/lib/engine/load-node';
import { ORIGINAL_INITIALIZERS, TARGETS } from '../../src/lib/engine/types';
import { BUILDS, config, exported, flatParams, makeRandom, rawEngine } from './helpers';
import { REFERENCE_TARGETS } from './reference';

const f = Math.fround;
describe('targets against the reference formulas', async () => {
  const w = await rawEngine(true);
  for (const [name, ref] of Object.entries(REFERENCE_TARGETS)) {
    it(name, () => {
      const id = TARGETS.indexOf(name as (typeof TARGETS)[number]);
      const rand = makeRandom(id + 1);
      let mismatches = 0;
      const N = 20_000;
      for (let k = 0; k < N; k++) {
        const a = f(Math.floor(rand() * 2 ** 24) / 2 ** 24);
        const b = f(Math.floor(rand() * 2 ** 24) / 2 ** 24);
        const got = exported(w, 'testTarget')(id, a, b);
        const want = ref(a, b);
        const tolerance = ['blobs', 'sineWave', 'fancySine', 'tiledSqrt', 'bowl'].includes(name)
          ? 2e-6
          : 1e-6;
        if (Math.abs(got - want) > tolerance) mismatches++;
      }
      // Discontinuous targets may differ only where float32 and float64 disagree on a boundary.
      expect(mismatches).toBeLessThanOrEqual(name === 'spiral' || name === 'circle' ? 3 : 0);
    });
  }
  it('every target gives the same bits in the SIMD build as in the scalar build (Mathf)', async () => {
    // The SIMD build takes the sines of fancySine and sineWave four lanes at a time
    // (exactmath.ts); the scalar build calls Mathf. They must agree exactly, not to a tolerance.
    const scalar = await rawEngine(false);
    const rand = makeRandom(99);
    for (let id = 0; id < TARGETS.length; id++) {
      for (let k = 0; k < 20_000; k++) {
        const a = f(Math.floor(rand() * 2 ** 24) / 2 ** 24);
        const b = f(Math.floor(rand() * 2 ** 24) / 2 ** 24);
        const got = exported(w, 'testTarget')(id, a, b);
        const want = exported(scalar, 'testTarget')(id, a, b);
        if (!Object.is(got, want)) expect(`${TARGETS[id]}(${a}, ${b}) = ${got}`).toBe(`${want}`);
      }
    }
  });
  it('random: uniform noise with mean ½ (fresh examples)', async () => {
    const e = await loadEngine({ simd: true });
    e.configure(
      config([], 'identity', {
        data: {
          target: { kind: 'builtin', id: 'random' },
          mode: { kind: 'fixed', trainSize: 4000, testSize: 10, noise: 0 },
        },
      }),
    );
    const t = e.dataSets().train.filter((_, k) => k % 3 === 2);
    const mean = t.reduce((s, v) => s + v, 0) / t.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...t)).toBeLessThan(1);
  });
});

for (const build of BUILDS) {
  describe(`engine (${build.name} build)`, async () => {
    const load = () => loadEngine({ simd: build.simd });
    const e: Engine = await load();

    it('reports which build runs', () => {
      expect(e.simd).toBe(build.simd);
    });

    it('determinism: same seed and calls give identical bits; another seed differs', async () => {
      const e2 = await load();
      const cfg = config([16, 8], 'tanh', {
        fastMath: true,
        training: {
          batchSize: 4,
          optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        },
      });
      e.configure(cfg);
      e2.configure(cfg);
      const r1 = e.train(5000);
      const r2 = e2.train(5000);
      expect(r1.loss).toBe(r2.loss);
      expect(flatParams(e.getParams())).toEqual(flatParams(e2.getParams()));
      expect(e.snapshot()).toEqual(e2.snapshot());
      e2.configure({ ...cfg, seed: 8 });
      e2.train(5000);
      expect(flatParams(e.getParams())).not.toEqual(flatParams(e2.getParams()));
    });

    it('train(n) in slices equals one call (batch 1 and batch 8)', async () => {
      for (const batchSize of [1, 8]) {
        const e2 = await load();
        const cfg = config([8], 'relu', { training: { batchSize } });
        e.configure(cfg);
        e2.configure(cfg);
        e.train(800);
        for (let k = 0; k < 10; k++) e2.train(80);
        expect(flatParams(e.getParams())).toEqual(flatParams(e2.getParams()));
        expect(e2.examplesSeen).toBe(800);
      }
    });

    it('restore is all or nothing: a refused snapshot leaves the network as it was', async () => {
      // A snapshot whose configuration (9 units) does not match its state (4 units).
      const e4 = await load();
      e4.configure(config([4], 'relu'));
      e4.train(100);
      const four = e4.snapshot();
      e4.configure(config([9], 'relu'));
      const nine = e4.snapshot();
      const header = (s: Uint8Array) => new DataView(s.buffer, s.byteOffset, 16);
      const jsonPadded = (s: Uint8Array) => (header(s).getUint32(8, true) + 3) & ~3;
      const stateOf = (s: Uint8Array) => s.subarray(16 + jsonPadded(s));
      const mixed = new Uint8Array(16 + jsonPadded(nine) + stateOf(four).length);
      mixed.set(nine.subarray(0, 16 + jsonPadded(nine)));
      mixed.set(stateOf(four), 16 + jsonPadded(nine));
      new DataView(mixed.buffer).setUint32(12, stateOf(four).length, true);

      e.configure(config([5], 'tanh'));
      e.train(300);
      const before = { params: e.getParams(), seen: e.examplesSeen, cfg: e.currentConfig };
      expect(() => e.restore(mixed)).toThrow(/different network/);
      expect(e.getParams()).toEqual(before.params);
      expect(e.examplesSeen).toBe(before.seen);
      expect(e.currentConfig).toEqual(before.cfg);
      // And an engine that had no network has none after a refused snapshot.
      const blank = await load();
      expect(() => blank.restore(mixed)).toThrow(/different network/);
      expect(() => blank.train(1)).toThrow(/configure/);
    });

    it('restore refuses a state training cannot reach, and restores every state it can', async () => {
      const header = (s: Uint8Array) => new DataView(s.buffer, s.byteOffset, 16);
      const stateAt = (s: Uint8Array) => 16 + ((header(s).getUint32(8, true) + 3) & ~3);
      // Every state training reaches is taken back: activations, optimizers, L1/L2, batch sizes,
      // outputs with and without bias, layer widths that leave padding.
      const acts = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'gcu', 'sine', 'gelu'] as const;
      const optimizers = [
        { kind: 'sgd' },
        { kind: 'momentum', momentum: 0.9, nesterov: true },
        { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      ] as const;
      for (let k = 0; k < 21; k++) {
        const cfg = config([3 + (k % 4), 1 + (k % 3)], acts[k % acts.length], {
          outputBias: k % 2 === 0,
          outputActivation: k % 5 === 0 ? 'identity' : 'sigmoid',
          training: {
            optimizer: optimizers[k % 3],
            batchSize: [1, 3, 8][k % 3],
            learningRate: 0.05,
            l1: k % 4 === 1 ? 1e-4 : 0,
            l2: k % 4 === 2 ? 1e-3 : 0,
          },
        });
        e.configure(cfg);
        e.train(500);
        const snap = e.snapshot();
        const fresh = await load();
        expect(() => fresh.restore(snap), JSON.stringify(cfg.training)).not.toThrow();
        expect(flatParams(fresh.getParams())).toEqual(flatParams(e.getParams()));
      }

      e.configure(config([5], 'tanh', { outputBias: false }));
      e.train(300);
      const good = e.snapshot();
      const before = { params: e.getParams(), seen: e.examplesSeen };
      const at = stateAt(good);
      const edit = (fn: (state: DataView) => void) => {
        const s = good.slice();
        fn(new DataView(s.buffer, at));
        return s;
      };
      // Header (engine/assembly/layout.ts): examples seen at 8 (f64), the generator at 24;
      // the weights after the 128-byte header, layer 1's 4 × 8 matrix first.
      const params = 128;
      const refused: [string, Uint8Array][] = [
        ['NaN weight', edit((v) => v.setFloat32(params, NaN, true))],
        ['NaN count', edit((v) => v.setFloat64(8, NaN, true))],
        ['fractional count', edit((v) => v.setFloat64(8, 2.5, true))],
        // Row 2 of layer 1 is padding: the network has 2 inputs.
        ['weight of a third input', edit((v) => v.setFloat32(params + 2 * 8 * 4, 0.5, true))],
        // Column 5 of layer 1 is padding: the layer has 5 neurons in a stride of 8.
        ['weight of a sixth neuron', edit((v) => v.setFloat32(params + 5 * 4, 0.5, true))],
        ['zero generator', edit((v) => [24, 28, 32, 36].forEach((o) => v.setUint32(o, 0, true)))],
      ];
      for (const [what, snap] of refused) {
        expect(() => e.restore(snap), what).toThrow(/restore: corrupt state/);
        expect(e.getParams(), what).toEqual(before.params);
        expect(e.examplesSeen).toBe(before.seen);
      }
      // A configuration that says "no output bias" over a state that has one: the bias in its
      // slot would act, and never train.
      e.configure(config([5], 'tanh'));
      e.train(300);
      const withBias = e.snapshot();
      const json = new TextDecoder().decode(
        withBias.subarray(16, 16 + header(withBias).getUint32(8, true)),
      );
      const cfg = JSON.parse(json);
      cfg.network.output.bias = false;
      const j = new TextEncoder().encode(JSON.stringify(cfg));
      const jp = (j.length + 3) & ~3;
      const state = withBias.subarray(stateAt(withBias));
      const lying = new Uint8Array(16 + jp + state.length);
      lying.set(withBias.subarray(0, 16));
      new DataView(lying.buffer).setUint32(8, j.length, true);
      lying.set(j, 16);
      lying.set(state, 16 + jp);
      expect(e.getParams()[1].biases[0]).not.toBe(0);
      expect(() => e.restore(lying)).toThrow(
        /restore: corrupt state \(values where the network has no/,
      );
      // A configuration the engine refuses says it comes from the snapshot.
      const empty = new TextEncoder().encode('null');
      const nulled = new Uint8Array(16 + 4 + state.length);
      nulled.set(withBias.subarray(0, 16));
      new DataView(nulled.buffer).setUint32(8, empty.length, true);
      nulled.set(empty, 16);
      nulled.set(state, 20);
      expect(() => e.restore(nulled)).toThrow(
        /^engine: restore: the snapshot's configuration is refused: configure: missing config$/,
      );
      expect(() => e.restore(good)).not.toThrow();
      expect(e.getParams()).toEqual(before.params);
    });

    it('snapshot/restore with Adam: its moments and step count come back (bias correction)', async () => {
      // Adam's bias correction reads the optimizer's step count; a snapshot without it (or
      // without the moments) would continue with different steps.
      const cfg = config([10, 5], 'tanh', {
        training: {
          batchSize: 4,
          learningRate: 0.01,
          optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        },
      });
      e.configure(cfg);
      e.train(40); // 10 steps: the correction 1 − β₂ᵗ still changes fast
      const snap = e.snapshot();
      e.train(400);
      const after = flatParams(e.getParams());
      const fresh = await load();
      fresh.configure(cfg);
      fresh.restore(snap);
      fresh.train(400);
      expect(flatParams(fresh.getParams())).toEqual(after);
    });

    it('snapshot/restore: the continuation is bit-identical, also in a fresh engine', async () => {
      const cfg = config([12, 6], 'gcu', {
        training: {
          batchSize: 3,
          optimizer: { kind: 'momentum', momentum: 0.9, nesterov: true },
          schedule: { kind: 'cosine', period: 5000, min: 0.01 },
          warmupExamples: 300,
        },
        data: {
          target: { kind: 'builtin', id: 'circle' },
          mode: { kind: 'fixed', trainSize: 100, testSize: 50, noise: 0.1 },
        },
      });
      e.configure(cfg);
      e.train(1000);
      const snap = e.snapshot();
      const lr = e.learningRate;
      e.train(1000);
      const after = flatParams(e.getParams());
      const loss = e.testLoss();
      e.restore(snap);
      expect(e.examplesSeen).toBe(1000);
      expect(e.learningRate).toBe(lr);
      e.train(1000);
      expect(flatParams(e.getParams())).toEqual(after);
      const fresh = await load();
      fresh.restore(snap);
      fresh.train(1000);
      expect(flatParams(fresh.getParams())).toEqual(after);
      expect(fresh.testLoss()).toBe(loss);
      expect(() => fresh.restore(new Uint8Array(10))).toThrow(/snapshot/);
    });

    it('getParams/setParams round trip exactly, and setParams changes the outputs', () => {
      e.configure(config([5, 3], 'elu', { outputBias: false }));
      const p = e.getParams();
      expect(p.map((l) => l.weights.length)).toEqual([5, 3, 1]);
      expect(p.map((l) => l.weights[0].length)).toEqual([2, 5, 3]);
      expect(p[2].biases).toEqual([]);
      const rand = makeRandom(3);
      const q = p.map((l) => ({
        weights: l.weights.map((r) => r.map(() => f(rand() - 0.5))),
        biases: l.biases.map(() => f(rand() - 0.5)),
      }));
      e.setParams(q);
      expect(e.getParams()).toEqual(q);
      // the output at one point follows the new weights (checked in float64)
      const [h1, h2, out] = e.neuronValuesAt(0.25, 0.75);
      const elu = (x: number) => (x > 0 ? x : Math.expm1(x));
      const z1 = q[0].weights.map((r, o) => elu(r[0] * 0.25 + r[1] * 0.75 + q[0].biases[o]));
      for (let k = 0; k < 5; k++) expect(h1[k]).toBeCloseTo(z1[k], 5);
      const z2 = q[1].weights.map((r, o) =>
        elu(r.reduce((s, wv, i) => s + wv * z1[i], q[1].biases[o])),
      );
      for (let k = 0; k < 3; k++) expect(h2[k]).toBeCloseTo(z2[k], 5);
      const y = 1 / (1 + Math.exp(-q[2].weights[0].reduce((s, wv, i) => s + wv * z2[i], 0)));
      expect(out[0]).toBeCloseTo(y, 5);
      expect(() => e.setParams([q[0]])).toThrow(/setParams/);
      expect(() => e.setParams([q[0], q[1], { weights: [[NaN, 0, 0]], biases: [] }])).toThrow(
        /non-finite/,
      );
    });

    it('divergence: learning rate 1e6 stops training, reports the step, leaves a finite state', () => {
      e.configure(
        config([8], 'tanh', {
          outputActivation: 'identity',
          training: { learningRate: 1e6, batchSize: 2 },
        }),
      );
      const r = e.train(10_000);
      expect(r.diverged).not.toBeNull();
      expect(r.diverged!.reason).toBe('loss');
      expect(r.examples).toBeLessThan(10_000);
      expect(r.diverged!.atExample).toBe(r.examples);
      expect(r.examplesSeen).toBe(r.examples);
      expect(flatParams(e.getParams()).every(Number.isFinite)).toBe(true);
      // the last finite state is restorable and keeps training to the same point
      const again = e.train(10);
      expect(again.examples).toBe(0);
      expect(again.diverged!.atExample).toBe(r.diverged!.atExample);
    });

    it('divergence behind a finite loss: NaN weights that ReLU hides are caught too', () => {
      // ReLU turns a NaN pre-activation into 0 and the sigmoid output stays finite, so the loss
      // does not show it: the check of the weights at the end of the call must.
      e.configure(config([8], 'relu', { training: { learningRate: 1e30 } }));
      const r = e.train(1000);
      expect(r.diverged).not.toBeNull();
      expect(r.diverged!.reason).toBe('weights');
      expect(r.examplesSeen).toBe(r.diverged!.atExample);
      expect(flatParams(e.getParams()).every(Number.isFinite)).toBe(true);
      // The last finite state trains on from where it stopped, to the same bad step.
      expect(e.train(1000).diverged).toEqual(r.diverged);
    });

    it('divergence: the gradient norms left are those of the last good step', async () => {
      // SGD and Adam: the fused batch-SGD path and the separate backward pass store them apart.
      for (const optimizer of [
        { kind: 'sgd' as const },
        { kind: 'adam' as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      ]) {
        const cfg = config([8], 'tanh', {
          outputActivation: 'identity',
          training: {
            learningRate: optimizer.kind === 'sgd' ? 1e3 : 1e18,
            batchSize: 2,
            optimizer,
          },
        });
        e.configure(cfg);
        e.train(2);
        const first = e.gradientNorms();
        const r = e.train(200_000);
        expect(r.diverged, optimizer.kind).not.toBeNull();
        expect(r.examplesSeen).toBeGreaterThan(2);
        // The same training stopped at the same example, in one call that did not diverge.
        const clean = await load();
        clean.configure(cfg);
        expect(clean.train(r.examplesSeen).diverged).toBeNull();
        expect(e.gradientNorms(), optimizer.kind).toEqual(clean.gradientNorms());
        expect(e.gradientNorms()).not.toEqual(first);
        const norms = e.gradientNorms();
        expect(norms.every(Number.isFinite) && norms.some((v) => v > 0), String(norms)).toBe(true);
      }
    });

    it('momentum and Adam leave no subnormal number in their state when neurons die', () => {
      // A dead neuron's gradient is exactly 0, so its velocity or moments shrink by μ, β₁ or β₂
      // every step; without the engine's negligible-value rule they sink into subnormals (and
      // stay there: Wasm has no flush-to-zero), which made training 50–150 times slower.
      const raw = (
        e as unknown as { w: Record<string, () => number> & { memory: WebAssembly.Memory } }
      ).w;
      for (const optimizer of [
        { kind: 'momentum' as const, momentum: 0.9, nesterov: false },
        { kind: 'adam' as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      ]) {
        e.configure(
          config([54, 22], 'relu', {
            training: { optimizer, learningRate: optimizer.kind === 'adam' ? 0.01 : 0.15 },
          }),
        );
        e.train(50_000);
        expect(
          e.neuronStats().some((s) => s.dead),
          `${optimizer.kind}: dead neurons`,
        ).toBe(true);
        // PARAMS, then M1 and M2, to the end of the state: all float32.
        const bits = new Uint32Array(raw.memory.buffer);
        let subnormal = 0;
        for (let k = raw.paramsPtr() >> 2; k < (raw.statePtr() + raw.stateSize()) >> 2; k++)
          if ((bits[k] & 0x7f800000) === 0 && (bits[k] & 0x007fffff) !== 0) subnormal++;
        expect(subnormal, optimizer.kind).toBe(0);
      }
    });

    it('Adam keeps its scale invariance for tiny gradients (the flush of v does not make m/ε)', () => {
      // A gradient of 2·10⁻¹⁵ with ε = 10⁻³⁰: textbook Adam steps by the learning rate. Flushing
      // v (≈ 10⁻³³) with m kept would give m/ε ≈ 10¹²; both flushed would not move at all.
      e.configure({
        ...config([], 'identity', {
          outputActivation: 'identity',
          training: {
            learningRate: 0.001,
            optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-30 },
          },
        }),
        data: {
          target: { kind: 'grid', size: 2, values: [1e-15, 1e-15, 1e-15, 1e-15] },
          mode: { kind: 'fresh' },
        },
      });
      e.setParams([{ weights: [[0, 0]], biases: [0] }]);
      e.train(1);
      for (const v of flatParams(e.getParams())) expect(v).toBeCloseTo(0.001, 6);
    });

    it('a live learning-rate change applies to every parameter (weights and biases)', () => {
      e.configure(config([6], 'tanh'));
      e.train(100);
      const before = flatParams(e.getParams());
      e.setTraining({ learningRate: 0 });
      e.train(500);
      expect(flatParams(e.getParams())).toEqual(before);
      e.setTraining({ learningRate: 0.1 });
      e.train(10);
      const after = e.getParams();
      const moved = flatParams(after).map((v, k) => v !== before[k]);
      expect(moved.slice(0, 12).some(Boolean)).toBe(true); // weights of layer 0
      expect(moved.slice(12, 18).some(Boolean)).toBe(true); // its biases
    });

    it('one SGD step equals params − η·gradient (lossAndGradients and trainOn agree)', () => {
      for (const batchSize of [1, 5]) {
        e.configure(config([7, 4], 'swish', { training: { batchSize, learningRate: 0.05 } }));
        const rand = makeRandom(batchSize);
        const inputs = new Float32Array(2 * batchSize).map(() => rand());
        const targets = new Float32Array(batchSize).map(() => rand());
        const p0 = flatParams(e.getParams());
        const { loss, grads } = e.lossAndGradients(inputs, targets);
        expect(flatParams(e.getParams())).toEqual(p0);
        const r = e.trainOn(inputs, targets);
        expect(r.loss).toBeCloseTo(loss, 6);
        const g = flatParams(grads);
        flatParams(e.getParams()).forEach((v, k) => expect(v).toBeCloseTo(p0[k] - 0.05 * g[k], 6));
      }
    });

    it('schedules: engine learning rate follows the documented formulas', () => {
      const base = 0.2;
      const check = (
        schedule: Schedule,
        warmupExamples: number,
        points: number[],
        expected: (t: number) => number,
      ) => {
        e.configure(
          config([2], 'relu', { training: { learningRate: base, schedule, warmupExamples } }),
        );
        let seen = 0;
        for (const t of points) {
          e.train(t - seen);
          seen = t;
          expect(e.learningRate).toBeCloseTo(expected(t), 10);
        }
      };
      check(
        { kind: 'step', every: 100, gamma: 0.5 },
        0,
        [0, 99, 100, 250],
        (t) => base * 0.5 ** Math.floor(t / 100),
      );
      check(
        { kind: 'exponential', every: 100, gamma: 0.5 },
        0,
        [50, 150],
        (t) => base * 0.5 ** (t / 100),
      );
      check(
        { kind: 'cosine', period: 1000, min: 0.01 },
        0,
        [0, 250, 500, 1000, 1500],
        (t) => 0.01 + 0.5 * (base - 0.01) * (1 + Math.cos((Math.PI * Math.min(t, 1000)) / 1000)),
      );
      const sgdr = (t: number) => {
        let p = 100;
        while (t >= p) {
          t -= p;
          p *= 2;
        }
        return 0.5 * base * (1 + Math.cos((Math.PI * t) / p));
      };
      check(
        { kind: 'sgdr', period: 100, mult: 2, min: 0 },
        0,
        [50, 99, 100, 150, 299, 300, 700],
        sgdr,
      );
      // A multiplier just above 1: many short cycles (the engine finds the cycle in closed form;
      // the reference walks them). Points on both sides of several cycle starts.
      const sgdrNearOne = (t: number) => {
        let p = 10;
        while (t >= p) {
          t -= p;
          p *= 1.0001;
        }
        return 0.5 * base * (1 + Math.cos((Math.PI * t) / p));
      };
      const starts: number[] = [];
      for (let n = 0, s = 0, p = 10; n < 20_000; n++, s += p, p *= 1.0001)
        if (n % 4000 === 1) starts.push(Math.floor(s), Math.ceil(s));
      check({ kind: 'sgdr', period: 10, mult: 1.0001, min: 0 }, 0, starts, sgdrNearOne);
      check({ kind: 'step', every: 100, gamma: 0.5 }, 200, [0, 100, 200, 350], (t) =>
        t < 200 ? (base * t) / 200 : base * 0.5 ** Math.floor((t - 200) / 100),
      );
      expect(e.train(1).learningRate).toBeCloseTo(base * 0.5 ** Math.floor(151 / 100), 10);
    });

    it('lastLearningRate: the rate the last step used, so a run that ends on a step boundary reports the rate it trained at', async () => {
      const base = 0.2;
      const step = { kind: 'step' as const, every: 100, gamma: 0.5 };
      for (const batchSize of [1, 32]) {
        e.configure(
          config([2], 'relu', { training: { learningRate: base, schedule: step, batchSize } }),
        );
        expect(e.lastLearningRate).toBe(e.learningRate); // no step yet: the next one's
        e.train(100); // batch 32: the last step, of 4 examples, started at example 96
        expect(e.lastLearningRate).toBeCloseTo(base, 10);
        expect(e.learningRate).toBeCloseTo(base / 2, 10);
        e.train(1);
        expect(e.lastLearningRate).toBeCloseTo(base / 2, 10);
      }
      // It is part of the state: a snapshot brings it back, and reset forgets it.
      e.train(99); // up to 200: the last step at 199 used base / 2
      const saved = e.snapshot();
      e.train(50);
      expect(e.lastLearningRate).toBeCloseTo(base / 4, 10);
      e.restore(saved);
      expect(e.lastLearningRate).toBeCloseTo(base / 2, 10);
      // A snapshot from before the field existed (those header bytes were always 0) gives the
      // next step's rate, as before.
      const old = saved.slice();
      const view = new DataView(old.buffer);
      const stateAt = 16 + ((view.getUint32(8, true) + 3) & ~3);
      old.fill(0, stateAt + 44, stateAt + 56);
      e.restore(old);
      expect(e.lastLearningRate).toBe(e.learningRate);
      expect(e.learningRate).toBeCloseTo(base / 4, 10);
      e.restore(saved);
      // Changing anything else (the sandbox sends every training setting at each edit), or
      // setting the rate it has, keeps it.
      e.setTraining({ l2: 1e-4, learningRate: base, schedule: step });
      expect(e.lastLearningRate).toBeCloseTo(base / 2, 10);
      // A change of the rate shows at once, before any step uses it.
      e.setTraining({ learningRate: 0.08 });
      expect(e.lastLearningRate).toBeCloseTo(0.08 / 4, 10);
      e.reset();
      expect(e.lastLearningRate).toBeCloseTo(0.08, 10);
      // A step that diverges is rolled back, and so is the rate it would have reported: the
      // last good step's stays (the learning-rate lesson's network, warming up to a rate of 10
      // over 100 examples, blows up long before it gets there).
      const { buildConfig } = await import('../../src/lib/lessons/config');
      e.configure(
        buildConfig('original-default', {
          hidden: [32, 16],
          outputActivation: 'identity',
          learningRate: 10,
        }),
      );
      e.setTraining({ warmupExamples: 100 });
      const report = e.train(1000);
      expect(report.diverged).not.toBeNull();
      // atExample counts the examples before the bad step, so the last good step ran at
      // examples seen = atExample − 1, at a warm-up rate of 10 · that / 100.
      const last = report.diverged!.atExample - 1;
      expect(last).toBeGreaterThan(0);
      expect(e.lastLearningRate).toBeCloseTo((10 * last) / 100, 10);
      expect(e.learningRate).toBeCloseTo((10 * (last + 1)) / 100, 10);
    });

    it('fixed mode: test loss is the mean loss over the held-out set; training set fits better', () => {
      e.configure(
        config([32, 16], 'relu', {
          training: {
            learningRate: 0.05,
            optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
            batchSize: 4,
          },
          data: {
            target: { kind: 'builtin', id: 'fancySine' },
            mode: { kind: 'fixed', trainSize: 40, testSize: 300, noise: 0.2 },
          },
        }),
      );
      const { train, test } = e.dataSets();
      expect(train.length).toBe(120);
      expect(test.length).toBe(900);
      // clean test labels, noisy training labels
      for (let k = 0; k < 300; k++)
        expect(test[3 * k + 2]).toBeCloseTo(
          REFERENCE_TARGETS.fancySine(test[3 * k], test[3 * k + 1]),
          5,
        );
      const noisy = Array.from(
        { length: 40 },
        (_, k) => train[3 * k + 2] - REFERENCE_TARGETS.fancySine(train[3 * k], train[3 * k + 1]),
      );
      expect(Math.sqrt(noisy.reduce((s, v) => s + v * v, 0) / 40)).toBeGreaterThan(0.1);
      e.train(40_000);
      const mse = (set: Float32Array, n: number) => {
        let s = 0;
        for (let k = 0; k < n; k++) {
          const y = e.neuronValuesAt(set[3 * k], set[3 * k + 1]).at(-1)![0];
          s += (y - set[3 * k + 2]) ** 2;
        }
        return s / n;
      };
      expect(e.testLoss()).toBeCloseTo(mse(test, 300), 5);
      expect(mse(train, 40)).toBeLessThan(e.testLoss()); // overfitting shows
    });

    it('fresh mode: test loss is the mean loss on the 64×64 grid (both edges)', () => {
      e.configure(config([8], 'tanh'));
      e.train(2000);
      const { output, target } = e.evaluate(64, 0);
      let s = 0;
      for (let k = 0; k < output.length; k++) s += (output[k] - target[k]) ** 2;
      expect(e.testLoss()).toBeCloseTo(s / output.length, 6);
    });

    it('a test loss read in parts is the reading in one call, bit for bit, and tells its progress', () => {
      for (const [testSize, loss] of [
        [5_000, { kind: 'huber', delta: 0.3 }],
        [1_024, { kind: 'mse' }],
        [0, { kind: 'mse' }], // fresh mode: the 4,096 points of the 64×64 grid
      ] as const) {
        e.configure(
          config([24, 12], 'tanh', {
            training: { learningRate: 0.1, loss },
            data: {
              target: { kind: 'builtin', id: 'spiral' },
              mode: testSize
                ? { kind: 'fixed', trainSize: 50, testSize, noise: 0.1 }
                : { kind: 'fresh' },
            },
          }),
        );
        e.train(3_000);
        const parts: string[] = [];
        const inParts = e.testLoss((done, total) => parts.push(`${done}/${total}`));
        expect(inParts).toBe(e.testLoss());
        const total = testSize || 4_096;
        const ends = Array.from({ length: Math.ceil(total / 1_024) }, (_, k) =>
          Math.min(total, (k + 1) * 1_024),
        );
        expect(parts).toEqual(ends.map((d) => `${d}/${total}`));
      }
    });

    // tanh: the direct pass, bit for bit. Piecewise-linear first layers are swept instead, to
    // rounding: sweep.test.ts.
    it('evaluate: grid includes both edges; thumbnails and single neurons match neuronValuesAt', () => {
      e.configure(config([3, 2], 'tanh'));
      e.train(500);
      const R = 5;
      const T = 3;
      const { output, target, neurons } = e.evaluate(R, T);
      expect(output.length).toBe(25);
      expect(neurons!.length).toBe(6 * 9);
      for (const [i, j] of [
        [0, 0],
        [4, 0],
        [0, 4],
        [4, 4],
        [2, 3],
      ]) {
        const a = i / 4;
        const b = j / 4;
        const v = e.neuronValuesAt(a, b);
        expect(output[j * R + i]).toBe(v[2][0]);
        expect(target[j * R + i]).toBeCloseTo(REFERENCE_TARGETS.fancySine(a, b), 6);
      }
      const v = e.neuronValuesAt(0.5, 1);
      // neuron 1 of layer 0 is the second T×T plane; point (i=1, j=2) is a = 0.5, b = 1
      expect(neurons![1 * 9 + 2 * T + 1]).toBe(v[0][1]);
      expect(neurons![(3 + 1) * 9 + 2 * T + 1]).toBe(v[1][1]);
      const single = e.neuron(1, 0, R);
      expect(single[R * R - 1]).toBe(e.neuronValuesAt(1, 1)[1][0]);
      // evaluate(R, R) gives the same planes in one pass
      const both = e.evaluate(R, R);
      expect(both.output).toEqual(output);
      expect(both.neurons!.subarray(25 * 3, 25 * 4)).toEqual(single);
    });

    it('the target plane (computed once per resolution) follows every change of the data', () => {
      const R = 9;
      const expectTarget = (id: string) => {
        const { target } = e.evaluate(R, 0);
        for (let j = 0; j < R; j++)
          for (let i = 0; i < R; i++)
            expect(target[j * R + i]).toBeCloseTo(REFERENCE_TARGETS[id](f(i / 8), f(j / 8)), 6);
      };
      e.configure(config([3], 'relu'));
      expectTarget('fancySine');
      expectTarget('fancySine'); // from the cache
      e.configure(
        config([3], 'relu', {
          data: { target: { kind: 'builtin', id: 'xor' }, mode: { kind: 'fresh' } },
        }),
      );
      expectTarget('xor');
      e.configure(
        config([3], 'relu', {
          data: {
            target: { kind: 'grid', size: 2, values: [0, 1, 1, 0] },
            mode: { kind: 'fresh' },
          },
        }),
      );
      const { target } = e.evaluate(R, 0);
      expect(target[0]).toBe(0);
      expect(target[R - 1]).toBe(1);
      e.configure(
        config([3], 'relu', {
          data: {
            target: { kind: 'grid', size: 2, values: [1, 0, 0, 1] },
            mode: { kind: 'fresh' },
          },
        }),
      );
      const again = e.evaluate(R, 0).target;
      expect(again[0]).toBe(1);
      expect(again[R - 1]).toBe(0);
    });

    it('grid target: bilinear interpolation, same grid as the network', () => {
      const size = 3;
      const values = [0, 1, 0, 1, 0, 1, 0.5, 0.5, 1];
      e.configure(
        config([2], 'relu', {
          data: { target: { kind: 'grid', size, values }, mode: { kind: 'fresh' } },
        }),
      );
      const { target } = e.evaluate(5, 0);
      const bilinear = (a: number, b: number) => {
        const x = a * 2;
        const y = b * 2;
        const i = Math.min(Math.floor(x), 1);
        const j = Math.min(Math.floor(y), 1);
        const fx = x - i;
        const fy = y - j;
        const v = (ii: number, jj: number) => values[jj * size + ii];
        const top = v(i, j) + (v(i + 1, j) - v(i, j)) * fx;
        const bot = v(i, j + 1) + (v(i + 1, j + 1) - v(i, j + 1)) * fx;
        return top + (bot - top) * fy;
      };
      for (let j = 0; j < 5; j++)
        for (let i = 0; i < 5; i++)
          expect(target[j * 5 + i]).toBeCloseTo(bilinear(i / 4, j / 4), 6);
    });

    it('neuronStats: a neuron forced dead is dead; the others are alive', () => {
      e.configure(config([4], 'relu'));
      const p = e.getParams();
      p[0].weights[2] = [0, 0];
      p[0].biases[2] = -1;
      p[0].weights[1] = [1, 1];
      p[0].biases[1] = 0.1;
      e.setParams(p);
      const stats = e.neuronStats(16);
      expect(stats.length).toBe(5);
      expect(stats[2]).toMatchObject({
        layer: 0,
        index: 2,
        dead: true,
        activeFraction: 0,
        min: 0,
        max: 0,
      });
      expect(stats[1].dead).toBe(false);
      expect(stats[1].activeFraction).toBe(1);
      expect(stats[1].max).toBeCloseTo(2.1, 6);
      expect(stats[4]).toMatchObject({ layer: 1, index: 0, dead: false });
    });

    it('gradient norms: per layer, zero before training, positive after', () => {
      e.configure(config([4, 3], 'sigmoid', { training: { batchSize: 2 } }));
      expect(e.gradientNorms()).toEqual([0, 0, 0]);
      e.train(10);
      const n = e.gradientNorms();
      expect(n.length).toBe(3);
      n.forEach((v) => expect(v).toBeGreaterThan(0));
    });

    it('zero hidden layers: a single neuron learns multiply with bce', () => {
      e.configure(
        config([], 'identity', {
          outputActivation: 'sigmoid',
          training: { loss: { kind: 'bce' }, learningRate: 0.5 },
          data: { target: { kind: 'builtin', id: 'ternary' }, mode: { kind: 'fresh' } },
        }),
      );
      const first = e.testLoss();
      e.train(20_000);
      expect(e.testLoss()).toBeLessThan(first * 0.6);
      expect(e.getParams()[0].weights).toHaveLength(1);
    });

    it('argument validation throws clear errors and never traps', () => {
      const fresh = () => config([4], 'relu');
      expect(() =>
        e.configure({
          ...fresh(),
          network: { ...fresh().network, hidden: Array(9).fill(fresh().network.hidden[0]) },
        }),
      ).toThrow(/at most 8/);
      expect(() =>
        e.configure({
          ...fresh(),
          network: { ...fresh().network, hidden: [{ ...fresh().network.hidden[0], units: 257 }] },
        }),
      ).toThrow(/units/);
      expect(() =>
        e.configure({
          ...fresh(),
          network: {
            ...fresh().network,
            hidden: [{ ...fresh().network.hidden[0], activation: 'nope' as never }],
          },
        }),
      ).toThrow(/activation/);
      expect(() => e.configure({ ...fresh(), seed: -1 })).toThrow(/seed/);
      expect(() =>
        e.configure({ ...fresh(), training: { ...fresh().training, batchSize: 1025 } }),
      ).toThrow(/batchSize/);
      expect(() =>
        e.configure({
          ...fresh(),
          data: { target: { kind: 'grid', size: 3, values: [1, 2] }, mode: { kind: 'fresh' } },
        }),
      ).toThrow(/grid/);
      e.configure(fresh());
      expect(() => e.train(-1)).toThrow(/train/);
      expect(() => e.train(1.5)).toThrow(/train/);
      expect(() => e.evaluate(257, 0)).toThrow(/resolution/);
      expect(() => e.evaluate(10, 65)).toThrow(/thumbResolution/);
      expect(() => e.neuron(2, 0, 10)).toThrow(/layer/);
      expect(() => e.neuron(0, 4, 10)).toThrow(/index/);
      expect(() => e.neuronValuesAt(NaN, 0)).toThrow(/finite/);
      expect(() => e.setTraining({ learningRate: -1 })).toThrow(/learningRate/);
      expect(() =>
        e.setTraining({ schedule: { kind: 'sgdr', period: 0, mult: 1, min: 0 } }),
      ).toThrow(/sgdr/);
      expect(() => e.trainOn(new Float32Array(3), new Float32Array(2))).toThrow(/inputs/);
      // Finite as doubles, but Infinity or 0 in the engine's float32: refused, not overflowed.
      expect(() => e.setTraining({ learningRate: 1e300 })).toThrow(/learningRate/);
      expect(() =>
        e.setTraining({ optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-50 } }),
      ).toThrow(/epsilon/);
      expect(() => e.setTraining({ loss: { kind: 'huber', delta: 1e-50 } })).toThrow(/huber/);
      // Below 1 as doubles, exactly 1 in float32.
      expect(() =>
        e.setTraining({
          optimizer: { kind: 'adam', beta1: 0.99999999, beta2: 0.999, epsilon: 1e-8 },
        }),
      ).toThrow(/beta1/);
      expect(() =>
        e.setTraining({
          optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.99999999, epsilon: 1e-8 },
        }),
      ).toThrow(/beta2/);
      expect(() =>
        e.setTraining({ optimizer: { kind: 'momentum', momentum: 0.99999999, nesterov: false } }),
      ).toThrow(/momentum/);
      const big = e.getParams();
      big[0].weights[0][0] = 1e39;
      expect(() => e.setParams(big)).toThrow(/weight/);
      const huge = fresh();
      huge.network.hidden[0].weightInit = { kind: 'constant', value: 1e39 };
      expect(() => e.configure(huge)).toThrow(/constant/);
      expect(() =>
        e.configure({
          ...fresh(),
          data: {
            target: { kind: 'grid', size: 2, values: [0, 1, 1e39, 0] },
            mode: { kind: 'fresh' },
          },
        }),
      ).toThrow(/grid value 2/);
      expect(() =>
        e.configure({
          ...fresh(),
          data: {
            target: { kind: 'builtin', id: 'xor' },
            mode: { kind: 'fixed', trainSize: 10, testSize: 10, noise: 1e39 },
          },
        }),
      ).toThrow(/noise/);
      expect(e.currentConfig.training.learningRate).toBe(0.1); // nothing changed
      expect(e.train(10).examples).toBe(10);
    });

    it('refuses names every object inherits as kinds, and settings whose draws overflow float32', () => {
      const fresh = () => config([3], 'tanh');
      e.configure(fresh());
      // `in` sees an object's inherited names: these ran as MSE, SGD and a constant rate.
      expect(() => e.setTraining({ loss: { kind: 'toString' } as never })).toThrow(/loss/);
      expect(() => e.setTraining({ optimizer: { kind: 'constructor' } as never })).toThrow(
        /optimizer/,
      );
      expect(() => e.setTraining({ schedule: { kind: 'valueOf' } as never })).toThrow(/schedule/);
      expect(() => e.setTraining({ loss: { kind: '__proto__' } as never })).toThrow(/loss/);
      // Finite float32 values whose draws are not: weights of ±Infinity, labels of Infinity and
      // a target grid of NaN (its bilinear difference overflowed).
      const wide = fresh();
      wide.network.hidden[0].weightInit = { kind: 'normal', mean: 0, std: 3e38 };
      expect(() => e.configure(wide)).toThrow(/normal/);
      wide.network.hidden[0].weightInit = { kind: 'uniform', min: -3e38, max: 3e38 };
      expect(() => e.configure(wide)).toThrow(/uniform/);
      expect(() =>
        e.configure({
          ...fresh(),
          data: {
            target: { kind: 'builtin', id: 'xor' },
            mode: { kind: 'fixed', trainSize: 50, testSize: 2, noise: 3e38 },
          },
        }),
      ).toThrow(/noise/);
      expect(() =>
        e.configure({
          ...fresh(),
          data: {
            target: { kind: 'grid', size: 2, values: [3e38, -3e38, -3e38, 3e38] },
            mode: { kind: 'fresh' },
          },
        }),
      ).toThrow(/grid value 0/);
      expect(e.currentConfig.training.loss.kind).toBe('mse'); // nothing changed
      // NaN said "(got null)": the settings' copy goes through JSON.
      expect(() => e.setTraining({ learningRate: NaN })).toThrow(
        /training\.learningRate must be a finite number$/,
      );
      expect(() =>
        e.setTraining({ optimizer: { kind: 'adam', beta1: 0.9, beta2: Infinity, epsilon: 1e-8 } }),
      ).toThrow(/training\.optimizer\.beta2 must be a finite number$/);
      // Float32Array rows were refused as "weight rows need 2 values".
      const rows = e.getParams();
      const typed = rows.map((l) => ({
        weights: l.weights.map((r) => Float32Array.from(r, (v) => v + 0.25)),
        biases: Float32Array.from(l.biases),
      }));
      e.setParams(typed as never);
      expect(e.getParams()[0].weights[0]).toEqual(Array.from(typed[0].weights[0]));
      // At the limit everything the engine draws stays finite, and the weights round-trip.
      const edge = fresh();
      edge.network.hidden[0].weightInit = { kind: 'normal', mean: 1e15, std: 1e15 };
      edge.network.hidden[0].biasInit = { kind: 'uniform', min: -1e15, max: 1e15 };
      e.configure({
        ...edge,
        data: {
          target: { kind: 'grid', size: 2, values: [1e15, -1e15, -1e15, 1e15] },
          mode: { kind: 'fixed', trainSize: 50, testSize: 2, noise: 1e15 },
        },
      });
      const params = e.getParams();
      expect(params.flatMap((l) => [...l.weights.flat(), ...l.biases]).every(Number.isFinite)).toBe(
        true,
      );
      expect(() => e.setParams(params)).not.toThrow();
      const sets = e.dataSets();
      expect(Array.from(sets.train).every(Number.isFinite)).toBe(true);
      expect(Array.from(e.evaluate(5, 0).target).every(Number.isFinite)).toBe(true);
    });

    it('largest network: 8 × 256, batch 1024, grids of 256 and thumbnails of 64 for every neuron', () => {
      const cfg = config(Array(8).fill(256), 'leakyRelu', { training: { batchSize: 1024 } });
      e.configure(cfg);
      // The scalar build is ~10× slower: it checks the layout on smaller grids.
      const [R, T] = build.simd ? [256, 64] : [32, 8];
      const r = e.train(2048);
      expect(r.examples).toBe(2048);
      const { output, neurons } = e.evaluate(R, T);
      expect(output.length).toBe(R * R);
      expect(neurons!.length).toBe((8 * 256 + 1) * T * T);
      expect(output.every(Number.isFinite)).toBe(true);
      expect(e.memoryBytes()).toBeLessThan(256 * 2 ** 20);
    });
  });
}

describe('the original sandbox’s six initializer presets', () => {
  it('are the values of its menu (original-sandbox.md): 0, 1, U[−0.1, 0.1], U[−1, 1], U[0, 0.1], U[0, 1]', () => {
    expect(Object.values(ORIGINAL_INITIALIZERS)).toEqual([
      { kind: 'constant', value: 0 },
      { kind: 'constant', value: 1 },
      { kind: 'uniform', min: -0.1, max: 0.1 },
      { kind: 'uniform', min: -1, max: 1 },
      { kind: 'uniform', min: 0, max: 0.1 },
      { kind: 'uniform', min: 0, max: 1 },
    ]);
  });
});

describe('SIMD and scalar builds agree to rounding', () => {
  it('after 2,000 examples of [16, 8] tanh', async () => {
    const a = await loadEngine({ simd: true });
    const b = await loadEngine({ simd: false });
    const cfg = config([16, 8], 'tanh', { training: { batchSize: 4 } });
    a.configure(cfg);
    b.configure(cfg);
    a.train(2000);
    b.train(2000);
    const pa = flatParams(a.getParams());
    const pb = flatParams(b.getParams());
    pa.forEach((v, k) => expect(Math.abs(v - pb[k])).toBeLessThan(1e-4));
  });
});

describe('a negligible output delta is zero (fewer subnormal numbers in the backward pass)', () => {
  for (const build of BUILDS) {
    for (const fastMath of [false, true]) {
      it(`${build.name} build, ${fastMath ? 'fast' : 'exact'} mode: just below 2⁻¹⁰⁰ nothing moves; just above it, a zero weight does`, async () => {
        const e = await loadEngine({ simd: build.simd });
        e.configure(config([3], 'relu', { fastMath }));
        // The output neuron's weights are 0 and its bias b, so σ(b) is its output whatever the
        // input; on a target of 0 its delta is 2·σ·σ(1 − σ) ≈ 2σ²: about 2.9·10⁻³¹ for b = −35.5,
        // just below the threshold 2⁻¹⁰⁰ ≈ 7.9·10⁻³¹, and about 2.2·10⁻³⁰ for b = −34.5, above it.
        const deltaAfterOneExample = (bias: number) => {
          const params = e.getParams();
          params[0] = {
            weights: [
              [0.5, 0.5],
              [0.25, -0.5],
              [1, 1],
            ],
            biases: [0.1, 0.2, 0.3],
          };
          params[1] = { weights: [[0, 0, 0]], biases: [bias] };
          e.setParams(params);
          e.trainOn(Float32Array.of(0.5, 0.5), Float32Array.of(0));
          return e.getParams()[1].weights[0];
        };
        expect(deltaAfterOneExample(-35.5)).toEqual([0, 0, 0]);
        const moved = deltaAfterOneExample(-34.5);
        // The first hidden neuron is active (0.6): its weight moves by −η·δ·0.6, about −1.3·10⁻³¹
        // (a normal float32).
        expect(moved[0]).toBeLessThan(-1e-32);
        expect(moved[0]).toBeGreaterThan(-1e-30);
      });
    }
  }
});

describe('fresh examples follow the documented generator', () => {
  // xoshiro128** seeded through splitmix32 from (seed, stream 0x2002), as rng.ts describes:
  // written here independently, in JavaScript.
  function dataStream(seed: number): () => number {
    let split = (seed ^ Math.imul(0x2002, 0x632be5ab)) >>> 0;
    const splitmix = () => {
      split = (split + 0x9e3779b9) >>> 0;
      let z = split;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const s = [splitmix(), splitmix(), splitmix(), splitmix()];
    const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
    return () => {
      const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
      const t = (s[1] << 9) >>> 0;
      s[2] = (s[2] ^ s[0]) >>> 0;
      s[3] = (s[3] ^ s[1]) >>> 0;
      s[1] = (s[1] ^ s[2]) >>> 0;
      s[0] = (s[0] ^ s[3]) >>> 0;
      s[2] = (s[2] ^ t) >>> 0;
      s[3] = rotl(s[3], 11);
      return (result >>> 8) * 2 ** -24;
    };
  }

  for (const build of BUILDS) {
    it(`${build.name} build: the loss of y = a against max(a, b) over 1,000 examples, to the last bit`, async () => {
      const e = await loadEngine({ simd: build.simd });
      const cfg = config([], 'identity', {
        outputActivation: 'identity',
        seed: 7,
        training: { learningRate: 0 },
        data: { target: { kind: 'builtin', id: 'max' }, mode: { kind: 'fresh' } },
      });
      e.configure(cfg);
      e.setParams([{ weights: [[1, 0]], biases: [0] }]);
      const report = e.train(1000);
      // Reference: y = a exactly (η = 0: nothing moves); the loss (y − t)² in float32, summed in
      // float64. Drawing b before a, or skipping a draw, changes the sum.
      const next = dataStream(7);
      let sum = 0;
      for (let k = 0; k < 1000; k++) {
        const a = next();
        const b = next();
        const r = Math.fround(a - Math.max(a, b));
        sum += Math.fround(r * r);
      }
      expect(report.loss).toBe(sum / 1000);
    });
  }
});
