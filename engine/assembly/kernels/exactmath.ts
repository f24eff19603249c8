// Four-lane forms of AssemblyScript's Mathf.sin, Mathf.cos, Mathf.tanh and Mathf.exp that give
// the same bits as Mathf lane by lane, so the exact mode and the targets can run four lanes at a
// time without changing a single result (exp is described where it is defined, below). Mathf is
// the scalar twin: tests/engine/exactmath.test.ts compares them bit for bit over a dense sweep of
// every float32 range and the special values, and `npm run test:every-float` (by hand: minutes)
// over all 2³² float32 values.
//
// Mathf.sin and Mathf.cos (musl's sinf and cosf) reduce |x| by a multiple q of π/2 in float64,
// then evaluate one of two float64 polynomials (__sindf, __cosdf) on the remainder r and round to
// float32: for |x| ≤ 9π/4 the multiple is the interval index k (boundaries at π/4, 3π/4, 5π/4,
// 7π/4) and r = |x| − k·(π/2), with k·(π/2) exactly the float64 constants musl uses; beyond that,
// q = nearest(|x|·2/π) and r = (|x| − q·pio2hi) − q·pio2lo. Both are r = (|x| − q·A) − q·B, with
// (A, B) = (π/2, 0) in the first case (subtracting +0 changes nothing). The quadrant q mod 4
// picks the polynomial and the sign, and sin takes the sign of x: every step is the same float64
// operation musl performs, so the same rounding. Lanes with |x| ≥ 2²⁸·π/2 (where musl switches to
// a multi-word reduction), infinities and NaN send the whole vector to Mathf.
//
// Mathf.tanh (musl's tanhf) is float32 throughout: expm1f of ±2|x| on one of three ranges, then
// one division. expm1f's reconstruction depends on k = round(x/ln 2); on the arguments tanh
// passes (−0.52 ≤ x ≤ 20) only k = −1, 0, 1 and 2…29 occur, each computed in every lane and
// selected. float32 and float64 operations in Wasm are IEEE-exact (no fused multiply-add), so the
// lanes round exactly as the scalar code does.

// musl's __sindf and __cosdf coefficients, and the reduction constants of sinf, cosf, rem_pio2f.
// @ts-ignore: decorator
@inline const S1: f64 = -0.16666666641626524; // 0xBFC5555554CBAC77
// @ts-ignore: decorator
@inline const S2: f64 = 0.008333329385889463; // 0x3F811110896EFBB2
// @ts-ignore: decorator
@inline const S3: f64 = -0.00019839334836096632; // 0xBF2A00F9E2CAE774
// @ts-ignore: decorator
@inline const S4: f64 = 2.718311493989822e-6; // 0x3EC6CD878C3B46A7
// @ts-ignore: decorator
@inline const C0: f64 = -0.499999997251031; // 0xBFDFFFFFFD0C5E81
// @ts-ignore: decorator
@inline const C1: f64 = 0.04166662332373906; // 0x3FA55553E1053A42
// @ts-ignore: decorator
@inline const C2: f64 = -0.001388676377460993; // 0xBF56C087E80F1E27
// @ts-ignore: decorator
@inline const C3: f64 = 2.439044879627741e-5; // 0x3EF99342E0EE5069
// @ts-ignore: decorator
@inline const PIO2: f64 = 1.5707963267948966; // 0x3FF921FB54442D18; 2×, 3×, 4× it are musl's s2pio2…s4pio2 exactly
// @ts-ignore: decorator
@inline const PIO2_HI: f64 = 1.5707963109016418; // 0x3FF921FB50000000
// @ts-ignore: decorator
@inline const PIO2_LO: f64 = 1.5893254773528196e-8; // 0x3E5110B4611A6263
// @ts-ignore: decorator
@inline const INV_PIO2: f64 = 0.6366197723675814; // 0x3FE45F306DC9C883

/**
 * Where vExactSinCos leaves its two results (a function returns one value; v128 globals would
 * not compile into the scalar build): sin at SIN_COS, cos at SIN_COS + 16.
 */
