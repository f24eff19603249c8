// Parameter updates over a contiguous block of `count` floats (count a multiple of 4), one
// optimizer step. g is the mean gradient of the data loss over the batch; weights (not biases)
// are regularized first:
//   g' = g + λ₂·w + λ₁·sign(w)                       (penalty ½λ₂‖w‖² + λ₁‖w‖₁; sign(0) = 0)
//   sgd       w ← w − η·g'
//   momentum  v ← μ·v + g';  w ← w − η·v             (nesterov: w ← w − η·(g' + μ·v))
//   adam      m ← β₁m + (1 − β₁)g';  v ← β₂v + (1 − β₂)g'²;
//             w ← w − η·(m/c₁) / (√(v/c₂) + ε),  c₁ = 1 − β₁^k, c₂ = 1 − β₂^k, k = steps since the optimizer was reset (from 1)
// Biases take the same update with λ₁ = λ₂ = 0. Each SIMD kernel performs the scalar twin's
// operations in the same order lane by lane, so both give the same bits.

export const SGD = 0;
export const MOMENTUM = 1;
export const ADAM = 2;

/**
 * 2⁻¹⁰⁰ (about 8·10⁻³¹): smaller magnitudes are set to zero where they would otherwise linger as
 * subnormal numbers, which x86 processors handle about a hundred times slower. Such a value cannot
 * move a weight of any useful size (it is 2⁻⁷⁶ of a weight of 2⁻²⁴, a float32's resolution at 1).
 * - The output delta (network.ts): a sigmoid output saturated on a 0/1 target made training three
 *   to four times slower.
 * - Optimizer state: a dead neuron's gradient is exactly 0, so its momentum or Adam moments decay
 *   by μ, β₁ or β₂ every step into subnormals, and (with no flush-to-zero in Wasm) never reach 0:
 *   on the dying-ReLU network, momentum trained 50 times slower and Adam 150 times. Adam's v is a
 *   squared gradient under a square root, so it is flushed only where it is subnormal, and m is
 *   set to 0 with it (the step m/(√v + ε) would otherwise become m/ε: 10¹² for a gradient of
 *   10⁻¹⁵ and ε = 10⁻³⁰); there, |m| is about √v, below 10⁻¹⁹.
 * Both builds apply it, so their bits agree; NaN is kept (|NaN| < x is false), so divergence
 * still shows.
 */
// @ts-ignore: decorator
@inline export const NEGLIGIBLE: f32 = 7.888609052210118e-31; // 2⁻¹⁰⁰

/**
 * The smallest normal float32, 2⁻¹²⁶: Adam's v, a squared gradient, is flushed only below it (so
 * only its subnormals), not at NEGLIGIBLE; a gradient of 10⁻¹⁵ still takes Adam's full step.
 */
// @ts-ignore: decorator
@inline const SMALLEST_NORMAL: f32 = 1.1754943508222875e-38;

/** x, or 0 when |x| < below (NEGLIGIBLE unless given). */
// @ts-ignore: decorator
@inline
export function flushNegligible(x: f32, below: f32 = NEGLIGIBLE): f32 {
  return select<f32>(0, x, abs<f32>(x) < below);
}

/** The four-lane flushNegligible. */
// @ts-ignore: decorator
@inline
function vFlushNegligible(x: v128, below: f32 = NEGLIGIBLE): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(below)));
}

// @ts-ignore: decorator
@inline
function sign(w: f32): f32 {
  return w > 0 ? <f32>1.0 : w < 0 ? <f32>-1.0 : <f32>0.0;
}

// @ts-ignore: decorator
@inline
function regularized(g: f32, w: f32, l1: f32, l2: f32): f32 {
  return g + l2 * w + l1 * sign(w);
}

/** One SGD update of one weight: w − η·g' (shared with the fused kernels in dense.ts). */
// @ts-ignore: decorator
@inline
export function sgdStep(wv: f32, g: f32, lr: f32, l1: f32, l2: f32): f32 {
  return wv - lr * regularized(g, wv, l1, l2);
}

