import { describe, expect, it } from 'vitest';
import { describeFastPair, fastAgainstExact } from '../../src/lib/lessons/benchmark';

const variants = [
  { label: 'ReLU', activation: 'relu', fastMath: true },
  { label: 'GCU, fast cos', activation: 'gcu', fastMath: true },
  { label: 'GCU, exact cos', activation: 'gcu', fastMath: false },
];

describe('the fast mode against the exact one, in a lesson’s measurement', () => {
  it('pairs each fast variant with the exact one of its activation, and only those', () => {
    const rates: Record<string, number> = {
      ReLU: 1_400_000,
      'GCU, fast cos': 800_000,
      'GCU, exact cos': 640_000,
    };
    expect(fastAgainstExact(variants, (l) => rates[l])).toEqual([
      { fast: 'GCU, fast cos', exact: 'GCU, exact cos', ratio: 1.25 },
    ]);
    // A variant not measured (yet) gives no pair.
    expect(fastAgainstExact(variants, (l) => (l === 'GCU, exact cos' ? undefined : 1))).toEqual([]);
  });

  it('says which way it came out, and calls a few per cent the same speed', () => {
    const pair = (ratio: number) => ({ fast: 'GCU, fast cos', exact: 'GCU, exact cos', ratio });
    expect(describeFastPair(pair(1.21))).toBe(
      'Here “GCU, fast cos” ran 1.21 times as fast as “GCU, exact cos”.',
    );
    expect(describeFastPair(pair(1.02))).toMatch(
      /^Here “GCU, fast cos” was no faster than “GCU, exact cos” \(1\.02 times as fast\): /,
    );
    expect(describeFastPair(pair(0.85))).toContain('(0.85 times as fast)');
    expect(describeFastPair(pair(0.85))).toContain('how your browser compiles it');
  });
});
