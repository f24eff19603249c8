// Fast approximations of exp, ln, sin and cos, in the spirit of Paul Mineiro's fastapprox:
// build 2^k straight in the float's exponent bits, read the exponent out of the bits for ln, and
// cover what is left with a short polynomial on a reduced range. Each function has a scalar form
// (the specification) and a four-lane SIMD form that performs the same operations in the same
// order, so both give the same bits lane by lane.
//
// Errors (relative unless said) measured over the ranges the activations use; the activations'
// own worst absolute errors over [−20, 20] are listed in activations.ts and checked by
// tests/engine/approximations.test.ts.
//   fastExp   relative error < 1.5e-6 for |x| ≤ 20 and < 5e-6 for |x| ≤ 87 (the rounding of x·log₂e
//             to float32 dominates; the polynomial alone is within 1.2e-7); clamps x·log₂e to ±126 (no inf, no denormals)
//   fastLn    relative error < 2e-7 for normal positive x
//   fastSin / fastCos   absolute error < 3e-7 for |x| ≤ 20 (grows slowly with |x| through the
//             rounding of the range reduction); within [−1, 1] for every finite x

import { c4, EXP_BIAS, HALF, ONE, ROUND_MAGIC, TWO } from './exactmath';

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.4426950408889634;
// @ts-ignore: decorator
@inline const LN2: f32 = 0.6931471805599453;
// 2π split in two so that k·TWO_PI_HI is exact for |k| < 2^15 (Cody–Waite reduction).
// @ts-ignore: decorator
@inline const TWO_PI_HI: f32 = 6.28125;
// @ts-ignore: decorator
@inline const TWO_PI_LO: f32 = 0.0019353071795864769;
// @ts-ignore: decorator
@inline const INV_TWO_PI: f32 = 0.15915494309189535;
// @ts-ignore: decorator
@inline const PI: f32 = 3.141592653589793;
// @ts-ignore: decorator
@inline const HALF_PI: f32 = 1.5707963267948966;
// @ts-ignore: decorator
@inline const SQRT2: f32 = 1.4142135623730951;

// Taylor coefficients of 2^f = e^(f·ln 2) up to f⁶; on f ∈ [−½, ½] the truncation error is 1.2e-7.
// @ts-ignore: decorator
@inline const E1: f32 = 0.6931471805599453;
// @ts-ignore: decorator
@inline const E2: f32 = 0.2402265069591007;
// @ts-ignore: decorator
@inline const E3: f32 = 0.05550410866482158;
// @ts-ignore: decorator
@inline const E4: f32 = 0.009618129107628477;
// @ts-ignore: decorator
@inline const E5: f32 = 0.0013333558146428443;
// @ts-ignore: decorator
@inline const E6: f32 = 0.00015403530393381606;

/** e^x ≈ 2^k · p(f), k = round(x·log₂e), f = x·log₂e − k ∈ [−½, ½]; x·log₂e clamped to [−126, 126]. */
// @ts-ignore: decorator
@inline
export function fastExp(x: f32): f32 {
  let t = x * LOG2E;
  t = min<f32>(max<f32>(t, -126.0), 126.0);
  const k = nearest<f32>(t);
  const f = t - k;
  const p: f32 = 1.0 + f * (E1 + f * (E2 + f * (E3 + f * (E4 + f * (E5 + f * E6)))));
  const scale = reinterpret<f32>((<i32>k + 127) << 23);
  return p * scale;
}

// The series' coefficients, named for the power they multiply: 1/n (ln's atanh series), ±1/n!
// (sin and cos). The scalar and SIMD forms read the same values.
// @ts-ignore: decorator
@inline const LN_3: f32 = 0.3333333333;
// @ts-ignore: decorator
@inline const LN_5: f32 = 0.2;
// @ts-ignore: decorator
@inline const LN_7: f32 = 0.14285714285;
// @ts-ignore: decorator
@inline const LN_9: f32 = 0.11111111111;
// @ts-ignore: decorator
@inline const SIN_3: f32 = -0.16666666666666666;
// @ts-ignore: decorator
@inline const SIN_5: f32 = 0.008333333333333333;
// @ts-ignore: decorator
@inline const SIN_7: f32 = -0.0001984126984126984;
// @ts-ignore: decorator
@inline const SIN_9: f32 = 2.7557319223985893e-6;
// @ts-ignore: decorator
@inline const SIN_11: f32 = -2.505210838544172e-8;
// @ts-ignore: decorator
@inline const COS_2: f32 = -0.5;
// @ts-ignore: decorator
@inline const COS_4: f32 = 0.041666666666666664;
// @ts-ignore: decorator
@inline const COS_6: f32 = -0.001388888888888889;
// @ts-ignore: decorator
@inline const COS_8: f32 = 2.48015873015873e-5;
// @ts-ignore: decorator
@inline const COS_10: f32 = -2.755731922398589e-7;
// @ts-ignore: decorator
@inline const COS_12: f32 = 2.08767569878681e-9;

