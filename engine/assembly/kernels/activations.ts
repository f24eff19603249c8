// Activations: every f beside its derivative f', each as an exact and (for the transcendental
// ones) a fast form. Derivatives are taken at the pre-activation x and may also read y = f(x),
// which they share with f when that saves work (σ' = σ(1 − σ)).
//
// Kinds are numbered as ACTIVATIONS in src/lib/engine/types.ts.
//
// Worst absolute error of the fast forms against the exact functions in float64 over
// x ∈ [−20, 20], measured on 400,001 evenly spaced points (tests/engine/approximations.test.ts
// prints these and asserts the bounds in brackets):
//   sigmoid   f 9.4e-8  f' 8.9e-8   [5e-7, 5e-7]
//   tanh      f 1.8e-7  f' 3.7e-7   [1e-6, 1e-6]
//   elu       f 1.6e-7  f' 1.6e-7   [5e-7, 5e-7]
//   gelu      f 4.7e-4  f' 8.7e-4   [1e-3, 2e-3]    (the tanh form of GELU: a different formula, not rounding)
//   swish     f 1.3e-6  f' 9.8e-7   [5e-6, 1e-6]
//   softplus  f 5.4e-7  f' 9.4e-8   [5e-6, 5e-7]
//   gaussian  f 1.7e-7  f' 2.4e-7   [5e-7, 5e-7]
//   sine      f 2.2e-7  f' 2.5e-7   [2e-6, 2e-6]
//   gcu       f 3.8e-6  f' 4.4e-6   [2e-5, 2e-5]    (x·cos x: the error of cos is multiplied by |x| ≤ 20)
//   ameo      f 3.8e-6  f' 4.4e-6   [2e-5, 2e-5]
// The exact forms use AssemblyScript's Mathf (float32) and an erf accurate to 1.2e-7. In the SIMD
// build, tanh, sine, GCU, ameo, sigmoid, swish and gaussian compute them four lanes at a time with
// exactmath.ts's twins of Mathf.tanh, Mathf.sin, Mathf.cos and Mathf.exp, which give the same bits.

import { fastExp, fastLn, fastSin, fastCos, vFastExp, vFastLn, vFastReduce, vFastSinOf, vFastCosOf } from './fastmath';
import { c4, HALF, ONE, TWO, SIN_COS, SMALL_X, beyondSmall, exactGcu, exactSinCos, exactTanh, exactExp, vExactExp, vExactSinCos, vExactTanh } from './exactmath';

// The SIMD loops' constants, read from memory as fastmath.ts's are (its constants say why).
const V_NEG_TWO: usize = memory.data<f32>([-2.0]);

export const IDENTITY = 0;
export const SIGMOID = 1;
export const TANH = 2;
export const RELU = 3;
export const LEAKY_RELU = 4;
export const ELU = 5;
export const GELU = 6;
export const SWISH = 7;
export const SOFTPLUS = 8;
export const GAUSSIAN = 9;
export const SINE = 10;
export const GCU = 11;
export const AMEO = 12;
export const ACTIVATION_COUNT = 13;

// ----- exact scalar forms: f(x) and f'(x, y = f(x)) side by side ------------------------------

// identity: f = x                                   f' = 1
// sigmoid:  f = 1/(1 + e^(−x))                      f' = y(1 − y)
// @ts-ignore: decorator
@inline function sigmoid(x: f32): f32 { return <f32>1.0 / (<f32>1.0 + Mathf.exp(-x)); }
// @ts-ignore: decorator
@inline function sigmoidD(y: f32): f32 { return y * (<f32>1.0 - y); }

// tanh:     f = tanh x                              f' = 1 − y²
// @ts-ignore: decorator
@inline function tanhD(y: f32): f32 { return <f32>1.0 - y * y; }

// relu:     f = max(0, x)                           f' = 1 if x > 0 else 0
// leaky:    f = x if x > 0 else αx                  f' = 1 if x > 0 else α

