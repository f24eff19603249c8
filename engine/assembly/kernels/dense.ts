// Dense-layer kernels. Shapes and layout (strides in floats, pointers in bytes, all 16-byte aligned):
//   X  [B × sx]      the layer's inputs, example-major (sx = pad4(nIn))
//   W  [rows × so]   weights stored input-major ("transposed"): W[i·so + o] is from input i to
//                    neuron o; rows = pad4(nIn), so = pad4(nOut); padding rows and columns are zero
//   Z  [B × so]      pre-activations;  Δ [B × so] dL/dz
// Input-major weights let the SIMD kernels work across four output neurons at once with no
// horizontal sums in the forward pass and the weight update, which is what small layers need.
//
// Each SIMD kernel has a scalar twin, its specification. Forward, weight gradient (alone or fused
// with the SGD update), the read-out transpose and the Hadamard product add in the same order
// lane by lane, so their twins agree bit for bit; the input gradient (Δ·Wᵀ) kernels sum in four
// lanes and then across them, so they agree to rounding. (A batch's Δ·Wᵀ in the SIMD build runs
// as the forward kernel over a transposed copy of W, see network.ts: in order, like the twin.
// The batch-1 fused SGD kernel keeps the four-lane sums.)

import { MOMENTUM, adamAt, momentumAt, sgdStep, vAdamAt, vMomentumAt, vSgdStep } from './optimizers';

// ----- helpers ---------------------------------------------------------------------------------

/** [Σ lanes of a0, Σ a1, Σ a2, Σ a3]: four horizontal sums by a 4×4 transpose-and-add. */
// @ts-ignore: decorator
@inline
function reduce4(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
}

// @ts-ignore: decorator
@inline
function splatAt(p: usize): v128 {
  return v128.load32_splat(p); // one instruction (vbroadcastss) where f32x4.splat(load) is two
}

// ----- forward: Z = X·W + bias -------------------------------------------------------------------

/** Scalar twin: Z[b][o] = bias[o] + Σ_{i<nIn} X[b][i]·W[i][o], for b < B, o < so. */
export function denseForwardScalar(B: i32, nIn: i32, x: usize, sx: i32, w: usize, so: i32, bias: usize, z: usize): void {
  for (let b = 0; b < B; b++) {
    const xr = x + ((<usize>(b * sx)) << 2);
    const zr = z + ((<usize>(b * so)) << 2);
    for (let o = 0; o < so; o++) {
      let acc = load<f32>(bias + (<usize>o << 2));
      for (let i = 0; i < nIn; i++) {
        acc += load<f32>(xr + (<usize>i << 2)) * load<f32>(w + ((<usize>(i * so + o)) << 2));
      }
      store<f32>(zr + (<usize>o << 2), acc);
    }
  }
}

/** denseForwardSimd out of line (grids, Δ·Wᵀ, tests); the training step inlines the body. */
export function denseForwardSimd(B: i32, nIn: i32, x: usize, sx: i32, w: usize, so: i32, bias: usize, z: usize): void {
  denseForwardInline(B, nIn, x, sx, w, so, bias, z);
}

/**
 * SIMD kernel of denseForwardScalar: blocks of 4 examples × 2 column vectors, then tails.
 * Inlined where the training step calls it: at batch 1 a call costs as much as a small layer.
 */
// @ts-ignore: decorator
@inline
export function denseForwardInline(B: i32, nIn: i32, x: usize, sx: i32, w: usize, so: i32, bias: usize, z: usize): void {
  if (!ASC_FEATURE_SIMD) {
    denseForwardScalar(B, nIn, x, sx, w, so, bias, z);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const V = so >> 2;
    const rowBytes = <usize>so << 2;
    const xBytes = <usize>sx << 2;
    const inBytes = <usize>nIn << 2;
    let b = 0;
    for (; b + 4 <= B; b += 4) {
      const x0 = x + <usize>b * xBytes;
      const x1 = x0 + xBytes;
      const x2 = x1 + xBytes;
      const x3 = x2 + xBytes;
      const z0 = z + <usize>b * rowBytes;
      let v = 0;
      for (; v + 2 <= V; v += 2) {
        const off = <usize>v << 4;
        const bA = v128.load(bias + off);
        const bB = v128.load(bias + off, 16);
        let a0 = bA, a1 = bA, a2 = bA, a3 = bA;
        let c0 = bB, c1 = bB, c2 = bB, c3 = bB;
        let wp = w + off;
        for (let ip: usize = 0; ip < inBytes; ip += 4) {
          const wA = v128.load(wp);
          const wB = v128.load(wp, 16);
          const s0 = splatAt(x0 + ip);
          const s1 = splatAt(x1 + ip);
          const s2 = splatAt(x2 + ip);
          const s3 = splatAt(x3 + ip);
          a0 = f32x4.add(a0, f32x4.mul(s0, wA));
          c0 = f32x4.add(c0, f32x4.mul(s0, wB));
          a1 = f32x4.add(a1, f32x4.mul(s1, wA));
          c1 = f32x4.add(c1, f32x4.mul(s1, wB));
          a2 = f32x4.add(a2, f32x4.mul(s2, wA));
          c2 = f32x4.add(c2, f32x4.mul(s2, wB));
          a3 = f32x4.add(a3, f32x4.mul(s3, wA));
          c3 = f32x4.add(c3, f32x4.mul(s3, wB));
          wp += rowBytes;
        }
        const zp = z0 + off;
        v128.store(zp, a0);
        v128.store(zp, c0, 16);
        v128.store(zp + rowBytes, a1);
        v128.store(zp + rowBytes, c1, 16);
        v128.store(zp + 2 * rowBytes, a2);
        v128.store(zp + 2 * rowBytes, c2, 16);
        v128.store(zp + 3 * rowBytes, a3);
        v128.store(zp + 3 * rowBytes, c3, 16);
      }
      if (v < V) {
        const off = <usize>v << 4;
        const bA = v128.load(bias + off);
        let a0 = bA, a1 = bA, a2 = bA, a3 = bA;
        let wp = w + off;
        for (let ip: usize = 0; ip < inBytes; ip += 4) {
          const wA = v128.load(wp);
          a0 = f32x4.add(a0, f32x4.mul(splatAt(x0 + ip), wA));
          a1 = f32x4.add(a1, f32x4.mul(splatAt(x1 + ip), wA));
          a2 = f32x4.add(a2, f32x4.mul(splatAt(x2 + ip), wA));
          a3 = f32x4.add(a3, f32x4.mul(splatAt(x3 + ip), wA));
          wp += rowBytes;
        }
        const zp = z0 + off;
        v128.store(zp, a0);
        v128.store(zp + rowBytes, a1);
        v128.store(zp + 2 * rowBytes, a2);
        v128.store(zp + 3 * rowBytes, a3);
      }
    }
    for (; b < B; b++) {
      const x0 = x + <usize>b * xBytes;
      const z0 = z + <usize>b * rowBytes;
      let v = 0;
      for (; v + 4 <= V; v += 4) {
        const off = <usize>v << 4;
        let a0 = v128.load(bias + off);
        let a1 = v128.load(bias + off, 16);
        let a2 = v128.load(bias + off, 32);
        let a3 = v128.load(bias + off, 48);
        let wp = w + off;
        for (let ip: usize = 0; ip < inBytes; ip += 4) {
          const s = splatAt(x0 + ip);
          a0 = f32x4.add(a0, f32x4.mul(s, v128.load(wp)));
          a1 = f32x4.add(a1, f32x4.mul(s, v128.load(wp, 16)));
          a2 = f32x4.add(a2, f32x4.mul(s, v128.load(wp, 32)));
          a3 = f32x4.add(a3, f32x4.mul(s, v128.load(wp, 48)));
          wp += rowBytes;
        }
        const zp = z0 + off;
        v128.store(zp, a0);
        v128.store(zp, a1, 16);
        v128.store(zp, a2, 32);
        v128.store(zp, a3, 48);
      }
      // The 1–3 column vectors left go together: independent chains overlap their latency.
      if (V - v == 3) {
        const off = <usize>v << 4;
        let a0 = v128.load(bias + off);
        let a1 = v128.load(bias + off, 16);
        let a2 = v128.load(bias + off, 32);
        let wp = w + off;
        for (let ip: usize = 0; ip < inBytes; ip += 4) {
          const s = v128.load32_splat(x0 + ip);
          a0 = f32x4.add(a0, f32x4.mul(s, v128.load(wp)));
          a1 = f32x4.add(a1, f32x4.mul(s, v128.load(wp, 16)));
          a2 = f32x4.add(a2, f32x4.mul(s, v128.load(wp, 32)));
          wp += rowBytes;
        }
        v128.store(z0 + off, a0);
        v128.store(z0 + off, a1, 16);
        v128.store(z0 + off, a2, 32);
      } else if (V - v == 2) {
        const off = <usize>v << 4;
        let a0 = v128.load(bias + off);
        let a1 = v128.load(bias + off, 16);
        let wp = w + off;
        for (let ip: usize = 0; ip < inBytes; ip += 4) {
          const s = v128.load32_splat(x0 + ip);
          a0 = f32x4.add(a0, f32x4.mul(s, v128.load(wp)));
          a1 = f32x4.add(a1, f32x4.mul(s, v128.load(wp, 16)));
          wp += rowBytes;
        }
        v128.store(z0 + off, a0);
        v128.store(z0 + off, a1, 16);
      } else if (V - v == 1) {
        const off = <usize>v << 4;
        let a0 = v128.load(bias + off);
        let wp = w + off;
        for (let ip: usize = 0; ip < inBytes; ip += 4) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x0 + ip), v128.load(wp)));
          wp += rowBytes;
        }
        v128.store(z0 + off, a0);
      }
    }
  }
}

