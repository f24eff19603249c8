/**
 * The proof behind the Dying ReLU lesson: replay its script on the real engine with its seeds and
 * require every metric checkpoint to pass. Also checks that going back to a checkpoint restores
 * the network exactly (the dead count read again matches the one measured then).
 */
import { describe, expect, it } from 'vitest';
import { lessonEngine, replay, report, script } from './lesson-scripts';

describe('dying-relu script', () => {
  it('every metric checkpoint passes on the engine', { timeout: 180_000 }, async () => {
    const s = script('dying-relu');
    const { outcomes, runner, backends } = await replay(s);
    console.log(report(s, outcomes));
    for (const o of outcomes)
      if (o.result)
        expect(o.result.passed, `${o.id}: ${JSON.stringify(o.result.values)}`).toBe(true);

    // With leaky ReLU: 19 silent (negative over the whole square), none dead (the prose).
    const leaky = outcomes.find((o) => o.id === 'leaky')?.result;
    expect(leaky?.raw).toBe(19);

    // The born-dead shares the lesson's prose quotes, width by width (500 networks each).
    expect(runner.survey?.map((r) => [r.width, +(r.share * 100).toFixed(1)])).toEqual([
      [2, 83.6],
      [3, 51],
      [4, 25],
      [5, 9.2],
      [6, 4.8],
      [8, 0.4],
      [10, 0],
    ]);

    // The better start: every first-layer neuron fires somewhere at first, but one second-layer
    // neuron starts dead (and is alive again after 250,000 examples, as the checkpoint shows).
    const betterInit = s.steps.find((st) => st.id === 'better-init')!.actions[0];
    if (betterInit.do !== 'load') throw new Error('better-init starts with a load');
    const { engine: fresh, buildConfig } = await lessonEngine();
    fresh.configure(buildConfig(betterInit.preset, betterInit.overrides));
    const deadAtStart = fresh.neuronStats(64).filter((n) => n.dead);
    expect(deadAtStart.map((n) => n.layer)).toEqual([1]);

    // Going back restores the network exactly: the counts the lesson quotes come back.
    // (Going back discards the later checkpoints, so the latest comes first.)
    const deadOnes = async () =>
      new Set(
        (await backends.a.neuronStats())
          .filter((n) => n.dead && n.layer < 2)
          .map((n) => `${n.layer}:${n.index}`),
      );
    // After training (checkpoint 2): 21 of 76 dead in all, 12 in the first layer and 9 in the second.
    await runner.restore(1);
    const all = await runner.measure({ metric: 'deadNeurons', network: 'a' });
    const second = await runner.measure({ metric: 'deadNeurons', network: 'a', layer: 1 });
    expect([all.raw, second.raw]).toEqual([21, 9]);
    const after = await deadOnes();
    // Before training (checkpoint 1): 19 dead, 7 in the first layer.
    await runner.restore(0);
    const first = await runner.measure({ metric: 'deadNeurons', network: 'a', layer: 0 });
    expect(first.raw).toBe(7);
    const before = await deadOnes();
    // Which neurons: from the start to 250,000 examples at 0.15, 7 died and 5 came back (all in
    // the second layer), the net rise of 2 the prose explains.
    const died = [...after].filter((k) => !before.has(k));
    const revived = [...before].filter((k) => !after.has(k));
    expect([died.length, revived.length]).toEqual([7, 5]);
    expect(revived.every((k) => k.startsWith('1:'))).toBe(true);
  });

  it(
    'the leaky network: silent mostly from the start, and slow to fire again',
    {
      timeout: 60_000,
    },
    async () => {
      const { engine, buildConfig } = await lessonEngine();
      const quiet = (kind: 'dead' | 'silent') =>
        new Set(
          engine
            .neuronStats(64)
            .filter((n) => n.layer < 2 && (kind === 'dead' ? n.dead : n.max <= 0))
            .map((n) => `${n.layer}:${n.index}`),
        );
      const firstLayer = (set: Iterable<string>) => [...set].filter((k) => k.startsWith('0:'));
      const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((k) => !b.has(k)));

      // ReLU: 5 first-layer neurons die during the 250,000 examples; test loss 0.0125.
      engine.configure(buildConfig('dying-relu'));
      const deadAtStart = quiet('dead');
      engine.train(250_000);
      expect(firstLayer(minus(quiet('dead'), deadAtStart))).toHaveLength(5);
      expect(+engine.testLoss().toPrecision(3)).toBe(0.0125);

      // Leaky: the same 19 start silent; 14 of the 19 silent at 250,000 were silent from the start;
      // 2 first-layer neurons went silent meanwhile, and none of the first layer fired again.
      engine.configure(buildConfig('dying-relu', { activation: 'leakyRelu' }));
      const start = quiet('silent');
      expect(start).toEqual(deadAtStart);
      engine.train(250_000);
      const at250 = quiet('silent');
      expect(at250.size).toBe(19);
      // Silent, not dead: none of the leaky neurons has a zero derivative everywhere.
      expect(quiet('dead').size).toBe(0);
      expect([...at250].filter((k) => start.has(k))).toHaveLength(14);
      const wentSilent = firstLayer(minus(at250, start));
      expect(wentSilent).toHaveLength(2);
      expect(firstLayer(minus(start, at250))).toEqual([]);
      // In the second layer, 5 of those silent from the start fire again as the first changes.
      const back = [...minus(start, at250)];
      expect(back).toHaveLength(5);
      expect(back.every((k) => k.startsWith('1:'))).toBe(true);
      expect(+engine.testLoss().toPrecision(3)).toBe(0.0131);

      // Trained on: the two fire again by 500,000, and one silent from the start by 750,000.
      engine.train(250_000);
      const at500 = quiet('silent');
      expect(wentSilent.filter((k) => at500.has(k))).toEqual([]);
      expect(firstLayer(minus(start, at500))).toEqual([]);
      engine.train(250_000);
      expect(firstLayer(minus(start, quiet('silent')))).toHaveLength(1);
    },
  );

  it(
    'the better start over seeds 1 to 8: none dead from seed 1, one to three second-layer neurons from the others',
    { timeout: 60_000 },
    async () => {
      // The prose and the better-init step's explanation: "from seeds 2 to 8, one to three
      // second-layer neurons were dead after 250,000 examples (and no first-layer one), where the
      // original start left 20 to 30".
      const { engine, buildConfig } = await lessonEngine();
      const betterInit = script('dying-relu').steps.find((st) => st.id === 'better-init')!
        .actions[0];
      if (betterInit.do !== 'load') throw new Error('better-init starts with a load');
      const deadAfter = (overrides: object) => {
        engine.configure(buildConfig('dying-relu', overrides));
        engine.train(250_000);
        return engine.neuronStats(64).filter((n) => n.dead && n.layer < 2);
      };
      const better = [];
      const original = [];
      for (let seed = 1; seed <= 8; seed++) {
        better.push(deadAfter({ ...betterInit.overrides, seed }));
        original.push(deadAfter({ seed }).length);
      }
      expect(better.map((d) => d.length)).toEqual([0, 2, 1, 1, 2, 2, 3, 2]);
      expect(better.flat().every((n) => n.layer === 1)).toBe(true);
      expect([Math.min(...original), Math.max(...original)]).toEqual([20, 30]);
    },
  );

  it('at learning rate 0.6: 16 of the 31 dead were dead before training; 15 die during the run (11 in the first layer), 3 come back', async () => {
    const { engine, buildConfig } = await lessonEngine();
    const dead = () =>
      new Set(
        engine
          .neuronStats(64)
          .filter((n) => n.layer < 2 && n.dead)
          .map((n) => `${n.layer}:${n.index}`),
      );
    engine.configure(buildConfig('dying-relu', { learningRate: 0.6 }));
    const before = dead();
    engine.train(250_000);
    const after = dead();
    const died = [...after].filter((k) => !before.has(k));
    const back = [...before].filter((k) => !after.has(k));
    expect([before.size, after.size, died.length, back.length]).toEqual([19, 31, 15, 3]);
    // The prose: "16 of the 31 were already dead before training".
    expect([...after].filter((k) => before.has(k))).toHaveLength(16);
    expect(died.filter((k) => k.startsWith('0:'))).toHaveLength(11);
    expect(back.every((k) => k.startsWith('1:'))).toBe(true);
  });
});
