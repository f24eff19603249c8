/**
 * Every SIMD kernel against its scalar twin (the specification), on sizes that are not
 * multiples of 4 and span several loop iterations and every blocking tail. Kernels that add in
 * the same order lane by lane must agree bit for bit; Δ·Wᵀ sums in lanes first and must agree
 * to float32 rounding of the summed magnitudes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineExports } from '../../src/lib/engine/engine';
import { makeRandom, rawEngine } from './helpers';

const pad4 = (n: number) => (n + 3) & ~3;
type Fn = (...args: number[]) => void;

let w: EngineExports;
let f32: Float32Array;
let next = 0;

/** Allocate `n` floats (16-byte aligned) in SCRATCH; returns a byte address. */
function alloc(n: number): number {
  const p = next;
  next += ((n * 4 + 63) >> 6) << 6;
  return p;
}

function fill(ptr: number, n: number, rand: () => number, scale = 1): void {
  for (let k = 0; k < n; k++) f32[(ptr >> 2) + k] = (rand() * 2 - 1) * scale;
}

function read(ptr: number, n: number): Float32Array {
  return f32.slice(ptr >> 2, (ptr >> 2) + n);
}

/** A padded input-major weight matrix: real rows × real columns random, padding zero. */
function weights(ptr: number, nIn: number, nOut: number, rand: () => number): void {
  const rows = pad4(nIn);
  const so = pad4(nOut);
  f32.fill(0, ptr >> 2, (ptr >> 2) + rows * so);
  for (let i = 0; i < nIn; i++)
    for (let o = 0; o < nOut; o++) f32[(ptr >> 2) + i * so + o] = rand() * 2 - 1;
}

beforeAll(async () => {
  w = await rawEngine(true);
  const base = w.testScratch(16 << 20);
  expect(base).toBeGreaterThan(0);
  f32 = new Float32Array(w.memory.buffer);
  next = base;
});

function reset(): void {
  next = w.scratchPtr();
}

const SHAPES = [
  { B: 1, nIn: 2, nOut: 1 },
  { B: 3, nIn: 7, nOut: 5 },
  { B: 5, nIn: 13, nOut: 11 },
  { B: 7, nIn: 29, nOut: 30 },
  { B: 33, nIn: 23, nOut: 37 },
  { B: 9, nIn: 65, nOut: 18 },
  { B: 2, nIn: 14, nOut: 16 }, // four column vectors: the widest written-out batch-1 SGD path
];

/**
 * Inputs of one batch-1 fused-SGD call, `copies` times over (weights, biases and g buffers each
 * kernel run gets its own copy of): x with non-zero padding lanes (the kernels must ignore them),
 * weights with zero padding rows, biases, and Δ over the real outputs.
 */
function fusedBatch1(nIn: number, nOut: number, seed: number, copies: number) {
  reset();
  const rand = makeRandom(seed);
  const rows = pad4(nIn);
  const so = pad4(nOut);
  const x = alloc(rows);
  const ws = Array.from({ length: copies }, () => alloc(rows * so));
  const bs = Array.from({ length: copies }, () => alloc(so));
  const gs = Array.from({ length: copies }, () => alloc(rows));
  const delta = alloc(so);
  fill(x, rows, rand);
  weights(ws[0], nIn, nOut, rand);
  fill(bs[0], so, rand);
  for (let k = 1; k < copies; k++) {
    f32.copyWithin(ws[k] >> 2, ws[0] >> 2, (ws[0] >> 2) + rows * so);
    f32.copyWithin(bs[k] >> 2, bs[0] >> 2, (bs[0] >> 2) + so);
  }
  f32.fill(0, delta >> 2, (delta >> 2) + so);
  for (let o = 0; o < nOut; o++) f32[(delta >> 2) + o] = rand() * 2 - 1;
  return { rand, rows, so, x, ws, bs, gs, delta };
}

