// A lesson's met checkpoints are kept in the browser (saved-checkpoints.ts) so that a reader who
// comes back finds the networks as they were. Here: a checkpoint stored and read back, then
// restored into fresh engines (a new page's trainers), gives the same networks bit for bit, and
// the next step gives the same result as it would have without the reload; a record that does
// not fit the script (another lesson, another version of its steps, a missing state) is not
// given back. And going back to a checkpoint unticks the later steps in the stored progress.
import { describe, expect, it } from 'vitest';
import { ProgressStore, type StorageLike } from '../../src/lib/lessons/progress';
import { LessonRunner, fromEngine, trainedOnAt } from '../../src/lib/lessons/runner';
import { checkpointFrom, fingerprint, recordOf } from '../../src/lib/lessons/saved-checkpoints';
import type { Script } from '../../src/lib/lessons/schema';
import { script } from './lesson-scripts';

async function runnerOn(s: Script) {
  const { loadEngine } = await import('../../src/lib/engine/load-node');
  const backends = Object.fromEntries(
    await Promise.all(s.networks.map(async (id) => [id, fromEngine(await loadEngine())] as const)),
  );
  return { runner: new LessonRunner(s, backends), backends };
}

describe('a kept checkpoint', () => {
  it('restores the networks into new engines exactly, and the lesson goes on as if never left', async () => {
    const s = script('learning-rate-decay');
    const first = await runnerOn(s);
    for (let i = 0; i < 3; i++) await first.runner.save(i, await first.runner.runStep(i));
    const saved = first.runner.savedCheckpoint(2)!;
    // As IndexedDB keeps it: a structured clone of the record.
    const record = structuredClone(recordOf(s, saved, 1, 1234));
    const back = checkpointFrom(record, s);
    expect(back).not.toBeNull();
    expect(back!.answer).toBe(1);
    expect(back!.savedAt).toBe(1234);
    expect(back!.checkpoint.result).toEqual(saved.result);

    const second = await runnerOn(s);
    second.runner.remember(back!.checkpoint);
    await second.runner.restore(2);
    for (const id of s.networks) {
      const a = await first.backends[id].snapshot();
      const b = await second.backends[id].snapshot();
      expect(Buffer.from(b).equals(Buffer.from(a)), id).toBe(true);
    }
    expect(second.runner.networks.b.label).toBe(first.runner.networks.b.label);
    expect(await second.runner.runStep(3)).toEqual(await first.runner.runStep(3));
  });

  it('is not given back where it does not fit the script', async () => {
    const s = script('growing-cosine-unit');
    const { runner } = await runnerOn(s);
    await runner.save(0, await runner.runStep(0));
    const record = recordOf(s, runner.savedCheckpoint(0)!, null);
    expect(checkpointFrom(structuredClone(record), s)).not.toBeNull();
    // Another lesson's.
    expect(checkpointFrom(record, script('dying-relu'))).toBeNull();
    // Another version of the script: its first step loads another network.
    const changed = structuredClone(s);
    const load = changed.steps[0].actions[0];
    if (load.do !== 'load') throw new Error('step 1 starts with a load');
    load.overrides = { ...load.overrides, seed: 99 };
    expect(fingerprint(changed, 0)).not.toBe(fingerprint(s, 0));
    expect(checkpointFrom(record, changed)).toBeNull();
    // A later step's change does not concern checkpoint 1.
    const later = structuredClone(s);
    later.steps[3].title = 'Another title';
    later.steps[3].actions = [];
    expect(checkpointFrom(record, later)).not.toBeNull();
    // A loaded network without its state, a step out of range, or no record at all.
    const broken = structuredClone(record);
    broken.checkpoint.networks.a!.state = null;
    expect(checkpointFrom(broken, s)).toBeNull();
    expect(checkpointFrom({ ...record, index: 40 }, s)).toBeNull();
    for (const bad of [null, 'x', [], {}]) expect(checkpointFrom(bad, s)).toBeNull();
  });

  it('gives back the points a network was trained on, also from a record that kept their count', async () => {
    const s = script('growing-cosine-unit'); // step 1: one sigmoid neuron trained on XOR's corners
    const first = await runnerOn(s);
    await first.runner.save(0, await first.runner.runStep(0));
    const corners = first.runner.networks.a.trainedOn;
    expect(corners.map((p) => [p.a, p.b])).toEqual([
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(trainedOnAt(s, 0, 'a')).toEqual(corners);
    // As the version before `trainedOn` kept it: a count, no points.
    const record = structuredClone(recordOf(s, first.runner.savedCheckpoint(0)!, null));
    const old = record.checkpoint.networks.a!.info as unknown as Record<string, unknown>;
    delete old.trainedOn;
    old.pointsOnly = 4;
    const back = checkpointFrom(record, s)!;
    const second = await runnerOn(s);
    second.runner.remember(back.checkpoint);
    await second.runner.restore(0);
    expect(second.runner.networks.a.trainedOn).toEqual(corners);
    expect('pointsOnly' in second.runner.networks.a).toBe(false);
    // A network loaded again (step 4's A, trained on the whole square) has none.
    const load = s.steps.findIndex((t) => t.id === 'small-network');
    expect(trainedOnAt(s, load, 'a')).toEqual([]);
  });

  it('gives back the neuron each network had selected, where that network has it', async () => {
    const s = script('dying-relu'); // A: [54, 22] ReLU, B not loaded at checkpoint 1
    const { runner } = await runnerOn(s);
    await runner.save(0, await runner.runStep(0));
    const saved = runner.savedCheckpoint(0)!;
    const selectedOf = (selected: unknown) =>
      checkpointFrom(structuredClone({ ...recordOf(s, saved, null), selected }), s)?.selected;
    const kept = { a: { layer: 1, index: 21 } };
    expect(selectedOf(kept)).toEqual(kept);
    expect(checkpointFrom(structuredClone(recordOf(s, saved, null, 1, kept)), s)?.selected).toEqual(
      kept,
    );
    expect(selectedOf({ a: { layer: 2, index: 0 } })).toEqual({ a: { layer: 2, index: 0 } }); // output
    // A record from before selections were kept, and refs the network does not have.
    expect(selectedOf(undefined)).toEqual({});
    for (const ref of [
      { layer: 1, index: 22 },
      { layer: 3, index: 0 },
      { layer: 0, index: -1 },
      { layer: 0.5, index: 0 },
      { layer: '0', index: 0 },
      null,
    ])
      expect(selectedOf({ a: ref })).toEqual({});
    // B has no network at that checkpoint.
    expect(selectedOf({ b: { layer: 0, index: 0 } })).toEqual({});
  });
});

describe('progress after going back', () => {
  it('unmarks the later steps and keeps the rest, in the stored format', () => {
    const data = new Map<string, string>();
    const storage: StorageLike = {
      getItem: (k) => data.get(k) ?? null,
      setItem: (k, v) => void data.set(k, v),
    };
    const store = new ProgressStore(storage);
    for (const id of ['constant', 'step-decay', 'cosine'])
      store.markDone('learning-rate-decay', id, 6);
    store.markDone('dying-relu', 'at-start', 7);
    store.unmark('learning-rate-decay', ['step-decay', 'cosine', 'restarts']);
    const again = new ProgressStore(storage);
    expect(again.get('learning-rate-decay')).toMatchObject({ done: ['constant'], total: 6 });
    expect(again.get('dying-relu').done).toEqual(['at-start']);
    expect(JSON.parse(data.get('nn-lab:progress')!).v).toBe(1);
  });
});
