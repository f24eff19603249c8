/**
 * The runner's backend on a trainer worker (through its Comlink proxy). Pausing the worker makes
 * `train` resolve early; the runner waits for the reader (or the viewport) and asks for the rest.
 */
import type { TrainerRemote } from '../trainer/client';
import type { NetworkBackend } from './runner';

/**
 * A plain copy of JSON-like settings. Objects that passed through a reactive store are proxies,
 * which postMessage cannot clone; configurations are small, so copying at the boundary is cheap.
 */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function fromTrainer(remote: TrainerRemote): NetworkBackend {
  return {
    configure: (config) => remote.configure(plain(config)),
    setTraining: (training) => remote.setTraining(plain(training)),
    train: (examples) => remote.train(examples),
    trainOn: (inputs, targets) => remote.trainOn(inputs, targets),
    testLoss: () => remote.testLoss(),
    neuronStats: () => remote.neuronStats(64),
    neuron: (layer, index, resolution) => remote.neuron(layer, index, resolution),
    outputAt: async (a, b) => {
      const layers = await remote.neuronValuesAt(a, b);
      return layers[layers.length - 1][0];
    },
    snapshot: () => remote.snapshot(),
    restore: (state) => remote.restore(state),
    bornDead: (request) => remote.bornDeadSurvey(plain(request)),
    measuring: (on) => remote.setMeasuring(on),
  };
}