describe('dense kernels: SIMD against the scalar twin', () => {
  const forward = () => w.testDenseForward as unknown as Fn;
  for (const { B, nIn, nOut } of SHAPES) {
    it(`forward B=${B} ${nIn}→${nOut} is bit-identical`, () => {
      reset();
      const rand = makeRandom(B * 1000 + nIn * 10 + nOut);
      const sx = pad4(nIn);
      const so = pad4(nOut);
      const x = alloc(B * sx);
      const wt = alloc(pad4(nIn) * so);
      const bias = alloc(so);
      const z1 = alloc(B * so);
      const z2 = alloc(B * so);
      fill(x, B * sx, rand);
      weights(wt, nIn, nOut, rand);
      fill(bias, so, rand);
      forward()(1, B, nIn, x, sx, wt, so, bias, z1);
      forward()(0, B, nIn, x, sx, wt, so, bias, z2);
      const a = read(z1, B * so);
      expect(a).toEqual(read(z2, B * so));
      // The twin itself against a float64 oracle (tolerance: float32 rounding).
      for (let b = 0; b < B; b++) {
        for (let o = 0; o < nOut; o++) {
          let s = f32[(bias >> 2) + o];
          for (let i = 0; i < nIn; i++)
            s += f32[(x >> 2) + b * sx + i] * f32[(wt >> 2) + i * so + o];
          expect(Math.abs(a[b * so + o] - s)).toBeLessThan(1e-5 * (nIn + 1));
        }
      }
    });

    it(`input gradient Δ·Wᵀ B=${B} ${nIn}→${nOut} agrees to rounding, padding zero`, () => {
      reset();
      const rand = makeRandom(7 + B * nIn * nOut);
      const rows = pad4(nIn);
      const so = pad4(nOut);
      const wt = alloc(rows * so);
      const delta = alloc(B * so);
      const g1 = alloc(B * rows);
      const g2 = alloc(B * rows);
      weights(wt, nIn, nOut, rand);
      f32.fill(0, delta >> 2, (delta >> 2) + B * so);
      for (let b = 0; b < B; b++)
        for (let o = 0; o < nOut; o++) f32[(delta >> 2) + b * so + o] = rand() * 2 - 1;
      f32.fill(99, g1 >> 2, (g1 >> 2) + B * rows);
      (w.testDenseBackInput as unknown as Fn)(1, B, rows, wt, so, delta, g1);
      (w.testDenseBackInput as unknown as Fn)(0, B, rows, wt, so, delta, g2);
      const a = read(g1, B * rows);
      const c = read(g2, B * rows);
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - c[k])).toBeLessThan(2e-6 * nOut);
      for (let b = 0; b < B; b++) for (let i = nIn; i < rows; i++) expect(a[b * rows + i]).toBe(0);
    });

    for (const accumulate of [0, 1]) {
      it(`weight gradient B=${B} ${nIn}→${nOut} accumulate=${accumulate} is bit-identical`, () => {
        reset();
        const rand = makeRandom(11 + B + nIn + nOut + accumulate);
        const sx = pad4(nIn);
        const so = pad4(nOut);
        const x = alloc(B * sx);
        const delta = alloc(B * so);
        const gw1 = alloc(pad4(nIn) * so);
        const gb1 = alloc(so);
        const gw2 = alloc(pad4(nIn) * so);
        const gb2 = alloc(so);
        fill(x, B * sx, rand);
        fill(delta, B * so, rand);
        fill(gw1, pad4(nIn) * so, rand);
        fill(gb1, so, rand);
        f32.copyWithin(gw2 >> 2, gw1 >> 2, (gw1 >> 2) + pad4(nIn) * so);
        f32.copyWithin(gb2 >> 2, gb1 >> 2, (gb1 >> 2) + so);
        const before = read(gw1, so);
        (w.testDenseWeightGrad as unknown as Fn)(1, B, nIn, x, sx, delta, so, gw1, gb1, accumulate);
        (w.testDenseWeightGrad as unknown as Fn)(0, B, nIn, x, sx, delta, so, gw2, gb2, accumulate);
        expect(read(gw1, pad4(nIn) * so)).toEqual(read(gw2, pad4(nIn) * so));
        expect(read(gb1, so)).toEqual(read(gb2, so));
        // spot-check one entry against its definition
        let s = accumulate ? before[0] : 0;
        for (let b = 0; b < B; b++) s += f32[(x >> 2) + b * sx] * f32[(delta >> 2) + b * so];
        expect(Math.abs(f32[gw1 >> 2] - s)).toBeLessThan(1e-5 * (B + 1));
      });
    }

    for (const [keep, hasBias, r1, r2] of [
      [1, 1, 0, 0],
      [0, 0, 0.01, 0.02],
    ]) {
      it(`fused batch SGD B=${B} ${nIn}→${nOut} keep=${keep} bias=${hasBias} l1=${r1}: twin and two-pass bit-identical`, () => {
        reset();
        const rand = makeRandom(5 + B * 3 + nIn * 7 + nOut + keep);
        const sx = pad4(nIn);
        const rows = pad4(nIn);
        const so = pad4(nOut);
        const x = alloc(B * sx);
        const delta = alloc(B * so);
        const ws = [alloc(rows * so), alloc(rows * so), alloc(rows * so)];
        const bs = [alloc(so), alloc(so), alloc(so)];
        const gws = [alloc(rows * so), alloc(rows * so), alloc(rows * so)];
        const gbs = [alloc(so), alloc(so), alloc(so)];
        fill(x, B * sx, rand);
        fill(delta, B * so, rand);
        weights(ws[0], nIn, nOut, rand);
        fill(bs[0], so, rand);
        for (let k = 1; k < 3; k++) {
          f32.copyWithin(ws[k] >> 2, ws[0] >> 2, (ws[0] >> 2) + rows * so);
          f32.copyWithin(bs[k] >> 2, bs[0] >> 2, (bs[0] >> 2) + so);
        }
        for (let k = 0; k < 3; k++) {
          f32.fill(0, gws[k] >> 2, (gws[k] >> 2) + rows * so);
          f32.fill(0, gbs[k] >> 2, (gbs[k] >> 2) + so);
        }
        const lr = 0.07;
        const fused = w.testDenseWeightGradSgd as unknown as Fn;
        fused(1, B, nIn, x, sx, delta, so, ws[0], bs[0], hasBias, gws[0], gbs[0], keep, lr, r1, r2);
        fused(0, B, nIn, x, sx, delta, so, ws[1], bs[1], hasBias, gws[1], gbs[1], keep, lr, r1, r2);
        // The two passes it replaces: the weight gradient, then the SGD update.
        (w.testDenseWeightGrad as unknown as Fn)(1, B, nIn, x, sx, delta, so, gws[2], gbs[2], 0);
        (w.testSgd as unknown as Fn)(1, ws[2], gws[2], rows * so, lr, r1, r2);
        if (hasBias) (w.testSgd as unknown as Fn)(1, bs[2], gbs[2], so, lr, 0, 0);
        const w0 = read(ws[0], rows * so);
        expect(w0).toEqual(read(ws[1], rows * so));
        expect(w0).toEqual(read(ws[2], rows * so));
        expect(read(bs[0], so)).toEqual(read(bs[1], so));
        expect(read(bs[0], so)).toEqual(read(bs[2], so));
        if (keep) {
          expect(read(gws[0], rows * so)).toEqual(read(gws[2], rows * so));
          expect(read(gws[1], rows * so)).toEqual(read(gws[2], rows * so));
          expect(read(gbs[0], so)).toEqual(read(gbs[2], so));
        } else {
          expect(read(gws[0], rows * so).every((v) => v === 0)).toBe(true);
          expect(read(gbs[0], so).every((v) => v === 0)).toBe(true);
        }
        if (!hasBias) expect(read(bs[0], so)).toEqual(read(bs[2], so));
        for (let i = nIn; i < rows; i++)
          for (let o = 0; o < so; o++) expect(w0[i * so + o]).toBe(0);
        // the weights moved
        expect(w0.some((v, k) => nIn > 0 && v !== 0 && k < nIn * so)).toBe(true);
      });
    }

    it(`fused batch-1 SGD ${nIn}→${nOut} without Δ·Wᵀ (a first layer) matches its twin`, () => {
      // Without g the kernels update only the rows of real inputs (blocks of four, then one at a
      // time); the padding rows stay zero even when x's padding lanes are not.
      for (const decay of [1, 0.999]) {
        const { rows, so, x, ws, bs, delta } = fusedBatch1(nIn, nOut, 7 + nIn * nOut, 2);
        const before = read(ws[0], rows * so);
        const fused = w.testDenseSgdFused as unknown as Fn;
        fused(1, nIn, rows, x, ws[0], so, bs[0], 1, delta, 0, 0, 0.05, decay, 0);
        fused(0, nIn, rows, x, ws[1], so, bs[1], 1, delta, 0, 0, 0.05, decay, 0);
        const wa = read(ws[0], rows * so);
        expect(wa).toEqual(read(ws[1], rows * so));
        expect(read(bs[0], so)).toEqual(read(bs[1], so));
        // every real row moved; the padding rows are still zero
        for (let i = 0; i < nIn; i++) expect(wa[i * so] === before[i * so]).toBe(false);
        for (let i = nIn; i < rows; i++)
          for (let o = 0; o < so; o++) expect(wa[i * so + o]).toBe(0);
      }
    });

    it(`fused batch-1 SGD ${nIn}→${nOut} matches its twin`, () => {
      // decay = 1 (no L2) takes the written-out paths for rows of one to four vectors.
      for (const decay of [1, 0.999]) {
        const { rows, so, x, ws, bs, gs, delta } = fusedBatch1(nIn, nOut, 99 + nIn * nOut, 2);
        const [w1, w2] = ws;
        const [b1, b2] = bs;
        const [g1, g2] = gs;
        const fused = w.testDenseSgdFused as unknown as Fn;
        fused(1, nIn, rows, x, w1, so, b1, 1, delta, 1, g1, 0.05, decay);
        fused(0, nIn, rows, x, w2, so, b2, 1, delta, 1, g2, 0.05, decay);
        const wa = read(w1, rows * so);
        expect(wa).toEqual(read(w2, rows * so));
        expect(read(b1, so)).toEqual(read(b2, so));
        const ga = read(g1, rows);
        const gb = read(g2, rows);
        for (let i = 0; i < rows; i++) expect(Math.abs(ga[i] - gb[i])).toBeLessThan(2e-6 * nOut);
        for (let i = nIn; i < rows; i++)
          for (let o = 0; o < so; o++) expect(wa[i * so + o]).toBe(0);
      }
    });
  }

  for (const [count, n, plane] of [
    [1, 1, 5],
    [7, 5, 9],
    [256, 64, 257],
    [13, 30, 16],
    [4, 3, 4],
  ]) {
    it(`read-out transpose ${count} examples × ${n} neurons is an exact copy, nothing else written`, () => {
      reset();
      const rand = makeRandom(31 + count * n);
      const stride = pad4(n);
      const src = alloc(count * stride);
      fill(src, count * stride, rand);
      const size = (n + 1) * plane;
      const d1 = alloc(size);
      const d2 = alloc(size);
      f32.fill(7, d1 >> 2, (d1 >> 2) + size);
      f32.fill(7, d2 >> 2, (d2 >> 2) + size);
      (w.testTransposeOut as unknown as Fn)(1, src, stride, count, n, d1, plane);
      (w.testTransposeOut as unknown as Fn)(0, src, stride, count, n, d2, plane);
      const a = read(d1, size);
      expect(a).toEqual(read(d2, size));
      for (let u = 0; u < n + 1; u++)
        for (let k = 0; k < plane; k++)
          expect(a[u * plane + k]).toBe(u < n && k < count ? f32[(src >> 2) + k * stride + u] : 7);
    });
  }

  for (const { nIn, nOut } of SHAPES) {
    it(`fused batch-1 SGD ${nIn}→${nOut} with f'(z) folded in equals the kernel then the Hadamard product`, () => {
      const { rand, rows, x, so, ws, bs, gs, delta } = fusedBatch1(nIn, nOut, 77 + nIn * nOut, 3);
      const der = alloc(rows);
      fill(der, rows, rand);
      const fused = w.testDenseSgdFused as unknown as Fn;
      fused(1, nIn, rows, x, ws[0], so, bs[0], 1, delta, 1, gs[0], 0.05, 1, der);
      fused(0, nIn, rows, x, ws[1], so, bs[1], 1, delta, 1, gs[1], 0.05, 1, der);
      fused(1, nIn, rows, x, ws[2], so, bs[2], 1, delta, 1, gs[2], 0.05, 1, 0);
      (w.testHadamard as unknown as Fn)(1, gs[2], der, gs[2], rows);
      expect(read(gs[0], rows)).toEqual(read(gs[2], rows));
      expect(read(ws[0], rows * so)).toEqual(read(ws[1], rows * so));
      expect(read(ws[0], rows * so)).toEqual(read(ws[2], rows * so));
      const ga = read(gs[0], rows);
      const gb = read(gs[1], rows);
      for (let i = 0; i < rows; i++) expect(Math.abs(ga[i] - gb[i])).toBeLessThan(2e-6 * nOut);
    });
  }

  for (const { nIn, nOut } of SHAPES) {
    for (const [kind, nesterov] of [
      [1, 0],
      [1, 1],
      [2, 0],
    ])
      for (const needG of [0, 1])
        for (const [r1, r2] of [
          [0, 0],
          [0.01, 0.02],
        ]) {
          const name = kind === 1 ? `momentum${nesterov ? ' (Nesterov)' : ''}` : 'Adam';
          it(`fused batch-1 ${name} ${nIn}→${nOut} g=${needG} l1=${r1}: twin and two-pass give the same update`, () => {
            reset();
            const rand = makeRandom(3 + nIn * 31 + nOut * 7 + kind * 5 + nesterov + needG * 2);
            const rows = pad4(nIn);
            const so = pad4(nOut);
            const x = alloc(rows);
            const delta = alloc(so);
            const der = alloc(rows);
            fill(x, rows, rand); // padding lanes non-zero: the kernels must read them as 0
            f32.fill(0, delta >> 2, (delta >> 2) + so);
            for (let o = 0; o < nOut; o++) f32[(delta >> 2) + o] = rand() * 2 - 1;
            fill(der, rows, rand);
            // Three copies of W, its state, the bias and its state: SIMD, twin, two passes.
            const copy = () => ({
              w: alloc(rows * so),
              m: alloc(rows * so),
              v: alloc(rows * so),
              b: alloc(so),
              bm: alloc(so),
              bv: alloc(so),
              g: alloc(rows),
            });
            const runs = [copy(), copy(), copy()];
            const first = runs[0];
            weights(first.w, nIn, nOut, rand);
            f32[first.w >> 2] = 0; // sign(0) = 0 for L1
            f32.fill(0, first.m >> 2, (first.m >> 2) + rows * so);
            f32.fill(0, first.v >> 2, (first.v >> 2) + rows * so);
            for (let i = 0; i < nIn; i++)
              for (let o = 0; o < nOut; o++) {
                f32[(first.m >> 2) + i * so + o] = (rand() * 2 - 1) * 0.1;
                f32[(first.v >> 2) + i * so + o] = rand() * 0.01;
              }
            fill(first.b, so, rand);
            fill(first.bm, so, rand, 0.1);
            for (let o = 0; o < so; o++) f32[(first.bv >> 2) + o] = rand() * 0.01;
            const size = {
              w: rows * so,
              m: rows * so,
              v: rows * so,
              b: so,
              bm: so,
              bv: so,
              g: rows,
            };
            const keys = ['w', 'm', 'v', 'b', 'bm', 'bv'] as const;
            for (const run of runs.slice(1))
              for (const k of keys)
                f32.copyWithin(run[k] >> 2, first[k] >> 2, (first[k] >> 2) + size[k]);
            const before = read(first.w, rows * so);
            const [lr, mu, b1, b2, eps, c1, c2] = [0.05, 0.9, 0.9, 0.999, 1e-8, 0.271, 0.00299];
            const fused = w.testDenseOptFused as unknown as Fn;
            for (const simd of [1, 0]) {
              const r = runs[1 - simd];
              fused(simd, nIn, rows, x, r.w, r.m, r.v, so, r.b, r.bm, r.bv, 1, delta, needG,
                r.g, der, kind, lr, mu, nesterov, b1, b2, eps, c1, c2, r1, r2); // prettier-ignore
            }
            // The passes it replaces: Δ·Wᵀ with the old weights, the rank-1 weight gradient
            // (x's padding lanes masked, as the engine's activations are), then the update.
            const ref = runs[2];
            const xm = alloc(rows);
            f32.fill(0, xm >> 2, (xm >> 2) + rows);
            for (let i = 0; i < nIn; i++) f32[(xm >> 2) + i] = f32[(x >> 2) + i];
            (w.testDenseBackInput as unknown as Fn)(0, 1, rows, ref.w, so, delta, ref.g);
            (w.testHadamard as unknown as Fn)(0, ref.g, der, ref.g, rows);
            const gw = alloc(rows * so);
            const gb = alloc(so);
            f32.fill(0, gw >> 2, (gw >> 2) + rows * so); // the kernel writes only the real rows
            (w.testDenseWeightGrad as unknown as Fn)(0, 1, nIn, xm, rows, delta, so, gw, gb, 0);
            // The separate update kernel, on the weights and then on the bias (no penalty).
            const update = (
              p: number,
              g: number,
              m: number,
              v: number,
              n: number,
              l1: number,
              l2: number,
            ) =>
              kind === 1
                ? (w.testMomentum as unknown as Fn)(0, p, g, m, n, lr, mu, nesterov, l1, l2)
                : (w.testAdam as unknown as Fn)(0, p, g, m, v, n, lr, b1, b2, eps, c1, c2, l1, l2);
            update(ref.w, gw, ref.m, ref.v, rows * so, r1, r2);
            update(ref.b, gb, ref.bm, ref.bv, so, 0, 0);
            for (const k of keys) {
              const a = read(runs[0][k], size[k]);
              expect(a, `${k}: SIMD against the twin`).toEqual(read(runs[1][k], size[k]));
              expect(a, `${k}: against the two passes`).toEqual(read(ref[k], size[k]));
            }
            const wa = read(first.w, rows * so);
            // Every real row moved (column 0 is real in every shape); padding rows stayed zero.
            for (let i = 0; i < nIn; i++) expect(wa[i * so]).not.toBe(before[i * so]);
            for (let i = nIn; i < rows; i++)
              for (let o = 0; o < so; o++) expect(wa[i * so + o]).toBe(0);
            if (needG) {
              const twin = read(runs[1].g, rows);
              expect(twin, 'g: twin against Δ·Wᵀ ⊙ f′').toEqual(read(ref.g, rows));
              const simd = read(first.g, rows);
              for (let i = 0; i < rows; i++)
                expect(Math.abs(simd[i] - twin[i])).toBeLessThan(2e-6 * nOut);
            }
          });
        }
  }

  it('hadamard product is bit-identical on 4·37 floats', () => {
    reset();
    const rand = makeRandom(5);
    const n = 148;
    const a = alloc(n),
      b = alloc(n),
      o1 = alloc(n),
      o2 = alloc(n);
    fill(a, n, rand);
    fill(b, n, rand);
    (w.testHadamard as unknown as Fn)(1, a, b, o1, n);
    (w.testHadamard as unknown as Fn)(0, a, b, o2, n);
    expect(read(o1, n)).toEqual(read(o2, n));
    expect(read(o1, 1)[0]).toBe(Math.fround(f32[a >> 2] * f32[b >> 2]));
  });
});

