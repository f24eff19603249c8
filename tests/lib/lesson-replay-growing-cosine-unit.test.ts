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
    const { outcomes } = await replay(s);
    console.log(report(s, outcomes));
    for (const o of outcomes)
      if (o.result)
        expect(o.result.passed, `${o.id}: ${JSON.stringify(o.result.values)}`).toBe(true);

    const byId = Object.fromEntries(outcomes.map((o) => [o.id, o.result?.raw]));
    // The prose: sigmoid 2 of 4, GCU 4 of 4, ReLU 2 of 4; GCU network 0.0087 against 0.0112.
    expect([byId['xor-sigmoid'], byId['xor-gcu'], byId['xor-relu']]).toEqual([2, 4, 2]);
    const small = outcomes.find((o) => o.id === 'small-network')?.result?.values;
    expect(small).toMatchObject({ a: '0.008683', b: '0.01123' });
  });
});
