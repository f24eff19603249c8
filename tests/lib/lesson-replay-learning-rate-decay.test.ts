/**
 * The proof behind the learning-rate-decay lesson: replay its script on the real engine with its seeds,
 * require every metric checkpoint to pass, and pin the numbers the prose quotes.
 * (lesson-replay-scalar.test.ts replays it on the scalar engine too.)
 */
import { describe, expect, it } from 'vitest';
import { lessonEngine, replay, report, script } from './lesson-scripts';

describe('learning-rate-decay script', () => {
  it('every metric checkpoint passes on the engine', { timeout: 180_000 }, async () => {
    const s = script('learning-rate-decay');
    const { outcomes } = await replay(s);
    console.log(report(s, outcomes));
    for (const o of outcomes)
      if (o.result)
        expect(o.result.passed, `${o.id}: ${JSON.stringify(o.result.values)}`).toBe(true);

    const byId = Object.fromEntries(outcomes.map((o) => [o.id, o.result?.values]));
    // The prose: constant 0.0089; step 0.0062, cosine 0.0055, restarts 0.0062; diverged at example 12.
    expect(byId.constant?.value).toBe('0.008854');
    expect([byId['step-decay']?.a, byId.cosine?.a, byId.restarts?.a]).toEqual([
      '0.006234',
      '0.005523',
      '0.006154',
    ]);
    expect(byId['too-high']?.value).toBe('12');
  });

  it("at a constant rate the test loss keeps wobbling to the end: the readings on A's chart rise and fall", async () => {
    const { engine, buildConfig } = await lessonEngine();
    const { TrainerCore } = await import('../../src/lib/trainer/trainer-core');
    // Network A as the page trains it: one 400,000-example job through the trainer.
    const core = new TrainerCore(engine, { publishIntervalMs: 1e9 });
    const readings: { examples: number; testLoss: number }[] = [];
    core.subscribe((snap) => {
      for (const p of snap.history) if (Number.isFinite(p.testLoss)) readings.push(p);
    });
    core.setView({ testLoss: true });
    core.configure(buildConfig('original-default', { hidden: [32, 16] }));
    await core.train(400_000);
    // "keeps wobbling to the end of the run": in its second half the dashed line goes up as
    // well as down, more than once.
    const late = readings.filter((p) => p.examples > 200_000).map((p) => p.testLoss);
    expect(late.length).toBeGreaterThanOrEqual(8);
    const rises = late.filter((v, k) => k > 0 && v > late[k - 1]).length;
    const falls = late.filter((v, k) => k > 0 && v < late[k - 1]).length;
    expect(rises).toBeGreaterThanOrEqual(2);
    expect(falls).toBeGreaterThanOrEqual(2);
  });

  it('with the sigmoid output, a rate of 5 stalls instead of diverging (the prose says so)', async () => {
    const { engine, buildConfig } = await lessonEngine();
    engine.configure(buildConfig('original-default', { hidden: [32, 16], learningRate: 5 }));
    const report = engine.train(100_000);
    expect(report.diverged).toBeNull();
    // Stuck far above what the same network reaches at 0.15 (0.0089 after 400,000 examples):
    // 0.259, with the output saturated at 1.00 over the whole square.
    expect(+engine.testLoss().toPrecision(3)).toBe(0.259);
    expect(Math.min(...engine.evaluate(64, 0).output)).toBeGreaterThan(0.995);
  });
});