// ----- input gradient: G = Δ·Wᵀ --------------------------------------------------------------

/**
 * Scalar twin: G[b][i] = Σ_{o<so} W[i][o]·Δ[b][o] for b < B and every i < rows (rows = pad4(nIn);
 * padding rows of W are zero, so G's padding comes out zero). G has stride `rows`.
 */
export function denseBackInputScalar(B: i32, rows: i32, w: usize, so: i32, delta: usize, g: usize): void {
  for (let b = 0; b < B; b++) {
    const dr = delta + ((<usize>(b * so)) << 2);
    const gr = g + ((<usize>(b * rows)) << 2);
    for (let i = 0; i < rows; i++) {
      let acc: f32 = 0;
      const wr = w + ((<usize>(i * so)) << 2);
      for (let o = 0; o < so; o++) acc += load<f32>(wr + (<usize>o << 2)) * load<f32>(dr + (<usize>o << 2));
      store<f32>(gr + (<usize>i << 2), acc);
    }
  }
}

/** SIMD kernel of denseBackInputScalar: 4 rows × 2 examples per block, sums in lanes then reduce4. */
export function denseBackInputSimd(B: i32, rows: i32, w: usize, so: i32, delta: usize, g: usize): void {
  if (!ASC_FEATURE_SIMD) {
    denseBackInputScalar(B, rows, w, so, delta, g);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const rowBytes = <usize>so << 2;
    const gBytes = <usize>rows << 2;
    let b = 0;
    for (; b + 2 <= B; b += 2) {
      const d0 = delta + <usize>b * rowBytes;
      const d1 = d0 + rowBytes;
      const g0 = g + <usize>b * gBytes;
      for (let i = 0; i < rows; i += 4) {
        const w0 = w + <usize>i * rowBytes;
        const w1 = w0 + rowBytes;
        const w2 = w1 + rowBytes;
        const w3 = w2 + rowBytes;
        let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
        let c0 = a0, c1 = a0, c2 = a0, c3 = a0;
        for (let p: usize = 0; p < rowBytes; p += 16) {
          const e0 = v128.load(d0 + p);
          const e1 = v128.load(d1 + p);
          const r0 = v128.load(w0 + p);
          const r1 = v128.load(w1 + p);
          const r2 = v128.load(w2 + p);
          const r3 = v128.load(w3 + p);
          a0 = f32x4.add(a0, f32x4.mul(r0, e0));
          a1 = f32x4.add(a1, f32x4.mul(r1, e0));
          a2 = f32x4.add(a2, f32x4.mul(r2, e0));
          a3 = f32x4.add(a3, f32x4.mul(r3, e0));
          c0 = f32x4.add(c0, f32x4.mul(r0, e1));
          c1 = f32x4.add(c1, f32x4.mul(r1, e1));
          c2 = f32x4.add(c2, f32x4.mul(r2, e1));
          c3 = f32x4.add(c3, f32x4.mul(r3, e1));
        }
        v128.store(g0 + (<usize>i << 2), reduce4(a0, a1, a2, a3));
        v128.store(g0 + gBytes + (<usize>i << 2), reduce4(c0, c1, c2, c3));
      }
    }
    for (; b < B; b++) {
      const d0 = delta + <usize>b * rowBytes;
      const g0 = g + <usize>b * gBytes;
      for (let i = 0; i < rows; i += 4) {
        const w0 = w + <usize>i * rowBytes;
        const w1 = w0 + rowBytes;
        const w2 = w1 + rowBytes;
        const w3 = w2 + rowBytes;
        let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
        for (let p: usize = 0; p < rowBytes; p += 16) {
          const e0 = v128.load(d0 + p);
          a0 = f32x4.add(a0, f32x4.mul(v128.load(w0 + p), e0));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(w1 + p), e0));
          a2 = f32x4.add(a2, f32x4.mul(v128.load(w2 + p), e0));
          a3 = f32x4.add(a3, f32x4.mul(v128.load(w3 + p), e0));
        }
        v128.store(g0 + (<usize>i << 2), reduce4(a0, a1, a2, a3));
      }
    }
  }
}

