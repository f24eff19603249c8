// A live change of a network's training (the reader lowering B's rate while it trains) goes
// through the runner: the engine takes it, the network's info keeps it (so the page's sandbox link
// carries it, and its checkpoint), and the page hears of it. The link opened the sandbox at the
// rate B was loaded with.
import { describe, expect, it } from 'vitest';
import { LessonRunner, fromEngine, type NetworkInfo } from '../../src/lib/lessons/runner';
import { script } from './lesson-scripts';

describe('a live change of the training', () => {
  it('reaches the engine, the network’s info, the page and the checkpoint', async () => {
    const { loadEngine } = await import('../../src/lib/engine/load-node');
    const s = script('learning-rate-decay');
    const engines = { a: await loadEngine(), b: await loadEngine() };
    const heard: NetworkInfo[] = [];
    const runner = new LessonRunner(
      s,
      { a: fromEngine(engines.a), b: fromEngine(engines.b) },
      { onNetworkChange: (id, info) => id === 'b' && heard.push(structuredClone(info)) },
    );
    await runner.runStep(0);
    await runner.runStep(1); // loads B, step decay
    heard.length = 0;
    await runner.changeTraining('b', { learningRate: 0.0375 });
    expect(engines.b.currentConfig.training.learningRate).toBe(0.0375);
    expect(runner.networks.b.training).toEqual({ learningRate: 0.0375 });
    expect(heard.map((info) => info.training)).toEqual([{ learningRate: 0.0375 }]);
    // Its schedule, from the load, stays.
    expect(runner.networks.b.config?.training.schedule.kind).toBe('step');
    const saved = await runner.save(1, null);
    expect(saved.networks.b?.info.training).toEqual({ learningRate: 0.0375 });
  });
});
