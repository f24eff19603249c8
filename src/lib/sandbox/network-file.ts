/**
 * Export and import of a network as a JSON file: its settings (the same encoding as the URL, so
 * one decoder serves both), its weights and biases, and, so that nothing is lost, the trainer's
 * full state (optimizer, schedule clock, example generator, counters: the engine's snapshot, in
 * base64) and its loss curve. Import validates everything before anything changes: a wrong type,
 * a missing field, NaN/Infinity, a huge array or a shape that does not match the settings gives
 * one clear error, and the caller keeps the current network. A file without the state (an older
 * one, or one written by hand) loads as weights only.
 */
import { isFiniteFloat32 } from '../engine/float32';
import type { LayerParams } from '../engine/types';
import { capPoints, lossPointFrom } from '../trainer/loss-history';
import type { LossPoint } from '../trainer/protocol';
import { MAX_HISTORY } from './saved-session';
import { decodeState, encodeState, type SandboxState } from './settings';

export const FILE_FORMAT = 'nn-lab-network';
export const FILE_VERSION = 1;
/**
 * Largest file accepted, in characters: 8 hidden layers of 256 neurons is about 10 MB of JSON
 * weights and 7.4 MB of base64 state.
 */
export const MAX_FILE_CHARS = 32_000_000;

export interface NetworkFile {
  format: typeof FILE_FORMAT;
  version: typeof FILE_VERSION;
  /** The settings, as the URL hash encodes them. */
  settings: string;
  /** Examples the network had seen when it was saved (informative). */
  examplesSeen: number;
  /** Layer by layer (hidden layers, then the output): weights[o][i] from input i to neuron o. */
  params: LayerParams[];
  /** The trainer's snapshot (Engine.snapshot), base64: training goes on exactly where it stopped. */
  state?: string;
  /** The loss curve up to examplesSeen (a test loss not read is null). */
  history?: LossPoint[];
}

/** Base64 of bytes, in chunks (one String.fromCharCode call per chunk keeps the stack small). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let k = 0; k < bytes.length; k += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(binary);
}

/** The bytes of a base64 text, or null when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    return bytes;
  } catch {
    return null;
  }
}

export function exportNetwork(
  state: SandboxState,
  params: LayerParams[],
  examplesSeen: number,
  full: { snapshot?: Uint8Array; history?: readonly LossPoint[] } = {},
): string {
  const file: NetworkFile = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    settings: encodeState(state),
    examplesSeen,
    // Full precision: the engine's float32 values survive the round trip exactly.
    params: params.map((p) => ({ weights: p.weights, biases: p.biases })),
  };
  if (full.snapshot) file.state = bytesToBase64(full.snapshot);
  if (full.history)
    file.history = capPoints(
      full.history.filter((p) => p.examples <= examplesSeen),
      MAX_HISTORY,
    );
  return JSON.stringify(file);
}

export type ImportResult =
  | {
      ok: true;
      state: SandboxState;
      params: LayerParams[];
      examplesSeen: number;
      /** The trainer's state, when the file holds it (the caller checks it matches `params`). */
      snapshot?: Uint8Array;
      history: LossPoint[];
    }
  | { ok: false; error: string };