// ----- weight gradient: GW = Xᵀ·Δ, Gb = Σ_b Δ -------------------------------------------------

/**
 * Scalar twin: GW[i][o] (+)= Σ_b X[b][i]·Δ[b][o] for i < nIn, o < so; Gb[o] (+)= Σ_b Δ[b][o].
 * With `accumulate` the sums are added to what GW and Gb hold (the sum starts from it).
 * Rows i ≥ nIn of GW are left untouched (they stay zero).
 */
export function denseWeightGradScalar(
  B: i32, nIn: i32, x: usize, sx: i32, delta: usize, so: i32, gw: usize, gb: usize, accumulate: bool,
): void {
  for (let i = 0; i < nIn; i++) {
    for (let o = 0; o < so; o++) {
      const gp = gw + ((<usize>(i * so + o)) << 2);
      let acc: f32 = accumulate ? load<f32>(gp) : 0;
      for (let b = 0; b < B; b++) {
        acc += load<f32>(x + ((<usize>(b * sx + i)) << 2)) * load<f32>(delta + ((<usize>(b * so + o)) << 2));
      }
      store<f32>(gp, acc);
    }
  }
  for (let o = 0; o < so; o++) {
    const gp = gb + (<usize>o << 2);
    let acc: f32 = accumulate ? load<f32>(gp) : 0;
    for (let b = 0; b < B; b++) acc += load<f32>(delta + ((<usize>(b * so + o)) << 2));
    store<f32>(gp, acc);
  }
}

/** SIMD kernel of denseWeightGradScalar: 2 rows × 2 column vectors per block; same order per lane. */
export function denseWeightGradSimd(
  B: i32, nIn: i32, x: usize, sx: i32, delta: usize, so: i32, gw: usize, gb: usize, accumulate: bool,
): void {
  if (!ASC_FEATURE_SIMD) {
    denseWeightGradScalar(B, nIn, x, sx, delta, so, gw, gb, accumulate);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const V = so >> 2;
    const rowBytes = <usize>so << 2;
    const xBytes = <usize>sx << 2;
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i + 2 <= nIn; i += 2) {
      const g0 = gw + <usize>i * rowBytes;
      const g1 = g0 + rowBytes;
      const xi = x + (<usize>i << 2);
      let v = 0;
      for (; v + 2 <= V; v += 2) {
        const off = <usize>v << 4;
        let a0 = accumulate ? v128.load(g0 + off) : zero;
        let a1 = accumulate ? v128.load(g0 + off, 16) : zero;
        let c0 = accumulate ? v128.load(g1 + off) : zero;
        let c1 = accumulate ? v128.load(g1 + off, 16) : zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          const s0 = splatAt(xp);
          const s1 = splatAt(xp + 4);
          const e0 = v128.load(dp);
          const e1 = v128.load(dp, 16);
          a0 = f32x4.add(a0, f32x4.mul(s0, e0));
          a1 = f32x4.add(a1, f32x4.mul(s0, e1));
          c0 = f32x4.add(c0, f32x4.mul(s1, e0));
          c1 = f32x4.add(c1, f32x4.mul(s1, e1));
          xp += xBytes;
          dp += rowBytes;
        }
        v128.store(g0 + off, a0);
        v128.store(g0 + off, a1, 16);
        v128.store(g1 + off, c0);
        v128.store(g1 + off, c1, 16);
      }
      for (; v < V; v++) {
        const off = <usize>v << 4;
        let a0 = accumulate ? v128.load(g0 + off) : zero;
        let c0 = accumulate ? v128.load(g1 + off) : zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          const e0 = v128.load(dp);
          a0 = f32x4.add(a0, f32x4.mul(splatAt(xp), e0));
          c0 = f32x4.add(c0, f32x4.mul(splatAt(xp + 4), e0));
          xp += xBytes;
          dp += rowBytes;
        }
        v128.store(g0 + off, a0);
        v128.store(g1 + off, c0);
      }
    }
    for (; i < nIn; i++) {
      const g0 = gw + <usize>i * rowBytes;
      const xi = x + (<usize>i << 2);
      for (let v = 0; v < V; v++) {
        const off = <usize>v << 4;
        let a0 = accumulate ? v128.load(g0 + off) : zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          a0 = f32x4.add(a0, f32x4.mul(splatAt(xp), v128.load(dp)));
          xp += xBytes;
          dp += rowBytes;
        }
        v128.store(g0 + off, a0);
      }
    }
    for (let v = 0; v < V; v++) {
      const off = <usize>v << 4;
      let a0 = accumulate ? v128.load(gb + off) : zero;
      let dp = delta + off;
      for (let b = 0; b < B; b++) {
        a0 = f32x4.add(a0, v128.load(dp));
        dp += rowBytes;
      }
      v128.store(gb + off, a0);
    }
  }
}

// ----- batch SGD, fused: weight gradient and update in one pass over W ---------------------------

/**
 * Scalar twin. The weight gradient of denseWeightGradScalar (accumulate = false) followed at once
 * by the SGD update of sgdScalar, with no gradient buffer in between:
 *   g = Σ_b X[b][i]·Δ[b][o] (from 0, b ascending);  W[i][o] ← W[i][o] − η·(g + λ₂·W + λ₁·sign W)
 * for i < nIn, o < so (rows i ≥ nIn hold zero weights and a zero gradient, and stay zero), and
 *   gb = Σ_b Δ[b][o];  bias[o] ← bias[o] − η·(gb + 0·bias + 0·sign bias)  when hasBias.
 * With keepGrad, g and gb are also stored to GW and Gb (for the gradient norms). The same
 * operations in the same order as the two passes, so the result is bit-identical to them.
 */
export function denseWeightGradSgdScalar(
  B: i32, nIn: i32, x: usize, sx: i32, delta: usize, so: i32, w: usize, bias: usize, hasBias: bool,
  gw: usize, gb: usize, keepGrad: bool, lr: f32, l1: f32, l2: f32,
): void {
  for (let i = 0; i < nIn; i++) {
    for (let o = 0; o < so; o++) {
      let acc: f32 = 0;
      for (let b = 0; b < B; b++) {
        acc += load<f32>(x + ((<usize>(b * sx + i)) << 2)) * load<f32>(delta + ((<usize>(b * so + o)) << 2));
      }
      const q = (<usize>(i * so + o)) << 2;
      if (keepGrad) store<f32>(gw + q, acc);
      store<f32>(w + q, sgdStep(load<f32>(w + q), acc, lr, l1, l2));
    }
  }
  for (let o = 0; o < so; o++) {
    let acc: f32 = 0;
    for (let b = 0; b < B; b++) acc += load<f32>(delta + ((<usize>(b * so + o)) << 2));
    const q = <usize>o << 2;
    if (keepGrad) store<f32>(gb + q, acc);
    if (hasBias) store<f32>(bias + q, sgdStep(load<f32>(bias + q), acc, lr, 0, 0));
  }
}