export function sgdScalar(w: usize, g: usize, count: i32, lr: f32, l1: f32, l2: f32): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    store<f32>(w + p, sgdStep(load<f32>(w + p), load<f32>(g + p), lr, l1, l2));
  }
}

/**
 * One momentum update of the parameter at wp, its velocity at vp, for the gradient g (shared by
 * momentumScalar and the fused batch-1 kernel in dense.ts). reg = false skips the penalty terms:
 * with λ₁ = λ₂ = 0 they change nothing but a gradient of −0 into +0, for a finite weight (the
 * fused kernel's gradients, 0 + x·δ, are never −0), so the bits are the same and the work less.
 */
// @ts-ignore: decorator
@inline
export function momentumAt(
  wp: usize, vp: usize, g: f32, lr: f32, mu: f32, nesterov: bool, l1: f32, l2: f32, reg: bool = true,
): void {
  const wv = load<f32>(wp);
  const gr = reg ? regularized(g, wv, l1, l2) : g;
  const vel = flushNegligible(mu * load<f32>(vp) + gr);
  store<f32>(vp, vel);
  store<f32>(wp, wv - lr * (nesterov ? gr + mu * vel : vel));
}

/** One Adam update of the parameter at wp, its moments at mp and vp, for the gradient g (reg: as momentumAt). */
// @ts-ignore: decorator
@inline
export function adamAt(
  wp: usize, mp: usize, vp: usize, g: f32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, l1: f32, l2: f32, reg: bool = true,
): void {
  const wv = load<f32>(wp);
  const gr = reg ? regularized(g, wv, l1, l2) : g;
  const vv = flushNegligible(beta2 * load<f32>(vp) + (<f32>1.0 - beta2) * (gr * gr), SMALLEST_NORMAL);
  // m with v: a flushed v with a kept m would make m/(√v + ε) = m/ε, huge for a tiny ε.
  const mv = select<f32>(0, flushNegligible(beta1 * load<f32>(mp) + (<f32>1.0 - beta1) * gr), vv == 0);
  store<f32>(mp, mv);
  store<f32>(vp, vv);
  store<f32>(wp, wv - (lr * (mv / c1)) / (Mathf.sqrt(vv / c2) + eps));
}

export function momentumScalar(w: usize, g: usize, v: usize, count: i32, lr: f32, mu: f32, nesterov: bool, l1: f32, l2: f32): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    momentumAt(w + p, v + p, load<f32>(g + p), lr, mu, nesterov, l1, l2);
  }
}

export function adamScalar(
  w: usize, g: usize, m: usize, v: usize, count: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, l1: f32, l2: f32,
): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    adamAt(w + p, m + p, v + p, load<f32>(g + p), lr, beta1, beta2, eps, c1, c2, l1, l2);
  }
}

// ----- SIMD twins ------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function vRegularized(g: v128, w: v128, l1: v128, l2: v128): v128 {
  const one = f32x4.splat(1.0);
  const zero = f32x4.splat(0.0);
  const s = f32x4.sub(v128.and(one, f32x4.gt(w, zero)), v128.and(one, f32x4.lt(w, zero)));
  return f32x4.add(f32x4.add(g, f32x4.mul(l2, w)), f32x4.mul(l1, s));
}

/** SIMD form of sgdStep, lane by lane the same operations. */
// @ts-ignore: decorator
@inline
export function vSgdStep(wv: v128, g: v128, vlr: v128, vl1: v128, vl2: v128): v128 {
  return f32x4.sub(wv, f32x4.mul(vlr, vRegularized(g, wv, vl1, vl2)));
}

export function sgdSimd(w: usize, g: usize, count: i32, lr: f32, l1: f32, l2: f32): void {
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr);
    const vl1 = f32x4.splat(l1);
    const vl2 = f32x4.splat(l2);
    const end = <usize>count << 2;
    for (let p: usize = 0; p < end; p += 16) {
      v128.store(w + p, vSgdStep(v128.load(w + p), v128.load(g + p), vlr, vl1, vl2));
    }
  } else sgdScalar(w, g, count, lr, l1, l2);
}