// elu:      f = x if x > 0 else α(e^x − 1)          f' = 1 if x > 0 else α·e^x
// @ts-ignore: decorator
@inline function elu(x: f32, alpha: f32): f32 { return x > 0 ? x : alpha * <f32>Mathf.expm1(x); }
// @ts-ignore: decorator
@inline function eluD(x: f32, alpha: f32): f32 { return x > 0 ? <f32>1.0 : alpha * Mathf.exp(x); }

// gelu:     f = x·Φ(x) = ½x(1 + erf(x/√2))          f' = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)
// @ts-ignore: decorator
@inline function gelu(x: f32): f32 { return <f32>(0.5 * <f64>x * (1.0 + erf(<f64>x * 0.7071067811865476))); }
// @ts-ignore: decorator
@inline function geluD(x: f32): f32 {
  const xd = <f64>x;
  return <f32>(0.5 * (1.0 + erf(xd * 0.7071067811865476)) + xd * Math.exp(-0.5 * xd * xd) * 0.3989422804014327);
}

// swish:    f = x·σ(x)                              f' = σ(x)·(1 + x(1 − σ(x)))
// @ts-ignore: decorator
@inline function swishD(x: f32, s: f32): f32 { return s * (<f32>1.0 + x * (<f32>1.0 - s)); }

// softplus: f = ln(1 + e^x) = max(x, 0) + ln(1 + e^(−|x|))     f' = σ(x)
// @ts-ignore: decorator
@inline function softplus(x: f32): f32 { return max<f32>(x, 0) + Mathf.log1p(Mathf.exp(-abs<f32>(x))); }

// gaussian: f = e^(−x²)                             f' = −2x·y
// @ts-ignore: decorator
@inline function gaussianD(x: f32, y: f32): f32 { return <f32>-2.0 * x * y; }

// sine:     f = sin x                               f' = cos x
// gcu:      f = x·cos x                             f' = cos x − x·sin x
// ameo:     f = gcu(x) if x ≥ 0 else tanh x         f' = gcu'(x) if x ≥ 0 else 1 − tanh² x

/**
 * erf by the Chebyshev-fitted erfc of Numerical Recipes (fractional error < 1.2e-7), in float64:
 * erfc(z) = t·exp(−z² − 1.26551223 + t(1.00002368 + …)), t = 1/(1 + z/2).
 */