/** ln x ≈ e·ln 2 + 2·atanh(s), s = (m − 1)/(m + 1), m ∈ [√½, √2) the mantissa; x must be positive and normal. */
// @ts-ignore: decorator
@inline
export function fastLn(x: f32): f32 {
  const bits = reinterpret<i32>(x);
  let e = <f32>((bits >> 23) - 127);
  let m = reinterpret<f32>((bits & 0x7fffff) | 0x3f800000);
  if (m > SQRT2) {
    m = m * 0.5;
    e = e + 1.0;
  }
  const s = (m - 1.0) / (m + 1.0);
  const s2 = s * s;
  const series: f32 = 1.0 + s2 * (LN_3 + s2 * (LN_5 + s2 * (LN_7 + s2 * LN_9)));
  return e * LN2 + 2.0 * s * series;
}

// sin and cos on u ∈ [−π/2, π/2] by Taylor series to u¹¹ and u¹² (truncation < 6e-8).
// @ts-ignore: decorator
@inline
function sinPoly(u: f32): f32 {
  const u2 = u * u;
  return u * (1.0 + u2 * (SIN_3 + u2 * (SIN_5 + u2 * (SIN_7 + u2 * (SIN_9 + u2 * SIN_11)))));
}
// @ts-ignore: decorator
@inline
function cosPoly(u: f32): f32 {
  const u2 = u * u;
  return 1.0 + u2 * (COS_2 + u2 * (COS_4 + u2 * (COS_6 + u2 * (COS_8 + u2 * (COS_10 + u2 * COS_12)))));
}

// Beyond this |x| the reduction's k·TWO_PI_HI stops being exact (|k| ≥ 2^15 from about 205,887
// on), r can land far outside [−π, π], and the series there grew without bound (fast sin 1e30 was
// Infinity, a training step's loss with it). So x is first clamped to ±REDUCE_EXACT: fast sin and
// cos stay in [−1, 1] for every x, with the same bits as before up to it; beyond it their values
// are those at ±REDUCE_EXACT, bounded but not accurate (exact mode is).
// @ts-ignore: decorator
@inline const REDUCE_EXACT: f32 = 131072;

/** x reduced to r ∈ [−π, π] with r ≡ x (mod 2π), x first clamped to ±REDUCE_EXACT. */
// @ts-ignore: decorator
@inline
function reduce(x: f32): f32 {
  const xc = min<f32>(max<f32>(x, -REDUCE_EXACT), REDUCE_EXACT);
  const k = nearest<f32>(xc * INV_TWO_PI);
  return xc - k * TWO_PI_HI - k * TWO_PI_LO;
}

/** sin x: reduce to [−π, π], reflect into [−π/2, π/2] (sin(π − r) = sin r), then the series. */
// @ts-ignore: decorator
@inline
export function fastSin(x: f32): f32 {
  const r = reduce(x);
  let u = r;
  if (r > HALF_PI) u = PI - r;
  if (r < -HALF_PI) u = -PI - r;
  return sinPoly(u);
}

/** cos x: reduce to [−π, π], reflect |r| into [0, π/2] (cos(π − s) = −cos s), then the series. */
// @ts-ignore: decorator
@inline
export function fastCos(x: f32): f32 {
  const s = abs<f32>(reduce(x));
  if (s > HALF_PI) return -cosPoly(PI - s);
  return cosPoly(s);
}

// ---------------------------------------------------------------------------------------------
// SIMD forms: the same operations lane by lane. Only compiled into the SIMD build.

