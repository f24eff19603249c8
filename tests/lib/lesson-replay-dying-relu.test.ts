/**
 * The proof behind the Dying ReLU lesson: replay its script on the real engine with its seeds and
 * require every metric checkpoint to pass. Also checks that going back to a checkpoint restores
 * the network exactly (the dead count read again matches the one measured then).
 */
import { describe, expect, it } from 'vitest';
import { replay, report, script } from './lesson-scripts';

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
    const fresh = await import('../../src/lib/engine/load-node').then((m) =>
      m.loadEngine({ simd: true }),
    );
    const { buildConfig } = await import('../../src/lib/lessons/config');
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
});