export function erf(x: f64): f64 {
  const z = abs<f64>(x);
  const t = 1.0 / (1.0 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1.0 - r : r - 1.0;
}

// ----- fast scalar forms -----------------------------------------------------------------------

// sigmoid ≈ 1/(1 + fastExp(−x))
// @ts-ignore: decorator
@inline function fastSigmoid(x: f32): f32 { return <f32>1.0 / (<f32>1.0 + fastExp(-x)); }
// tanh ≈ 1 − 2/(1 + fastExp(2x))
// @ts-ignore: decorator
@inline function fastTanh(x: f32): f32 { return <f32>1.0 - <f32>2.0 / (<f32>1.0 + fastExp(x + x)); }
// GELU, tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
//   f' = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
// @ts-ignore: decorator
@inline const GELU_C: f32 = 0.7978845608028654;
// @ts-ignore: decorator
@inline const GELU_K: f32 = 0.044715;
// Beyond |x| = GELU_X, fast tanh is exactly ±1, so the derivative's right-hand term is 0; x is
// clamped to it there, since for |x| ≥ 1.8e19 the term's x² overflowed and 0·∞ made it NaN.
// @ts-ignore: decorator
@inline const GELU_X: f32 = 10000;
const V_GELU_C: usize = memory.data<f32>([GELU_C]);
const V_GELU_K: usize = memory.data<f32>([GELU_K]);
const V_GELU_K3: usize = memory.data<f32>([<f32>3.0 * GELU_K]);
const V_GELU_X: usize = memory.data<f32>([GELU_X]);
const V_NEG_GELU_X: usize = memory.data<f32>([-GELU_X]);
// softplus ≈ max(x, 0) + fastLn(1 + e), e = fastExp(−|x|);  f' = σ(x) = 1/(1 + e) if x ≥ 0 else e/(1 + e)

/** f(x) for activation `kind` (α = `param` for leaky ReLU and ELU). */
export function activationValue(kind: i32, fast: bool, param: f32, x: f32): f32 {
  switch (kind) {
    case IDENTITY:
      return x;
    case SIGMOID:
      return fast ? fastSigmoid(x) : sigmoid(x);
    case TANH:
      return fast ? fastTanh(x) : Mathf.tanh(x);
    case RELU:
      return x > 0 ? x : 0;
    case LEAKY_RELU:
      return x > 0 ? x : param * x;
    case ELU:
      return fast ? (x > 0 ? x : param * (fastExp(x) - <f32>1.0)) : elu(x, param);
    case GELU: {
      if (!fast) return gelu(x);
      const t = fastTanh(GELU_C * (x + GELU_K * x * x * x));
      return <f32>0.5 * x * (<f32>1.0 + t);
    }
    case SWISH:
      return x * (fast ? fastSigmoid(x) : sigmoid(x));
    case SOFTPLUS: {
      if (!fast) return softplus(x);
      const e = fastExp(-abs<f32>(x));
      return max<f32>(x, 0) + fastLn(<f32>1.0 + e);
    }
    case GAUSSIAN:
      return fast ? fastExp(-x * x) : Mathf.exp(-x * x);
    case SINE:
      return fast ? fastSin(x) : Mathf.sin(x);
    case GCU:
      return x * (fast ? fastCos(x) : Mathf.cos(x));
    case AMEO:
      if (x >= 0) return x * (fast ? fastCos(x) : Mathf.cos(x));
      return fast ? fastTanh(x) : Mathf.tanh(x);
  }
  return x;
}

/** f'(x) given y = f(x) from `activationValue` with the same arguments. */
export function activationDerivative(kind: i32, fast: bool, param: f32, x: f32, y: f32): f32 {
  switch (kind) {
    case IDENTITY:
      return 1;
    case SIGMOID:
      return sigmoidD(y);
    case TANH:
      return tanhD(y);
    case RELU:
      return x > 0 ? <f32>1.0 : <f32>0.0;
    case LEAKY_RELU:
      return x > 0 ? <f32>1.0 : param;
    case ELU:
      return fast ? (x > 0 ? <f32>1.0 : param * fastExp(x)) : eluD(x, param);
    case GELU: {
      if (!fast) return geluD(x);
      const x2 = x * x;
      const t = fastTanh(GELU_C * (x + GELU_K * x2 * x));
      // x clamped in the right-hand term (see GELU_X): there 1 − t² = 0 met 3kx² = ∞ and gave NaN.
      const xc = min<f32>(max<f32>(x, -GELU_X), GELU_X);
      const xc2 = xc * xc;
      return <f32>0.5 * (<f32>1.0 + t) + <f32>0.5 * xc * (<f32>1.0 - t * t) * GELU_C * (<f32>1.0 + <f32>3.0 * GELU_K * xc2);
    }
    case SWISH:
      return swishD(x, fast ? fastSigmoid(x) : sigmoid(x));
    case SOFTPLUS: {
      if (!fast) return sigmoid(x);
      const e = fastExp(-abs<f32>(x));
      const inv = <f32>1.0 / (<f32>1.0 + e);
      return x >= 0 ? inv : e * inv;
    }
    case GAUSSIAN:
      return gaussianD(x, y);
    case SINE:
      return fast ? fastCos(x) : Mathf.cos(x);
    case GCU:
      return fast ? fastCos(x) - x * fastSin(x) : Mathf.cos(x) - x * Mathf.sin(x);
    case AMEO:
      if (x >= 0) return fast ? fastCos(x) - x * fastSin(x) : Mathf.cos(x) - x * Mathf.sin(x);
      return tanhD(y);
  }
  return 1;
}

// ----- loops over buffers ----------------------------------------------------------------------
// `count` is a multiple of 4 (rows are padded). `d` may equal `z` (derivatives overwrite the
// pre-activations in place).

/** Scalar twin: a[k] = f(z[k]) for k < count. */
export function activateScalar(kind: i32, fast: bool, param: f32, z: usize, a: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    store<f32>(a + p, activationValue(kind, fast, param, load<f32>(z + p)));
  }
}

