// What the runner tells the page of a step's progress where the network's own snapshots cannot:
// the speed measurement borrows network A's engine (A's panel keeps showing A), so it says which
// timing is under way, round by round, and when all are done.
import { describe, expect, it } from 'vitest';
import { LessonRunner, fromEngine, type WorkProgress } from '../../src/lib/lessons/runner';
import type { Script } from '../../src/lib/lessons/schema';
import { script } from './lesson-scripts';

async function enginesFor(s: Script) {
  const { loadEngine } = await import('../../src/lib/engine/load-node');
  return Object.fromEntries(
    await Promise.all(s.networks.map(async (id) => [id, fromEngine(await loadEngine())] as const)),
  );
}

describe('progress of work on a borrowed engine', () => {
  it('the measurement says each timing as it starts, then that it is done', async () => {
    const s = script('growing-cosine-unit');
    const index = s.steps.findIndex((step) => step.actions.some((a) => a.do === 'benchmark'));
    const heard: WorkProgress[] = [];
    let t = 0;
    const runner = new LessonRunner(s, await enginesFor(s), {
      now: () => (t += 1),
      onWork: (w) => heard.push({ ...w }),
    });
    await runner.runStep(index);
    const line = (w: WorkProgress) =>
      `${w.done}/${w.total} ${w.label}: variant ${w.variant} of ${w.variants}, round ${w.round} of ${w.rounds}, ${w.examples}`;
    expect(heard.map(line)).toEqual([
      '0/9 ReLU: variant 1 of 3, round 1 of 3, 100000',
      '1/9 GCU, fast cos: variant 2 of 3, round 1 of 3, 100000',
      '2/9 GCU, exact cos: variant 3 of 3, round 1 of 3, 100000',
      '3/9 ReLU: variant 1 of 3, round 2 of 3, 100000',
      '4/9 GCU, fast cos: variant 2 of 3, round 2 of 3, 100000',
      '5/9 GCU, exact cos: variant 3 of 3, round 2 of 3, 100000',
      '6/9 ReLU: variant 1 of 3, round 3 of 3, 100000',
      '7/9 GCU, fast cos: variant 2 of 3, round 3 of 3, 100000',
      '8/9 GCU, exact cos: variant 3 of 3, round 3 of 3, 100000',
      '9/9 GCU, exact cos: variant 3 of 3, round 3 of 3, 100000',
    ]);
  });
});