export const SIN_COS: usize = memory.data(32, 16);

// The constants of sin and cos (read with c2 and c4, below).
const S1_2: usize = memory.data<f64>([S1]);
const S2_2: usize = memory.data<f64>([S2]);
const S3_2: usize = memory.data<f64>([S3]);
const S4_2: usize = memory.data<f64>([S4]);
const C0_2: usize = memory.data<f64>([C0]);
const C1_2: usize = memory.data<f64>([C1]);
const C2_2: usize = memory.data<f64>([C2]);
const C3_2: usize = memory.data<f64>([C3]);
const ONE_2: usize = memory.data<f64>([1.0]);
const PIO2_2: usize = memory.data<f64>([PIO2]);
const PIO2_HI_2: usize = memory.data<f64>([PIO2_HI]);
const PIO2_LO_2: usize = memory.data<f64>([PIO2_LO]);
const INV_PIO2_2: usize = memory.data<f64>([INV_PIO2]);
// The float32 bits of musl's boundaries: π/4, 3π/4, 5π/4, 7π/4, 9π/4, 2²⁸·π/2, 2⁻¹².
const PIO4_BITS: usize = memory.data<u32>([0x3f490fda]);
const PIO4_3_BITS: usize = memory.data<u32>([0x4016cbe3]);
const PIO4_5_BITS: usize = memory.data<u32>([0x407b53d1]);
const PIO4_7_BITS: usize = memory.data<u32>([0x40afeddf]);
const PIO4_9_BITS: usize = memory.data<u32>([0x40e231d5]);
const HUGE_BITS: usize = memory.data<u32>([0x4dc90fdb]);
const TINY_END_BITS: usize = memory.data<u32>([0x39800000]);
const INT_ONE: usize = memory.data<u32>([1]);
const INT_TWO: usize = memory.data<u32>([2]);

/**
 * A constant of this file, from its static data into every lane: V8 builds a v128 constant with
 * three instructions, two of them on the shuffle port, wherever it is used; the load is one.
 * c2 for float64 pairs, c4 for 32-bit lanes.
 */
// @ts-ignore: decorator
@inline
function c2(p: usize): v128 {
  return v128.load64_splat(p);
}

// @ts-ignore: decorator
@inline
export function c4(p: usize): v128 {
  return v128.load32_splat(p);
}

// __sindf and __cosdf on two float64 lanes, in musl's order of operations; z = r², w = z².
// @ts-ignore: decorator
@inline
function vSinKernel(r: v128, z: v128, w: v128): v128 {
  const q = f64x2.add(c2(S3_2), f64x2.mul(z, c2(S4_2)));
  const s = f64x2.mul(z, r);
  return f64x2.add(
    f64x2.add(r, f64x2.mul(s, f64x2.add(c2(S1_2), f64x2.mul(z, c2(S2_2))))),
    f64x2.mul(f64x2.mul(s, w), q),
  );
}

// @ts-ignore: decorator
@inline
function vCosKernel(z: v128, w: v128): v128 {
  const q = f64x2.add(c2(C2_2), f64x2.mul(z, c2(C3_2)));
  return f64x2.add(
    f64x2.add(f64x2.add(c2(ONE_2), f64x2.mul(z, c2(C0_2))), f64x2.mul(w, c2(C1_2))),
    f64x2.mul(f64x2.mul(w, z), q),
  );
}

/**
 * The remainder r (two float64 lanes) of |x| for the multiples q (two float64 lanes); `medium`
 * (two 64-bit lane masks) marks the lanes reduced as rem_pio2f does.
 */
// @ts-ignore: decorator
@inline
function vRemainder(ax: v128, q: v128, medium: v128, anyMedium: bool): v128 {
  if (!anyMedium) return f64x2.sub(ax, f64x2.mul(q, c2(PIO2_2)));
  const a = v128.bitselect(c2(PIO2_HI_2), c2(PIO2_2), medium);
  const b = v128.and(c2(PIO2_LO_2), medium);
  return f64x2.sub(f64x2.sub(ax, f64x2.mul(q, a)), f64x2.mul(q, b));
}