/** The [fan-in, neurons] shape of every layer for a state (inputs are a and b). */
export function paramShapes(state: SandboxState): Array<[number, number]> {
  const shapes: Array<[number, number]> = [];
  let fanIn = 2;
  for (const l of state.layers) {
    shapes.push([fanIn, l.units]);
    fanIn = l.units;
  }
  shapes.push([fanIn, 1]);
  return shapes;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and validate a network file. Never throws. */
export function importNetwork(text: unknown): ImportResult {
  const fail = (error: string): ImportResult => ({ ok: false, error });
  if (typeof text !== 'string') return fail('The file could not be read as text.');
  if (text.length > MAX_FILE_CHARS)
    return fail(
      `The file is too large (${Math.round(text.length / 1e6)} MB); a network file is at most ${MAX_FILE_CHARS / 1e6} MB.`,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`The file is not valid JSON (${e instanceof Error ? e.message : 'parse error'}).`);
  }
  if (!isRecord(data)) return fail('The file does not hold a network: expected a JSON object.');
  if (data.format !== FILE_FORMAT)
    return fail(`This is not an NN Lab network file (its “format” should be “${FILE_FORMAT}”).`);
  if (data.version !== FILE_VERSION)
    return fail(
      `This network file has version ${String(data.version).slice(0, 20)}; this page reads version ${FILE_VERSION}.`,
    );
  if (typeof data.settings !== 'string') return fail('The file has no “settings” text.');
  // Any notice refuses the file: a link's settings are put right and applied, a file's are not.
  const decoded = decodeState(data.settings, 'file');
  if (decoded.notices.length)
    return fail(`The file’s settings are not valid. ${decoded.notices[0]}`);
  const state = decoded.state;
  const examplesSeen = data.examplesSeen;
  // A count the engine can have reached: whole, and exact as a double (so never 1e300).
  if (typeof examplesSeen !== 'number' || !Number.isSafeInteger(examplesSeen) || examplesSeen < 0) {
    return fail('The file’s “examplesSeen” must be a whole number of examples (0 or more).');
  }
  if (!Array.isArray(data.params)) return fail('The file has no “params” list of layers.');
  const shapes = paramShapes(state);
  if (data.params.length !== shapes.length) {
    return fail(
      `The file’s settings describe ${shapes.length} layers of weights (hidden and output), but it holds ${data.params.length}.`,
    );
  }
  const params: LayerParams[] = [];
  for (let l = 0; l < shapes.length; l++) {
    const [fanIn, units] = shapes[l];
    const where = l === shapes.length - 1 ? 'the output layer' : `layer ${l + 1}`;
    const layer = data.params[l];
    if (!isRecord(layer) || !Array.isArray(layer.weights) || !Array.isArray(layer.biases)) {
      return fail(`${where}: expected “weights” and “biases” lists.`);
    }
    if (layer.weights.length !== units)
      return fail(
        `${where}: expected weights for ${units} neurons, found ${layer.weights.length}.`,
      );
    if (layer.biases.length !== units)
      return fail(`${where}: expected ${units} biases, found ${layer.biases.length}.`);
    const weights: number[][] = [];
    for (let o = 0; o < units; o++) {
      const row: unknown = layer.weights[o];
      if (!Array.isArray(row) || row.length !== fanIn) {
        return fail(
          `${where}, neuron ${o + 1}: expected ${fanIn} incoming weights, found ${Array.isArray(row) ? row.length : 'none'}.`,
        );
      }
      for (const v of row) {
        if (!isFiniteFloat32(v))
          return fail(
            `${where}, neuron ${o + 1}: a weight is not a finite number the engine can hold (|w| ≤ 3.4e38).`,
          );
      }
      weights.push(row.slice() as number[]);
    }
    for (const v of layer.biases) {
      if (!isFiniteFloat32(v))
        return fail(`${where}: a bias is not a finite number the engine can hold (|b| ≤ 3.4e38).`);
    }
    params.push({ weights, biases: (layer.biases as number[]).slice() });
  }
  let snapshot: Uint8Array | undefined;
  if (data.state !== undefined) {
    const bytes = typeof data.state === 'string' ? base64ToBytes(data.state) : null;
    if (!bytes) return fail('The file’s “state” is not the base64 text of a trainer state.');
    snapshot = bytes;
  }
  let history: LossPoint[] = [];
  if (data.history !== undefined) {
    if (!Array.isArray(data.history) || data.history.length > MAX_HISTORY)
      return fail(`The file’s “history” must be a list of at most ${MAX_HISTORY} loss points.`);
    const points = data.history.map(lossPointFrom);
    const k = points.findIndex(
      (p, i) =>
        !p ||
        !(p.examples <= examplesSeen) ||
        p.trainLoss < 0 || // NaN allowed: JSON writes a non-finite loss as null
        (i > 0 && !(p.examples > (points[i - 1]?.examples ?? Infinity))),
    );
    if (k >= 0)
      return fail(
        `The file’s loss history is not valid at point ${k + 1}: it needs growing example counts up to examplesSeen and no negative loss.`,
      );
    history = points as LossPoint[];
  }
  return { ok: true, state, params, examplesSeen, snapshot, history };
}
