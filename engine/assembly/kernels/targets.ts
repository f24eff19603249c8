// Target functions f(a, b) ∈ [0, 1] over the input square. The first ten are the original
// sandbox's, with its exact formulas; ids are numbered as TARGETS in src/lib/engine/types.ts.
//
//   0 ternary      1 if a > 0.5 or b > a, else 0
//   1 multiply     a·b
//   2 max          max(a, b)
//   3 min          min(a, b)
//   4 fancySine    max(a, b) if a < 0.1 or b < 0.1 or a > 0.9 or b > 0.9, else |sin 6a|·|sin 6b|
//   5 tiledSqrt    1 if a and b are both in [0.4, 0.6], else √(frac(4a)·frac(4b))
//   6 bowl         max(|2a − 1|, |2b − 1|)^1.5
//   7 random       fresh uniform noise on [0, 1) for every example (on grids: a fixed hash of (a, b))
//   8 ridges       1 if ⌊5a⌋ is odd or ⌊5b⌋ is odd, else 0
//   9 xor          1 if (a < 0.5) ≠ (b > 0.5), else 0
// Added by NN Lab:
//  10 circle       1 if (a − ½)² + (b − ½)² < 0.3², else 0
//  11 blobs        max(g(a, b; 0.3, 0.3), g(a, b; 0.7, 0.7)), g = exp(−((a − cx)² + (b − cy)²)/(2·0.12²))
//  12 spiral       1 if sin(θ − 12r) > 0, else 0; r, θ the polar coordinates of (a − ½, b − ½)
//  13 checkerboard 1 if min(⌊4a⌋, 3) + min(⌊4b⌋, 3) is even, else 0 (4×4 squares)
//  14 sineWave     ½ + ½·sin(2πa)·cos(2πb)
// Math is in f32 with AssemblyScript's Mathf (the SIMD build takes sines two at a time with
// exactmath.ts's twins, which give the same bits); frac(x) = x − ⌊x⌋.

export const TARGET_FANCY_SINE = 4;
export const TARGET_RANDOM = 7;
export const TARGET_GRID = 100;

export function targetValue(id: i32, a: f32, b: f32): f32 {
  switch (id) {
    case 0:
      return a > 0.5 || b > a ? 1 : 0;
    case 1:
      return a * b;
    case 2:
      return max<f32>(a, b);
    case 3:
      return min<f32>(a, b);
    case TARGET_FANCY_SINE:
      return fancySine(a, b);
    case 5: {
      if (a >= 0.4 && a <= 0.6 && b >= 0.4 && b <= 0.6) return 1;
      const fa = <f32>4.0 * a - Mathf.floor(<f32>4.0 * a);
      const fb = <f32>4.0 * b - Mathf.floor(<f32>4.0 * b);
      return Mathf.sqrt(fa * fb);
    }
    case 6:
      return Mathf.pow(max<f32>(abs<f32>(<f32>2.0 * a - 1), abs<f32>(<f32>2.0 * b - 1)), 1.5);
    case 7:
      return hashNoise(a, b);
    case 8: {
      const ia = <i32>Mathf.floor(<f32>5.0 * a);
      const ib = <i32>Mathf.floor(<f32>5.0 * b);
      return (ia & 1) == 1 || (ib & 1) == 1 ? 1 : 0;
    }
    case 9:
      return a < 0.5 != b > 0.5 ? 1 : 0;
    case 10: {
      const da = a - <f32>0.5;
      const db = b - <f32>0.5;
      return da * da + db * db < <f32>0.09 ? 1 : 0;
    }
    case 11: {
      const s: f32 = <f32>2.0 * <f32>0.12 * <f32>0.12;
      const a1 = a - <f32>0.3;
      const b1 = b - <f32>0.3;
      const a2 = a - <f32>0.7;
      const b2 = b - <f32>0.7;
      return max<f32>(Mathf.exp(-(a1 * a1 + b1 * b1) / s), Mathf.exp(-(a2 * a2 + b2 * b2) / s));
    }
    case 12: {
      const x = a - <f32>0.5;
      const y = b - <f32>0.5;
      const r = Mathf.sqrt(x * x + y * y);
      const theta = Mathf.atan2(y, x);
      return Mathf.sin(theta - <f32>12.0 * r) > 0 ? 1 : 0;
    }
    case 13: {
      const ia = min<i32>(<i32>Mathf.floor(<f32>4.0 * a), 3);
      const ib = min<i32>(<i32>Mathf.floor(<f32>4.0 * b), 3);
      return ((ia + ib) & 1) == 0 ? 1 : 0;
    }
    case 14:
      if (ASC_FEATURE_SIMD) {
        vExactSinCos(f32x4.replace_lane(f32x4.splat(<f32>6.283185307179586 * a), 1, <f32>6.283185307179586 * b), SIN_COS, false);
        return <f32>0.5 + <f32>0.5 * load<f32>(SIN_COS) * load<f32>(SIN_COS, 20); // sin lane 0, cos lane 1
      }
      return <f32>0.5 + <f32>0.5 * Mathf.sin(<f32>6.283185307179586 * a) * Mathf.cos(<f32>6.283185307179586 * b);
  }
  return 0;
}

/** The original's default target, id 4 (inlined where training draws fresh examples: network.ts fillBatch). */
// @ts-ignore: decorator
@inline
export function fancySine(a: f32, b: f32): f32 {
  if (a < 0.1 || b < 0.1 || a > 0.9 || b > 0.9) return max<f32>(a, b);
  if (ASC_FEATURE_SIMD) {
    // Both sines at once, with Mathf.sin's bits (exactmath.ts); 6a and 6b are in [0.6, 5.4].
    const s = f32x4.abs(vExactSin2Moderate(<f32>6.0 * a, <f32>6.0 * b));
    return f32x4.extract_lane(s, 0) * f32x4.extract_lane(s, 1);
  }
  return abs<f32>(Mathf.sin(<f32>6.0 * a)) * abs<f32>(Mathf.sin(<f32>6.0 * b));
}

import { hashUniform } from './rng';
import { SIN_COS, vExactSin2Moderate, vExactSinCos } from './exactmath';
// @ts-ignore: decorator
@inline function hashNoise(a: f32, b: f32): f32 { return hashUniform(a, b); }

/**
 * Bilinear interpolation of values sampled on a size×size grid over [0, 1]² with both edges
 * included: value[j·size + i] sits at (i/(size − 1), j/(size − 1)).
 */
export function gridTargetValue(values: usize, size: i32, a: f32, b: f32): f32 {
  if (size < 2) return load<f32>(values);
  const last = <f32>(size - 1);
  const x = min<f32>(max<f32>(a, 0), 1) * last;
  const y = min<f32>(max<f32>(b, 0), 1) * last;
  const i0 = min<i32>(<i32>x, size - 2);
  const j0 = min<i32>(<i32>y, size - 2);
  const fx = x - <f32>i0;
  const fy = y - <f32>j0;
  const p = values + ((<usize>(j0 * size + i0)) << 2);
  const v00 = load<f32>(p);
  const v10 = load<f32>(p, 4);
  const v01 = load<f32>(p + (<usize>size << 2));
  const v11 = load<f32>(p + (<usize>size << 2), 4);
  const top = v00 + (v10 - v00) * fx;
  const bottom = v01 + (v11 - v01) * fx;
  return top + (bottom - top) * fy;
}