/** Scalar twin: a[k] = f(z[k]), d[k] = f'(z[k]) for k < count. */
export function activateWithDerivativeScalar(
  kind: i32,
  fast: bool,
  param: f32,
  z: usize,
  a: usize,
  d: usize,
  count: i32,
): void {
  for (let k = 0; k < count; k++) {
    const p = <usize>k << 2;
    const x = load<f32>(z + p);
    const y = activationValue(kind, fast, param, x);
    store<f32>(a + p, y);
    store<f32>(d + p, activationDerivative(kind, fast, param, x, y));
  }
}

// ----- the piecewise-linear kinds, which the grid's row sweep (sweep.ts) relies on ---------------

/** σ of a piecewise-linear kind below zero (identity 1, ReLU 0, leaky ReLU its slope); NaN else. */
export function belowZeroSlope(kind: i32, param: f32): f32 {
  if (kind == IDENTITY) return 1;
  if (kind == RELU) return 0;
  if (kind == LEAKY_RELU) return param;
  return NaN;
}

/** Identity, ReLU or leaky ReLU (slope vp) on four lanes: what activateSimd stores for them. */
// @ts-ignore: decorator
@inline export function vPiecewise(kind: i32, vp: v128, x: v128): v128 {
  if (kind == IDENTITY) return x;
  const pos = f32x4.gt(x, f32x4.splat(0.0));
  return kind == RELU ? v128.and(x, pos) : v128.bitselect(x, f32x4.mul(vp, x), pos);
}

// ----- SIMD forms ------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function vSigmoid(x: v128): v128 {
  const one = c4(ONE);
  return f32x4.div(one, f32x4.add(one, vFastExp(f32x4.neg(x))));
}
// @ts-ignore: decorator
@inline function vTanh(x: v128): v128 {
  const one = c4(ONE);
  return f32x4.sub(one, f32x4.div(c4(TWO), f32x4.add(one, vFastExp(f32x4.add(x, x)))));
}

/**
 * True for the kinds whose SIMD loop exists in this mode (the others run the scalar loop). In
 * the exact mode, tanh, sine, GCU, ameo, sigmoid, swish and gaussian use exactmath.ts's
 * four-lane Mathf twins; ELU, GELU and softplus (expm1, erf, log1p) stay scalar.
 */
// @ts-ignore: decorator
@inline function hasSimdLoop(kind: i32, fast: bool): bool {
  return (
    fast || kind == IDENTITY || kind == RELU || kind == LEAKY_RELU || kind == TANH || kind == SINE || kind == GCU ||
    kind == AMEO || kind == SIGMOID || kind == SWISH || kind == GAUSSIAN
  );
}

/** The exact sigmoid: σ = 1/(1 + e^(−x)), σ' = σ(1 − σ), the scalar forms' operations. */
// @ts-ignore: decorator
@inline
function exactSigmoidLoop(z: usize, a: usize, d: usize, end: usize, withDerivative: bool): void {
  if (ASC_FEATURE_SIMD) {
    const one = c4(ONE);
    for (let p: usize = 0; p < end; p += 16) {
      const y = f32x4.div(one, f32x4.add(one, vExactExp(f32x4.neg(v128.load(z + p)))));
      v128.store(a + p, y);
      if (withDerivative) v128.store(d + p, f32x4.mul(y, f32x4.sub(one, y)));
    }
  }
}

/** The exact GCU, x·cos x and cos x − x·sin x: inline where every lane is within 9π/4. */
// @ts-ignore: decorator
@inline
function exactGcuLoop(z: usize, a: usize, d: usize, end: usize, withDerivative: bool): void {
  if (ASC_FEATURE_SIMD) {
    for (let p: usize = 0; p < end; p += 16) {
      const x = v128.load(z + p);
      const dp = withDerivative ? d + p : 0;
      if (!beyondSmall(x)) vExactSinCos(x, a + p, true, SMALL_X, dp, true);
      else exactGcu(x, a + p, dp); // the rare vector with a lane beyond 9π/4: out of line
    }
  }
}

