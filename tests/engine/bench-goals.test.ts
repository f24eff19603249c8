import { describe, expect, it } from 'vitest';
import { checkGoals, type BenchRow } from '../../bench/goals';

const row = (
  hidden: number[],
  activations: string[],
  batch: number,
  mode: 'fast' | 'exact',
  eps: number,
  extra: Partial<BenchRow> = {},
): BenchRow => ({
  hidden,
  activations,
  batch,
  mode,
  examplesPerSecond: eps,
  speedupOverPlainJs: 25,
  percentOfPeak: 50,
  gridAllNeuronsMs: 0.5,
  ...extra,
});

const verdict = (rows: BenchRow[], goal: string) =>
  checkGoals(rows).find((c) => c.goal.startsWith(goal));

describe("the benchmark's goal checks", () => {
  const tanh = ['tanh', 'tanh'];
  const gcu = ['gcu', 'leakyRelu'];

  it('says the fast mode is not met where it is slower than the exact one', () => {
    const rows = [row([16, 12], gcu, 1, 'fast', 1.9e6), row([16, 12], gcu, 1, 'exact', 2e6)];
    expect(verdict(rows, '[16 gcu, 12 leakyRelu], batch 1: fast mode')).toEqual({
      goal: '[16 gcu, 12 leakyRelu], batch 1: fast mode faster than exact',
      measured: '0.95× the exact mode',
      met: false,
    });
    rows[0].examplesPerSecond = 2.6e6;
    expect(verdict(rows, '[16 gcu, 12 leakyRelu], batch 1: fast mode')?.met).toBe(true);
  });

  it('checks the fast mode only where it approximates something', () => {
    const leaky = ['leakyRelu', 'leakyRelu'];
    const rows = [row([64, 32], leaky, 1, 'fast', 1e6), row([64, 32], leaky, 1, 'exact', 1.1e6)];
    expect(checkGoals(rows).filter((c) => c.goal.includes('fast mode'))).toEqual([]);
  });

  it('reads each goal from its own row, with its threshold', () => {
    const rows = [
      row([24, 12], tanh, 1, 'fast', 1.99e6, { speedupOverPlainJs: 11.3 }),
      row([24, 12], tanh, 32, 'fast', 5.01e6),
      row([64, 32], ['leakyRelu', 'leakyRelu'], 32, 'fast', 1e6, {
        percentOfPeak: 39.9,
        gridAllNeuronsMs: 1.02,
      }),
    ];
    const met = Object.fromEntries(checkGoals(rows).map((c) => [c.goal, c.met]));
    expect(met).toMatchObject({
      '[24, 12] tanh, fast, batch 1: ≥ 2M examples/s': false,
      '[24, 12] tanh, fast, batch 32: ≥ 5M examples/s': true,
      '[64, 32] leaky ReLU, batch 32: ≥ 40% of the SIMD peak': false,
      '100×100 grid with every neuron of [64, 32]: < 1 ms': false,
      '[24 tanh, 12 tanh], batch 1: ≥ 20× the plain-JavaScript trainer': false,
    });
  });

  it('says a goal whose row is missing was not measured, and not met', () => {
    expect(verdict([], '[24, 12] tanh, fast, batch 1')).toMatchObject({
      measured: 'not measured',
      met: false,
    });
    expect(verdict([], '100×100 grid')).toMatchObject({ measured: 'not measured', met: false });
  });
});