// @ts-ignore: decorator
@inline
function vUpdate(w: usize, g: v128, gw: usize, keepGrad: bool, vlr: v128, vl1: v128, vl2: v128): void {
  if (keepGrad) v128.store(gw, g);
  v128.store(w, vSgdStep(v128.load(w), g, vlr, vl1, vl2));
}

/**
 * SIMD kernel of denseWeightGradSgdScalar: 4 rows × 2 column vectors per block (each example's
 * 4 inputs splatted once, each Δ vector loaded once), then 4 × 1, 2 × 2, 2 × 1, 1 × 2, 1 × 1
 * tails; every lane sums in the twin's order.
 */
export function denseWeightGradSgdSimd(
  B: i32, nIn: i32, x: usize, sx: i32, delta: usize, so: i32, w: usize, bias: usize, hasBias: bool,
  gw: usize, gb: usize, keepGrad: bool, lr: f32, l1: f32, l2: f32,
): void {
  if (!ASC_FEATURE_SIMD) {
    denseWeightGradSgdScalar(B, nIn, x, sx, delta, so, w, bias, hasBias, gw, gb, keepGrad, lr, l1, l2);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const V = so >> 2;
    const rowBytes = <usize>so << 2;
    const xBytes = <usize>sx << 2;
    const vlr = f32x4.splat(lr);
    const vl1 = f32x4.splat(l1);
    const vl2 = f32x4.splat(l2);
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= nIn; i += 4) {
      const r0 = <usize>i * rowBytes;
      const r1 = r0 + rowBytes;
      const r2 = r1 + rowBytes;
      const r3 = r2 + rowBytes;
      const xi = x + (<usize>i << 2);
      let v = 0;
      for (; v + 2 <= V; v += 2) {
        const off = <usize>v << 4;
        let a0 = zero, a1 = zero, b0 = zero, b1 = zero, c0 = zero, c1 = zero, d0 = zero, d1 = zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          const e0 = v128.load(dp);
          const e1 = v128.load(dp, 16);
          const s0 = v128.load32_splat(xp);
          a0 = f32x4.add(a0, f32x4.mul(s0, e0));
          a1 = f32x4.add(a1, f32x4.mul(s0, e1));
          const s1 = v128.load32_splat(xp, 4);
          b0 = f32x4.add(b0, f32x4.mul(s1, e0));
          b1 = f32x4.add(b1, f32x4.mul(s1, e1));
          const s2 = v128.load32_splat(xp, 8);
          c0 = f32x4.add(c0, f32x4.mul(s2, e0));
          c1 = f32x4.add(c1, f32x4.mul(s2, e1));
          const s3 = v128.load32_splat(xp, 12);
          d0 = f32x4.add(d0, f32x4.mul(s3, e0));
          d1 = f32x4.add(d1, f32x4.mul(s3, e1));
          xp += xBytes;
          dp += rowBytes;
        }
        vUpdate(w + r0 + off, a0, gw + r0 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r0 + off + 16, a1, gw + r0 + off + 16, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r1 + off, b0, gw + r1 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r1 + off + 16, b1, gw + r1 + off + 16, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r2 + off, c0, gw + r2 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r2 + off + 16, c1, gw + r2 + off + 16, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r3 + off, d0, gw + r3 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r3 + off + 16, d1, gw + r3 + off + 16, keepGrad, vlr, vl1, vl2);
      }
      if (v < V) {
        const off = <usize>v << 4;
        let a0 = zero, b0 = zero, c0 = zero, d0 = zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          const e0 = v128.load(dp);
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), e0));
          b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(xp, 4), e0));
          c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(xp, 8), e0));
          d0 = f32x4.add(d0, f32x4.mul(v128.load32_splat(xp, 12), e0));
          xp += xBytes;
          dp += rowBytes;
        }
        vUpdate(w + r0 + off, a0, gw + r0 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r1 + off, b0, gw + r1 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r2 + off, c0, gw + r2 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r3 + off, d0, gw + r3 + off, keepGrad, vlr, vl1, vl2);
      }
    }
    for (; i + 2 <= nIn; i += 2) {
      const r0 = <usize>i * rowBytes;
      const r1 = r0 + rowBytes;
      const xi = x + (<usize>i << 2);
      let v = 0;
      for (; v + 2 <= V; v += 2) {
        const off = <usize>v << 4;
        let a0 = zero, a1 = zero, b0 = zero, b1 = zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          const e0 = v128.load(dp);
          const e1 = v128.load(dp, 16);
          const s0 = v128.load32_splat(xp);
          const s1 = v128.load32_splat(xp, 4);
          a0 = f32x4.add(a0, f32x4.mul(s0, e0));
          a1 = f32x4.add(a1, f32x4.mul(s0, e1));
          b0 = f32x4.add(b0, f32x4.mul(s1, e0));
          b1 = f32x4.add(b1, f32x4.mul(s1, e1));
          xp += xBytes;
          dp += rowBytes;
        }
        vUpdate(w + r0 + off, a0, gw + r0 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r0 + off + 16, a1, gw + r0 + off + 16, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r1 + off, b0, gw + r1 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r1 + off + 16, b1, gw + r1 + off + 16, keepGrad, vlr, vl1, vl2);
      }
      if (v < V) {
        const off = <usize>v << 4;
        let a0 = zero, b0 = zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          const e0 = v128.load(dp);
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), e0));
          b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(xp, 4), e0));
          xp += xBytes;
          dp += rowBytes;
        }
        vUpdate(w + r0 + off, a0, gw + r0 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r1 + off, b0, gw + r1 + off, keepGrad, vlr, vl1, vl2);
      }
    }
    if (i < nIn) {
      const r0 = <usize>i * rowBytes;
      const xi = x + (<usize>i << 2);
      let v = 0;
      for (; v + 2 <= V; v += 2) {
        const off = <usize>v << 4;
        let a0 = zero, a1 = zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          const s0 = v128.load32_splat(xp);
          a0 = f32x4.add(a0, f32x4.mul(s0, v128.load(dp)));
          a1 = f32x4.add(a1, f32x4.mul(s0, v128.load(dp, 16)));
          xp += xBytes;
          dp += rowBytes;
        }
        vUpdate(w + r0 + off, a0, gw + r0 + off, keepGrad, vlr, vl1, vl2);
        vUpdate(w + r0 + off + 16, a1, gw + r0 + off + 16, keepGrad, vlr, vl1, vl2);
      }
      if (v < V) {
        const off = <usize>v << 4;
        let a0 = zero;
        let xp = xi;
        let dp = delta + off;
        for (let b = 0; b < B; b++) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), v128.load(dp)));
          xp += xBytes;
          dp += rowBytes;
        }
        vUpdate(w + r0 + off, a0, gw + r0 + off, keepGrad, vlr, vl1, vl2);
      }
    }
    const vz = f32x4.splat(0);
    for (let v = 0; v < V; v++) {
      const off = <usize>v << 4;
      let a0 = zero;
      let dp = delta + off;
      for (let b = 0; b < B; b++) {
        a0 = f32x4.add(a0, v128.load(dp));
        dp += rowBytes;
      }
      if (keepGrad) v128.store(gb + off, a0);
      if (hasBias) v128.store(bias + off, vSgdStep(v128.load(bias + off), a0, vlr, vz, vz));
    }
  }
}