describe('activation kernels: SIMD against the scalar twin', () => {
  for (let kind = 0; kind < 13; kind++) {
    for (const fast of [0, 1]) {
      it(`activation ${kind} fast=${fast}: values and derivatives bit-identical`, () => {
        reset();
        const rand = makeRandom(kind * 2 + fast + 1);
        const n = 4 * 53;
        const z = alloc(n),
          a1 = alloc(n),
          d1 = alloc(n),
          a2 = alloc(n),
          d2 = alloc(n),
          a3 = alloc(n);
        fill(z, n, rand, 12);
        f32[z >> 2] = 0;
        f32[(z >> 2) + 1] = -0.5;
        (w.testActivate as unknown as Fn)(1, kind, fast, 0.03, z, a1, d1, n, 1);
        (w.testActivate as unknown as Fn)(0, kind, fast, 0.03, z, a2, d2, n, 1);
        (w.testActivate as unknown as Fn)(1, kind, fast, 0.03, z, a3, 0, n, 0);
        expect(read(a1, n)).toEqual(read(a2, n));
        expect(read(d1, n)).toEqual(read(d2, n));
        expect(read(a3, n)).toEqual(read(a2, n));
      });
    }
  }
});

describe('activation kernels far out: every magnitude up to float32’s largest', () => {
  // Fast sine went past ±1 beyond 2^17 (14.95 at 86,274,512, Infinity at 1e30) and fast GELU's
  // derivative was NaN from 1.8e19: a step with one such pre-activation reported a divergence.
  const xs: number[] = [];
  for (let e = 0; e <= 38.5; e += 0.05)
    for (const sign of [1, -1]) {
      const x = Math.fround(sign * 10 ** e);
      if (Number.isFinite(x)) xs.push(x);
    }
  xs.push(Math.fround(86274512), Math.fround(-3.4028234e38));
  const n = Math.ceil(xs.length / 4) * 4;
  for (let kind = 0; kind < 13; kind++) {
    it(`activation ${kind}: fast is finite wherever exact is, the same in SIMD and scalar`, () => {
      reset();
      const z = alloc(n),
        fa = alloc(n),
        fd = alloc(n),
        sa = alloc(n),
        sd = alloc(n),
        ea = alloc(n),
        ed = alloc(n);
      xs.forEach((x, k) => (f32[(z >> 2) + k] = x));
      (w.testActivate as unknown as Fn)(1, kind, 1, 0.03, z, fa, fd, n, 1);
      (w.testActivate as unknown as Fn)(0, kind, 1, 0.03, z, sa, sd, n, 1);
      (w.testActivate as unknown as Fn)(0, kind, 0, 0.03, z, ea, ed, n, 1);
      expect(read(fa, n)).toEqual(read(sa, n));
      expect(read(fd, n)).toEqual(read(sd, n));
      const [fast, fastD, exact, exactD] = [fa, fd, ea, ed].map((p) => read(p, xs.length));
      xs.forEach((x, k) => {
        if (Number.isFinite(exact[k])) expect(fast[k], `f(${x})`).toSatisfy(Number.isFinite);
        if (Number.isFinite(exactD[k])) expect(fastD[k], `f'(${x})`).toSatisfy(Number.isFinite);
        // Sine is bounded in fast mode too (its value that far out is not accurate, only bounded).
        if (kind === 10) expect(Math.abs(fast[k]), `sin(${x})`).toBeLessThanOrEqual(1);
      });
    });
  }
});

