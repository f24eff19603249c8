/** Shared helpers of the engine tests: configs, raw Wasm instances, a seeded JS generator. */
import type { Engine, EngineExports } from '../../src/lib/engine/engine';
import { loadEngine, loadEngineModule } from '../../src/lib/engine/load-node';
import type { Activation, ExperimentConfig, TrainingConfig } from '../../src/lib/engine/types';

export const BUILDS = [
  { name: 'SIMD', simd: true },
  { name: 'scalar', simd: false },
] as const;

/** Raw exports of a fresh instance, laid out for a tiny network so SCRATCH can be used. */
export async function rawEngine(simd: boolean): Promise<EngineExports> {
  const module = await loadEngineModule(simd);
  const instance = await WebAssembly.instantiate(module, {});
  const w = instance.exports as unknown as EngineExports;
  w.setNetwork(0, 0);
  w.setLayer(1, 1, 0, 0, 1);
  w.setInit(1, 0, 0, 0, 0, 0, 0);
  w.setData(4, 0, 0, 0, 0, 0);
  if (!w.build()) throw new Error('build failed');
  return w;
}

/** mulberry32: a small seeded generator for test data. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function config(
  hidden: number[],
  activation: Activation,
  overrides: Partial<{
    training: Partial<TrainingConfig>;
    fastMath: boolean;
    seed: number;
    data: ExperimentConfig['data'];
    outputActivation: Activation;
    outputBias: boolean;
  }> = {},
): ExperimentConfig {
  return {
    network: {
      hidden: hidden.map((units) => ({
        units,
        activation,
        weightInit: { kind: 'uniform', min: -0.5, max: 0.5 },
        biasInit: { kind: 'uniform', min: -0.1, max: 0.1 },
      })),
      output: {
        units: 1,
        activation: overrides.outputActivation ?? 'sigmoid',
        weightInit: { kind: 'uniform', min: -1, max: 1 },
        biasInit: { kind: 'constant', value: 0 },
        bias: overrides.outputBias ?? true,
      },
      fastMath: overrides.fastMath ?? false,
    },
    training: {
      loss: { kind: 'mse' },
      optimizer: { kind: 'sgd' },
      batchSize: 1,
      learningRate: 0.1,
      schedule: { kind: 'constant' },
      warmupExamples: 0,
      l1: 0,
      l2: 0,
      ...overrides.training,
    },
    data: overrides.data ?? {
      target: { kind: 'builtin', id: 'fancySine' },
      mode: { kind: 'fresh' },
    },
    seed: overrides.seed ?? 7,
  };
}

export function flatParams(p: { weights: number[][]; biases: number[] }[]): number[] {
  return p.flatMap((l) => [...l.weights.flat(), ...l.biases]);
}

/** A test-only export (`test*` in engine/assembly/index.ts) as a plain numeric function. */
export function exported(w: EngineExports, name: string): (...args: number[]) => number {
  const f = w[name];
  if (typeof f !== 'function') throw new Error(`the engine has no export ${name}`);
  return f as (...args: number[]) => number;
}

/** A fresh engine of one build, checked to be the build asked for. */
export async function loadBuild(simd: boolean): Promise<Engine> {
  const engine = await loadEngine({ simd });
  if (engine.simd !== simd) throw new Error(`asked for the ${simd ? 'SIMD' : 'scalar'} build`);
  return engine;
}

/**
 * Worst absolute errors of the fast activation forms over [−20, 20], [f, f′]: the bounds stated
 * in engine/assembly/kernels/activations.ts, asserted by approximations.test.ts and used as the
 * fast-mode allowance by gradients.test.ts. Zero for the forms that are exact in fast mode too.
 */
export const FAST_BOUNDS: Record<Activation, [number, number]> = {
  identity: [0, 0],
  sigmoid: [5e-7, 5e-7],
  tanh: [1e-6, 1e-6],
  relu: [0, 0],
  leakyRelu: [0, 0],
  elu: [5e-7, 5e-7],
  gelu: [1e-3, 2e-3],
  swish: [5e-6, 1e-6],
  softplus: [5e-6, 5e-7],
  gaussian: [5e-7, 5e-7],
  sine: [2e-6, 2e-6],
  gcu: [2e-5, 2e-5],
  ameo: [2e-5, 2e-5],
};

/**
 * A four-lane exact function of exactmath.ts against its scalar twin (Mathf), bit for bit: `run`
 * computes `n` results of one form (simd 1 or 0) from the float32 bit patterns at `x` into the
 * `outs` addresses. Works in the engine's scratch memory from `base`: the inputs, then each output
 * of the SIMD form, then each of the scalar form, `chunk` floats apiece. NaN against NaN counts
 * as equal (Wasm leaves a NaN's bits to the machine). Returns how many results differ and the
 * first `report` of them, described.
 */
export function compareExact(
  w: EngineExports,
  base: number,
  chunk: number,
  bits: Uint32Array,
  outputs: number,
  run: (simd: number, x: number, outs: number[], n: number) => void,
  report = 1,
): { count: number; first: string[] } {
  const x = base;
  const simdOut = Array.from({ length: outputs }, (_, k) => base + (1 + k) * chunk * 4);
  const scalarOut = Array.from({ length: outputs }, (_, k) => base + (1 + outputs + k) * chunk * 4);
  const nan = (v: number) => (v & 0x7fffffff) > 0x7f800000;
  let count = 0;
  const first: string[] = [];
  for (let start = 0; start < bits.length; start += chunk) {
    const part = bits.subarray(start, start + chunk);
    const n = (part.length + 3) & ~3;
    const mem = new Uint32Array(w.memory.buffer);
    mem.fill(0, x >> 2, (x >> 2) + n);
    mem.set(part, x >> 2);
    run(1, x, simdOut, n);
    run(0, x, scalarOut, n);
    const m = new Uint32Array(w.memory.buffer);
    for (let o = 0; o < outputs; o++) {
      const a = simdOut[o] >> 2;
      const b = scalarOut[o] >> 2;
      for (let k = 0; k < part.length; k++) {
        const p = m[a + k];
        const q = m[b + k];
        if (p === q || (nan(p) && nan(q))) continue;
        if (++count <= report) {
          const f = new Float32Array(Uint32Array.of(part[k], p, q).buffer);
          first.push(
            `output ${o} at x = ${f[0]} (0x${(part[k] >>> 0).toString(16)}): SIMD ${f[1]}, Mathf ${f[2]}`,
          );
        }
      }
    }
  }
  return { count, first };
}
