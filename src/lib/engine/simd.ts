/**
 * Wasm SIMD feature detection, usable in a page, a worker and Node: validate a tiny module whose
 * only function uses SIMD instructions (`i32.const 0; i8x16.splat; i8x16.popcnt`), the probe
 * used by wasm-feature-detect. Validation compiles nothing and runs nothing.
 */
export const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

let cached: boolean | null = null;

/** True when this WebAssembly implementation accepts SIMD (then load nn-simd.wasm). */
export function simdSupported(): boolean {
  if (cached === null) {
    try {
      cached = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      cached = false;
    }
  }
  return cached;
}

/** Alias of `simdSupported` (the name the trainer worker uses). */
export const hasWasmSimd = simdSupported;

/** The engine file to load here: 'nn-simd.wasm' or 'nn-scalar.wasm'. */
export function engineFileName(simd = simdSupported()): string {
  return simd ? 'nn-simd.wasm' : 'nn-scalar.wasm';
}
