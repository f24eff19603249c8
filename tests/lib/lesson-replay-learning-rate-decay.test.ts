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

  it(
    'over seeds 1 to 8: cosine always ends below the constant rate, step decay and warm restarts not always',
    { timeout: 180_000 },
    async () => {
      // The prose and the step-decay explanation: from seeds 1 to 8, cosine ended below the
      // constant rate every time (1.04 to 2.0 times); step decay six times, within 3% once
      // (seed 3), above it once (seed 6); warm restarts above it twice (seeds 2 and 6). And with
      // warm restarts each cycle ended lower than the last from seed 1, but not from seed 3.
      const { engine, buildConfig } = await lessonEngine();
      const s = script('learning-rate-decay');
      const scheduleOf = (id: string) => {
        const load = s.steps.find((st) => st.id === id)!.actions[0];
        if (load.do !== 'load') throw new Error(`${id} starts with a load`);
        return load.overrides?.schedule;
      };
      // Test loss at the end of each 100,000-example cycle, and 5,000 examples after each restart.
      const run = (seed: number, id?: string) => {
        const schedule = id ? scheduleOf(id) : undefined;
        engine.configure(
          buildConfig('original-default', {
            hidden: [32, 16],
            seed,
            ...(schedule && { schedule }),
          }),
        );
        const ends: number[] = [];
        const afterRestart: number[] = [];
        for (let c = 0; c < 4; c++) {
          engine.train(5_000);
          afterRestart.push(engine.testLoss());
          engine.train(95_000);
          ends.push(engine.testLoss());
        }
        return { ends, afterRestart, final: ends[3] };
      };
      const ratios: Record<string, number[]> = { 'step-decay': [], cosine: [], restarts: [] };
      let restarts1: ReturnType<typeof run> | null = null;
      let restarts3: ReturnType<typeof run> | null = null;
      for (let seed = 1; seed <= 8; seed++) {
        const constant = run(seed).final;
        for (const id of Object.keys(ratios)) {
          const r = run(seed, id);
          ratios[id].push(constant / r.final);
          if (id === 'restarts' && seed === 1) restarts1 = r;
          if (id === 'restarts' && seed === 3) restarts3 = r;
        }
      }
      const seeds = (id: string, keep: (r: number) => boolean) =>
        ratios[id].flatMap((r, k) => (keep(r) ? [k + 1] : []));
      expect(seeds('cosine', (r) => r > 1)).toHaveLength(8);
      expect(
        [Math.min(...ratios.cosine), Math.max(...ratios.cosine)].map((r) => +r.toFixed(2)),
      ).toEqual([1.04, 2.01]);
      expect(seeds('step-decay', (r) => r > 1.03)).toHaveLength(6);
      expect(seeds('step-decay', (r) => r > 1 / 1.03 && r <= 1.03)).toEqual([3]);
      expect(seeds('step-decay', (r) => r < 1)).toEqual([6]);
      expect(seeds('restarts', (r) => r < 1)).toEqual([2, 6]);
      if (!restarts1 || !restarts3) throw new Error('seeds 1 and 3 ran with warm restarts');
      // Seed 1: the loss climbs after every restart, and each cycle ends lower than the last.
      for (let c = 1; c < 4; c++) {
        expect(restarts1.afterRestart[c]).toBeGreaterThan(restarts1.ends[c - 1]);
        expect(restarts1.ends[c]).toBeLessThan(restarts1.ends[c - 1]);
      }
      // Seed 3: the last cycle ends above the third, 0.0074 against 0.0060.
      expect(restarts3.ends.slice(2).map((v) => +v.toPrecision(2))).toEqual([0.006, 0.0074]);
    },
  );

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
