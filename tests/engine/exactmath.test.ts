/**
 * The four-lane exact sin, cos, tanh and exp (engine/assembly/kernels/exactmath.ts) against their
 * scalar twin, AssemblyScript's Mathf, bit for bit: a dense sweep of float32 bit patterns over
 * every range the functions branch on, both signs, a band of neighbours around every boundary
 * constant, random bit patterns, and the special values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineExports } from '../../src/lib/engine/engine';
import { compareExact, makeRandom, rawEngine } from './helpers';

type Fn = (...args: number[]) => void;
const CHUNK = 1 << 18;

let w: EngineExports;
let base = 0;

beforeAll(async () => {
  w = await rawEngine(true);
  base = w.testScratch(7 * CHUNK * 4);
  expect(base).toBeGreaterThan(0);
});

/** Runs both forms over `bits` (float32 bit patterns) and returns the first mismatch, if any. */
function compare(
  bits: Uint32Array,
  outputs: number,
  run: (simd: number, x: number, outs: number[], n: number) => void,
): string | null {
  return compareExact(w, base, CHUNK, bits, outputs, run).first[0] ?? null;
}

/** Bit patterns: a stride over [0, top), both signs; ±64 neighbours of each boundary; randoms; specials. */
function inputs(top: number, stride: number, boundaries: number[], seed: number): Uint32Array {
  const specials = [0, 0x80000000, 1, 0x80000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff];
  specials.push(0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001);
  const randoms = 200_000;
  const swept = Math.ceil(top / stride);
  const out = new Uint32Array(2 * swept + boundaries.length * 2 * 129 + randoms + specials.length);
  let n = 0;
  for (let b = 0; b < top; b += stride) {
    out[n++] = b;
    out[n++] = (b + (stride >> 1)) | 0x80000000;
  }
  for (const c of boundaries) {
    for (let d = -64; d <= 64; d++) {
      out[n++] = c + d;
      out[n++] = (c + d) | 0x80000000;
    }
  }
  const rand = makeRandom(seed);
  for (let k = 0; k < randoms; k++) out[n++] = Math.floor(rand() * 2 ** 32);
  for (const v of specials) out[n++] = v;
  return out.subarray(0, n);
}

describe('exact sin and cos: four lanes against Mathf', () => {
  it('agree bit for bit over every reduction range, the boundaries and the specials', () => {
    const boundaries = [
      0x39800000, // 2⁻¹²
      0x3f490fda, // π/4
      0x4016cbe3, // 3π/4
      0x407b53d1, // 5π/4
      0x40afeddf, // 7π/4
      0x40e231d5, // 9π/4
      0x4dc90fdb, // 2²⁸·π/2: Mathf's multi-word reduction begins
    ];
    // Float32 bit patterns below 2²⁹ in steps of 127: 10 million values per sign.
    const bits = inputs(0x4e000000, 127, boundaries, 11);
    expect(bits.length).toBeGreaterThan(2e7);
    const run = (simd: number, x: number, o: number[], n: number) =>
      (w.testExactSinCos as unknown as Fn)(simd, x, o[0], o[1], n);
    expect(compare(bits, 2, run)).toBeNull();
  });

  it('would catch a one-ulp difference (the comparison can fail)', () => {
    const bits = Uint32Array.of(0x3f800000, 0x40400000, 0x41200000, 0x3e000000);
    const run = (simd: number, x: number, o: number[], n: number) => {
      (w.testExactSinCos as unknown as Fn)(simd, x, o[0], o[1], n);
      if (simd) new Uint32Array(w.memory.buffer)[(o[1] >> 2) + 2] += 1;
    };
    expect(compare(bits, 2, run)).toMatch(/^output 1 at x = 10 /);
  });
});

describe('exact tanh: four lanes against Mathf', () => {
  it('agrees bit for bit over every range of tanh and of expm1 inside it', () => {
    const boundaries = [
      0x00800000, // smallest normal
      0x33000000, // expm1: 2⁻²⁵ (of 2|x|)
      0x3e82c578, // ln(5/3)/2
      0x3eb17218, // expm1: ln2/2, of 2|x| at half of it
      0x3e317218,
      0x3f0c9f54, // ln(3)/2
      0x3f851592, // expm1: 1.5·ln 2, of 2|x| at half of it
      0x3f051592,
      0x40d82e42, // k = 20 in expm1 (2|x| ≈ 19.5·ln 2)
      0x4195b844, // expm1's overflow guard, of 2|x| at half of it
      0x4115b844,
      0x41200000, // 10: tanh is 1 beyond
    ];
    // Float32 bit patterns below 16 in steps of 61: 18 million values per sign.
    const bits = inputs(0x41800000, 61, boundaries, 12);
    expect(bits.length).toBeGreaterThan(3.5e7);
    const run = (simd: number, x: number, o: number[], n: number) =>
      (w.testExactTanh as unknown as Fn)(simd, x, o[0], n);
    expect(compare(bits, 1, run)).toBeNull();
  });
});

describe('exact exp: four lanes against Mathf', () => {
  it('agrees bit for bit over every float32 up to the overflow and underflow guards', () => {
    const boundaries = [
      0x42b00000, // |x| = 88: Mathf's special cases begin (the lanes go to Mathf)
      0x42b17217, // overflow
      0xc2cff1b4 & 0x7fffffff, // underflow (as a magnitude; both signs are swept)
      0x3c000000, // |x·32/ln 2| about ½: rounding of k
    ];
    // Float32 bit patterns below 128 in steps of 61: 18 million values per sign.
    const bits = inputs(0x43000000, 61, boundaries, 13);
    expect(bits.length).toBeGreaterThan(3.5e7);
    const run = (simd: number, x: number, o: number[], n: number) =>
      (w.testExactExp as unknown as Fn)(simd, x, o[0], n);
    expect(compare(bits, 1, run)).toBeNull();
  });
});