describe('optimizer kernels: SIMD against the scalar twin', () => {
  const n = 4 * 19;
  function setup(seed: number) {
    reset();
    const rand = makeRandom(seed);
    const bufs = {
      w1: alloc(n),
      g: alloc(n),
      m1: alloc(n),
      v1: alloc(n),
      w2: alloc(n),
      m2: alloc(n),
      v2: alloc(n),
    };
    fill(bufs.w1, n, rand);
    f32[bufs.w1 >> 2] = 0; // sign(0) = 0 for L1
    fill(bufs.g, n, rand);
    fill(bufs.m1, n, rand, 0.1);
    for (let k = 0; k < n; k++) f32[(bufs.v1 >> 2) + k] = rand() * 0.01;
    f32.copyWithin(bufs.w2 >> 2, bufs.w1 >> 2, (bufs.w1 >> 2) + n);
    f32.copyWithin(bufs.m2 >> 2, bufs.m1 >> 2, (bufs.m1 >> 2) + n);
    f32.copyWithin(bufs.v2 >> 2, bufs.v1 >> 2, (bufs.v1 >> 2) + n);
    return bufs;
  }
  it('sgd with L1 and L2', () => {
    const b = setup(1);
    const w0 = read(b.w1, n);
    (w.testSgd as unknown as Fn)(1, b.w1, b.g, n, 0.1, 0.01, 0.02);
    (w.testSgd as unknown as Fn)(0, b.w2, b.g, n, 0.1, 0.01, 0.02);
    expect(read(b.w1, n)).toEqual(read(b.w2, n));
    const g1 = f32[(b.g >> 2) + 1];
    const expected = w0[1] - 0.1 * (g1 + 0.02 * w0[1] + 0.01 * Math.sign(w0[1]));
    expect(Math.abs(f32[(b.w1 >> 2) + 1] - expected)).toBeLessThan(1e-6);
  });
  for (const nesterov of [0, 1]) {
    it(`momentum nesterov=${nesterov}`, () => {
      const b = setup(2 + nesterov);
      (w.testMomentum as unknown as Fn)(1, b.w1, b.g, b.m1, n, 0.1, 0.9, nesterov, 0.01, 0.02);
      (w.testMomentum as unknown as Fn)(0, b.w2, b.g, b.m2, n, 0.1, 0.9, nesterov, 0.01, 0.02);
      expect(read(b.w1, n)).toEqual(read(b.w2, n));
      expect(read(b.m1, n)).toEqual(read(b.m2, n));
    });
  }
  it('adam', () => {
    const b = setup(4);
    const adam = w.testAdam as unknown as Fn;
    // n, η, β₁, β₂, ε, then the bias corrections and penalties, the same for both builds
    const rest = [n, 0.01, 0.9, 0.999, 1e-8, 0.19, 0.002, 0.01, 0.02];
    adam(1, b.w1, b.g, b.m1, b.v1, ...rest);
    adam(0, b.w2, b.g, b.m2, b.v2, ...rest);
    expect(read(b.w1, n)).toEqual(read(b.w2, n));
    expect(read(b.m1, n)).toEqual(read(b.m2, n));
    expect(read(b.v1, n)).toEqual(read(b.v2, n));
  });
});