// ----- batch-1 SGD, fused: input gradient and update in one pass over W -------------------------

/**
 * Scalar twin. One example (x [sx], δ [so]); for every row i < rows:
 *   g[i] = Σ_o W[i][o]·δ[o]                 (with the weights before this update; only if needG;
 *                                            times der[i] when der ≠ 0: the next Δ = g ⊙ f'(z) at once)
 *   W[i][o] ← W[i][o]·decay − (η·x[i])·δ[o]  (x[i] read as 0 for padding rows i ≥ nIn; decay = 1 − η·λ₂)
 * then bias[o] ← bias[o] − η·δ[o] when hasBias. This is the original's per-example SGD.
 */
export function denseSgdFusedScalar(
  nIn: i32, rows: i32, x: usize, w: usize, so: i32, bias: usize, hasBias: bool,
  delta: usize, needG: bool, g: usize, lr: f32, decay: f32, der: usize = 0,
): void {
  // Without g, the padding rows (x[i] = 0: W·decay + 0·δ = W, zero) are left alone.
  const last = needG ? rows : nIn;
  for (let i = 0; i < last; i++) {
    const wr = w + ((<usize>(i * so)) << 2);
    const s: f32 = i < nIn ? -(lr * load<f32>(x + (<usize>i << 2))) : 0;
    let acc: f32 = 0;
    for (let o = 0; o < so; o++) {
      const p = <usize>o << 2;
      const wv = load<f32>(wr + p);
      const d = load<f32>(delta + p);
      acc += wv * d;
      store<f32>(wr + p, wv * decay + s * d);
    }
    if (needG) store<f32>(g + (<usize>i << 2), der ? acc * load<f32>(der + (<usize>i << 2)) : acc);
  }
  if (hasBias) {
    for (let o = 0; o < so; o++) {
      const p = <usize>o << 2;
      store<f32>(bias + p, load<f32>(bias + p) - lr * load<f32>(delta + p));
    }
  }
}

