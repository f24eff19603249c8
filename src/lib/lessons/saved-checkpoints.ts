/**
 * A guided experiment's met checkpoints, kept in the browser (IndexedDB) so that a reload, a
 * closed tab or a visit to another page does not lose the networks the reader trained: for each
 * checkpoint, every network's full state (`TrainerApi.snapshot()`), loss curve and settings, the
 * checkpoint's result, the survey or measurement it showed, and the reader's prediction. The page
 * puts the networks back at the last one when the reader comes back (GuidedExperiment).
 *
 * One record per checkpoint, keyed by [lesson, step index]. A record saved under another version
 * of the script (other actions, presets or checks up to its step) is not given back: its networks
 * would not be the ones the steps describe. Storage can be unavailable (private windows, blocked
 * storage): every call then quietly does nothing, and the lesson starts afresh as before.
 *
 * The database is the lessons' own, not the sandbox's (`saved-session.ts`): a second object store
 * there would need a new database version, which the sandbox's code, opening version 1, refuses.
 */
import { transact, type Store } from '../idb';
import { capPoints, lossPointFrom } from '../trainer/loss-history';
import type { LossPoint } from '../trainer/protocol';
import type { NeuronRef } from '../plots/neuron-grid';
import { buildConfig } from './config';
import type { CheckResult, NetworkInfo, SavedCheckpoint } from './runner';
import type { NetworkId, Script } from './schema';

/** A checkpoint as read back: the runner's, with what the page keeps beside it. */
export interface StoredCheckpoint {
  checkpoint: SavedCheckpoint;
  /** The prediction the reader chose at that step (null: none asked, or "Show me" ran it). */
  answer: number | null;
  /** The neuron each network had selected when the step was met (drawn again on coming back). */
  selected: Selection;
  /** Milliseconds since the epoch. */
  savedAt: number;
}

/** The selected neuron of each network that has one. */
export type Selection = Partial<Record<NetworkId, NeuronRef>>;

/** The lessons' database and its one store (opened and used through src/lib/idb.ts). */
const CHECKPOINTS: Store = { db: 'nn-lab-lessons', store: 'checkpoints' };
/** Points of loss curve kept per network (as the sandbox keeps, merged pairwise past this). */
export const MAX_CURVE = 20_000;

/**
 * What a checkpoint's networks depend on, up to step `index`: the networks, and each step's id,
 * actions (a load's as the configuration it builds, so a changed preset counts) and check.
 * Hashed (FNV-1a, 32 bits): it only has to tell versions of one script apart.
 */
