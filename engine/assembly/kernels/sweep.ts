// The row sweep: a grid's first two layers, row by row, when layer 1 is piecewise linear
// (identity, ReLU, leaky ReLU).
//
// Along a grid row the input b is fixed and only a = i/(R−1) moves, so each first-layer neuron k
// is a line in a, z1_k = p_k + q_k·a (p_k = bias_k + b·W1[1][k], q_k = W1[0][k]), and its output
// is σ_k·z1_k with σ_k = 1 where z1_k > 0 and σ_k = slope (0 for ReLU) elsewhere. Layer 2 is then
//
//   z2_o(a) = α_o + β_o·a,   α_o = b2_o + Σ_k σ_k·p_k·W2[k][o],   β_o = Σ_k σ_k·q_k·W2[k][o],
//
// a line in a for as long as no σ_k changes. So instead of n1·n2 multiply-adds per point, the
// sweep pays n2 per point, 2·n2 per neuron at the start of a row and 2·n2 each time a neuron
// changes side: for [64, 32] on a 100-point row, about 20× fewer. Layer 1 itself is never needed
// to compute layer 2; when its planes are asked for, `firstLayerRow` writes them directly.
//
// Where a neuron changes side is decided on z1 computed exactly as the forward pass computes it,
// z1(i) = ((bias + a_i·q) + b·W1[1]) in float32. Rounding is monotone, so that z1(i) is monotone
// in i (as the exact line is): it changes side at most once per row, found by bisection, and the
// sweep and the first layer's own plots never disagree about which side a point is on. Layer 2
// differs from the direct sum only by rounding: the direct pass rounds Σ_k W2·(σ·z1), the sweep
// the same terms grouped as Σ(σ·p·W2) + a·Σ(σ·q·W2) (tests/engine/sweep.test.ts bounds it).

// Every kernel here reads the row's coordinates from A: R floats, A[i] = a_i = i/(R − 1) as
// fillGrid computes it. Layers are given by activation kind and parameter (kind1/param1 for layer
// 1, kind2/param2 for layer 2); σ below zero is belowZeroSlope's, outputs are the activation
// kernels' own (activationValue, vPiecewise).

import { activationValue, belowZeroSlope, vPiecewise } from './activations';

/** The grid coordinate a_i. */
// @ts-ignore: decorator
@inline function coord(A: usize, i: i32): f32 { return load<f32>(A + (<usize>i << 2)); }

/** z1 of one first-layer neuron at a_i, in the forward pass's order and rounding. */
// @ts-ignore: decorator
@inline function firstZ(bias: f32, q: f32, c: f32, A: usize, i: i32): f32 { return (bias + coord(A, i) * q) + c; }

/**
 * The part both twins share (decisions only, no arithmetic on the result): for one row at b,
 * p_k into `p`, σ_k at i = 0 into `sigma`, and the neurons that change side at each i ≥ 1 as
 * lists in ascending k: head[i] is the first (−1: none), next[k] the one after k.
 */
export function sweepPlan(
  R: i32, A: usize, b: f32, w1: usize, s1: i32, bias1: usize, n1: i32, kind1: i32, param1: f32,
  p: usize, sigma: usize, head: usize, next: usize,
): void {
  const slope = belowZeroSlope(kind1, param1);
  for (let i = 0; i < R; i++) store<i32>(head + (<usize>i << 2), -1);
  const w1b = w1 + (<usize>s1 << 2);
  for (let k = n1 - 1; k >= 0; k--) {
    const at = <usize>k << 2;
    const bias = load<f32>(bias1 + at);
    const q = load<f32>(w1 + at);
    const c = b * load<f32>(w1b + at);
    store<f32>(p + at, bias + c);
    const side = firstZ(bias, q, c, A, 0) > 0;
    store<f32>(sigma + at, side ? 1 : slope);
    if (slope == 1 || (firstZ(bias, q, c, A, R - 1) > 0) == side) continue;
    // z1 is monotone along the row: the first i on the other side, by bisection in (0, R − 1].
    let lo = 0;
    let hi = R - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((firstZ(bias, q, c, A, mid) > 0) == side) lo = mid;
      else hi = mid;
    }
    store<i32>(next + at, load<i32>(head + (<usize>hi << 2)));
    store<i32>(head + (<usize>hi << 2), k);
  }
}