// @ts-ignore: decorator
@inline
function sgdFusedRows(
  nIn: i32, rows: i32, x: usize, w: usize, so: i32, delta: usize, g: usize, der: usize, lr: f32, decay: f32,
  withG: bool, withDecay: bool, cols: i32 = 0,
): void {
  const rowBytes = <usize>so << 2;
  const vdecay = f32x4.splat(decay);
  const nlr = f32x4.splat(-lr);
  // Blocks of four rows; without g, only the rows of real inputs (as the twin), the last few
  // one at a time: the first layer has two inputs in four rows.
  const last = withG ? rows : nIn & ~3;
  let i = 0;
  for (; i < last; i += 4) {
    const w0 = w + <usize>i * rowBytes;
    const w1 = w0 + rowBytes;
    const w2 = w1 + rowBytes;
    const w3 = w2 + rowBytes;
    // −(η·x[i + k]) for the four rows, 0 for padding rows: one multiply for the four, as the
    // twin's scalar ones (−(η·x) = (−η)·x, rounded alike), each then spread over a vector.
    let sv = f32x4.mul(nlr, v128.load(x + (<usize>i << 2)));
    if (i + 4 > nIn) sv = v128.and(sv, i32x4.gt_s(i32x4.splat(nIn - i), i32x4(0, 1, 2, 3)));
    const s0 = v128.shuffle<f32>(sv, sv, 0, 0, 0, 0);
    const s1 = v128.shuffle<f32>(sv, sv, 1, 1, 1, 1);
    const s2 = v128.shuffle<f32>(sv, sv, 2, 2, 2, 2);
    const s3 = v128.shuffle<f32>(sv, sv, 3, 3, 3, 3);
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    if (cols > 0 && !withDecay) {
      // Rows of one to four vectors (cols, a constant here): the column loop written out, with
      // constant offsets, so that no address arithmetic, loop test or spill is left in it.
      // The same operations in the same order as the loop below.
      let d = v128.load(delta);
      let r0 = v128.load(w0);
      let r1 = v128.load(w1);
      let r2 = v128.load(w2);
      let r3 = v128.load(w3);
      if (withG) {
        a0 = f32x4.add(a0, f32x4.mul(r0, d)); // 0 + r·d, as the loop: −0 becomes +0
        a1 = f32x4.add(a1, f32x4.mul(r1, d));
        a2 = f32x4.add(a2, f32x4.mul(r2, d));
        a3 = f32x4.add(a3, f32x4.mul(r3, d));
      }
      v128.store(w0, f32x4.add(r0, f32x4.mul(s0, d)));
      v128.store(w1, f32x4.add(r1, f32x4.mul(s1, d)));
      v128.store(w2, f32x4.add(r2, f32x4.mul(s2, d)));
      v128.store(w3, f32x4.add(r3, f32x4.mul(s3, d)));
      if (cols > 1) {
        d = v128.load(delta, 16);
        r0 = v128.load(w0, 16);
        r1 = v128.load(w1, 16);
        r2 = v128.load(w2, 16);
        r3 = v128.load(w3, 16);
        if (withG) {
          a0 = f32x4.add(a0, f32x4.mul(r0, d));
          a1 = f32x4.add(a1, f32x4.mul(r1, d));
          a2 = f32x4.add(a2, f32x4.mul(r2, d));
          a3 = f32x4.add(a3, f32x4.mul(r3, d));
        }
        v128.store(w0, f32x4.add(r0, f32x4.mul(s0, d)), 16);
        v128.store(w1, f32x4.add(r1, f32x4.mul(s1, d)), 16);
        v128.store(w2, f32x4.add(r2, f32x4.mul(s2, d)), 16);
        v128.store(w3, f32x4.add(r3, f32x4.mul(s3, d)), 16);
      }
      if (cols > 2) {
        d = v128.load(delta, 32);
        r0 = v128.load(w0, 32);
        r1 = v128.load(w1, 32);
        r2 = v128.load(w2, 32);
        r3 = v128.load(w3, 32);
        if (withG) {
          a0 = f32x4.add(a0, f32x4.mul(r0, d));
          a1 = f32x4.add(a1, f32x4.mul(r1, d));
          a2 = f32x4.add(a2, f32x4.mul(r2, d));
          a3 = f32x4.add(a3, f32x4.mul(r3, d));
        }
        v128.store(w0, f32x4.add(r0, f32x4.mul(s0, d)), 32);
        v128.store(w1, f32x4.add(r1, f32x4.mul(s1, d)), 32);
        v128.store(w2, f32x4.add(r2, f32x4.mul(s2, d)), 32);
        v128.store(w3, f32x4.add(r3, f32x4.mul(s3, d)), 32);
      }
      if (cols > 3) {
        d = v128.load(delta, 48);
        r0 = v128.load(w0, 48);
        r1 = v128.load(w1, 48);
        r2 = v128.load(w2, 48);
        r3 = v128.load(w3, 48);
        if (withG) {
          a0 = f32x4.add(a0, f32x4.mul(r0, d));
          a1 = f32x4.add(a1, f32x4.mul(r1, d));
          a2 = f32x4.add(a2, f32x4.mul(r2, d));
          a3 = f32x4.add(a3, f32x4.mul(r3, d));
        }
        v128.store(w0, f32x4.add(r0, f32x4.mul(s0, d)), 48);
        v128.store(w1, f32x4.add(r1, f32x4.mul(s1, d)), 48);
        v128.store(w2, f32x4.add(r2, f32x4.mul(s2, d)), 48);
        v128.store(w3, f32x4.add(r3, f32x4.mul(s3, d)), 48);
      }
    } else for (let p: usize = 0; p < rowBytes; p += 16) {
      const d = v128.load(delta + p);
      const r0 = v128.load(w0 + p);
      const r1 = v128.load(w1 + p);
      const r2 = v128.load(w2 + p);
      const r3 = v128.load(w3 + p);
      if (withG) {
        a0 = f32x4.add(a0, f32x4.mul(r0, d));
        a1 = f32x4.add(a1, f32x4.mul(r1, d));
        a2 = f32x4.add(a2, f32x4.mul(r2, d));
        a3 = f32x4.add(a3, f32x4.mul(r3, d));
      }
      if (withDecay) {
        v128.store(w0 + p, f32x4.add(f32x4.mul(r0, vdecay), f32x4.mul(s0, d)));
        v128.store(w1 + p, f32x4.add(f32x4.mul(r1, vdecay), f32x4.mul(s1, d)));
        v128.store(w2 + p, f32x4.add(f32x4.mul(r2, vdecay), f32x4.mul(s2, d)));
        v128.store(w3 + p, f32x4.add(f32x4.mul(r3, vdecay), f32x4.mul(s3, d)));
      } else {
        v128.store(w0 + p, f32x4.add(r0, f32x4.mul(s0, d)));
        v128.store(w1 + p, f32x4.add(r1, f32x4.mul(s1, d)));
        v128.store(w2 + p, f32x4.add(r2, f32x4.mul(s2, d)));
        v128.store(w3 + p, f32x4.add(r3, f32x4.mul(s3, d)));
      }
    }
    if (withG) {
      const gi = reduce4(a0, a1, a2, a3);
      v128.store(g + (<usize>i << 2), der ? f32x4.mul(gi, v128.load(der + (<usize>i << 2))) : gi);
    }
  }
  if (!withG) {
    for (; i < nIn; i++) {
      const wr = w + <usize>i * rowBytes;
      const si = f32x4.splat(-(lr * load<f32>(x + (<usize>i << 2))));
      for (let p: usize = 0; p < rowBytes; p += 16) {
        const r = v128.load(wr + p);
        const d = v128.load(delta + p);
        v128.store(wr + p, withDecay ? f32x4.add(f32x4.mul(r, vdecay), f32x4.mul(si, d)) : f32x4.add(r, f32x4.mul(si, d)));
      }
    }
  }
}

/** denseSgdFusedSimd out of line (tests); the training step inlines the body. */
export function denseSgdFusedSimd(
  nIn: i32, rows: i32, x: usize, w: usize, so: i32, bias: usize, hasBias: bool,
  delta: usize, needG: bool, g: usize, lr: f32, decay: f32, der: usize = 0,
): void {
  denseSgdFusedInline(nIn, rows, x, w, so, bias, hasBias, delta, needG, g, lr, decay, der);
}

/** SIMD kernel of denseSgdFusedScalar: 4 rows per block; g by reduce4 (agrees to rounding). Inlined by the step. */
// @ts-ignore: decorator
@inline
export function denseSgdFusedInline(
  nIn: i32, rows: i32, x: usize, w: usize, so: i32, bias: usize, hasBias: bool,
  delta: usize, needG: bool, g: usize, lr: f32, decay: f32, der: usize = 0,
): void {
  if (!ASC_FEATURE_SIMD) {
    denseSgdFusedScalar(nIn, rows, x, w, so, bias, hasBias, delta, needG, g, lr, decay, der);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    // Four specialised loops: without Δ·Wᵀ when it is not needed, and without the multiply by
    // decay when decay = 1 (λ₂ = 0; w·1 = w exactly), so the same bits with less work.
    const one = decay == 1;
    if (needG) {
      if (one) {
        if (so == 4) sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, true, false, 1);
        else if (so == 8) sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, true, false, 2);
        else if (so == 12) sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, true, false, 3);
        else if (so == 16) sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, true, false, 4);
        else sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, true, false);
      } else sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, true, true);
    } else {
      if (one) sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, false, false);
      else sgdFusedRows(nIn, rows, x, w, so, delta, g, der, lr, decay, false, true);
    }
    const rowBytes = <usize>so << 2;
    if (hasBias) {
      const vlr = f32x4.splat(lr);
      for (let p: usize = 0; p < rowBytes; p += 16) {
        v128.store(bias + p, f32x4.sub(v128.load(bias + p), f32x4.mul(vlr, v128.load(delta + p))));
      }
    }
  }
}

// ----- batch-1 momentum and Adam, fused: input gradient and update in one pass over W -----------