/** vExactSinCos's `range`: what the caller guarantees about |x| in every lane. */
// @ts-ignore: decorator
@inline const ANY_X: i32 = 0;
/** |x| ≤ 9π/4 (the medium and huge ranges, infinities and NaN are left out). */
// @ts-ignore: decorator
@inline export const SMALL_X: i32 = 1;
/** 2⁻¹² ≤ |x| ≤ 9π/4 (the tiny range is left out as well). */
// @ts-ignore: decorator
@inline const MODERATE_X: i32 = 2;

/** Whether some lane of x has |x| > 9π/4 (or is infinite or NaN): SMALL_X does not hold. */
// @ts-ignore: decorator
@inline
export function beyondSmall(x: v128): bool {
  return v128.any_true(i32x4.gt_s(v128.and(x, c4(ABS_BITS)), c4(PIO4_9_BITS)));
}

/**
 * sin and cos of the four float32 lanes of x, into `out` (sin) and `out` + 16 (cos): the bits of
 * Mathf.sin and Mathf.cos lane by lane. With `four` false only lanes 0 and 1 are computed (2 and
 * 3 are left as 0). `range` (ANY_X, SMALL_X, MODERATE_X) is what the caller guarantees about
 * every lane; the checks for the ranges left out are left out (they give the same bits there).
 * With `gcu`, GCU and its derivative are stored instead (see storeSinCos).
 */