/**
 * The exact mode's other SIMD loops: tanh, sine, ameo, swish and gaussian with exactmath.ts's
 * four-lane Mathf twins (sigmoid and GCU are inlined by activateSimdInline). Kept out of line so
 * that the loops inlined where training calls them stay small.
 */
function activateExactSimd(kind: i32, z: usize, a: usize, d: usize, count: i32, withDerivative: bool): void {
  if (ASC_FEATURE_SIMD) {
    const end = <usize>count << 2;
    const one = c4(ONE);
    const zero = f32x4.splat(0.0);
    switch (kind) {
      case SWISH:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const s = f32x4.div(one, f32x4.add(one, exactExp(f32x4.neg(x))));
          v128.store(a + p, f32x4.mul(x, s));
          if (withDerivative) v128.store(d + p, f32x4.mul(s, f32x4.add(one, f32x4.mul(x, f32x4.sub(one, s)))));
        }
        return;
      case GAUSSIAN:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const y = exactExp(f32x4.mul(f32x4.neg(x), x));
          v128.store(a + p, y);
          if (withDerivative) v128.store(d + p, f32x4.mul(f32x4.mul(c4(V_NEG_TWO), x), y));
        }
        return;
      case TANH: {
        // Three vectors per iteration, inlined, so that their long chains of dependent operations
        // overlap: at batch 1 a layer's tanh is a matter of latency.
        let p: usize = 0;
        for (; p + 48 <= end; p += 48) {
          const y0 = vExactTanh(v128.load(z + p));
          const y1 = vExactTanh(v128.load(z + p, 16));
          const y2 = vExactTanh(v128.load(z + p, 32));
          v128.store(a + p, y0);
          v128.store(a + p, y1, 16);
          v128.store(a + p, y2, 32);
          if (withDerivative) {
            v128.store(d + p, f32x4.sub(one, f32x4.mul(y0, y0)));
            v128.store(d + p, f32x4.sub(one, f32x4.mul(y1, y1)), 16);
            v128.store(d + p, f32x4.sub(one, f32x4.mul(y2, y2)), 32);
          }
        }
        for (; p < end; p += 16) {
          const y = exactTanh(v128.load(z + p));
          v128.store(a + p, y);
          if (withDerivative) v128.store(d + p, f32x4.sub(one, f32x4.mul(y, y)));
        }
        return;
      }
      case SINE:
        for (let p: usize = 0; p < end; p += 16) {
          exactSinCos(v128.load(z + p));
          v128.store(a + p, v128.load(SIN_COS));
          if (withDerivative) v128.store(d + p, v128.load(SIN_COS, 16));
        }
        return;
      case AMEO:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          exactSinCos(x);
          const c = v128.load(SIN_COS, 16);
          const t = exactTanh(x);
          const pos = f32x4.ge(x, zero);
          v128.store(a + p, v128.bitselect(f32x4.mul(x, c), t, pos));
          if (withDerivative) {
            const dg = f32x4.sub(c, f32x4.mul(x, v128.load(SIN_COS)));
            v128.store(d + p, v128.bitselect(dg, f32x4.sub(one, f32x4.mul(t, t)), pos));
          }
        }
        return;
    }
  }
}

/**
 * SIMD kernel: a = f(z) and, when `withDerivative`, d = f'(z); same values as the scalar twins.
 * Inlined where the training step calls it (a call costs as much as a small layer's work there).
 */
