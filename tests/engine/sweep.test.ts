/**
 * The row sweep (engine/assembly/kernels/sweep.ts): how grids are evaluated when the first layer
 * is piecewise linear (identity, ReLU, leaky ReLU).
 * - Its kernels against their scalar twins, bit for bit, on rows where neurons change side
 *   anywhere, exactly on grid points, or never, and with NaN weights.
 * - Layer 1's planes equal the forward pass's values bit for bit.
 * - Layer 2 agrees with the float64 sum over the engine's own layer-1 outputs within the float32
 *   summation bound (a neuron put on the wrong side of zero would break it by orders of
 *   magnitude), and deeper layers with the forward pass to rounding.
 * - A neuron's large plot holds the same values as its thumbnail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineExports } from '../../src/lib/engine/engine';
import { ACTIVATIONS, type Activation, type LayerParams } from '../../src/lib/engine/types';
import { BUILDS, config, exported, loadBuild, makeRandom, rawEngine } from './helpers';

const U = 2 ** -24; // float32 unit roundoff
// Activation kinds as the engine numbers them: their index in ACTIVATIONS.
const [IDENTITY, TANH, RELU, LEAKY_RELU] = (['identity', 'tanh', 'relu', 'leakyRelu'] as const).map(
  (a) => ACTIVATIONS.indexOf(a),
);
const pad4 = (n: number) => (n + 3) & ~3;

describe('sweep kernels: SIMD against the scalar twin, bit for bit', () => {
  let w: EngineExports;
  let f32: Float32Array;
  let u32: Uint32Array;
  let base = 0;
  beforeAll(async () => {
    w = await rawEngine(true);
    base = w.testScratch(8 << 20);
    expect(base).toBeGreaterThan(0);
    f32 = new Float32Array(w.memory.buffer);
    u32 = new Uint32Array(w.memory.buffer);
  });

  /** Lay out one row's inputs in SCRATCH; returns the addresses. */
  function layout(R: number, n1: number, n2: number, rand: () => number, kind: string) {
    const s1 = pad4(n1);
    const s2 = pad4(n2);
    let next = base;
    const alloc = (floats: number) => {
      const p = next;
      next += ((floats * 4 + 63) >> 6) << 6;
      f32.fill(0, p >> 2, (p >> 2) + floats);
      return p;
    };
    const A = alloc(R);
    const last = Math.fround(Math.max(R - 1, 1));
    for (let i = 0; i < R; i++) f32[(A >> 2) + i] = Math.fround(i / last);
    const w1 = alloc(4 * s1);
    const bias1 = alloc(s1);
    for (let k = 0; k < n1; k++) {
      let q = (rand() * 2 - 1) * 3;
      let c = rand() * 2 - 1;
      let bias = (rand() * 2 - 1) * 1.5;
      if (kind === 'exact zeros' && k % 2 === 0) {
        // z1 = a − 0.5 + 0·b: exactly zero on the middle grid point of an odd row
        q = 1;
        c = 0;
        bias = -0.5;
      }
      if (kind === 'no changes') bias = q > 0 ? 2 + Math.abs(c) : -(5 + Math.abs(c));
      f32[(w1 >> 2) + k] = q;
      f32[(w1 >> 2) + s1 + k] = c;
      f32[(bias1 >> 2) + k] = bias;
    }
    if (kind === 'NaN weights') f32[(w1 >> 2) + (n1 >> 1)] = NaN;
    const w2 = alloc(s1 * s2);
    for (let k = 0; k < n1; k++)
      for (let o = 0; o < n2; o++) f32[(w2 >> 2) + k * s2 + o] = rand() * 2 - 1;
    const b2 = alloc(s2);
    for (let o = 0; o < n2; o++) f32[(b2 >> 2) + o] = rand() - 0.5;
    return {
      A,
      w1,
      bias1,
      w2,
      b2,
      s1,
      s2,
      p: alloc(s1),
      sigma: alloc(s1),
      head: alloc(R),
      nxt: alloc(s1),
      coef: alloc(2 * s2),
      z2: alloc(R * s2),
      planes: alloc(n1 * R),
    };
  }

  const CASES: [number, number, number, number, string][] = [
    // R, n1, n2, slope, kind
    [2, 1, 1, 0, 'random'],
    [3, 5, 6, 0.01, 'random'],
    [101, 64, 32, 0.01, 'random'],
    [101, 13, 7, 0, 'exact zeros'],
    [64, 97, 18, 0.3, 'random'],
    [256, 30, 5, -0.2, 'random'],
    [37, 9, 11, 1, 'random'],
    [50, 21, 8, 0, 'no changes'],
    [33, 12, 9, 0.01, 'NaN weights'],
  ];

  it.each(CASES)('R %i, [%i, %i], slope %f, %s', (R, n1, n2, slope, kind) => {
    const sweep = exported(w, 'testSweepRow');
    const first = exported(w, 'testFirstLayerRow');
    const rand = makeRandom(R * 1000 + n1 * 10 + n2);
    const m = layout(R, n1, n2, rand, kind);
    const relu = slope === 0 ? 1 : 0;
    // Layer 1 as the kind with this slope below zero: ReLU 0, identity 1, else leaky ReLU.
    const [kind1, param1] =
      slope === 0 ? [RELU, 0] : slope === 1 ? [IDENTITY, 0] : [LEAKY_RELU, slope];
    for (const b of [0, 0.37, 1]) {
      const results: Uint32Array[] = [];
      const planes: Uint32Array[] = [];
      // Layer 2 as pre-activations (tanh is not piecewise linear: the sweep leaves it to the
      // activation kernel), then activated as it is stored: leaky ReLU (slope 0.05), ReLU.
      const layer2 = [
        [TANH, 0],
        [LEAKY_RELU, 0.05],
        [RELU, 0],
      ];
      for (const simd of [1, 0]) {
        for (const [kind2, param2] of layer2) {
          u32.fill(0xdeadbeef, m.z2 >> 2, (m.z2 >> 2) + R * m.s2);
          // prettier-ignore
          sweep(simd, R, m.A, b, m.w1, m.s1, m.bias1, n1, kind1, param1, m.p, m.sigma, m.head, m.nxt, m.w2, m.s2, m.b2, m.coef, m.z2, kind2, param2);
          results.push(u32.slice(m.z2 >> 2, (m.z2 >> 2) + R * m.s2));
        }
        // prettier-ignore
        first(simd, R, m.A, Math.fround(b), m.w1, m.s1, m.bias1, n1, kind1, param1, m.planes, R * 4);
        planes.push(u32.slice(m.planes >> 2, (m.planes >> 2) + n1 * R));
      }
      for (let k = 0; k < 3; k++) expect(results[k]).toEqual(results[k + 3]);
      expect(planes[0]).toEqual(planes[1]);
      expect(results[0].includes(0xdeadbeef)).toBe(false); // every output written
      // The stored activation is the activation kernels' value of the pre-activation, bit for bit.
      const z2 = new Float32Array(results[0].buffer);
      const leaky = new Float32Array(results[1].buffer);
      const rectified = new Float32Array(results[2].buffer);
      const s2 = Math.fround(0.05);
      z2.forEach((z, k) => {
        expect(Object.is(leaky[k], z > 0 ? z : Math.fround(s2 * z))).toBe(true);
        expect(Object.is(rectified[k], z > 0 ? z : 0)).toBe(true);
      });
      // Layer 1 in the forward pass's order: ((bias + a·q) + b·w1b), then the activation.
      const fb = Math.fround(b);
      for (let k = 0; k < n1; k++) {
        const q = f32[(m.w1 >> 2) + k];
        const c = Math.fround(fb * f32[(m.w1 >> 2) + m.s1 + k]);
        const bias = f32[(m.bias1 >> 2) + k];
        for (let i = 0; i < R; i++) {
          const a = f32[(m.A >> 2) + i];
          const z = Math.fround(Math.fround(bias + Math.fround(a * q)) + c);
          const y = z > 0 ? z : relu ? 0 : Math.fround(Math.fround(slope) * z);
          expect(Object.is(new Float32Array(planes[0].buffer)[k * R + i], y)).toBe(true);
        }
      }
    }
  });
});