/**
 * Scalar twin. One example (x [sx], δ [so]) and the optimizer state of W (m, v) and of the bias
 * (bm, bv); kind is MOMENTUM or ADAM (optimizers.ts gives the updates). For every row i:
 *   g[i] = Σ_o W[i][o]·δ[o]   (the weights before this update; only if needG; times der[i] when
 *                              der ≠ 0, the next Δ at once)
 *   W[i][o], m, v ← the optimizer's update for the gradient 0 + x[i]·δ[o]
 * then the bias for the gradient 0 + δ[o] (no regularization). The gradient is summed from 0, as
 * the batch kernels sum it, so the updates are those of backward() + applyUpdate() at batch 1:
 * only g's rounding differs (its sum runs in four lanes in the SIMD kernel, in order there).
 * Padding rows (x[i] = 0, zero weights and state) are left alone unless g is needed.
 */
export function denseOptFusedScalar(
  nIn: i32, rows: i32, x: usize, w: usize, m: usize, v: usize, so: i32,
  bias: usize, bm: usize, bv: usize, hasBias: bool, delta: usize, needG: bool, g: usize, der: usize,
  kind: i32, lr: f32, mu: f32, nesterov: bool, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, l1: f32, l2: f32,
): void {
  const last = needG ? rows : nIn;
  const reg = l1 != 0 || l2 != 0;
  for (let i = 0; i < last; i++) {
    const r = (<usize>(i * so)) << 2;
    const xi: f32 = i < nIn ? load<f32>(x + (<usize>i << 2)) : 0;
    let acc: f32 = 0;
    for (let o = 0; o < so; o++) {
      const p = <usize>o << 2;
      const d = load<f32>(delta + p);
      acc += load<f32>(w + r + p) * d;
      const grad: f32 = 0 + xi * d;
      if (kind == MOMENTUM) momentumAt(w + r + p, m + r + p, grad, lr, mu, nesterov, l1, l2, reg);
      else adamAt(w + r + p, m + r + p, v + r + p, grad, lr, beta1, beta2, eps, c1, c2, l1, l2, reg);
    }
    if (needG) store<f32>(g + (<usize>i << 2), der ? acc * load<f32>(der + (<usize>i << 2)) : acc);
  }
  if (hasBias) {
    for (let o = 0; o < so; o++) {
      const p = <usize>o << 2;
      const grad: f32 = 0 + load<f32>(delta + p);
      if (kind == MOMENTUM) momentumAt(bias + p, bm + p, grad, lr, mu, nesterov, 0, 0, false);
      else adamAt(bias + p, bm + p, bv + p, grad, lr, beta1, beta2, eps, c1, c2, 0, 0, false);
    }
  }
}

/** The body of denseOptFusedInline: rows, then the bias (momentum and reg constant at each call, so each loop is specialised). */
// @ts-ignore: decorator
@inline
function optFusedRows(
  nIn: i32, rows: i32, x: usize, w: usize, m: usize, v: usize, so: i32,
  bias: usize, bm: usize, bv: usize, hasBias: bool, delta: usize, needG: bool, g: usize, der: usize,
  momentum: bool, reg: bool, lr: f32, mu: f32, nesterov: bool, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, l1: f32, l2: f32,
): void {
  const rowBytes = <usize>so << 2;
  const zero = f32x4.splat(0);
  const vlr = f32x4.splat(lr);
  const vmu = f32x4.splat(mu);
  const vb1 = f32x4.splat(beta1);
  const vb2 = f32x4.splat(beta2);
  const v1b1 = f32x4.splat(<f32>1.0 - beta1);
  const v1b2 = f32x4.splat(<f32>1.0 - beta2);
  const vc1 = f32x4.splat(c1);
  const vc2 = f32x4.splat(c2);
  const ve = f32x4.splat(eps);
  const vl1 = f32x4.splat(l1);
  const vl2 = f32x4.splat(l2);
  // Without g, only the rows of real inputs: blocks of four, then one at a time.
  const last = needG ? rows : nIn & ~3;
  let i = 0;
  for (; i < last; i += 4) {
    const r0 = <usize>i * rowBytes;
    let sv = v128.load(x + (<usize>i << 2));
    if (i + 4 > nIn) sv = v128.and(sv, i32x4.gt_s(i32x4.splat(nIn - i), i32x4(0, 1, 2, 3)));
    const s0 = v128.shuffle<f32>(sv, sv, 0, 0, 0, 0);
    const s1 = v128.shuffle<f32>(sv, sv, 1, 1, 1, 1);
    const s2 = v128.shuffle<f32>(sv, sv, 2, 2, 2, 2);
    const s3 = v128.shuffle<f32>(sv, sv, 3, 3, 3, 3);
    let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
    for (let p: usize = 0; p < rowBytes; p += 16) {
      const d = v128.load(delta + p);
      const q0 = r0 + p;
      const q1 = q0 + rowBytes;
      const q2 = q1 + rowBytes;
      const q3 = q2 + rowBytes;
      if (needG) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(w + q0), d));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(w + q1), d));
        a2 = f32x4.add(a2, f32x4.mul(v128.load(w + q2), d));
        a3 = f32x4.add(a3, f32x4.mul(v128.load(w + q3), d));
      }
      const g0 = f32x4.add(zero, f32x4.mul(s0, d));
      const g1 = f32x4.add(zero, f32x4.mul(s1, d));
      const g2 = f32x4.add(zero, f32x4.mul(s2, d));
      const g3 = f32x4.add(zero, f32x4.mul(s3, d));
      if (momentum) {
        vMomentumAt(w + q0, m + q0, g0, vlr, vmu, nesterov, vl1, vl2, reg);
        vMomentumAt(w + q1, m + q1, g1, vlr, vmu, nesterov, vl1, vl2, reg);
        vMomentumAt(w + q2, m + q2, g2, vlr, vmu, nesterov, vl1, vl2, reg);
        vMomentumAt(w + q3, m + q3, g3, vlr, vmu, nesterov, vl1, vl2, reg);
      } else {
        vAdamAt(w + q0, m + q0, v + q0, g0, vlr, vb1, vb2, v1b1, v1b2, vc1, vc2, ve, vl1, vl2, reg);
        vAdamAt(w + q1, m + q1, v + q1, g1, vlr, vb1, vb2, v1b1, v1b2, vc1, vc2, ve, vl1, vl2, reg);
        vAdamAt(w + q2, m + q2, v + q2, g2, vlr, vb1, vb2, v1b1, v1b2, vc1, vc2, ve, vl1, vl2, reg);
        vAdamAt(w + q3, m + q3, v + q3, g3, vlr, vb1, vb2, v1b1, v1b2, vc1, vc2, ve, vl1, vl2, reg);
      }
    }
    if (needG) {
      const gi = reduce4(a0, a1, a2, a3);
      v128.store(g + (<usize>i << 2), der ? f32x4.mul(gi, v128.load(der + (<usize>i << 2))) : gi);
    }
  }
  if (!needG) {
    for (; i < nIn; i++) {
      const r = <usize>i * rowBytes;
      const si = f32x4.splat(load<f32>(x + (<usize>i << 2)));
      for (let p: usize = 0; p < rowBytes; p += 16) {
        const gr = f32x4.add(zero, f32x4.mul(si, v128.load(delta + p)));
        if (momentum) vMomentumAt(w + r + p, m + r + p, gr, vlr, vmu, nesterov, vl1, vl2, reg);
        else vAdamAt(w + r + p, m + r + p, v + r + p, gr, vlr, vb1, vb2, v1b1, v1b2, vc1, vc2, ve, vl1, vl2, reg);
      }
    }
  }
  if (hasBias) {
    // The bias: the gradient 0 + δ, no penalty.
    for (let p: usize = 0; p < rowBytes; p += 16) {
      const gr = f32x4.add(zero, v128.load(delta + p));
      if (momentum) vMomentumAt(bias + p, bm + p, gr, vlr, vmu, nesterov, zero, zero, false);
      else vAdamAt(bias + p, bm + p, bv + p, gr, vlr, vb1, vb2, v1b1, v1b2, vc1, vc2, ve, zero, zero, false);
    }
  }
}