// The SIMD forms' constants, each read from memory in four lanes (c4: one vbroadcastss) rather
// than written as a v128 constant: Chromium's V8 (15) builds a v128 constant anew at each use,
// in every iteration of a loop. That made the fast GCU slower than the exact one in Chromium
// (0.85×; the exact forms read their constants so, exactmath.ts) and cost the fast tanh network
// about a sixth there; Node's V8 (11) lost up to a tenth on GCU without the clamp change below.
// The same values, so the same results, bit for bit.
const V_LOG2E: usize = memory.data<f32>([LOG2E]);
const V_MANTISSA: usize = memory.data<i32>([0x7fffff]);
const V_ONE_BITS: usize = memory.data<i32>([0x3f800000]);
const V_EXP_PLAIN: usize = memory.data<f32>([87.0]);
const V_NEG_126: usize = memory.data<f32>([-126.0]);
const V_126: usize = memory.data<f32>([126.0]);
const V_E5: usize = memory.data<f32>([E5]);
const V_E6: usize = memory.data<f32>([E6]);
const V_E4: usize = memory.data<f32>([E4]);
const V_E3: usize = memory.data<f32>([E3]);
const V_E2: usize = memory.data<f32>([E2]);
const V_E1: usize = memory.data<f32>([E1]);
const V_SQRT2: usize = memory.data<f32>([SQRT2]);
const V_LN_7: usize = memory.data<f32>([LN_7]);
const V_LN_9: usize = memory.data<f32>([LN_9]);
const V_LN_5: usize = memory.data<f32>([LN_5]);
const V_LN_3: usize = memory.data<f32>([LN_3]);
const V_LN2: usize = memory.data<f32>([LN2]);
const V_SIN_9: usize = memory.data<f32>([SIN_9]);
const V_SIN_11: usize = memory.data<f32>([SIN_11]);
const V_SIN_7: usize = memory.data<f32>([SIN_7]);
const V_SIN_5: usize = memory.data<f32>([SIN_5]);
const V_SIN_3: usize = memory.data<f32>([SIN_3]);
const V_COS_10: usize = memory.data<f32>([COS_10]);
const V_COS_12: usize = memory.data<f32>([COS_12]);
const V_COS_8: usize = memory.data<f32>([COS_8]);
const V_COS_6: usize = memory.data<f32>([COS_6]);
const V_COS_4: usize = memory.data<f32>([COS_4]);
const V_COS_2: usize = memory.data<f32>([COS_2]);
const V_REDUCE_MAX: usize = memory.data<f32>([REDUCE_EXACT]);
const V_REDUCE_MIN: usize = memory.data<f32>([-REDUCE_EXACT]);
const V_INV_TWO_PI: usize = memory.data<f32>([INV_TWO_PI]);
const V_TWO_PI_HI: usize = memory.data<f32>([TWO_PI_HI]);
const V_TWO_PI_LO: usize = memory.data<f32>([TWO_PI_LO]);
const V_PI: usize = memory.data<f32>([PI]);
const V_HALF_PI: usize = memory.data<f32>([HALF_PI]);
const V_NEG_PI: usize = memory.data<f32>([-PI]);
const V_NEG_HALF_PI: usize = memory.data<f32>([-HALF_PI]);

// @ts-ignore: decorator
@inline
export function vFastExp(x: v128): v128 {
  let t = f32x4.mul(x, c4(V_LOG2E));
  // The clamp to [−126, 126] changes nothing where every |x| ≤ 87 (|t| < 125.6), the usual
  // case; leaving it out of that path (a well-predicted branch) shortens the chain of dependent
  // operations, which is what a batch-1 step waits on. NaN fails the test and takes the clamp.
  if (!v128.all_true<i32>(f32x4.le(f32x4.abs(x), c4(V_EXP_PLAIN)))) {
    // pmax/pmin (one instruction each) equal max/min here: t comes first, so a NaN t stays NaN,
    // and the bounds are never ±0.
    t = f32x4.pmin(f32x4.pmax(t, c4(V_NEG_126)), c4(V_126));
  }
  // k = nearest(t): |t| ≤ 126, so t + 1.5·2²³ rounds t to an integer (ties to even, as nearest
  // does) and subtracting 1.5·2²³ again is exact; two additions are quicker than nearest.
  const shifted = f32x4.add(t, c4(ROUND_MAGIC));
  const k = f32x4.sub(shifted, c4(ROUND_MAGIC));
  const f = f32x4.sub(t, k);
  let p = f32x4.add(c4(V_E5), f32x4.mul(f, c4(V_E6)));
  p = f32x4.add(c4(V_E4), f32x4.mul(f, p));
  p = f32x4.add(c4(V_E3), f32x4.mul(f, p));
  p = f32x4.add(c4(V_E2), f32x4.mul(f, p));
  p = f32x4.add(c4(V_E1), f32x4.mul(f, p));
  p = f32x4.add(c4(ONE), f32x4.mul(f, p));
  // The bits of k + 1.5·2²³ are 0x4b400000 + k, so (bits + 127) << 23 is 2^k (0x4b400000 << 23
  // vanishes): the same bits as trunc_sat, in one add.
  const scale = i32x4.shl(i32x4.add(shifted, c4(EXP_BIAS)), 23);
  return f32x4.mul(p, scale);
}