/** float64 z = b + Σ W·x over one layer's inputs. */
function preActivation(params: LayerParams, o: number, x: ArrayLike<number>): number {
  let z = params.biases.length ? params.biases[o] : 0;
  for (let k = 0; k < x.length; k++) z += params.weights[o][k] * x[k];
  return z;
}

const NETWORKS: [number[], Activation][] = [
  [[64, 32], 'leakyRelu'],
  [[5, 3], 'relu'],
  [[7, 4], 'identity'],
  [[12, 9, 5], 'relu'],
  [[24], 'leakyRelu'],
];

for (const { name, simd } of BUILDS) {
  describe(`grids of piecewise-linear first layers (${name} build)`, () => {
    it.each(NETWORKS)('%j %s', async (hidden, activation) => {
      const e = await loadBuild(simd);
      e.configure(config(hidden, activation, { training: { learningRate: 0.3 }, seed: 11 }));
      e.train(3000);
      const params = e.getParams();
      const R = 33;
      const { output, neurons } = e.evaluate(R, R);
      const plane = R * R;
      const sizes = [...hidden, 1];
      const offset = (l: number) => sizes.slice(0, l).reduce((s, n) => s + n, 0) * plane;
      const slope = activation === 'leakyRelu' ? 0.01 : activation === 'relu' ? 0 : 1;
      let worstDeep = 0;
      for (let j = 0; j < R; j++) {
        for (let i = 0; i < R; i++) {
          const a = Math.fround(i / (R - 1));
          const b = Math.fround(j / (R - 1));
          const at = j * R + i;
          const exact = e.neuronValuesAt(a, b);
          // Layer 1: the forward pass's values, bit for bit.
          const h1 = exact[0].map((_, k) => neurons![offset(0) + k * plane + at]);
          for (let k = 0; k < hidden[0]; k++) expect(Object.is(h1[k], exact[0][k])).toBe(true);
          // Layer 2 against the float64 sum over those outputs, within the summation bound.
          const L2 = params[1];
          for (let o = 0; o < sizes[1]; o++) {
            let bound = L2.biases.length ? Math.abs(L2.biases[o]) : 0;
            for (let k = 0; k < hidden[0]; k++) {
              const [q, c] = params[0].weights[k];
              const mag = Math.abs(params[0].biases[k]) + Math.abs(q * a) + Math.abs(c * b);
              bound += Math.abs(L2.weights[o][k]) * mag * (1 + Math.abs(slope));
            }
            bound *= (4 * hidden[0] + 16) * U;
            const z = preActivation(L2, o, h1);
            const grid = neurons![offset(1) + o * plane + at];
            // Compare before the activation where it is invertible; the output's is a sigmoid.
            const y = sizes.length === 2 ? 1 / (1 + Math.exp(-z)) : z > 0 ? z : slope * z;
            // (+ the float32 rounding of the activation itself: 2u relative, 1e-7 for Mathf's sigmoid)
            const err = Math.abs(grid - y) - 2 * U * Math.abs(y) - (sizes.length === 2 ? 1e-7 : 0);
            expect(err).toBeLessThanOrEqual(bound);
          }
          // Deeper layers and the output: the forward pass's values to rounding.
          for (let l = 2; l < sizes.length; l++)
            for (let o = 0; o < sizes[l]; o++)
              worstDeep = Math.max(
                worstDeep,
                Math.abs(neurons![offset(l) + o * plane + at] - exact[l][o]),
              );
          worstDeep = Math.max(worstDeep, Math.abs(output[at] - exact.at(-1)![0]));
        }
      }
      expect(worstDeep).toBeLessThan(1e-5);
      // The large plot of a layer-2 neuron is its thumbnail's values.
      const big = e.neuron(1, sizes[1] - 1, R);
      expect(big).toEqual(
        neurons!.subarray(offset(1) + (sizes[1] - 1) * plane, offset(1) + sizes[1] * plane),
      );
      // Without planes asked for, the output is the same.
      expect(e.evaluate(R, 0).output).toEqual(output);
    });
  });
}