// @ts-ignore: decorator
@inline
export function vExactSinCos(
  x: v128,
  out: usize = SIN_COS,
  four: bool = true,
  range: i32 = ANY_X,
  gcuDerivative: usize = 0,
  gcu: bool = false,
): void {
  const ux = v128.and(x, c4(ABS_BITS)); // |x|, as bits and as float
  if (range == ANY_X && v128.any_true(i32x4.ge_s(ux, c4(HUGE_BITS)))) {
    // 2²⁸·π/2 or more, infinite or NaN: Mathf, lane by lane.
    const x0 = f32x4.extract_lane(x, 0);
    const x1 = f32x4.extract_lane(x, 1);
    const x2 = f32x4.extract_lane(x, 2);
    const x3 = f32x4.extract_lane(x, 3);
    let s = f32x4.splat(Mathf.sin(x0));
    s = f32x4.replace_lane(s, 1, Mathf.sin(x1));
    s = f32x4.replace_lane(s, 2, Mathf.sin(x2));
    s = f32x4.replace_lane(s, 3, Mathf.sin(x3));
    let c = f32x4.splat(Mathf.cos(x0));
    c = f32x4.replace_lane(c, 1, Mathf.cos(x1));
    c = f32x4.replace_lane(c, 2, Mathf.cos(x2));
    c = f32x4.replace_lane(c, 3, Mathf.cos(x3));
    storeSinCos(x, s, c, out, gcuDerivative, gcu);
    return;
  }
  // k: how many of musl's boundaries π/4, 3π/4, 5π/4, 7π/4 lie below |x| (a true compare is −1).
  let k = i32x4.add(
    i32x4.add(i32x4.gt_s(ux, c4(PIO4_BITS)), i32x4.gt_s(ux, c4(PIO4_3_BITS))),
    i32x4.add(i32x4.gt_s(ux, c4(PIO4_5_BITS)), i32x4.gt_s(ux, c4(PIO4_7_BITS))),
  );
  k = i32x4.neg(k);
  const medium = i32x4.gt_s(ux, c4(PIO4_9_BITS)); // beyond 9π/4: rem_pio2f
  const anyMedium = range == ANY_X && v128.any_true(medium);

  const zero = f64x2.splat(0.0);
  const axLo = f64x2.promote_low_f32x4(ux);
  const axHi = four ? f64x2.promote_low_f32x4(v128.shuffle<i32>(ux, ux, 2, 3, 2, 3)) : zero;
  let qLo = f64x2.convert_low_i32x4_s(k);
  let qHi = four ? f64x2.convert_low_i32x4_s(v128.shuffle<i32>(k, k, 2, 3, 2, 3)) : zero;
  const mLo = i64x2.extend_low_i32x4_s(medium);
  const mHi = four ? i64x2.extend_high_i32x4_s(medium) : zero;
  let n = k;
  if (anyMedium) {
    const nearLo = f64x2.nearest(f64x2.mul(axLo, c2(INV_PIO2_2)));
    const nearHi = four ? f64x2.nearest(f64x2.mul(axHi, c2(INV_PIO2_2))) : zero;
    qLo = v128.bitselect(nearLo, qLo, mLo);
    qHi = v128.bitselect(nearHi, qHi, mHi);
    const nMedium = v128.shuffle<i32>(i32x4.trunc_sat_f64x2_s_zero(nearLo), i32x4.trunc_sat_f64x2_s_zero(nearHi), 0, 1, 4, 5);
    n = v128.bitselect(nMedium, k, medium);
  }
  const rLo = vRemainder(axLo, qLo, mLo, anyMedium);
  const zLo = f64x2.mul(rLo, rLo);
  const wLo = f64x2.mul(zLo, zLo);
  let sk = f32x4.demote_f64x2_zero(vSinKernel(rLo, zLo, wLo));
  let ck = f32x4.demote_f64x2_zero(vCosKernel(zLo, wLo));
  if (four) {
    const rHi = vRemainder(axHi, qHi, mHi, anyMedium);
    const zHi = f64x2.mul(rHi, rHi);
    const wHi = f64x2.mul(zHi, zHi);
    sk = v128.shuffle<f32>(sk, f32x4.demote_f64x2_zero(vSinKernel(rHi, zHi, wHi)), 0, 1, 4, 5);
    ck = v128.shuffle<f32>(ck, f32x4.demote_f64x2_zero(vCosKernel(zHi, wHi)), 0, 1, 4, 5);
  }
  // Quadrant n mod 4: sin |x| = (sk, ck, −sk, −ck)[n], cos |x| = (ck, −sk, −ck, sk)[n].
  const one = c4(INT_ONE);
  const odd = i32x4.eq(v128.and(n, one), one);
  const two = c4(INT_TWO);
  let s = v128.xor(v128.bitselect(ck, sk, odd), i32x4.shl(v128.and(n, two), 30));
  let c = v128.xor(v128.bitselect(sk, ck, odd), i32x4.shl(v128.and(i32x4.add(n, one), two), 30));
  // |x| < 2⁻¹²: musl returns x and 1.
  if (range != MODERATE_X) {
    const tiny = i32x4.gt_s(c4(TINY_END_BITS), ux);
    s = v128.bitselect(ux, s, tiny);
    c = v128.bitselect(c4(ONE), c, tiny);
  }
  storeSinCos(x, v128.xor(s, v128.and(x, c4(SIGN_BITS))), c, out, gcuDerivative, gcu); // sin is odd
}

/**
 * vExactSinCos's results: sin at `out` and cos at `out` + 16; or, with `gcu`, GCU straight from
 * the registers: x·cos x at `out`, and cos x − x·sin x at gcuDerivative unless it is 0 (the
 * operations the GCU loop applies to the stored pair, without the round trip through memory).
 */
// @ts-ignore: decorator
@inline
function storeSinCos(x: v128, s: v128, c: v128, out: usize, gcuDerivative: usize, gcu: bool): void {
  if (gcu) {
    v128.store(out, f32x4.mul(x, c));
    if (gcuDerivative) v128.store(gcuDerivative, f32x4.sub(c, f32x4.mul(x, s)));
  } else {
    v128.store(out, s);
    v128.store(out, c, 16);
  }
}

/**
 * vExactSinCos out of line, for the activation loops: the exact mode pays a call per four lanes
 * instead of carrying an inlined copy in every loop (the Wasm module stays smaller).
 */
export function exactSinCos(x: v128): void {
  vExactSinCos(x);
}

