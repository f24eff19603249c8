/**
 * The UI's side of the bridge. `makeTrainer` starts a trainer worker and returns its Comlink
 * proxy with a dispose function that terminates it. Call it in `onMount` (never at module top
 * level: islands are rendered on the server first, where there is no Worker).
 */
import * as Comlink from 'comlink';
import type { TrainerApi, TrainerSnapshot } from './protocol';

export type TrainerRemote = Comlink.Remote<TrainerApi>;

export interface Trainer {
  remote: TrainerRemote;
  /** Resolves once the engine is loaded; `simd` says which build runs. */
  ready: Promise<{ simd: boolean }>;
  dispose(): void;
}

export interface MakeTrainerOptions {
  onSnapshot: (snapshot: TrainerSnapshot) => void;
  /** Called once if the worker crashes (an uncaught error or a failed load). */
  onError?: (message: string) => void;
  forceScalar?: boolean;
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
  const remote = Comlink.wrap<TrainerApi>(worker);
  const ready = (async () => {
    const info = await remote.init({ forceScalar: options.forceScalar });
    await remote.subscribe(Comlink.proxy(options.onSnapshot));
    return info;
  })();
  ready.catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  return {
    remote,
    ready,
    dispose() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
