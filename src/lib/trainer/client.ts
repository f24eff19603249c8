/**
 * The UI's side of the bridge. `makeTrainer` starts a trainer worker and returns its Comlink
 * proxy with a dispose function that terminates it. Call it in `onMount` (never at module top
 * level: islands are rendered on the server first, where there is no Worker).
 */
import * as Comlink from 'comlink';
import { hasWasmSimd } from '../engine/simd';
import { HEARTBEAT_MS, type Heartbeat, type TrainerApi, type TrainerSnapshot } from './protocol';

/** A worker silent for this long (no heartbeat) has crashed, been killed, or hung. */
export const SILENCE_LIMIT_MS = 8_000;

function isHeartbeat(data: unknown): data is Heartbeat {
  return !!data && typeof data === 'object' && 'heartbeat' in data;
}

/**
 * The silence the watchdog allows after a message: SILENCE_LIMIT_MS after a plain heartbeat, that
 * plus `quietMs` after one announcing a long call; other messages leave it as it was.
 */
export function silenceAllowed(data: unknown, allowed: number): number {
  if (!isHeartbeat(data)) return allowed;
  return 'quietMs' in data && data.quietMs > 0 ? SILENCE_LIMIT_MS + data.quietMs : SILENCE_LIMIT_MS;
}

declare global {
  /** Live trainer workers, so tests (and curious readers) can find them. */
  var __nnlabWorkers: Set<Worker> | undefined;
}

export type TrainerRemote = Comlink.Remote<TrainerApi>;

export interface Trainer {
  remote: TrainerRemote;
  /** Resolves once the engine is loaded; `simd` says which build runs (false: the scalar twin). */
  ready: Promise<{ simd: boolean }>;
  dispose(): void;
}

export interface MakeTrainerOptions {
  onSnapshot: (snapshot: TrainerSnapshot) => void;
  /** Called once if the worker crashes, stops responding, or fails to load the engine. */
  onError?: (message: string) => void;
  /** Use the scalar engine even where WebAssembly SIMD is available. */
  forceScalar?: boolean;
  /**
   * Called when the worker starts a test-loss reading that may take over a second (a heartbeat
   * with `quietMs`, its bound), and as it goes on, with the points read so far and their total:
   * the snapshot that follows ends it.
   */
  onLongReading?: (done: number, testPoints: number) => void;
}

export function makeTrainer(options: MakeTrainerOptions): Trainer {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'nn-lab-trainer',
  });
  let failed = false;
  const fail = (message: string) => {
    if (failed) return;
    failed = true;
    options.onError?.(message);
  };
  worker.addEventListener('error', (event) => fail(event.message || 'The trainer stopped.'));
  worker.addEventListener('messageerror', () =>
    fail('The trainer sent a message that could not be read.'),
  );
  // The worker beats every HEARTBEAT_MS; silence means it crashed or was terminated. A beat that
  // announces a long reading (quietMs) allows that much more silence, until the next beat.
  let lastBeat = performance.now();
  let allowed = SILENCE_LIMIT_MS;
  worker.addEventListener('message', (event: MessageEvent) => {
    allowed = silenceAllowed(event.data, allowed);
    if (isHeartbeat(event.data)) {
      lastBeat = performance.now();
      if ('quietMs' in event.data) options.onLongReading?.(event.data.done, event.data.testPoints);
    }
  });
  const watchdog = setInterval(() => {
    if (performance.now() - lastBeat > allowed) {
      clearInterval(watchdog);
      fail('The trainer stopped responding.');
    }
  }, HEARTBEAT_MS);
  const workers = (globalThis.__nnlabWorkers ??= new Set());
  workers.add(worker);

  const remote = Comlink.wrap<TrainerApi>(worker);
  // SIMD is detected here, on the page, and the worker is told which engine to load.
  const forceScalar = options.forceScalar || !hasWasmSimd();
  const ready = (async () => {
    const info = await remote.init({ forceScalar });
    await remote.subscribe(Comlink.proxy(options.onSnapshot));
    return info;
  })();
  ready.catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  return {
    remote,
    ready,
    dispose() {
      clearInterval(watchdog);
      workers.delete(worker);
      failed = true; // a deliberate stop is not a crash
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
