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
  const series: f32 = 1.0 + s2 * (0.3333333333 + s2 * (0.2 + s2 * (0.14285714285 + s2 * 0.11111111111)));
  return e * LN2 + 2.0 * s * series;
}

// sin and cos on u ∈ [−π/2, π/2] by Taylor series to u¹¹ and u¹² (truncation < 6e-8).
// @ts-ignore: decorator
@inline
function sinPoly(u: f32): f32 {
  const u2 = u * u;
  return (
    u *
    (1.0 +
      u2 *
        (-0.16666666666666666 +
          u2 * (0.008333333333333333 + u2 * (-0.0001984126984126984 + u2 * (2.7557319223985893e-6 + u2 * -2.505210838544172e-8)))))
  );
}
// @ts-ignore: decorator
@inline
function cosPoly(u: f32): f32 {
  const u2 = u * u;
  return (
    1.0 +
    u2 *
      (-0.5 +
        u2 *
          (0.041666666666666664 +
            u2 * (-0.001388888888888889 + u2 * (2.48015873015873e-5 + u2 * (-2.755731922398589e-7 + u2 * 2.08767569878681e-9)))))
  );
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

// @ts-ignore: decorator
@inline
export function vFastExp(x: v128): v128 {
  let t = f32x4.mul(x, f32x4.splat(LOG2E));
  // The clamp to [−126, 126] changes nothing where every |x| ≤ 87 (|t| < 125.6), the usual
  // case; leaving it out of that path (a well-predicted branch) shortens the chain of dependent
  // operations, which is what a batch-1 step waits on. NaN fails the test and takes the clamp.
  if (!v128.all_true<i32>(f32x4.le(f32x4.abs(x), f32x4.splat(87.0)))) {
    // pmax/pmin (one instruction each) equal max/min here: t comes first, so a NaN t stays NaN,
    // and the bounds are never ±0.
    t = f32x4.pmin(f32x4.pmax(t, f32x4.splat(-126.0)), f32x4.splat(126.0));
  }
  // k = nearest(t): |t| ≤ 126, so t + 1.5·2²³ rounds t to an integer (ties to even, as nearest
  // does) and subtracting 1.5·2²³ again is exact; two additions are quicker than nearest.
  const shifted = f32x4.add(t, f32x4.splat(12582912.0));
  const k = f32x4.sub(shifted, f32x4.splat(12582912.0));
  const f = f32x4.sub(t, k);
  let p = f32x4.add(f32x4.splat(E5), f32x4.mul(f, f32x4.splat(E6)));
  p = f32x4.add(f32x4.splat(E4), f32x4.mul(f, p));
  p = f32x4.add(f32x4.splat(E3), f32x4.mul(f, p));
  p = f32x4.add(f32x4.splat(E2), f32x4.mul(f, p));
  p = f32x4.add(f32x4.splat(E1), f32x4.mul(f, p));
  p = f32x4.add(f32x4.splat(1.0), f32x4.mul(f, p));
  // The bits of k + 1.5·2²³ are 0x4b400000 + k, so (bits + 127) << 23 is 2^k (0x4b400000 << 23
  // vanishes): the same bits as trunc_sat, in one add.
  const scale = i32x4.shl(i32x4.add(shifted, i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// @ts-ignore: decorator
@inline
export function vFastLn(x: v128): v128 {
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(x, 23), i32x4.splat(127)));
  let m = v128.or(v128.and(x, i32x4.splat(0x7fffff)), i32x4.splat(0x3f800000));
  const big = f32x4.gt(m, f32x4.splat(SQRT2));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  e = v128.bitselect(f32x4.add(e, f32x4.splat(1.0)), e, big);
  const one = f32x4.splat(1.0);
  const s = f32x4.div(f32x4.sub(m, one), f32x4.add(m, one));
  const s2 = f32x4.mul(s, s);
  let q = f32x4.add(f32x4.splat(0.14285714285), f32x4.mul(s2, f32x4.splat(0.11111111111)));
  q = f32x4.add(f32x4.splat(0.2), f32x4.mul(s2, q));
  q = f32x4.add(f32x4.splat(0.3333333333), f32x4.mul(s2, q));
  q = f32x4.add(one, f32x4.mul(s2, q));
  return f32x4.add(f32x4.mul(e, f32x4.splat(LN2)), f32x4.mul(f32x4.mul(f32x4.splat(2.0), s), q));
}

// @ts-ignore: decorator
@inline
function vSinPoly(u: v128): v128 {
  const u2 = f32x4.mul(u, u);
  let p = f32x4.add(f32x4.splat(2.7557319223985893e-6), f32x4.mul(u2, f32x4.splat(-2.505210838544172e-8)));
  p = f32x4.add(f32x4.splat(-0.0001984126984126984), f32x4.mul(u2, p));
  p = f32x4.add(f32x4.splat(0.008333333333333333), f32x4.mul(u2, p));
  p = f32x4.add(f32x4.splat(-0.16666666666666666), f32x4.mul(u2, p));
  p = f32x4.add(f32x4.splat(1.0), f32x4.mul(u2, p));
  return f32x4.mul(u, p);
}

// @ts-ignore: decorator
@inline
function vCosPoly(u: v128): v128 {
  const u2 = f32x4.mul(u, u);
  let p = f32x4.add(f32x4.splat(-2.755731922398589e-7), f32x4.mul(u2, f32x4.splat(2.08767569878681e-9)));
  p = f32x4.add(f32x4.splat(2.48015873015873e-5), f32x4.mul(u2, p));
  p = f32x4.add(f32x4.splat(-0.001388888888888889), f32x4.mul(u2, p));
  p = f32x4.add(f32x4.splat(0.041666666666666664), f32x4.mul(u2, p));
  p = f32x4.add(f32x4.splat(-0.5), f32x4.mul(u2, p));
  return f32x4.add(f32x4.splat(1.0), f32x4.mul(u2, p));
}

/** x reduced to r ∈ [−π, π] (the SIMD form of reduce, x clamped alike); vFastSinOf and vFastCosOf take r. */
// @ts-ignore: decorator
@inline
export function vFastReduce(x: v128): v128 {
  // As in vFastExp: the clamp only where some lane needs it, off the dependent chain a batch-1
  // step waits on (min and max in every call cost the GCU network 9%); pmin/pmax equal min/max
  // here (x first: a NaN stays NaN; the bounds are not ±0).
  let xc = x;
  if (!v128.all_true<i32>(f32x4.le(f32x4.abs(x), f32x4.splat(REDUCE_EXACT)))) {
    xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-REDUCE_EXACT)), f32x4.splat(REDUCE_EXACT));
  }
  const k = f32x4.nearest(f32x4.mul(xc, f32x4.splat(INV_TWO_PI)));
  return f32x4.sub(f32x4.sub(xc, f32x4.mul(k, f32x4.splat(TWO_PI_HI))), f32x4.mul(k, f32x4.splat(TWO_PI_LO)));
}

/** sin of x from its reduction r = vFastReduce(x): reflect into [−π/2, π/2], then the series. */
// @ts-ignore: decorator
@inline
export function vFastSinOf(r: v128): v128 {
  let u = v128.bitselect(f32x4.sub(f32x4.splat(PI), r), r, f32x4.gt(r, f32x4.splat(HALF_PI)));
  u = v128.bitselect(f32x4.sub(f32x4.splat(-PI), r), u, f32x4.lt(r, f32x4.splat(-HALF_PI)));
  return vSinPoly(u);
}

/** cos of x from its reduction r = vFastReduce(x): reflect |r| into [0, π/2], then the series. */
// @ts-ignore: decorator
@inline
export function vFastCosOf(r: v128): v128 {
  const s = f32x4.abs(r);
  const big = f32x4.gt(s, f32x4.splat(HALF_PI));
  const c = vCosPoly(v128.bitselect(f32x4.sub(f32x4.splat(PI), s), s, big));
  return v128.bitselect(f32x4.neg(c), c, big);
}
