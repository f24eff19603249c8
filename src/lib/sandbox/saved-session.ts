/**
 * The sandbox's last trained network, kept in the browser (IndexedDB) so that a reload, a closed
 * tab or a crash does not lose it: the engine's full snapshot (weights, optimizer state,
 * generator, counters), the loss curve, and the settings it was trained with (the link's hash).
 * One record, overwritten as training goes on. Storage can be unavailable (private windows,
 * blocked storage): every call then quietly does nothing, and the sandbox works as before.
 */
import { capPoints, lossPointFrom } from '../trainer/loss-history';
import type { LossPoint } from '../trainer/protocol';

export interface SavedSession {
  /** The settings, encoded as in the link (`encodeState`): a session resumes only under them. */
  settings: string;
  /** `TrainerApi.snapshot()` of the trained network. */
  snapshot: Uint8Array;
  examples: number;
  /** The loss curve up to `examples` (neighbouring buckets merged past MAX_HISTORY points). */
  history: LossPoint[];
  savedAt: number;
}

const DB = 'nn-lab';
const STORE = 'sandbox';
const KEY = 'last-session';
/**
 * Points of loss curve kept with a session: a run of 10⁹ examples has about 9,000 buckets. Past
 * this, neighbouring buckets are merged (their means weighted), so the start is never cut off.
 */
export const MAX_HISTORY = 20_000;

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null); // storage blocked by the browser's settings
    }
  });
}

async function run<T>(
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | null> {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    try {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    } finally {
      db.close(); // closes once the transaction is done
    }
  });
}

/** Keep `session`; true once it is stored (false where storage is unavailable). */
export async function saveSession(session: SavedSession): Promise<boolean> {
  const history = capPoints(session.history, MAX_HISTORY);
  return (await run('readwrite', (store) => store.put({ ...session, history }, KEY))) !== null;
}

/** The saved session, if one is stored and well formed. */
export async function loadSession(): Promise<SavedSession | null> {
  const value = (await run('readonly', (store) => store.get(KEY))) as Partial<SavedSession> | null;
  if (
    !value ||
    typeof value.settings !== 'string' ||
    !(value.snapshot instanceof Uint8Array) ||
    !(typeof value.examples === 'number' && value.examples > 0) ||
    !Array.isArray(value.history)
  )
    return null;
  // A session saved before the curve had buckets: its points count once each.
  const history = value.history.map(lossPointFrom).filter((p): p is LossPoint => p !== null);
  return { ...(value as SavedSession), history };
}

export async function clearSession(): Promise<void> {
  await run('readwrite', (store) => store.delete(KEY));
}
