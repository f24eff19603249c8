/**
 * Every lesson's checkpoints hold on the scalar engine too: a browser without WebAssembly SIMD
 * gets that build, which rounds differently (it sums Δ·Wᵀ in another order), so its numbers
 * differ a little from the ones the prose quotes. A checkpoint that only the SIMD engine's exact
 * numbers meet would leave such a reader stuck; these replays fail on one.
 */
import { describe, expect, it } from 'vitest';
import { rawScripts, replay, report, script } from './lesson-scripts';

describe('on the scalar engine', () => {
  for (const id of Object.keys(rawScripts)) {
    it(`${id}: every metric checkpoint passes`, { timeout: 300_000 }, async () => {
      const s = script(id);
      const { outcomes } = await replay(s, { simd: false });
      console.log(report(s, outcomes));
      const metric = outcomes.filter((o) => o.result);
      expect(metric.length).toBeGreaterThan(0);
      for (const o of metric)
        expect(o.result!.passed, `${o.id}: ${JSON.stringify(o.result!.values)}`).toBe(true);
      // The numbers do differ, and by more than rounding (the scalar-engine note, copy.ts, says
      // so with this one): the constant-rate baseline the prose quotes as 0.0089.
      if (id === 'learning-rate-decay')
        expect(outcomes.find((o) => o.id === 'step-decay')?.result?.values.b).toBe('0.01493');
    });
  }
});
