/**
 * Whether a trained network is stuck, and why, in words for the sandbox's run bar: its output is
 * the same over the whole square while the target is not, because the output's sigmoid has
 * saturated (a learning rate too large drives it to 0 or 1 in a few steps, where its slope is
 * almost 0) or because a layer of dead neurons cuts the input off. The divergence guard only catches NaN and
 * infinity; a saturated network trains on with its loss flat and no word of why.
 */
import type { NeuronStat } from '../engine/types';
import { formatRate, formatValue } from '../format';

export interface StuckInput {
  /** The network's response and the target on the same grid. */
  output: ArrayLike<number>;
  target: ArrayLike<number>;
  outputActivation: string;
  learningRate: number;
  /**
   * The hidden layers (from 1) whose every neuron is dead (output and gradient zero over the
   * whole square): through such a layer nothing of the input reaches the output.
   */
  deadLayers: number[];
  examples: number;
}

/** Examples before a flat output counts as stuck (an untrained network may start nearly flat). */
export const STUCK_AFTER = 1000;
/** The output's spread, as a share of the target's, below which it counts as the same everywhere. */
export const FLAT_SHARE = 0.02;
/** How close to 0 or 1 a sigmoid output is saturated. */
const SATURATED = 0.02;

/** The hidden layers (from 1) of `layerSizes` (hidden, then output) whose every neuron is dead. */
export function deadLayersOf(
  layerSizes: readonly number[],
  stats: readonly NeuronStat[],
): number[] {
  const dead = new Array<number>(layerSizes.length).fill(0);
  for (const n of stats) if (n.dead) dead[n.layer]++;
  const layers: number[] = [];
  for (let layer = 0; layer + 1 < layerSizes.length; layer++)
    if (layerSizes[layer] > 0 && dead[layer] === layerSizes[layer]) layers.push(layer + 1);
  return layers;
}

function range(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The note to show, or null when the network is not stuck (or there is no telling yet). */
export function stuckNote(input: StuckInput): string | null {
  const { output, target } = input;
  if (input.examples < STUCK_AFTER || output.length === 0 || output.length !== target.length)
    return null;
  const [tLo, tHi] = range(target);
  const [lo, hi] = range(output);
  // A flat target is learnt by a flat output; a non-finite one is the divergence guard's.
  if (!(tHi - tLo > 0.05) || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (hi - lo > FLAT_SHARE * (tHi - tLo)) return null;
  const level = formatValue((lo + hi) / 2, 3);
  const saturated =
    hi < SATURATED ? `below ${SATURATED}` : lo > 1 - SATURATED ? `above ${1 - SATURATED}` : '';
  if (input.outputActivation === 'sigmoid' && saturated)
    return `The output is ${saturated} everywhere: its sigmoid is saturated, where its slope is almost 0, so each example moves it very little and the loss stays flat. A large learning rate (${formatRate(input.learningRate)}) can drive it there in a few steps: lower the rate, then reset.`;
  const [layer] = input.deadLayers;
  if (layer !== undefined)
    return `The output is ${level} everywhere, whatever the input: every neuron of hidden layer ${layer} is dead (hatched in the graph), so nothing of the input reaches the output any more. Lower the learning rate or try leaky ReLU, then reset.`;
  return null;
}
