// The networks `npm run bench` measures (issue 3), shared with tests/engine/bench-baseline.test.ts,
// which checks the benchmark's plain-JavaScript trainer on exactly these.
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
