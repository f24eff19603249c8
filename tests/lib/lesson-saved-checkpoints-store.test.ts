// The lessons' checkpoints go through the site's one IndexedDB module (src/lib/idb.ts), in the
// lessons' own database and store, and in the order they were asked for: a checkpoint saved and
// then forgotten (the reader went back) is not written after its deletion, even when the save's
// transaction is the slower, and a read sees every write asked for before it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/lib/idb';

type Key = [string, number];
const rows = new Map<string, { key: Key; value: unknown }>();
const log: string[] = [];
/** How long the next transactions take (ms), in turn; then none. */
const delays: number[] = [];

vi.mock('../../src/lib/idb', () => ({
  transact: async <T>(
    where: Store,
    mode: IDBTransactionMode,
    act: (store: IDBObjectStore, done: (value: T) => void) => void,
  ): Promise<T | null> => {
    log.push(`${where.db}/${where.store} ${mode}`);
    await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
    type Range = { lower: Key; upper: Key };
    const inRange = (k: Key, r: Range) => k[0] === r.lower[0] && k[1] >= r.lower[1];
    let result: T | null = null;
    const request = <R>(value: R) => {
      const r = { result: value, onsuccess: null as null | (() => void) };
      queueMicrotask(() => r.onsuccess?.());
      return r;
    };
    const store = {
      put: (value: unknown, key: Key) => {
        rows.set(JSON.stringify(key), { key, value });
        return request(key);
      },
      delete: (range: Range) => {
        for (const [k, row] of rows) if (inRange(row.key, range)) rows.delete(k);
        return request(undefined);
      },
      getAll: (range: Range) =>
        request([...rows.values()].filter((row) => inRange(row.key, range)).map((r) => r.value)),
    };
    act(store as unknown as IDBObjectStore, (value) => (result = value));
    await new Promise((resolve) => setTimeout(resolve, 0));
    return result;
  },
}));

const { forgetCheckpoints, loadCheckpoints, saveCheckpoint } =
  await import('../../src/lib/lessons/saved-checkpoints');
const { LessonRunner, fromEngine } = await import('../../src/lib/lessons/runner');
const { script } = await import('./lesson-scripts');

beforeAll(() => {
  vi.stubGlobal('IDBKeyRange', {
    bound: (lower: Key, upper: Key) => ({ lower, upper }),
  });
});
afterAll(() => vi.unstubAllGlobals());

describe('kept checkpoints, through src/lib/idb.ts', () => {
  it('are saved, read back, and forgotten in the order asked, in the lessons’ own store', async () => {
    const { loadEngine } = await import('../../src/lib/engine/load-node');
    const s = script('growing-cosine-unit');
    const backends = Object.fromEntries(
      await Promise.all(s.networks.map(async (n) => [n, fromEngine(await loadEngine())])),
    );
    const runner = new LessonRunner(s, backends);
    await runner.save(0, await runner.runStep(0));
    const first = runner.savedCheckpoint(0)!;
    await runner.save(1, await runner.runStep(1));
    const second = runner.savedCheckpoint(1)!;

    expect(await saveCheckpoint(s, first, 1)).toBe(true);
    // The second save's transaction is slow; the forget asked after it must still follow it.
    delays.push(40, 0);
    const saving = saveCheckpoint(s, second, null);
    const forgetting = forgetCheckpoints(s, 0);
    const read = loadCheckpoints(s);
    expect(await saving).toBe(true);
    await forgetting;
    const kept = await read;
    expect(kept.map((k) => [k.checkpoint.step, k.answer])).toEqual([[0, 1]]);
    expect(kept[0].checkpoint.result).toEqual(first.result);
    expect(log).toEqual([
      'nn-lab-lessons/checkpoints readwrite',
      'nn-lab-lessons/checkpoints readwrite',
      'nn-lab-lessons/checkpoints readwrite',
      'nn-lab-lessons/checkpoints readonly',
    ]);
  }, 60_000);
});
