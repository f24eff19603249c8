/**
 * The size of a network with the two inputs a and b and these layer sizes (hidden layers first,
 * the output layer last), shared by the plots and the sandbox.
 */

import type { NetworkConfig } from './engine/types';

/** The layer sizes of a configured network: its hidden layers, then the output layer. */
export function layerSizesOf(network: NetworkConfig): number[] {
  return [...network.hidden.map((layer) => layer.units), network.output.units];
}

/**
 * Number of weights (biases not counted): Σ fan-in × neurons over the layers, the first layer's
 * fan-in being the two inputs. It is also the network graph's edge count and the multiply-adds
 * of one forward pass.
 */
export function weightCount(layerSizes: readonly number[]): number {
  let fanIn = 2;
  let count = 0;
  for (const n of layerSizes) {
    count += fanIn * n;
    fanIn = n;
  }
  return count;
}
