/**
 * The sandbox's trained networks, kept in the browser (IndexedDB) so that a reload, a closed tab,
 * a crash or a visit to another network (a lesson's link) does not lose them: for each, the
 * engine's full snapshot (weights, optimizer state, generator, counters), the loss curve, and the
 * settings it was trained with (the link's hash). One record per network (its settings that need
 * a rebuild, and its seed: `network`), overwritten as its training goes on; the MAX_SESSIONS
 * saved last are kept. Storage can be unavailable (private windows, blocked storage): every call
 * then quietly does nothing, and the sandbox works as before.
 */
import { SNAPSHOT_MAGIC } from '../engine/limits';
import { transact, type Store } from '../idb';
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
/** The one record of the first version, which kept a single network: moved under its network. */
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

type IndexEntry = { network: string; savedAt: number };

const SANDBOX: Store = { db: DB, store: STORE };

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
  const stored = await transact<boolean>(SANDBOX, 'readwrite', (store, done) =>
    keep(store, { ...session, history }, () => done(true)),
  );
  return stored === true;
}

/** Put `session` under its network and first in the index, letting the oldest past MAX_SESSIONS go. */
function keep(store: IDBObjectStore, session: SavedSession, then: () => void): void {
  store.put(session, recordKey(session.network));
  const index = store.get(INDEX_KEY);
  index.onsuccess = () => {
    const kept = [
      { network: session.network, savedAt: session.savedAt },
      ...entries(index.result).filter((e) => e.network !== session.network),
    ].sort((x, y) => y.savedAt - x.savedAt);
    for (const gone of kept.splice(MAX_SESSIONS)) store.delete(recordKey(gone.network));
    store.put(kept, INDEX_KEY);
    then();
  };
}

/** The largest time a Date holds, ms from 1970 (ECMAScript's limit): past it, "Invalid Date". */
const MAX_TIME = 8.64e15;

/**
 * `value` as a session, if it is one (null if not): settings text, a snapshot that starts as the
 * engine's do, a whole positive count of examples, a time a Date can show and a loss curve. A
 * record edited by hand (or by another version) is not offered rather than shown as raw junk.
 */
export function wellFormed(value: Partial<SavedSession> | null | undefined): SavedSession | null {
  if (
    !value ||
    typeof value.settings !== 'string' ||
    !(value.snapshot instanceof Uint8Array) ||
    value.snapshot.length < 16 ||
    new DataView(value.snapshot.buffer, value.snapshot.byteOffset).getUint32(0, true) !==
      SNAPSHOT_MAGIC ||
    !(Number.isSafeInteger(value.examples) && (value.examples as number) > 0) ||
    !(typeof value.savedAt === 'number' && value.savedAt > 0 && value.savedAt <= MAX_TIME) ||
    !Array.isArray(value.history)
  )
    return null;
  // A session saved before the curve had buckets: its points count once each.
  const history = value.history.map(lossPointFrom).filter((p): p is LossPoint => p !== null);
  return { ...(value as SavedSession), history };
}

/**
 * The saved session of `network`, if one is stored and well formed. The record of the first
 * version (one network, no `network` field) is first moved under its own network,
 * `networkOf(its settings)`, unless a newer save of that network is there already.
 */
export async function loadSession(
  network: string,
  networkOf: (settings: string) => string,
): Promise<SavedSession | null> {
  await transact<boolean>(SANDBOX, 'readwrite', (store, done) => {
    const legacy = store.get(LEGACY_KEY);
    legacy.onsuccess = () => {
      const old = wellFormed(legacy.result as Partial<SavedSession> | undefined);
      if (!legacy.result) return done(true);
      store.delete(LEGACY_KEY);
      if (!old) return done(true);
      const moved = { ...old, network: networkOf(old.settings) };
      const there = store.get(recordKey(moved.network));
      there.onsuccess = () => (there.result ? done(true) : keep(store, moved, () => done(true)));
    };
  });
  const found = await transact<unknown>(SANDBOX, 'readonly', (store, done) => {
    const record = store.get(recordKey(network));
    record.onsuccess = () => done(record.result);
  });
  const session = wellFormed(found as Partial<SavedSession> | null);
  return session && { ...session, network };
}

/** Forget the saved session of `network` (the others stay). */
export async function clearSession(network: string): Promise<void> {
  await transact<boolean>(SANDBOX, 'readwrite', (store, done) => {
    store.delete(recordKey(network));
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