// @ts-ignore: decorator
@inline
export function activateSimdInline(
  kind: i32,
  fast: bool,
  param: f32,
  z: usize,
  a: usize,
  d: usize,
  count: i32,
  withDerivative: bool,
): void {
  if (!ASC_FEATURE_SIMD || !hasSimdLoop(kind, fast)) {
    if (withDerivative) activateWithDerivativeScalar(kind, fast, param, z, a, d, count);
    else activateScalar(kind, fast, param, z, a, count);
    return;
  }
  if (!fast && kind != IDENTITY && kind != RELU && kind != LEAKY_RELU) {
    // The exact sigmoid (every output layer of the benchmark) and GCU inline, the rest out of line.
    if (kind == SIGMOID) exactSigmoidLoop(z, a, d, <usize>count << 2, withDerivative);
    else if (kind == GCU) exactGcuLoop(z, a, d, <usize>count << 2, withDerivative);
    else activateExactSimd(kind, z, a, d, count, withDerivative); // the other kinds hasSimdLoop lists
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const end = <usize>count << 2;
    const one = c4(ONE);
    const zero = f32x4.splat(0.0);
    const vp = f32x4.splat(param);
    switch (kind) {
      case IDENTITY:
        // A vector loop, not memory.copy: V8 calls out of Wasm for memory.copy, which costs
        // more than a small layer's copy. d may be z, so the copy comes first.
        if (a != z) for (let p: usize = 0; p < end; p += 16) v128.store(a + p, v128.load(z + p));
        if (withDerivative) for (let p: usize = 0; p < end; p += 16) v128.store(d + p, one);
        return;
      case RELU:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          v128.store(a + p, vPiecewise(RELU, vp, x));
          if (withDerivative) v128.store(d + p, v128.and(one, f32x4.gt(x, zero)));
        }
        return;
      case LEAKY_RELU:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          v128.store(a + p, vPiecewise(LEAKY_RELU, vp, x));
          if (withDerivative) v128.store(d + p, v128.bitselect(one, vp, f32x4.gt(x, zero)));
        }
        return;
      case SIGMOID:
        for (let p: usize = 0; p < end; p += 16) {
          const y = vSigmoid(v128.load(z + p));
          v128.store(a + p, y);
          if (withDerivative) v128.store(d + p, f32x4.mul(y, f32x4.sub(one, y)));
        }
        return;
      case TANH:
        for (let p: usize = 0; p < end; p += 16) {
          const y = vTanh(v128.load(z + p));
          v128.store(a + p, y);
          if (withDerivative) v128.store(d + p, f32x4.sub(one, f32x4.mul(y, y)));
        }
        return;
      case ELU:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const e = vFastExp(x);
          const pos = f32x4.gt(x, zero);
          v128.store(a + p, v128.bitselect(x, f32x4.mul(vp, f32x4.sub(e, one)), pos));
          if (withDerivative) v128.store(d + p, v128.bitselect(one, f32x4.mul(vp, e), pos));
        }
        return;
      case GELU: {
        const c = c4(V_GELU_C);
        const k = c4(V_GELU_K);
        const half = c4(HALF);
        const k3 = c4(V_GELU_K3);
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const x2 = f32x4.mul(x, x);
          const t = vTanh(f32x4.mul(c, f32x4.add(x, f32x4.mul(f32x4.mul(k, x2), x))));
          v128.store(a + p, f32x4.mul(f32x4.mul(half, x), f32x4.add(one, t)));
          if (withDerivative) {
            const left = f32x4.mul(half, f32x4.add(one, t));
            // pmin/pmax: one instruction each, and equal to min/max here (see vFastReduce).
            const xc = f32x4.pmin(f32x4.pmax(x, c4(V_NEG_GELU_X)), c4(V_GELU_X));
            const right = f32x4.mul(
              f32x4.mul(f32x4.mul(f32x4.mul(half, xc), f32x4.sub(one, f32x4.mul(t, t))), c),
              f32x4.add(one, f32x4.mul(k3, f32x4.mul(xc, xc))),
            );
            v128.store(d + p, f32x4.add(left, right));
          }
        }
        return;
      }
      case SWISH:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const s = vSigmoid(x);
          v128.store(a + p, f32x4.mul(x, s));
          if (withDerivative) v128.store(d + p, f32x4.mul(s, f32x4.add(one, f32x4.mul(x, f32x4.sub(one, s)))));
        }
        return;
      case SOFTPLUS:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const e = vFastExp(f32x4.neg(f32x4.abs(x)));
          v128.store(a + p, f32x4.add(f32x4.max(x, zero), vFastLn(f32x4.add(one, e))));
          if (withDerivative) {
            const inv = f32x4.div(one, f32x4.add(one, e));
            v128.store(d + p, v128.bitselect(inv, f32x4.mul(e, inv), f32x4.ge(x, zero)));
          }
        }
        return;
      case GAUSSIAN:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const y = vFastExp(f32x4.neg(f32x4.mul(x, x)));
          v128.store(a + p, y);
          if (withDerivative) v128.store(d + p, f32x4.mul(f32x4.mul(c4(V_NEG_TWO), x), y));
        }
        return;
      case SINE:
        for (let p: usize = 0; p < end; p += 16) {
          const r = vFastReduce(v128.load(z + p)); // one reduction for sin and cos
          v128.store(a + p, vFastSinOf(r));
          if (withDerivative) v128.store(d + p, vFastCosOf(r));
        }
        return;
      case GCU:
        {
          // Four vectors per iteration: at batch 1 this layer lies on the path from one example
          // to the next, and independent chains overlap their latency (measured: 16 GCU
          // neurons take 40% less time than one vector at a time).
          let p: usize = 0;
          for (; p + 64 <= end; p += 64) {
            const x0 = v128.load(z + p);
            const x1 = v128.load(z + p, 16);
            const x2 = v128.load(z + p, 32);
            const x3 = v128.load(z + p, 48);
            const r0 = vFastReduce(x0);
            const r1 = vFastReduce(x1);
            const r2 = vFastReduce(x2);
            const r3 = vFastReduce(x3);
            const c0 = vFastCosOf(r0);
            const c1 = vFastCosOf(r1);
            const c2 = vFastCosOf(r2);
            const c3 = vFastCosOf(r3);
            v128.store(a + p, f32x4.mul(x0, c0));
            v128.store(a + p, f32x4.mul(x1, c1), 16);
            v128.store(a + p, f32x4.mul(x2, c2), 32);
            v128.store(a + p, f32x4.mul(x3, c3), 48);
            if (withDerivative) {
              v128.store(d + p, f32x4.sub(c0, f32x4.mul(x0, vFastSinOf(r0))));
              v128.store(d + p, f32x4.sub(c1, f32x4.mul(x1, vFastSinOf(r1))), 16);
              v128.store(d + p, f32x4.sub(c2, f32x4.mul(x2, vFastSinOf(r2))), 32);
              v128.store(d + p, f32x4.sub(c3, f32x4.mul(x3, vFastSinOf(r3))), 48);
            }
          }
          for (; p < end; p += 16) {
            const x = v128.load(z + p);
            const r = vFastReduce(x);
            const c = vFastCosOf(r);
            v128.store(a + p, f32x4.mul(x, c));
            if (withDerivative) v128.store(d + p, f32x4.sub(c, f32x4.mul(x, vFastSinOf(r))));
          }
        }
        return;
      case AMEO:
        for (let p: usize = 0; p < end; p += 16) {
          const x = v128.load(z + p);
          const r = vFastReduce(x);
          const c = vFastCosOf(r);
          const t = vTanh(x);
          const pos = f32x4.ge(x, zero);
          v128.store(a + p, v128.bitselect(f32x4.mul(x, c), t, pos));
          if (withDerivative) {
            const dg = f32x4.sub(c, f32x4.mul(x, vFastSinOf(r)));
            v128.store(d + p, v128.bitselect(dg, f32x4.sub(one, f32x4.mul(t, t)), pos));
          }
        }
        return;
    }
  }
}

/** The SIMD kernel, out of line. */
export function activateSimd(
  kind: i32,
  fast: bool,
  param: f32,
  z: usize,
  a: usize,
  d: usize,
  count: i32,
  withDerivative: bool,
): void {
  activateSimdInline(kind, fast, param, z, a, d, count, withDerivative);
}

/**
 * The kernel this build uses (activateSimdInline falls back to the scalar twins where SIMD is not
 * compiled in); `inline` in the training step.
 */
// @ts-ignore: decorator
@inline
export function activate(
  kind: i32, fast: bool, param: f32, z: usize, a: usize, d: usize, count: i32, withDerivative: bool, inline: bool = false,
): void {
  if (inline) activateSimdInline(kind, fast, param, z, a, d, count, withDerivative);
  else activateSimd(kind, fast, param, z, a, d, count, withDerivative);
}
