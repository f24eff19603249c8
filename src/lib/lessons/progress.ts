/**
 * The reader's progress through the guided experiments, kept in localStorage under one key.
 * Everything read back is validated: corrupted, foreign or out-of-date data is ignored (and
 * overwritten on the next save), never thrown. Storage that is missing, full or blocked (private
 * modes, sandboxed frames) degrades to progress that lasts for the page's lifetime.
 *
 * Shape (version 1): { v: 1, scripts: { [scriptId]: { done: string[], total: number, updated: number } } }
 * `done` holds the ids of the steps whose checkpoints have ticked; a script's id is its lesson's id.
 */

export const PROGRESS_KEY = 'nn-lab:progress';

export interface ScriptProgress {
  /** Ids of the steps whose checkpoint was met. */
  done: string[];
  /** Steps in the script when last saved (so the home page can say "3 of 6"). */
  total: number;
  /** Milliseconds since the epoch of the last change. */
  updated: number;
}

export interface ProgressData {
  v: 1;
  scripts: Record<string, ScriptProgress>;
}

/** The subset of the Storage interface the store needs (so tests can pass a stub). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

const ID = /^[a-z0-9-]{1,80}$/;

function empty(): ProgressData {
  return { v: 1, scripts: {} };
}

/** Parse stored text; anything malformed yields empty progress, and bad entries are dropped one by one. */
export function parseProgress(text: string | null | undefined): ProgressData {
  if (typeof text !== 'string' || text.length === 0 || text.length > 200_000) return empty();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return empty();
  }
  if (!raw || typeof raw !== 'object' || (raw as { v?: unknown }).v !== 1) return empty();
  const scripts = (raw as { scripts?: unknown }).scripts;
  if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts)) return empty();
  const out = empty();
  for (const [id, value] of Object.entries(scripts as Record<string, unknown>)) {
    if (!ID.test(id) || !value || typeof value !== 'object') continue;
    const { done, total, updated } = value as Record<string, unknown>;
    if (!Array.isArray(done)) continue;
    const steps = [
      ...new Set(done.filter((s): s is string => typeof s === 'string' && ID.test(s))),
    ].slice(0, 100);
    out.scripts[id] = {
      done: steps,
      total:
        typeof total === 'number' && Number.isInteger(total) && total >= 0 && total <= 100
          ? total
          : 0,
      updated: typeof updated === 'number' && Number.isFinite(updated) ? updated : 0,
    };
  }
  return out;
}

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Accessing localStorage itself throws when storage is blocked.
    return null;
  }
}

export class ProgressStore {
  private memory: ProgressData;

  constructor(private readonly storage: StorageLike | null = defaultStorage()) {
    this.memory = this.read();
  }

  private read(): ProgressData {
    try {
      return parseProgress(this.storage?.getItem(PROGRESS_KEY));
    } catch {
      return empty();
    }
  }

  private write(data: ProgressData): void {
    this.memory = data;
    try {
      this.storage?.setItem(PROGRESS_KEY, JSON.stringify(data));
    } catch {
      // Full or blocked storage: keep the in-memory copy.
    }
  }

  /** Progress of one script (empty when none). Reads storage again, so other tabs' changes show. */
  get(scriptId: string): ScriptProgress {
    const stored = this.storage ? this.read() : this.memory;
    this.memory = stored;
    return stored.scripts[scriptId] ?? { done: [], total: 0, updated: 0 };
  }

  /** Record that a step's checkpoint was met. */
  markDone(scriptId: string, stepId: string, total: number): ScriptProgress {
    const data = this.storage ? this.read() : this.memory;
    const current = data.scripts[scriptId] ?? { done: [], total, updated: 0 };
    const done = current.done.includes(stepId) ? current.done : [...current.done, stepId];
    const next = { done, total, updated: Date.now() };
    this.write({ v: 1, scripts: { ...data.scripts, [scriptId]: next } });
    return next;
  }

  /**
   * Forget that some of a script's steps were met (the reader went back to an earlier checkpoint:
   * the later ones are to be met again).
   */
  unmark(scriptId: string, stepIds: readonly string[]): ScriptProgress {
    const data = this.storage ? this.read() : this.memory;
    const current = data.scripts[scriptId];
    if (!current) return { done: [], total: 0, updated: 0 };
    const done = current.done.filter((id) => !stepIds.includes(id));
    if (done.length === current.done.length) return current;
    const next = { ...current, done, updated: Date.now() };
    this.write({ v: 1, scripts: { ...data.scripts, [scriptId]: next } });
    return next;
  }

  /** Forget one script's progress. */
  clear(scriptId: string): void {
    const data = this.storage ? this.read() : this.memory;
    const scripts = { ...data.scripts };
    delete scripts[scriptId];
    this.write({ v: 1, scripts });
  }
}

/** The home page's words for a script's progress: "" (not started), "3 of 7 checkpoints", "Completed". */
export function progressLabel(progress: ScriptProgress): string {
  const done = progress.done.length;
  if (done === 0) return '';
  if (progress.total > 0 && done >= progress.total) return 'Completed';
  return progress.total > 0
    ? `${done} of ${progress.total} checkpoints`
    : `${done} checkpoint${done === 1 ? '' : 's'}`;
}
