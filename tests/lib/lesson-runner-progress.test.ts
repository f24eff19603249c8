// What the runner tells the page of a step's progress where the network's own snapshots cannot:
// the born-dead survey sends none, and the speed measurement borrows network A's engine (A's
// panel keeps showing A), so they say which width, or which timing, is under way, and when all
// are done. The survey, run a width at a time for that, finds what one survey of every width
// finds. And paced training, many short jobs, says after each where it began and how far it is:
// the page may see no snapshot of the first ones.
import { describe, expect, it } from 'vitest';
import { bornDeadSurvey } from '../../src/lib/lessons/born-dead';
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
      w.kind === 'measurement'
        ? `${w.done}/${w.total} ${w.label}: variant ${w.variant} of ${w.variants}, round ${w.round} of ${w.rounds}, ${w.examples}`
        : w.kind;
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

  it('the survey says each width as it starts, then that it is done, and finds what one survey finds', async () => {
    const { loadEngine } = await import('../../src/lib/engine/load-node');
    const s = script('dying-relu');
    const index = s.steps.findIndex((step) => step.actions.some((a) => a.do === 'bornDead'));
    const action = s.steps[index].actions.find((a) => a.do === 'bornDead')!;
    if (action.do !== 'bornDead') throw new Error('no survey');
    const heard: WorkProgress[] = [];
    const runner = new LessonRunner(s, await enginesFor(s), {
      onWork: (w) => heard.push({ ...w }),
    });
    await runner.runStep(index);
    expect(
      heard.map((w) =>
        w.kind === 'survey' ? `${w.done}/${w.total} ${w.width} × ${w.trials}` : '',
      ),
    ).toEqual([
      ...action.widths.map(
        (width, k) => `${k}/${action.widths.length} ${width} × ${action.trials}`,
      ),
      `${action.widths.length}/${action.widths.length} ${action.widths.at(-1)} × ${action.trials}`,
    ]);
    const { do: _, ...request } = action;
    expect(runner.survey).toEqual(bornDeadSurvey(await loadEngine(), request));
  });

  it('paced training says where it began and how far it is, after every chunk', async () => {
    const s = script('learning-rate-decay');
    const index = s.steps.findIndex((step) => step.actions.some((a) => a.do === 'train' && a.pace));
    const heard: string[] = [];
    const runner = new LessonRunner(s, await enginesFor(s), {
      sleep: async () => {},
      onTrain: (id, p) => heard.push(`${id} ${p.from} ${p.done}/${p.total}`),
    });
    // Network B is trained 400,000 examples from a fresh start, in chunks of 4,000 (pace / 10).
    await runner.runStep(index);
    expect(heard).toEqual(Array.from({ length: 100 }, (_, k) => `b 0 ${(k + 1) * 4000}/400000`));
  });
});