/** vExactSinCos in its GCU form, out of line, for any x (see exactSinCos). */
export function exactGcu(x: v128, a: usize, derivative: usize): void {
  vExactSinCos(x, a, true, ANY_X, derivative, true);
}

/** vExactTanh out of line (see exactSinCos). */
export function exactTanh(x: v128): v128 {
  return vExactTanh(x);
}

/** sin of two float32 values in [2⁻¹², 9π/4] (lanes 0 and 1 of the result): Mathf.sin's bits. */
// @ts-ignore: decorator
@inline
export function vExactSin2Moderate(a: f32, b: f32): v128 {
  vExactSinCos(f32x4.replace_lane(f32x4.splat(a), 1, b), SIN_COS, false, MODERATE_X);
  return v128.load(SIN_COS);
}

// expm1f's constants (musl).
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.6931381225585938; // 0x3F317180
// @ts-ignore: decorator
@inline const LN2_LO: f32 = 9.05800061445916e-6; // 0x3717F7D1
// @ts-ignore: decorator
@inline const INV_LN2: f32 = 1.4426950216293335; // 0x3FB8AA3B
// @ts-ignore: decorator
@inline const Q1: f32 = -0.03333321213722229; // 0xBD088868
// @ts-ignore: decorator
@inline const Q2: f32 = 0.0015807170420885086; // 0x3ACF3010

// The constants of tanh (read with c4).
const ABS_BITS: usize = memory.data<u32>([0x7fffffff]);
const SIGN_BITS: usize = memory.data<u32>([0x80000000]);
const TANH_BIG: usize = memory.data<u32>([0x3f0c9f54]); // ln(3)/2
const TANH_SMALL_END: usize = memory.data<u32>([0x3e82c579]); // just above ln(5/3)/2
const TANH_FAR: usize = memory.data<u32>([0x3e317218]); // ln(2)/4: expm1's ln(2)/2, of 2|x|
const SMALLEST_NORMAL: usize = memory.data<u32>([0x00800000]);
const INF_BITS: usize = memory.data<u32>([0x7f800000]);
const TEN: usize = memory.data<f32>([10.0]);
const TWO_INV_LN2: usize = memory.data<f32>([2 * INV_LN2]); // exactly twice INV_LN2
export const HALF: usize = memory.data<f32>([0.5]);
export const ONE: usize = memory.data<f32>([1.0]);
export const TWO: usize = memory.data<f32>([2.0]);
const THREE: usize = memory.data<f32>([3.0]);
const SIX: usize = memory.data<f32>([6.0]);
export const ROUND_MAGIC: usize = memory.data<f32>([12582912.0]); // 1.5·2²³
const ROUND_MAGIC_BITS: usize = memory.data<u32>([0x4b400000]);
export const EXP_BIAS: usize = memory.data<u32>([0x7f]);
const LN2_HI_4: usize = memory.data<f32>([LN2_HI]);
const LN2_LO_4: usize = memory.data<f32>([LN2_LO]);
const Q1_4: usize = memory.data<f32>([Q1]);
const Q2_4: usize = memory.data<f32>([Q2]);

/**
 * Mathf.tanh of the four float32 lanes of x, with its bits. Mathf.tanh is
 * sign(x)·(1 − 2/(t + 2)) with t = expm1(2|x|) above ln(3)/2, sign(x)·t/(t + 2) with the same t
 * down to ln(5/3)/2, and sign(x)·(−t)/(t + 2) with t = expm1(−2|x|) below; x itself below the
 * smallest normal, and 1 + 0/x (±1, NaN for NaN) above 10. expm1 is inlined for the arguments
 * tanh passes (−0.52 ≤ arg ≤ 20): its k = round(arg/ln 2) is −1 or 0 on the small range, 1 or 2
 * on the middle one, 2…29 above. For k ≥ 20 (|x| ≥ 19.5·ln 2/2 ≈ 6.76) expm1 adds 2⁻ᵏ in
 * another order, and this form can differ from it by an ulp of t; tanh's result does not change
 * there, since 2/(t + 2) < 2⁻¹⁸ (every float32 is checked), so that case is left out. The order of the work keeps the chain of
 * dependent operations short: k is computed from |x| beside the argument, the four expm1
 * cases are merged with masks, and the sign goes into the last division's numerator, so the
 * division is followed by one subtraction and one select. tests/engine/exactmath.test.ts checks
 * the bits against Mathf; `npm run test:every-float -- tanh` checks every float32.
 */
