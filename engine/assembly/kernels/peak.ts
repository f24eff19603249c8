// A compute-bound kernel for the benchmark: `iterations` rounds of a = a·m + c on twelve
// independent f32x4 accumulators (12 × 4 lanes × 2 flops per round), no memory traffic. Its
// GFLOP/s is this machine's practical Wasm SIMD peak for mul+add code like the dense kernels.

export function peakMulAdd(iterations: i32): f32 {
  if (ASC_FEATURE_SIMD) {
    const m = f32x4.splat(0.999999);
    const c = f32x4.splat(0.000001);
    let a0 = f32x4.splat(1.0), a1 = f32x4.splat(1.1), a2 = f32x4.splat(1.2), a3 = f32x4.splat(1.3);
    let a4 = f32x4.splat(1.4), a5 = f32x4.splat(1.5), a6 = f32x4.splat(1.6), a7 = f32x4.splat(1.7);
    let a8 = f32x4.splat(1.8), a9 = f32x4.splat(1.9), a10 = f32x4.splat(2.0), a11 = f32x4.splat(2.1);
    for (let i = 0; i < iterations; i++) {
      a0 = f32x4.add(f32x4.mul(a0, m), c);
      a1 = f32x4.add(f32x4.mul(a1, m), c);
      a2 = f32x4.add(f32x4.mul(a2, m), c);
      a3 = f32x4.add(f32x4.mul(a3, m), c);
      a4 = f32x4.add(f32x4.mul(a4, m), c);
      a5 = f32x4.add(f32x4.mul(a5, m), c);
      a6 = f32x4.add(f32x4.mul(a6, m), c);
      a7 = f32x4.add(f32x4.mul(a7, m), c);
      a8 = f32x4.add(f32x4.mul(a8, m), c);
      a9 = f32x4.add(f32x4.mul(a9, m), c);
      a10 = f32x4.add(f32x4.mul(a10, m), c);
      a11 = f32x4.add(f32x4.mul(a11, m), c);
    }
    const s = f32x4.add(
      f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))),
      f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)),
    );
    return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  }
  let s: f32 = 1;
  for (let i = 0; i < iterations; i++) s = s * <f32>0.999999 + <f32>0.000001;
  return s;
}

/** Flops done by peakMulAdd(iterations) in the SIMD build. */
export function peakFlops(iterations: i32): f64 {
  return <f64>iterations * 12.0 * 4.0 * 2.0;
}
