import type { NeuronStat } from './engine/types';

/**
 * A neuron that fires nowhere on the input square: its output is at most 0 at every point of the
 * stats' grid. For ReLU that is a dead neuron; for leaky ReLU a silent one, which still has a
 * gradient. The lessons count these (runner.ts, `countNeurons`) and the graphs mark them
 * (neuron-grid.ts, `isSilent`): one definition for both.
 */
export function firesNowhere(stat: NeuronStat): boolean {
  return stat.max <= 0;
}