// @ts-ignore: decorator
@inline
export function vExactTanh(x: v128): v128 {
  const a = v128.and(x, c4(ABS_BITS)); // |x|, as bits and as float
  const sign = v128.and(x, c4(SIGN_BITS));
  const big = i32x4.gt_s(a, c4(TANH_BIG));
  const small = i32x4.gt_s(c4(TANH_SMALL_END), a);
  const neg = v128.and(small, c4(SIGN_BITS)); // expm1's argument is −2|x| on the small range
  // Lanes above 10 are clamped (their result, ±1, comes out of the same arithmetic).
  const yc = f32x4.pmin(a, c4(TEN));
  const arg = v128.xor(f32x4.add(yc, yc), neg);
  // expm1(arg). k = trunc(arg/ln 2 ± ½) = ±trunc(yc·(2/ln 2) + ½): the same product, rounded
  // alike, and symmetric in sign; 0 where |arg| ≤ ln2/2. (expm1 takes ±1 below 1.5·ln 2, and so
  // does this there: `npm run test:every-float` checks every float32.)
  const far = i32x4.gt_s(a, c4(TANH_FAR));
  const kabs = f32x4.trunc(f32x4.add(f32x4.mul(yc, c4(TWO_INV_LN2)), c4(HALF)));
  const t = v128.and(v128.xor(kabs, neg), far); // k, as a float
  const k = i32x4.sub(f32x4.add(t, c4(ROUND_MAGIC)), c4(ROUND_MAGIC_BITS)); // |k| ≤ 29: exact
  const hi = f32x4.sub(arg, f32x4.mul(t, c4(LN2_HI_4)));
  const lo = f32x4.mul(t, c4(LN2_LO_4));
  const xr = f32x4.sub(hi, lo);
  const c = f32x4.sub(f32x4.sub(hi, xr), lo);
  const hfx = f32x4.mul(c4(HALF), xr);
  const hxs = f32x4.mul(xr, hfx);
  const r1 = f32x4.add(c4(ONE), f32x4.mul(hxs, f32x4.add(c4(Q1_4), f32x4.mul(hxs, c4(Q2_4)))));
  const t3 = f32x4.sub(c4(THREE), f32x4.mul(r1, hfx));
  let e = f32x4.mul(hxs, f32x4.div(f32x4.sub(r1, t3), f32x4.sub(c4(SIX), f32x4.mul(xr, t3))));
  const e0 = f32x4.sub(xr, f32x4.sub(f32x4.mul(xr, e), hxs)); // k = 0
  e = f32x4.sub(f32x4.sub(f32x4.mul(xr, f32x4.sub(e, c)), c), hxs);
  const d = f32x4.sub(xr, e);
  const em1 = f32x4.sub(f32x4.mul(c4(HALF), d), c4(HALF)); // k = −1
  const e1 = f32x4.add(c4(ONE), f32x4.mul(c4(TWO), d)); // k = 1 (xr ≥ −0.25 on these arguments)
  const twopk = i32x4.shl(i32x4.add(k, c4(EXP_BIAS)), 23);
  const twomk = i32x4.shl(i32x4.sub(c4(EXP_BIAS), k), 23);
  const eBig = f32x4.mul(f32x4.add(xr, f32x4.sub(f32x4.sub(c4(ONE), twomk), e)), twopk); // k ≥ 2
  const m0 = i32x4.eq(k, i32x4.splat(0));
  const m1 = i32x4.eq(k, i32x4.splat(1));
  const mm1 = i32x4.eq(k, i32x4.splat(-1));
  const em = v128.or(v128.or(v128.and(e0, m0), v128.and(e1, m1)), v128.and(em1, mm1));
  const tm = v128.or(em, v128.andnot(eBig, v128.or(v128.or(m0, m1), mm1)));
  // The result is B − num/(t + 2): B = ±1 and num = ±2 above ln(3)/2, else B = 0 and num = −sign(x)·(±t).
  const num = v128.bitselect(v128.or(c4(TWO), sign), v128.xor(tm, v128.xor(v128.xor(sign, neg), c4(SIGN_BITS))), big);
  const r = f32x4.sub(v128.and(v128.or(c4(ONE), sign), big), f32x4.div(num, f32x4.add(tm, c4(TWO))));
  // NaN and |x| below the smallest normal: x.
  return v128.bitselect(x, r, v128.or(i32x4.gt_s(a, c4(INF_BITS)), i32x4.gt_s(c4(SMALLEST_NORMAL), a)));
}