/** denseOptFusedInline out of line (tests); the training step inlines the body. */
export function denseOptFusedSimd(
  nIn: i32, rows: i32, x: usize, w: usize, m: usize, v: usize, so: i32,
  bias: usize, bm: usize, bv: usize, hasBias: bool, delta: usize, needG: bool, g: usize, der: usize,
  kind: i32, lr: f32, mu: f32, nesterov: bool, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, l1: f32, l2: f32,
): void {
  denseOptFusedInline(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, kind, lr, mu, nesterov, beta1, beta2, eps, c1, c2, l1, l2);
}

/**
 * SIMD kernel of denseOptFusedScalar: blocks of four rows, each Δ vector loaded once for the four;
 * the updates lane by lane as the twin's (so the same bits), g by reduce4 (agrees to rounding).
 */
// @ts-ignore: decorator
@inline
export function denseOptFusedInline(
  nIn: i32, rows: i32, x: usize, w: usize, m: usize, v: usize, so: i32,
  bias: usize, bm: usize, bv: usize, hasBias: bool, delta: usize, needG: bool, g: usize, der: usize,
  kind: i32, lr: f32, mu: f32, nesterov: bool, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, l1: f32, l2: f32,
): void {
  if (!ASC_FEATURE_SIMD) {
    denseOptFusedScalar(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, kind, lr, mu, nesterov, beta1, beta2, eps, c1, c2, l1, l2);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    // The loops specialised for the optimizer and for whether a penalty applies.
    const reg = l1 != 0 || l2 != 0;
    if (kind == MOMENTUM) {
      if (reg) optFusedRows(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, true, true, lr, mu, nesterov, beta1, beta2, eps, c1, c2, l1, l2);
      else optFusedRows(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, true, false, lr, mu, nesterov, beta1, beta2, eps, c1, c2, l1, l2);
    } else {
      if (reg) optFusedRows(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, false, true, lr, mu, nesterov, beta1, beta2, eps, c1, c2, l1, l2);
      else optFusedRows(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, false, false, lr, mu, nesterov, beta1, beta2, eps, c1, c2, l1, l2);
    }
  }
}

// ----- elementwise -------------------------------------------------------------------------------

/** Scalar twin: out[k] = a[k]·b[k] for k < count (Δ = g ⊙ f'(z)). */
export function hadamardScalar(a: usize, b: usize, out: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    store<f32>(out + p, load<f32>(a + p) * load<f32>(b + p));
  }
}

export function hadamardSimd(a: usize, b: usize, out: usize, count: i32): void {
  if (ASC_FEATURE_SIMD) {
    const end = <usize>count << 2;
    for (let p: usize = 0; p < end; p += 16) v128.store(out + p, f32x4.mul(v128.load(a + p), v128.load(b + p)));
  } else hadamardScalar(a, b, out, count);
}

// ----- read-out: example-major activations to neuron-major planes ------------------------------

/**
 * Scalar twin: dst[u·plane + k] = src[k·stride + u] for u < n, k < count (plane in floats,
 * stride = pad4(n) floats). Copies each neuron's values over `count` examples into its plane.
 */
export function transposeOutScalar(src: usize, stride: i32, count: i32, n: i32, dst: usize, plane: i32): void {
  const rowBytes = <usize>stride << 2;
  const planeBytes = <usize>plane << 2;
  let d = dst;
  for (let u = 0; u < n; u++) {
    let q = src + (<usize>u << 2);
    for (let k = 0; k < count; k++) {
      store<f32>(d + (<usize>k << 2), load<f32>(q));
      q += rowBytes;
    }
    d += planeBytes;
  }
}

/** SIMD kernel of transposeOutScalar: 4 examples × 4 neurons per 4×4 transpose (a pure copy). */
export function transposeOutSimd(src: usize, stride: i32, count: i32, n: i32, dst: usize, plane: i32): void {
  if (!ASC_FEATURE_SIMD) {
    transposeOutScalar(src, stride, count, n, dst, plane);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const rowBytes = <usize>stride << 2;
    const planeBytes = <usize>plane << 2;
    const count4 = count & ~3;
    for (let u = 0; u < n; u += 4) {
      const d0 = dst + <usize>u * planeBytes;
      const d1 = d0 + planeBytes;
      const d2 = d1 + planeBytes;
      const d3 = d2 + planeBytes;
      const left = n - u; // neurons in this block that exist (≥ 1); padding lanes are not stored
      let q = src + (<usize>u << 2);
      for (let k = 0; k < count4; k += 4) {
        const r0 = v128.load(q);
        const r1 = v128.load(q + rowBytes);
        const r2 = v128.load(q + 2 * rowBytes);
        const r3 = v128.load(q + 3 * rowBytes);
        const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // r0.0 r1.0 r0.1 r1.1
        const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // r2.0 r3.0 r2.1 r3.1
        const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // r0.2 r1.2 r0.3 r1.3
        const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // r2.2 r3.2 r2.3 r3.3
        const p = <usize>k << 2;
        v128.store(d0 + p, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
        if (left > 1) v128.store(d1 + p, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
        if (left > 2) v128.store(d2 + p, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
        if (left > 3) v128.store(d3 + p, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
        q += rowBytes << 2;
      }
      for (let k = count4; k < count; k++) {
        const p = <usize>k << 2;
        store<f32>(d0 + p, load<f32>(q));
        if (left > 1) store<f32>(d1 + p, load<f32>(q, 4));
        if (left > 2) store<f32>(d2 + p, load<f32>(q, 8));
        if (left > 3) store<f32>(d3 + p, load<f32>(q, 12));
        q += rowBytes;
      }
    }
  }
}
