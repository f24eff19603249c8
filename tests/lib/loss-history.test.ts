import { describe, expect, it } from 'vitest';
import {
  BUCKETS_PER_LEVEL,
  binByExamples,
  bucketEnd,
  bucketSize,
  bucketUnit,
  capPoints,
  lossPointFrom,
  mergePairs,
} from '../../src/lib/trainer/loss-history';
import type { LossPoint } from '../../src/lib/trainer/protocol';

/** The buckets of a run from 0 to `n` examples, as the trainer closes them. */
function tiling(n: number, unit: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; bucketEnd(from, unit) <= n; from = bucketEnd(from, unit))
    out.push([from, bucketEnd(from, unit)]);
  return out;
}

/** Per-example losses of a made-up run, and its buckets' means. */
function madeUp(n: number, unit: number) {
  const losses = Array.from({ length: n }, (_, i) => 1 / (1 + i / 50) + 0.3 * Math.sin(i * 1.7));
  const points: LossPoint[] = tiling(n, unit).map(([from, to]) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += losses[i];
    return {
      examples: to,
      count: to - from,
      trainLoss: sum / (to - from),
      testLoss: to % 3 === 0 ? to / 1e6 : Number.NaN,
      learningRate: 0.1 + to / 1e7,
    };
  });
  return { losses, points };
}

describe('loss buckets by examples', () => {
  it('start at the batch size and double at each doubling of the examples, aligned', () => {
    for (const unit of [1, 3, 32]) {
      const buckets = tiling(unit * BUCKETS_PER_LEVEL * 64, unit);
      let level = 0;
      for (const [from, to] of buckets) {
        const size = to - from;
        expect(from % size, `unit ${unit}: ${from}…${to}`).toBe(0);
        // Size `unit` for the first 2 · 512 buckets; then it doubles when the examples double.
        const expected = unit * 2 ** Math.max(0, Math.floor(Math.log2(from / (unit * 512))));
        expect(size).toBe(from < unit * 1024 ? unit : expected);
        level = Math.max(level, Math.log2(size / unit));
      }
      // 1,024 at the first size and 512 at each of the next five.
      expect(level).toBe(5);
      expect(buckets).toHaveLength(1024 + 512 * 5);
    }
  });

  it('at powers of two, where log2 rounding would matter, the size is the level start', () => {
    for (let k = 10; k < 45; k++) {
      const seen = 2 ** k;
      expect(bucketSize(seen, 1)).toBe(2 ** (k - 9));
      expect(bucketSize(seen - 1, 1)).toBe(2 ** Math.max(0, k - 10));
    }
  });

  it('the first buckets are whole batches of at least 16 examples', () => {
    expect([1, 3, 16, 17, 32, 1024].map(bucketUnit)).toEqual([16, 18, 16, 17, 32, 1024]);
  });

  it('binByExamples averages over examples, not over points', () => {
    const { losses, points } = madeUp(40_000, 1);
    const bins = 37;
    const { x, trainLoss } = binByExamples(points, bins);
    expect(trainLoss.length).toBeLessThanOrEqual(bins);
    expect(trainLoss.length).toBeGreaterThan(bins - 3);
    // Brute force: each point belongs to the span holding its middle; average its examples.
    const width = 40_000 / bins;
    const sums = new Map<number, { sum: number; n: number; lo: number; hi: number }>();
    for (const p of points) {
      const lo = p.examples - p.count;
      const b = Math.min(bins - 1, Math.floor((lo + p.examples) / 2 / width));
      const e = sums.get(b) ?? { sum: 0, n: 0, lo, hi: p.examples };
      for (let i = lo; i < p.examples; i++) e.sum += losses[i];
      e.n += p.count;
      e.hi = p.examples;
      sums.set(b, e);
    }
    const expected = [...sums.values()];
    expect(trainLoss).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(trainLoss[i]).toBeCloseTo(e.sum / e.n, 12);
      expect(x[i]).toBe((e.lo + e.hi) / 2);
    });
    // A bucket of 99 weighs 99 times one of 1: (1 · 1 + 99 · 3) / 100, not (1 + 3) / 2.
    const two: LossPoint[] = [
      { examples: 1, count: 1, trainLoss: 1, testLoss: Number.NaN, learningRate: 0.1 },
      { examples: 100, count: 99, trainLoss: 3, testLoss: Number.NaN, learningRate: 0.1 },
    ];
    expect(binByExamples(two, 1).trainLoss).toEqual([2.98]);
    expect(binByExamples(two, 1).x).toEqual([50]);
  });

  it('mergePairs and capPoints keep the mean over every example and the latest readings', () => {
    const { losses, points } = madeUp(20_000, 1);
    const mean = losses.reduce((s, v) => s + v, 0) / losses.length;
    const capped = capPoints(points, 500);
    expect(capped.length).toBeLessThanOrEqual(500);
    expect(capped.length).toBeGreaterThan(250);
    const total = capped.reduce((s, p) => s + p.count, 0);
    expect(total).toBe(20_000);
    expect(capped.reduce((s, p) => s + p.trainLoss * p.count, 0) / total).toBeCloseTo(mean, 12);
    // Each merged point ends where its last bucket ended and carries that bucket's rate.
    expect(capped[capped.length - 1].examples).toBe(20_000);
    const pair = mergePairs(points.slice(0, 2))[0];
    expect(pair).toEqual({
      examples: points[1].examples,
      count: 2,
      trainLoss: (points[0].trainLoss + points[1].trainLoss) / 2,
      testLoss: Number.isFinite(points[1].testLoss) ? points[1].testLoss : points[0].testLoss,
      learningRate: points[1].learningRate,
    });
    expect(capPoints(points, points.length)).toBe(points);
  });

  it('reads points stored before buckets (no count) as one example each, and drops junk', () => {
    expect(
      lossPointFrom({ examples: 100, trainLoss: 0.5, testLoss: 0.4, learningRate: 0.1 }),
    ).toEqual({ examples: 100, count: 1, trainLoss: 0.5, testLoss: 0.4, learningRate: 0.1 });
    expect(
      lossPointFrom({ examples: 64, count: 32, trainLoss: 0.5, learningRate: 0.1 })?.count,
    ).toBe(32);
    expect(lossPointFrom({ examples: 64, count: 32, trainLoss: 0.5 })?.testLoss).toBeNaN();
    expect(lossPointFrom({ examples: 0, trainLoss: 1 })).toBeNull();
    expect(lossPointFrom('x')).toBeNull();
    expect(lossPointFrom(null)).toBeNull();
  });
});