// ----- exp ----------------------------------------------------------------------------------------
// Mathf.exp (musl's expf, table-driven): in float64, x·32/ln 2 = k + r, then
// 2^(k/32) = (T[k mod 32] + (k << 47)) read as a float64, times a cubic in r, rounded to float32.
// T[i] is the bits of 2^(i/32) less i << 47: musl's table, the same 32 numbers.
const EXP_TABLE: usize = memory.data<u64>([
  0x3FF0000000000000, 0x3FEFD9B0D3158574, 0x3FEFB5586CF9890F, 0x3FEF9301D0125B51,
  0x3FEF72B83C7D517B, 0x3FEF54873168B9AA, 0x3FEF387A6E756238, 0x3FEF1E9DF51FDEE1,
  0x3FEF06FE0A31B715, 0x3FEEF1A7373AA9CB, 0x3FEEDEA64C123422, 0x3FEECE086061892D,
  0x3FEEBFDAD5362A27, 0x3FEEB42B569D4F82, 0x3FEEAB07DD485429, 0x3FEEA47EB03A5585,
  0x3FEEA09E667F3BCD, 0x3FEE9F75E8EC5F74, 0x3FEEA11473EB0187, 0x3FEEA589994CCE13,
  0x3FEEACE5422AA0DB, 0x3FEEB737B0CDC5E5, 0x3FEEC49182A3F090, 0x3FEED503B23E255D,
  0x3FEEE89F995AD3AD, 0x3FEEFF76F2FB5E47, 0x3FEF199BDD85529C, 0x3FEF3720DCEF9069,
  0x3FEF5818DCFBA487, 0x3FEF7C97337B9B5F, 0x3FEFA4AFA2A490DA, 0x3FEFD0765B6E4540,
]);
// @ts-ignore: decorator
@inline const EXP_SHIFT: f64 = 6755399441055744.0; // 0x1.8p52: adding it rounds to an integer in the low bits
// @ts-ignore: decorator
@inline const EXP_INV_LN2_N: f64 = 46.16624130844683; // 0x1.71547652b82fep0 · 32
// @ts-ignore: decorator
@inline const EXP_C0: f64 = 1.6938359250920212e-6; // 0x1.c6af84b912394p-5 / 32³
// @ts-ignore: decorator
@inline const EXP_C1: f64 = 0.00023459809789509004; // 0x1.ebfce50fac4f3p-3 / 32²
// @ts-ignore: decorator
@inline const EXP_C2: f64 = 0.021660849396613134; // 0x1.62e42ff0c52d6p-1 / 32

const EXP_INV_LN2_N_2: usize = memory.data<f64>([EXP_INV_LN2_N]);
const EXP_SHIFT_2: usize = memory.data<f64>([EXP_SHIFT]);
const EXP_C0_2: usize = memory.data<f64>([EXP_C0]);
const EXP_C1_2: usize = memory.data<f64>([EXP_C1]);
const EXP_C2_2: usize = memory.data<f64>([EXP_C2]);

