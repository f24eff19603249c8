// The born-dead survey and the speed measurement run on network A's engine, then put A back
// (LessonRunner.borrowingNetworkA). Here every such step of every lesson runs in order on the real
// engine, and network A must come back bit for bit: its weights, optimizer state, counters and
// configuration, as its snapshot holds them.
import { describe, expect, it } from 'vitest';
import { LessonRunner, fromEngine } from '../../src/lib/lessons/runner';
import { rawScripts, script } from './lesson-scripts';

const borrowing = Object.keys(rawScripts).flatMap((id) =>
  script(id)
    .steps.map((step, index) => ({
      id,
      step: step.id,
      index,
      kinds: step.actions.map((a) => a.do),
    }))
    .filter((s) => s.kinds.includes('bornDead') || s.kinds.includes('benchmark')),
);

describe('a step that borrows network A gives it back unchanged', () => {
  it('the lessons have such steps (so the test below is not empty)', () => {
    expect(
      borrowing.map((s) => s.kinds.find((k) => k === 'bornDead' || k === 'benchmark')),
    ).toEqual(expect.arrayContaining(['bornDead', 'benchmark']));
  });

  for (const b of borrowing) {
    it(`${b.id} / ${b.step}`, async () => {
      const { loadEngine } = await import('../../src/lib/engine/load-node');
      const s = script(b.id);
      const engines = new Map(
        await Promise.all(
          s.networks.map(async (id) => [id, await loadEngine({ simd: true })] as const),
        ),
      );
      const backends = Object.fromEntries(
        [...engines].map(([id, engine]) => [id, fromEngine(engine)]),
      );
      let t = 0;
      // The page hears of the loan before A's engine is used, and of the return before A is put
      // back (it keeps A's loss curve across the loan): record what A's engine holds at each.
      const heard: string[] = [];
      const runner = new LessonRunner(s, backends, {
        now: () => (t += 1),
        onBorrow: (id, phase) => heard.push(`${id} ${phase} at ${engines.get('a')!.examplesSeen}`),
      });
      for (let i = 0; i < b.index; i++) await runner.runStep(i);
      const a = engines.get('a')!;
      // Train A a little further with a live change, so its state is not a fresh configuration.
      a.setTraining({ learningRate: 0.0123 });
      a.train(500);
      const before = a.snapshot();
      const seen = a.examplesSeen;
      await runner.runStep(b.index);
      expect(Buffer.from(a.snapshot()).equals(Buffer.from(before))).toBe(true);
      expect(heard[0]).toBe(`a lend at ${seen}`);
      expect(heard[heard.length - 1]).toMatch(/^a return at /);
      expect(heard[heard.length - 1]).not.toBe(`a return at ${seen}`); // still the borrower's
      expect(a.currentConfig.training.learningRate).toBe(0.0123);
    });
  }
});

describe('the speed measurement', () => {
  it('times every variant in interleaved rounds and keeps each one’s best', async () => {
    const { loadEngine } = await import('../../src/lib/engine/load-node');
    const s = script('growing-cosine-unit');
    const index = s.steps.findIndex((step) => step.actions.some((a) => a.do === 'benchmark'));
    const action = s.steps[index].actions.find((a) => a.do === 'benchmark')!;
    if (action.do !== 'benchmark') throw new Error('no measurement');
    expect([action.variants.length, action.rounds]).toEqual([3, 3]);
    const backends = Object.fromEntries(
      await Promise.all(
        s.networks.map(async (id) => [id, fromEngine(await loadEngine({ simd: true }))] as const),
      ),
    );
    // The backend is told when the timings start and end (a worker then leaves out its plots).
    let measuring = false;
    const told: boolean[] = [];
    backends.a.measuring = async (on) => {
      told.push(on);
      measuring = on;
    };
    const timedWhileMeasuring: boolean[] = [];
    // Each timing takes the next of these (ms), in the order the runner times them: round by
    // round, the three variants in turn. The exact cosine's first timing is hit by a slow
    // moment (900 ms), and the fast cosine's best comes last.
    const durations = [100, 900, 200, 110, 160, 210, 105, 140, 205];
    let clock = 0;
    let calls = 0;
    const runner = new LessonRunner(s, backends, {
      // Every timing reads the clock twice: at its start, and at its end, durations later.
      now: () => {
        timedWhileMeasuring.push(measuring);
        return calls++ % 2 === 0 ? clock : (clock += durations.shift() ?? NaN);
      },
    });
    await runner.runStep(index);
    expect(durations).toEqual([]);
    expect(told).toEqual([true, false]);
    expect(timedWhileMeasuring).toEqual(Array(18).fill(true));
    expect(runner.benchmark).toEqual([
      { label: 'ReLU', examplesPerSecond: action.examples / 0.1 },
      { label: 'GCU, fast cos', examplesPerSecond: action.examples / 0.14 },
      { label: 'GCU, exact cos', examplesPerSecond: action.examples / 0.2 },
    ]);
  });
});