export function fingerprint(script: Script, index: number): string {
  const steps = script.steps.slice(0, index + 1).map((step) => ({
    id: step.id,
    actions: step.actions.map((a) =>
      a.do === 'load' ? { ...a, config: buildConfig(a.preset, a.overrides) } : a,
    ),
    check: step.checkpoint.check,
  }));
  const text = JSON.stringify({ networks: script.networks, steps });
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Calls in the order they were made: a checkpoint saved and then forgotten (the reader went back)
 * must not be written after its deletion, and a read sees every write made before it.
 */
let queue: Promise<unknown> = Promise.resolve();
function inOrder<T>(call: () => Promise<T>): Promise<T> {
  const next = queue.then(call, call);
  queue = next.catch(() => undefined);
  return next;
}

const lessonRange = (script: Script, from: number) =>
  IDBKeyRange.bound([script.id, from], [script.id, Infinity]);

/** The record kept for a checkpoint of `script` (what `checkpointFrom` reads back). */
export function recordOf(
  script: Script,
  checkpoint: SavedCheckpoint,
  answer: number | null,
  savedAt = Date.now(),
  selected: Selection = {},
) {
  const networks: SavedCheckpoint['networks'] = {};
  for (const [id, net] of Object.entries(checkpoint.networks))
    if (net) networks[id as NetworkId] = { ...net, curve: capPoints(net.curve ?? [], MAX_CURVE) };
  return {
    script: script.id,
    index: checkpoint.step,
    step: script.steps[checkpoint.step]?.id,
    fingerprint: fingerprint(script, checkpoint.step),
    checkpoint: { ...checkpoint, networks },
    answer,
    selected,
    savedAt,
  };
}

/** Keep a met checkpoint of `script`. True once stored (false where storage is unavailable). */
export function saveCheckpoint(
  script: Script,
  checkpoint: SavedCheckpoint,
  answer: number | null,
  selected: Selection = {},
): Promise<boolean> {
  const record = recordOf(script, checkpoint, answer, Date.now(), selected);
  return inOrder(async () => {
    const stored = await transact<boolean>(CHECKPOINTS, 'readwrite', (store, done) => {
      store.put(record, [script.id, checkpoint.step]).onsuccess = () => done(true);
    });
    return stored === true;
  });
}

/** Forget `script`'s checkpoints after step `after` (−1: all of them). */
export function forgetCheckpoints(script: Script, after: number): Promise<void> {
  return inOrder(async () => {
    await transact<boolean>(CHECKPOINTS, 'readwrite', (store, done) => {
      store.delete(lessonRange(script, after + 1)).onsuccess = () => done(true);
    });
  });
}

/** `script`'s checkpoints kept in this browser, in step order; those that do not fit it are left out. */
export function loadCheckpoints(script: Script): Promise<StoredCheckpoint[]> {
  return inOrder(async () => {
    const records = await transact<unknown[]>(CHECKPOINTS, 'readonly', (store, done) => {
      const request = store.getAll(lessonRange(script, 0));
      request.onsuccess = () => done(request.result);
    });
    return (records ?? [])
      .map((r) => checkpointFrom(r, script))
      .filter((c): c is StoredCheckpoint => c !== null)
      .sort((p, q) => p.checkpoint.step - q.checkpoint.step);
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function resultFrom(value: unknown): CheckResult | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || typeof value.passed !== 'boolean' || typeof value.raw !== 'number')
    return undefined;
  if (!isRecord(value.values) || Object.values(value.values).some((v) => typeof v !== 'string'))
    return undefined;
  return value as unknown as CheckResult;
}

/**
 * A stored record as a checkpoint of `script`, or null when it is malformed, of another lesson,
 * or saved under another version of the script (its fingerprint differs).
 */
export function checkpointFrom(value: unknown, script: Script): StoredCheckpoint | null {
  if (!isRecord(value) || value.script !== script.id) return null;
  const index = value.index;
  if (typeof index !== 'number' || !Number.isInteger(index)) return null;
  if (script.steps[index]?.id !== value.step || value.fingerprint !== fingerprint(script, index))
    return null;
  const saved = value.checkpoint;
  if (!isRecord(saved) || saved.step !== index || !isRecord(saved.networks)) return null;
  const networks: SavedCheckpoint['networks'] = {};
  for (const id of script.networks) {
    const net = saved.networks[id];
    if (!isRecord(net) || !isRecord(net.info) || !Array.isArray(net.curve)) return null;
    const loaded = isRecord(net.info.config);
    // A loaded network has its state; one not loaded yet at that checkpoint has none.
    if (loaded ? !(net.state instanceof Uint8Array) : net.state !== null) return null;
    const curve = net.curve.map(lossPointFrom).filter((p): p is LossPoint => p !== null);
    networks[id] = {
      info: net.info as unknown as NetworkInfo,
      state: net.state as Uint8Array | null,
      curve,
    };
  }
  const result = resultFrom(saved.result);
  if (result === undefined) return null;
  const rows = (v: unknown) => v === null || (Array.isArray(v) && v.every(isRecord));
  if (!rows(saved.survey) || !rows(saved.benchmark)) return null;
  const answer = value.answer;
  // Each network's, where it names a neuron that network has (records before it had none).
  const selected: Selection = {};
  const chosen = isRecord(value.selected) ? value.selected : {};
  for (const id of script.networks) {
    const ref = chosen[id];
    const config = networks[id]?.info.config;
    const sizes = config ? [...config.network.hidden.map((l) => l.units), 1] : [];
    if (
      isRecord(ref) &&
      Number.isInteger(ref.layer) &&
      Number.isInteger(ref.index) &&
      (ref.index as number) >= 0 &&
      (ref.index as number) < (sizes[ref.layer as number] ?? 0)
    )
      selected[id] = { layer: ref.layer as number, index: ref.index as number };
  }
  return {
    checkpoint: {
      step: index,
      networks,
      survey: saved.survey as SavedCheckpoint['survey'],
      benchmark: saved.benchmark as SavedCheckpoint['benchmark'],
      result,
    },
    answer: typeof answer === 'number' && Number.isInteger(answer) ? answer : null,
    selected,
    savedAt: typeof value.savedAt === 'number' ? value.savedAt : 0,
  };
}
