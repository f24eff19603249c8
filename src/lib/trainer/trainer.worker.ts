/// <reference lib="webworker" />
/**
 * The trainer worker: loads the Wasm engine (SIMD when the browser supports it, the scalar twin
 * otherwise), wraps it in a TrainerCore and exposes the TrainerApi with Comlink. Snapshots go up
 * with their grids transferred, never copied.
 */
import * as Comlink from 'comlink';
import simdUrl from '../../../engine/build/nn-simd.wasm?url';
import scalarUrl from '../../../engine/build/nn-scalar.wasm?url';
import { instantiateEngine } from '../engine/engine';
import { hasWasmSimd } from '../engine/simd';
import { bornDeadSurvey } from '../lessons/born-dead';
import {
  HEARTBEAT_MS,
  type Heartbeat,
  type LongReading,
  type TrainerApi,
  type TrainerSnapshot,
} from './protocol';
import { snapshotTransferables, TrainerCore } from './trainer-core';

let core: TrainerCore | null = null;

function need(): TrainerCore {
  if (!core) throw new Error('The trainer is not initialized: call init() first.');
  return core;
}

async function compile(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the engine (${url}): HTTP ${response.status}`);
  return WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer());
}

const api: TrainerApi = {
  async init(options = {}) {
    const simd = !options.forceScalar && hasWasmSimd();
    const module = await compile(simd ? simdUrl : scalarUrl);
    core = new TrainerCore(await instantiateEngine(module, simd), {
      onLongReading: (reading) => beat(reading),
    });
    return { simd };
  },
  subscribe(listener) {
    need().subscribe((snapshot: TrainerSnapshot) =>
      listener(Comlink.transfer(snapshot, snapshotTransferables(snapshot))),
    );
  },
  setView: (view) => need().setView(view),
  configure: (config) => need().configure(config),
  reset: (seed) => need().reset(seed),
  setTraining: (training) => need().setTraining(training),
  setFastMath: (fast) => need().setFastMath(fast),
  train: (examples) => need().train(examples),
  play: () => need().play(),
  pause: () => need().pause(),
  refresh: () => need().refresh(),
  setMeasuring: (measuring) => need().setMeasuring(measuring),
  neuron(layer, index, resolution) {
    const values = need().engine.neuron(layer, index, resolution);
    return Comlink.transfer(values, [values.buffer as ArrayBuffer]);
  },
  neuronValuesAt: (a, b) => need().engine.neuronValuesAt(a, b),
  neuronStats: (resolution) => need().engine.neuronStats(resolution),
  dataSets: () => need().engine.dataSets(),
  getParams: () => need().engine.getParams(),
  setParams: (params) => need().setParams(params),
  snapshot: () => need().engine.snapshot(),
  restore: (state, past) => need().restore(state, past),
  saveState(options) {
    const engine = need().engine;
    const saved = {
      params: options?.params === false ? [] : engine.getParams(),
      snapshot: engine.snapshot(),
      examplesSeen: engine.examplesSeen,
    };
    return Comlink.transfer(saved, [saved.snapshot.buffer as ArrayBuffer]);
  },
  testLoss: () => need().engine.testLoss(),
  trainOn: (inputs, targets) => need().trainOn(inputs, targets),
  // The survey configures many networks in this engine; the caller configures its own again after
  // (the lesson runner restores network A), as with the Node backend.
  bornDeadSurvey(request) {
    const rows = bornDeadSurvey(need().engine, request);
    need().engineChanged();
    return rows;
  },
};

Comlink.expose(api);

// Comlink ignores messages without an id, so the heartbeat travels beside its traffic.
function beat(long?: LongReading): void {
  const message: Heartbeat = { heartbeat: Date.now(), ...long };
  self.postMessage(message);
}
setInterval(() => beat(), HEARTBEAT_MS);