/**
 * Scalar twin. Layer 2's pre-activations z2[i][o] (o < s2, row stride s2) for the row planned
 * by sweepPlan (p, sigma, head, next), with q = W1[0], W2 as [s1 rows][s2] and its bias b2;
 * coef is scratch for 2·s2 floats (α then β). Order of operations, which the SIMD kernel repeats
 * lane by lane (so that the two agree bit for bit): α = b2, β = 0; for k ascending with σ_k ≠ 0:
 * α += (σ·p_k)·W2[k], β += (σ·q_k)·W2[k]. At each i ≥ 1, for the k changing there, ascending,
 * with d = ±(1 − slope): α += (d·p_k)·W2[k], β += (d·q_k)·W2[k]. Then z2[i] = α + β·a_i.
 * When layer 2 is piecewise linear too, its activation is applied as z2 is stored, with the
 * activation kernels' own operations.
 */
export function sweepRowScalar(
  R: i32, A: usize, n1: i32, kind1: i32, param1: f32, p: usize, q: usize, sigma: usize, head: usize, next: usize,
  w2: usize, s2: i32, b2: usize, coef: usize, z2: usize, kind2: i32, param2: f32,
): void {
  const slope = belowZeroSlope(kind1, param1);
  const pl2 = !isNaN(belowZeroSlope(kind2, param2));
  const alpha = coef;
  const beta = coef + (<usize>s2 << 2);
  const w2Row = <usize>s2 << 2;
  for (let o = 0; o < s2; o++) {
    store<f32>(alpha + (<usize>o << 2), load<f32>(b2 + (<usize>o << 2)));
    store<f32>(beta + (<usize>o << 2), 0);
  }
  for (let k = 0; k < n1; k++) {
    const at = <usize>k << 2;
    const s = load<f32>(sigma + at);
    if (s != 0) addScaledRowScalar(alpha, beta, s * load<f32>(p + at), s * load<f32>(q + at), w2 + <usize>k * w2Row, s2);
  }
  const up: f32 = <f32>1.0 - slope;
  for (let i = 0; i < R; i++) {
    let k = load<i32>(head + (<usize>i << 2));
    while (k >= 0) {
      const at = <usize>k << 2;
      const d: f32 = load<f32>(sigma + at) == 1 ? -up : up; // σ was 1: leaving the positive side
      addScaledRowScalar(alpha, beta, d * load<f32>(p + at), d * load<f32>(q + at), w2 + <usize>k * w2Row, s2);
      k = load<i32>(next + at);
    }
    const a = coord(A, i);
    const out = z2 + <usize>i * w2Row;
    for (let o = 0; o < s2; o++) {
      const at = <usize>o << 2;
      const z = load<f32>(alpha + at) + load<f32>(beta + at) * a;
      store<f32>(out + at, pl2 ? activationValue(kind2, false, param2, z) : z);
    }
  }
}

// @ts-ignore: decorator
@inline
function addScaledRowScalar(alpha: usize, beta: usize, sp: f32, sq: f32, w: usize, s2: i32): void {
  for (let o = 0; o < s2; o++) {
    const at = <usize>o << 2;
    const wv = load<f32>(w + at);
    store<f32>(alpha + at, load<f32>(alpha + at) + sp * wv);
    store<f32>(beta + at, load<f32>(beta + at) + sq * wv);
  }
}

// @ts-ignore: decorator
@inline
function addScaledRowSimd(alpha: usize, beta: usize, sp: f32, sq: f32, w: usize, bytes: usize): void {
  const vp = f32x4.splat(sp);
  const vq = f32x4.splat(sq);
  for (let at: usize = 0; at < bytes; at += 16) {
    const wv = v128.load(w + at);
    v128.store(alpha + at, f32x4.add(v128.load(alpha + at), f32x4.mul(vp, wv)));
    v128.store(beta + at, f32x4.add(v128.load(beta + at), f32x4.mul(vq, wv)));
  }
}