/** The four-lane momentumAt, lane by lane the same operations. */
// @ts-ignore: decorator
@inline
export function vMomentumAt(
  wp: usize, vp: usize, g: v128, vlr: v128, vmu: v128, nesterov: bool, vl1: v128, vl2: v128, reg: bool = true,
): void {
  const wv = v128.load(wp);
  const gr = reg ? vRegularized(g, wv, vl1, vl2) : g;
  const vel = vFlushNegligible(f32x4.add(f32x4.mul(vmu, v128.load(vp)), gr));
  v128.store(vp, vel);
  const stepv = nesterov ? f32x4.add(gr, f32x4.mul(vmu, vel)) : vel;
  v128.store(wp, f32x4.sub(wv, f32x4.mul(vlr, stepv)));
}

/** The four-lane adamAt, lane by lane the same operations. */
// @ts-ignore: decorator
@inline
export function vAdamAt(
  wp: usize, mp: usize, vp: usize, g: v128,
  vlr: v128, vb1: v128, vb2: v128, v1b1: v128, v1b2: v128, vc1: v128, vc2: v128, ve: v128, vl1: v128, vl2: v128,
  reg: bool = true,
): void {
  const wv = v128.load(wp);
  const gr = reg ? vRegularized(g, wv, vl1, vl2) : g;
  const vv = vFlushNegligible(
    f32x4.add(f32x4.mul(vb2, v128.load(vp)), f32x4.mul(v1b2, f32x4.mul(gr, gr))),
    SMALLEST_NORMAL,
  );
  const mv = v128.andnot(
    vFlushNegligible(f32x4.add(f32x4.mul(vb1, v128.load(mp)), f32x4.mul(v1b1, gr))),
    f32x4.eq(vv, f32x4.splat(0)),
  );
  v128.store(mp, mv);
  v128.store(vp, vv);
  const num = f32x4.mul(vlr, f32x4.div(mv, vc1));
  const den = f32x4.add(f32x4.sqrt(f32x4.div(vv, vc2)), ve);
  v128.store(wp, f32x4.sub(wv, f32x4.div(num, den)));
}

export function momentumSimd(w: usize, g: usize, v: usize, count: i32, lr: f32, mu: f32, nesterov: bool, l1: f32, l2: f32): void {
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr);
    const vmu = f32x4.splat(mu);
    const vl1 = f32x4.splat(l1);
    const vl2 = f32x4.splat(l2);
    const end = <usize>count << 2;
    for (let p: usize = 0; p < end; p += 16) {
      vMomentumAt(w + p, v + p, v128.load(g + p), vlr, vmu, nesterov, vl1, vl2);
    }
  } else momentumScalar(w, g, v, count, lr, mu, nesterov, l1, l2);
}

export function adamSimd(
  w: usize, g: usize, m: usize, v: usize, count: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, l1: f32, l2: f32,
): void {
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr);
    const vb1 = f32x4.splat(beta1);
    const vb2 = f32x4.splat(beta2);
    const vc1 = f32x4.splat(c1);
    const vc2 = f32x4.splat(c2);
    const ve = f32x4.splat(eps);
    const v1b1 = f32x4.splat(<f32>1.0 - beta1);
    const v1b2 = f32x4.splat(<f32>1.0 - beta2);
    const vl1 = f32x4.splat(l1);
    const vl2 = f32x4.splat(l2);
    const end = <usize>count << 2;
    for (let p: usize = 0; p < end; p += 16) {
      vAdamAt(w + p, m + p, v + p, v128.load(g + p), vlr, vb1, vb2, v1b1, v1b2, vc1, vc2, ve, vl1, vl2);
    }
  } else adamScalar(w, g, m, v, count, lr, beta1, beta2, eps, c1, c2, l1, l2);
}
