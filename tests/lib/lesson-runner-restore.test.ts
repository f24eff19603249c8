// "Back to this checkpoint" puts every network back as it was then, including a network that was
// not loaded yet: it is unloaded again (the page shows "no network loaded yet"), instead of
// keeping what later steps made of it.
import { describe, expect, it } from 'vitest';
import { LessonRunner, fromEngine, type NetworkInfo } from '../../src/lib/lessons/runner';
import { rawScripts, script } from './lesson-scripts';

// Two-network scripts whose first step leaves B unloaded (feature generation, GCU, decay).
const cases = Object.keys(rawScripts).filter((id) => {
  const s = script(id);
  return (
    s.networks.includes('b') &&
    !s.steps[0].actions.some((a) => a.do === 'load' && a.network === 'b')
  );
});

describe('restoring a checkpoint from before a network was loaded unloads it', () => {
  it('the lessons have such scripts (so the test below is not empty)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  for (const id of cases) {
    it(id, { timeout: 120_000 }, async () => {
      const { loadEngine } = await import('../../src/lib/engine/load-node');
      const s = script(id);
      const backends = Object.fromEntries(
        await Promise.all(s.networks.map(async (n) => [n, fromEngine(await loadEngine())])),
      );
      const heard: [string, NetworkInfo][] = [];
      let t = 0;
      const runner = new LessonRunner(s, backends, {
        now: () => (t += 1),
        onNetworkChange: (n, info) => heard.push([n, structuredClone(info)]),
      });
      // Up to the first step that loads B, then back to the checkpoint before it.
      const loadsB = s.steps.findIndex((step) =>
        step.actions.some((a) => a.do === 'load' && a.network === 'b'),
      );
      for (let i = 0; i < loadsB; i++) await runner.save(i, await runner.runStep(i));
      const aBefore = structuredClone(runner.networks.a);
      const aState = await backends.a.snapshot();
      await runner.save(loadsB, await runner.runStep(loadsB));
      expect(runner.networks.b.config).not.toBeNull();
      heard.length = 0;
      await runner.restore(loadsB - 1);
      expect(runner.networks.b.config).toBeNull();
      expect(heard.filter(([n]) => n === 'b').map(([, info]) => info.config)).toEqual([null]);
      // A is put back as it was at that checkpoint: its configuration and, bit for bit, its state.
      expect(runner.networks.a.config).toEqual(aBefore.config);
      expect(Buffer.from(await backends.a.snapshot()).equals(Buffer.from(aState))).toBe(true);
    });
  }
});

// "Run this step again" on step 1 starts from where the lesson starts: no network loaded (it
// re-saved checkpoint 1 with B as later steps left it), and the page hears which checkpoints
// the runner holds as they change, so "Back to this checkpoint" follows them.
describe('back to the start', () => {
  it('unloads every network, forgets every checkpoint, and step 1 runs as the first time', async () => {
    const { loadEngine } = await import('../../src/lib/engine/load-node');
    const s = script('learning-rate-decay');
    const backends = Object.fromEntries(
      await Promise.all(s.networks.map(async (n) => [n, fromEngine(await loadEngine())])),
    );
    const heard: number[][] = [];
    const changed: [string, NetworkInfo][] = [];
    const runner = new LessonRunner(s, backends, {
      onCheckpoints: (steps) => heard.push(steps),
      onNetworkChange: (n, info) => changed.push([n, structuredClone(info)]),
    });
    const first = await runner.runStep(0);
    const saved = await runner.save(0, first);
    expect(saved.networks.b?.state).toBeNull();
    await runner.save(1, await runner.runStep(1));
    expect(runner.networks.b.config).not.toBeNull();
    expect(heard).toEqual([[0], [0, 1]]);
    changed.length = 0;
    runner.restoreStart();
    expect(heard.at(-1)).toEqual([]);
    expect(runner.networks.a.config).toBeNull();
    expect(runner.networks.b.config).toBeNull();
    expect(changed.map(([n, info]) => [n, info.config])).toEqual([
      ['a', null],
      ['b', null],
    ]);
    expect(runner.savedCheckpoint(0)).toBeUndefined();
    // Step 1 again: the same result, and its checkpoint holds no network B.
    expect(await runner.runStep(0)).toEqual(first);
    const again = await runner.save(0, first);
    expect(again.networks.b?.state).toBeNull();
    expect(again.networks.b?.info.config).toBeNull();
    expect(heard.at(-1)).toEqual([0]);
    // A restore forgets the checkpoints after it, and says so.
    await runner.save(1, await runner.runStep(1));
    await runner.restore(0);
    expect(heard.at(-1)).toEqual([0]);
  }, 120_000);
});
