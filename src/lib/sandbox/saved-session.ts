/**
 * The sandbox's trained networks, kept in the browser (IndexedDB) so that a reload, a closed tab,
 * a crash or a visit to another network (a lesson's link) does not lose them: for each, the
 * engine's full snapshot (weights, optimizer state, generator, counters), the loss curve, and the
 * settings it was trained with (the link's hash). One record per network (its settings that need
 * a rebuild, and its seed: `network`), overwritten as its training goes on; the MAX_SESSIONS
 * saved last are kept. Storage can be unavailable (private windows, blocked storage): every call
 * then quietly does nothing, and the sandbox works as before.
 */
import { capPoints, lossPointFrom } from '../trainer/loss-history';
import type { LossPoint } from '../trainer/protocol';

export interface SavedSession {
  /**
   * Which network this is: what a reload must match for the session to be offered back (the
   * settings that need a rebuild, and the seed). Live settings such as the learning rate may
   * differ: they apply to the restored network as to any other.
   */
  network: string;
  /** The settings it was saved under, encoded as in the link (`encodeState`). */
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
/** The one record of the first version, which kept a single network: read, then replaced. */
const LEGACY_KEY = 'last-session';
/** The networks saved, newest first: `{ network, savedAt }[]`. */
const INDEX_KEY = 'sessions';
const recordKey = (network: string) => `session:${network}`;
/** Networks kept: the ones saved last. A large one's snapshot is a few megabytes. */
export const MAX_SESSIONS = 4;
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

type IndexEntry = { network: string; savedAt: number };

/**
 * Run `act` in one transaction; resolves with what it returned once the transaction has
 * committed, or null where storage is unavailable or the transaction failed.
 */
async function transact<T>(
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore, done: (value: T) => void) => void,
): Promise<T | null> {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(STORE, mode);
      let result: T | null = null;
      act(tx.objectStore(STORE), (value) => (result = value));
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => resolve(null);
      tx.onabort = () => resolve(null);
    } catch {
      resolve(null);
    } finally {
      db.close(); // closes once the transaction is done
    }
  });
}

const entries = (value: unknown): IndexEntry[] =>
  Array.isArray(value)
    ? value.filter(
        (e): e is IndexEntry => typeof e?.network === 'string' && typeof e?.savedAt === 'number',
      )
    : [];

/**
 * Keep `session`, in place of the same network's earlier one; the oldest networks past
 * MAX_SESSIONS are let go. True once it is stored (false where storage is unavailable).
 */
export async function saveSession(session: SavedSession): Promise<boolean> {
  const history = capPoints(session.history, MAX_HISTORY);
  const stored = await transact<boolean>('readwrite', (store, done) => {
    store.put({ ...session, history }, recordKey(session.network));
    store.delete(LEGACY_KEY);
    const index = store.get(INDEX_KEY);
    index.onsuccess = () => {
      const kept = [
        { network: session.network, savedAt: session.savedAt },
        ...entries(index.result).filter((e) => e.network !== session.network),
      ];
      for (const gone of kept.splice(MAX_SESSIONS)) store.delete(recordKey(gone.network));
      store.put(kept, INDEX_KEY);
      done(true);
    };
  });
  return stored === true;
}

function wellFormed(value: Partial<SavedSession> | null | undefined): SavedSession | null {
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

/**
 * The saved session of `network`, if one is stored and well formed. A record of the first
 * version (one network, no `network` field) is found by `networkOf(its settings)`.
 */
export async function loadSession(
  network: string,
  networkOf: (settings: string) => string,
): Promise<SavedSession | null> {
  const found = await transact<[unknown, unknown]>('readonly', (store, done) => {
    const record = store.get(recordKey(network));
    const legacy = store.get(LEGACY_KEY);
    legacy.onsuccess = () => done([record.result, legacy.result]);
  });
  if (!found) return null;
  const session = wellFormed(found[0] as Partial<SavedSession>);
  if (session) return { ...session, network };
  const legacy = wellFormed(found[1] as Partial<SavedSession>);
  return legacy && networkOf(legacy.settings) === network ? { ...legacy, network } : null;
}

/** Forget the saved session of `network` (the others stay). */
export async function clearSession(network: string): Promise<void> {
  await transact<boolean>('readwrite', (store, done) => {
    store.delete(recordKey(network));
    store.delete(LEGACY_KEY);
    const index = store.get(INDEX_KEY);
    index.onsuccess = () => {
      store.put(
        entries(index.result).filter((e) => e.network !== network),
        INDEX_KEY,
      );
      done(true);
    };
  });
}
