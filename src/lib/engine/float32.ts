/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A finite number that stays finite in the engine's float32: 1e39 is finite as a double but
 * becomes Infinity there, so a weight, a rate or a grid value like it must be refused, not
 * silently overflow.
 */
export function isFiniteFloat32(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= FLOAT32_MAX;
}

/**
 * The largest magnitude of a setting the engine draws numbers from: an initializer's constant,
 * bounds, mean or std, the label noise's std, and a grid target's values. Within it, what the
 * engine computes from them stays finite in float32: a normal draw (mean + std·z, |z| < 9), a
 * uniform draw (min + (max − min)·u), a noisy label (target + noise·z) and the grid target's
 * bilinear differences. At float32's own limit all four overflowed to Infinity.
 */
export const MAX_MAGNITUDE = 1e15;

/** A finite number within ±MAX_MAGNITUDE. */
export function isBounded(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_MAGNITUDE;
}
