import type { ExperimentConfig } from './types';

/** Grid sizes the engine serves: a response grid up to 256×256, neuron thumbnails up to 64×64. */
export const MAX_RESOLUTION = 256;
export const MAX_THUMB = 64;

/** The points of the test loss in fresh mode: the engine's 64×64 grid. */
export const FRESH_TEST_POINTS = 64 * 64;

/**
 * The first four bytes of every engine snapshot (`Engine.snapshot`), read as a little-endian u32:
 * 'NNLS'. The sandbox checks a saved network's bytes against it before offering it back.
 */
export const SNAPSHOT_MAGIC = 0x534c4e4e;

/** Points per part of a test-loss reading made in parts: the engine's batch capacity (layout.ts). */
export const TEST_PART = 1024;

/** The points a configuration's test loss is read on: its test set, or the fresh 64×64 grid. */
export function testPointsOf(config: ExperimentConfig): number {
  const mode = config.data.mode;
  return mode.kind === 'fixed' ? mode.testSize : FRESH_TEST_POINTS;
}