/** SIMD kernel of sweepRowScalar: lanes over o (s2 is a multiple of 4). */
export function sweepRowSimd(
  R: i32, A: usize, n1: i32, kind1: i32, param1: f32, p: usize, q: usize, sigma: usize, head: usize, next: usize,
  w2: usize, s2: i32, b2: usize, coef: usize, z2: usize, kind2: i32, param2: f32,
): void {
  if (!ASC_FEATURE_SIMD) {
    sweepRowScalar(R, A, n1, kind1, param1, p, q, sigma, head, next, w2, s2, b2, coef, z2, kind2, param2);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const slope = belowZeroSlope(kind1, param1);
    const pl2 = !isNaN(belowZeroSlope(kind2, param2));
    const bytes = <usize>s2 << 2;
    const alpha = coef;
    const beta = coef + bytes;
    memory.copy(alpha, b2, bytes);
    memory.fill(beta, 0, bytes);
    for (let k = 0; k < n1; k++) {
      const at = <usize>k << 2;
      const s = load<f32>(sigma + at);
      if (s != 0) addScaledRowSimd(alpha, beta, s * load<f32>(p + at), s * load<f32>(q + at), w2 + <usize>k * bytes, bytes);
    }
    const up: f32 = <f32>1.0 - slope;
    const vp2 = f32x4.splat(param2);
    for (let i = 0; i < R; i++) {
      let k = load<i32>(head + (<usize>i << 2));
      while (k >= 0) {
        const at = <usize>k << 2;
        const d: f32 = load<f32>(sigma + at) == 1 ? -up : up;
        addScaledRowSimd(alpha, beta, d * load<f32>(p + at), d * load<f32>(q + at), w2 + <usize>k * bytes, bytes);
        k = load<i32>(next + at);
      }
      const a = f32x4.splat(coord(A, i));
      const out = z2 + <usize>i * bytes;
      if (!pl2) {
        for (let at: usize = 0; at < bytes; at += 16) {
          v128.store(out + at, f32x4.add(v128.load(alpha + at), f32x4.mul(v128.load(beta + at), a)));
        }
      } else {
        for (let at: usize = 0; at < bytes; at += 16) {
          const z = f32x4.add(v128.load(alpha + at), f32x4.mul(v128.load(beta + at), a));
          v128.store(out + at, vPiecewise(kind2, vp2, z));
        }
      }
    }
  }
}

// ----- layer 1's own planes ----------------------------------------------------------------------

/**
 * Scalar twin. Row b of every first-layer neuron's plane: dst[k·plane + i] = f(z1_k(a_i)) for
 * i < R, k < n1, with z1 in the forward pass's order and layer 1's own activation, so the values
 * equal the forward pass's bit for bit.
 */
export function firstLayerRowScalar(
  R: i32, A: usize, b: f32, w1: usize, s1: i32, bias1: usize, n1: i32, kind1: i32, param1: f32, dst: usize, plane: usize,
): void {
  const w1b = w1 + (<usize>s1 << 2);
  for (let k = 0; k < n1; k++) {
    const at = <usize>k << 2;
    const bias = load<f32>(bias1 + at);
    const q = load<f32>(w1 + at);
    const c = b * load<f32>(w1b + at);
    const row = dst + <usize>k * plane;
    for (let i = 0; i < R; i++) {
      store<f32>(row + (<usize>i << 2), activationValue(kind1, false, param1, firstZ(bias, q, c, A, i)));
    }
  }
}

/** SIMD kernel of firstLayerRowScalar: 4 points of a row per vector; the 1–3 left are scalar. */
export function firstLayerRowSimd(
  R: i32, A: usize, b: f32, w1: usize, s1: i32, bias1: usize, n1: i32, kind1: i32, param1: f32, dst: usize, plane: usize,
): void {
  if (!ASC_FEATURE_SIMD) {
    firstLayerRowScalar(R, A, b, w1, s1, bias1, n1, kind1, param1, dst, plane);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const w1b = w1 + (<usize>s1 << 2);
    const R4 = R & ~3;
    const vp = f32x4.splat(param1);
    for (let k = 0; k < n1; k++) {
      const at = <usize>k << 2;
      const bias = load<f32>(bias1 + at);
      const q = load<f32>(w1 + at);
      const c = b * load<f32>(w1b + at);
      const vb = f32x4.splat(bias);
      const vq = f32x4.splat(q);
      const vc = f32x4.splat(c);
      const row = dst + <usize>k * plane;
      for (let i = 0; i < R4; i += 4) {
        const off = <usize>i << 2;
        v128.store(row + off, vPiecewise(kind1, vp, f32x4.add(f32x4.add(vb, f32x4.mul(v128.load(A + off), vq)), vc)));
      }
      for (let i = R4; i < R; i++) {
        store<f32>(row + (<usize>i << 2), activationValue(kind1, false, param1, firstZ(bias, q, c, A, i)));
      }
    }
  }
}
