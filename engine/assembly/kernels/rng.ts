// The engine's random numbers: xoshiro128** (Blackman & Vigna), seeded through splitmix32.
// One generator lives in four globals; streams are separated by seeding it from
// (seed, stream) and saving/loading its state to memory around each call, so that the same
// seed and the same calls always give the same numbers.

let s0: u32 = 1;
let s1: u32 = 2;
let s2: u32 = 3;
let s3: u32 = 4;

/** Stream numbers: the same seed gives independent sequences for each purpose. */
export const STREAM_INIT: u32 = 0x1001;
export const STREAM_DATA: u32 = 0x2002;
export const STREAM_SET: u32 = 0x3003;

let splitState: u32 = 0;

// @ts-ignore: decorator
@inline
function splitmix32(): u32 {
  splitState += 0x9e3779b9;
  let z = splitState;
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

/** Seed the generator for stream `stream` of `seed`. */
export function rngSeed(seed: u32, stream: u32): void {
  splitState = seed ^ (stream * 0x632be5ab);
  s0 = splitmix32();
  s1 = splitmix32();
  s2 = splitmix32();
  s3 = splitmix32();
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1; // the all-zero state is a fixed point
}

/**
 * Next 32 random bits (xoshiro128**: rotl(s1·5, 7)·9). The state is read into locals and
 * written back once: V8 keeps Wasm globals in memory, so updating them in place made each of the
 * six state updates a load and a store.
 */
// @ts-ignore: decorator
@inline
export function nextU32(): u32 {
  let a = s0, b = s1, c = s2, d = s3;
  const result = rotl<u32>(b * 5, 7) * 9;
  const t = b << 9;
  c ^= a;
  d ^= b;
  b ^= c;
  a ^= d;
  c ^= t;
  s0 = a;
  s1 = b;
  s2 = c;
  s3 = rotl<u32>(d, 11);
  return result;
}

/** Uniform on [0, 1): the top 24 bits, so every value is an exact f32. */
// @ts-ignore: decorator
@inline
export function nextUniform(): f32 {
  return <f32>(nextU32() >>> 8) * <f32>5.9604644775390625e-8;
}

/** Uniform on [0, 1) in float64 (53 bits from two draws), for initialization. */
export function nextUniform64(): f64 {
  const hi = <u64>(nextU32() >>> 5);
  const lo = <u64>(nextU32() >>> 6);
  return <f64>((hi << 26) | lo) * 1.1102230246251565e-16;
}

/** Standard normal by Box–Muller in float64 (the sine partner is discarded). */
export function nextNormal64(): f64 {
  const u1 = 1.0 - nextUniform64(); // (0, 1]
  const u2 = nextUniform64();
  return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(6.283185307179586 * u2);
}

/** An index uniform on [0, n): ⌊u32 · n / 2³²⌋. */
// @ts-ignore: decorator
@inline
export function nextIndex(n: u32): u32 {
  return <u32>((<u64>nextU32() * <u64>n) >>> 32);
}

export function rngStore(ptr: usize): void {
  store<u32>(ptr, s0);
  store<u32>(ptr, s1, 4);
  store<u32>(ptr, s2, 8);
  store<u32>(ptr, s3, 12);
}

export function rngLoad(ptr: usize): void {
  s0 = load<u32>(ptr);
  s1 = load<u32>(ptr, 4);
  s2 = load<u32>(ptr, 8);
  s3 = load<u32>(ptr, 12);
}

/** A deterministic uniform [0, 1) value for a grid point: the 'random' target on grids. */
export function hashUniform(a: f32, b: f32): f32 {
  let h = reinterpret<u32>(a) * 0x9e3779b1 ^ (reinterpret<u32>(b) + 0x7f4a7c15) * 0x85ebca77;
  h ^= h >>> 15;
  h *= 0x2c1b3c6d;
  h ^= h >>> 12;
  h *= 0x297a2d39;
  h ^= h >>> 15;
  return <f32>(h >>> 8) * <f32>5.9604644775390625e-8;
}
