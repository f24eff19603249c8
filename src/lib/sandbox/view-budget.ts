/**
 * How much the sandbox asks the trainer to draw, scaled to the network's size so that drawing
 * never starves training. Every snapshot costs forward passes over several grids (the response,
 * every neuron's thumbnail, the test loss's 64×64 grid, the dead-neuron survey's 32×32 grid); a
 * network with eight layers of 256 neurons costs 200 times more per pass than the default one.
 * We pick the richest view whose passes fit a budget, and space snapshots so that publishing takes
 * at most about a fifth of the worker's time.
 */
import { FRESH_TEST_POINTS } from '../engine/limits';
import { weightCount } from '../network-size';
import type { ViewRequest } from '../trainer/protocol';

/** Multiply-adds one snapshot may spend (about 5 ms of the engine's inference). */
export const SNAPSHOT_BUDGET = 25e6;
/** Multiply-adds per millisecond assumed for inference over grids (measured ~5–7 GMAC/s here). */
export const MAC_PER_MS = 5e6;
const STATS_GRID_POINTS = 32 * 32;

const LADDER: Array<
  Pick<ViewRequest, 'resolution' | 'thumbResolution' | 'testLoss' | 'neuronStats'>
> = [
  { resolution: 64, thumbResolution: 16, testLoss: true, neuronStats: true },
  { resolution: 48, thumbResolution: 12, testLoss: true, neuronStats: true },
  { resolution: 32, thumbResolution: 8, testLoss: true, neuronStats: true },
  { resolution: 32, thumbResolution: 8, testLoss: false, neuronStats: true },
  { resolution: 24, thumbResolution: 8, testLoss: false, neuronStats: false },
];

function points(v: (typeof LADDER)[number], testPoints: number): number {
  return (
    v.resolution ** 2 +
    v.thumbResolution ** 2 +
    (v.testLoss ? testPoints : 0) +
    (v.neuronStats ? STATS_GRID_POINTS : 0)
  );
}

/**
 * Multiply-adds the response may spend at rest, where it is drawn once: a sharper picture than
 * while training (128 × 128 for the default network, about 7 ms), where the network affords it.
 */
export const REST_BUDGET = 40e6;
const REST_RESOLUTIONS = [128, 96];

/**
 * The view for a network while it trains (`training`) or rests. At rest nothing competes with
 * training, so the full view is asked for whatever it costs, the response finer where cheap.
 */
export function viewFor(
  layerSizes: readonly number[],
  training: boolean,
  testPoints = FRESH_TEST_POINTS,
): ViewRequest {
  // Multiply-adds of one forward pass: one per weight.
  const cost = weightCount(layerSizes);
  if (!training) {
    const sharp = REST_RESOLUTIONS.find((r) => cost * r * r <= REST_BUDGET);
    return { ...LADDER[0], resolution: sharp ?? LADDER[0].resolution, publishIntervalMs: 30 };
  }
  const view =
    LADDER.find((v) => cost * points(v, testPoints) <= SNAPSHOT_BUDGET) ??
    LADDER[LADDER.length - 1];
  const publishMs = (cost * points(view, testPoints)) / MAC_PER_MS;
  return { ...view, publishIntervalMs: Math.min(1000, Math.max(30, Math.ceil(publishMs * 5))) };
}

/**
 * Side of the selected neuron's large plot: 128 when cheap (the first layers of most networks),
 * down to 32 for deep, wide layers: at most about 20 million multiply-adds (4 ms) a picture.
 */
export function neuronResolution(layerSizes: readonly number[], layer: number): number {
  const cost = weightCount(layerSizes.slice(0, layer + 1));
  return Math.max(32, Math.min(128, Math.floor(Math.sqrt(20e6 / Math.max(cost, 1)))));
}
