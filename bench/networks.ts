// The networks `npm run bench` measures (issue 3) and the training they share, used by the engine's
// configuration, the plain-JavaScript trainer and tests/engine/bench-baseline.test.ts alike.
import type { Activation } from '../src/lib/engine/types';

export interface BenchNetwork {
  hidden: number[];
  activations: Activation[];
}

export const BENCH_NETWORKS: BenchNetwork[] = [
  { hidden: [24, 12], activations: ['tanh', 'tanh'] },
  { hidden: [64, 32], activations: ['leakyRelu', 'leakyRelu'] },
  { hidden: [64, 32, 16, 8], activations: ['leakyRelu', 'leakyRelu', 'leakyRelu', 'leakyRelu'] },
  { hidden: [16, 12], activations: ['gcu', 'leakyRelu'] },
];

/**
 * Per-example mean-squared-error SGD on fancy sine at this rate; hidden weights and biases drawn
 * uniformly from ±hiddenInit, output weights from ±outputInit, the output bias 0.
 */
export const BENCH_SETTINGS = { learningRate: 0.08, hiddenInit: 0.1, outputInit: 1 };
export type BenchSettings = typeof BENCH_SETTINGS;
