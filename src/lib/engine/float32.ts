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