// @ts-ignore: decorator
@inline
export function vFastLn(x: v128): v128 {
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(x, 23), c4(EXP_BIAS)));
  let m = v128.or(v128.and(x, c4(V_MANTISSA)), c4(V_ONE_BITS));
  const big = f32x4.gt(m, c4(V_SQRT2));
  m = v128.bitselect(f32x4.mul(m, c4(HALF)), m, big);
  e = v128.bitselect(f32x4.add(e, c4(ONE)), e, big);
  const one = c4(ONE);
  const s = f32x4.div(f32x4.sub(m, one), f32x4.add(m, one));
  const s2 = f32x4.mul(s, s);
  let q = f32x4.add(c4(V_LN_7), f32x4.mul(s2, c4(V_LN_9)));
  q = f32x4.add(c4(V_LN_5), f32x4.mul(s2, q));
  q = f32x4.add(c4(V_LN_3), f32x4.mul(s2, q));
  q = f32x4.add(one, f32x4.mul(s2, q));
  return f32x4.add(f32x4.mul(e, c4(V_LN2)), f32x4.mul(f32x4.mul(c4(TWO), s), q));
}

// @ts-ignore: decorator
@inline
function vSinPoly(u: v128): v128 {
  const u2 = f32x4.mul(u, u);
  let p = f32x4.add(c4(V_SIN_9), f32x4.mul(u2, c4(V_SIN_11)));
  p = f32x4.add(c4(V_SIN_7), f32x4.mul(u2, p));
  p = f32x4.add(c4(V_SIN_5), f32x4.mul(u2, p));
  p = f32x4.add(c4(V_SIN_3), f32x4.mul(u2, p));
  p = f32x4.add(c4(ONE), f32x4.mul(u2, p));
  return f32x4.mul(u, p);
}

// @ts-ignore: decorator
@inline
function vCosPoly(u: v128): v128 {
  const u2 = f32x4.mul(u, u);
  let p = f32x4.add(c4(V_COS_10), f32x4.mul(u2, c4(V_COS_12)));
  p = f32x4.add(c4(V_COS_8), f32x4.mul(u2, p));
  p = f32x4.add(c4(V_COS_6), f32x4.mul(u2, p));
  p = f32x4.add(c4(V_COS_4), f32x4.mul(u2, p));
  p = f32x4.add(c4(V_COS_2), f32x4.mul(u2, p));
  return f32x4.add(c4(ONE), f32x4.mul(u2, p));
}

/** x reduced to r ∈ [−π, π] (the SIMD form of reduce, x clamped alike); vFastSinOf and vFastCosOf take r. */
// @ts-ignore: decorator
@inline
export function vFastReduce(x: v128): v128 {
  // The clamp on every call (pmin/pmax equal min/max here: x first, so a NaN stays NaN; the
  // bounds are not ±0). A branch around it, as vFastExp has, was quicker with the bounds as v128
  // constants; read from memory, the branch's test cost more than the clamp it saved (the GCU
  // layer of 256: 874k against 812k examples/s in Node, 863k against 845k in Chromium).
  // vFastExp's branch was not measured again: its clamp is after the multiply, on the chain.
  const xc = f32x4.pmin(f32x4.pmax(x, c4(V_REDUCE_MIN)), c4(V_REDUCE_MAX));
  const k = f32x4.nearest(f32x4.mul(xc, c4(V_INV_TWO_PI)));
  return f32x4.sub(f32x4.sub(xc, f32x4.mul(k, c4(V_TWO_PI_HI))), f32x4.mul(k, c4(V_TWO_PI_LO)));
}

/** sin of x from its reduction r = vFastReduce(x): reflect into [−π/2, π/2], then the series. */
// @ts-ignore: decorator
@inline
export function vFastSinOf(r: v128): v128 {
  let u = v128.bitselect(f32x4.sub(c4(V_PI), r), r, f32x4.gt(r, c4(V_HALF_PI)));
  u = v128.bitselect(f32x4.sub(c4(V_NEG_PI), r), u, f32x4.lt(r, c4(V_NEG_HALF_PI)));
  return vSinPoly(u);
}

/** cos of x from its reduction r = vFastReduce(x): reflect |r| into [0, π/2], then the series. */
// @ts-ignore: decorator
@inline
export function vFastCosOf(r: v128): v128 {
  const s = f32x4.abs(r);
  const big = f32x4.gt(s, c4(V_HALF_PI));
  const c = vCosPoly(v128.bitselect(f32x4.sub(c4(V_PI), s), s, big));
  return v128.bitselect(f32x4.neg(c), c, big);
}
