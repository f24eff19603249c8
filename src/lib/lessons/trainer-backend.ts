/**
 * The runner's backend on a trainer worker (through its Comlink proxy). Pausing the worker makes
 * `train` resolve early; the runner waits for the reader (or the viewport) and asks for the rest.
 */
import type { TrainerRemote } from '../trainer/client';
import type { NetworkBackend } from './runner';

export function fromTrainer(remote: TrainerRemote): NetworkBackend {
  return {
    configure: (config) => remote.configure(config),
    setTraining: (training) => remote.setTraining(training),
    train: (examples) => remote.train(examples),
    trainOn: (inputs, targets) => remote.trainOn(inputs, targets),
    testLoss: () => remote.testLoss(),
    neuronStats: () => remote.neuronStats(64),
    outputAt: async (a, b) => {
      const layers = await remote.neuronValuesAt(a, b);
      return layers[layers.length - 1][0];
    },
    snapshot: () => remote.snapshot(),
    restore: (state) => remote.restore(state),
    bornDead: (request) => remote.bornDeadSurvey(request),
  };
}