/** Mathf.exp of two float64 lanes holding float32 values with |x| < 88; float64 results. */
// @ts-ignore: decorator
@inline
function vExpHalf(xd: v128): v128 {
  const z = f64x2.mul(c2(EXP_INV_LN2_N_2), xd);
  const kd = f64x2.add(z, c2(EXP_SHIFT_2));
  const r = f64x2.sub(z, f64x2.sub(kd, c2(EXP_SHIFT_2)));
  const i0 = <usize>(<u32>i64x2.extract_lane(kd, 0) & 31) << 3;
  const i1 = <usize>(<u32>i64x2.extract_lane(kd, 1) & 31) << 3;
  const t = i64x2.add(i64x2.replace_lane(i64x2.splat(load<u64>(EXP_TABLE + i0)), 1, load<u64>(EXP_TABLE + i1)), i64x2.shl(kd, 47));
  const p = f64x2.add(f64x2.mul(c2(EXP_C0_2), r), c2(EXP_C1_2));
  let y = f64x2.add(f64x2.mul(c2(EXP_C2_2), r), c2(ONE_2));
  y = f64x2.add(y, f64x2.mul(p, f64x2.mul(r, r)));
  return f64x2.mul(y, t);
}

const EXP_GUARD_BITS: usize = memory.data<u32>([0x42b00000]); // 88.0

/** Mathf.exp of the four float32 lanes of x, with its bits. */
// @ts-ignore: decorator
@inline
export function vExactExp(x: v128): v128 {
  if (v128.any_true(i32x4.ge_u(v128.and(x, c4(ABS_BITS)), c4(EXP_GUARD_BITS)))) {
    // |x| ≥ 88, infinite or NaN: Mathf, lane by lane.
    let e = f32x4.splat(Mathf.exp(f32x4.extract_lane(x, 0)));
    e = f32x4.replace_lane(e, 1, Mathf.exp(f32x4.extract_lane(x, 1)));
    e = f32x4.replace_lane(e, 2, Mathf.exp(f32x4.extract_lane(x, 2)));
    return f32x4.replace_lane(e, 3, Mathf.exp(f32x4.extract_lane(x, 3)));
  }
  const lo = f32x4.demote_f64x2_zero(vExpHalf(f64x2.promote_low_f32x4(x)));
  const hi = f32x4.demote_f64x2_zero(vExpHalf(f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 2, 3))));
  return v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
}

/** vExactExp out of line (see exactSinCos). */
export function exactExp(x: v128): v128 {
  return vExactExp(x);
}

// ----- loops over buffers (count a multiple of 4), for the tests: the scalar twin is Mathf -------

export function exactSinCosScalar(x: usize, s: usize, c: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    const v = load<f32>(x + p);
    store<f32>(s + p, Mathf.sin(v));
    store<f32>(c + p, Mathf.cos(v));
  }
}

export function exactSinCosSimd(x: usize, s: usize, c: usize, count: i32): void {
  if (!ASC_FEATURE_SIMD) {
    exactSinCosScalar(x, s, c, count);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    for (let p: usize = 0; p < (<usize>count << 2); p += 16) {
      vExactSinCos(v128.load(x + p));
      v128.store(s + p, v128.load(SIN_COS));
      v128.store(c + p, v128.load(SIN_COS, 16));
    }
  }
}

export function exactTanhScalar(x: usize, t: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    store<f32>(t + p, Mathf.tanh(load<f32>(x + p)));
  }
}

export function exactExpScalar(x: usize, t: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    store<f32>(t + p, Mathf.exp(load<f32>(x + p)));
  }
}

export function exactExpSimd(x: usize, t: usize, count: i32): void {
  if (!ASC_FEATURE_SIMD) {
    exactExpScalar(x, t, count);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    for (let p: usize = 0; p < (<usize>count << 2); p += 16) v128.store(t + p, vExactExp(v128.load(x + p)));
  }
}

export function exactTanhSimd(x: usize, t: usize, count: i32): void {
  if (!ASC_FEATURE_SIMD) {
    exactTanhScalar(x, t, count);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    for (let p: usize = 0; p < (<usize>count << 2); p += 16) v128.store(t + p, vExactTanh(v128.load(x + p)));
  }
}
