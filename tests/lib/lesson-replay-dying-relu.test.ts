/**
 * The proof behind the Dying ReLU lesson: replay its script on the real engine with its seeds and
 * require every metric checkpoint to pass. Also checks that going back to a checkpoint restores
 * the network exactly (the dead count read again matches the one measured then).
 */
import { describe, expect, it } from 'vitest';
import { replay, report, script } from './lesson-scripts';

describe('dying-relu script', () => {
  it('every metric checkpoint passes on the engine', { timeout: 180_000 }, async () => {
    const s = script('dying-relu');
    const { outcomes, runner } = await replay(s);
    console.log(report(s, outcomes));
    for (const o of outcomes) if (o.result) expect(o.result.passed, `${o.id}: ${JSON.stringify(o.result.values)}`).toBe(true);

    // Back to the first checkpoint: the same network, so the same neurons are dead.
    const first = outcomes[0].result!;
    await runner.restore(0);
    const again = await runner.measure({ metric: 'deadNeurons', network: 'a', atLeast: 1 });
    expect(again.raw).toBe(first.raw);
  });
});
