/**
 * The lessons' framework-free pieces: every script parses through the schema the build uses, the
 * schema rejects unknown presets and metrics (which is what fails the build), overrides build the
 * intended configuration, templates report measured values, and the progress store survives
 * corrupted or blocked storage.
 */
import { describe, expect, it } from 'vitest';
import { isConstant } from '../../src/lib/lessons/born-dead';
import { buildConfig, hiddenNeurons } from '../../src/lib/lessons/config';
import {
  parseProgress,
  ProgressStore,
  PROGRESS_KEY,
  type StorageLike,
} from '../../src/lib/lessons/progress';
import { fillTemplate } from '../../src/lib/lessons/runner';
import { scriptSchema } from '../../src/lib/lessons/schema';
import { presetById } from '../../src/lib/presets';
import { rawScripts } from './lesson-scripts';

const minimal = {
  id: 'x',
  title: 'A script',
  steps: [
    {
      id: 'one',
      title: 'Step one',
      prose: 'Some words about it.',
      actions: [
        { do: 'load', preset: 'dying-relu' },
        { do: 'train', examples: 10 },
      ],
      checkpoint: { check: { metric: 'testLoss', below: 1 }, met: 'Met it.', unmet: 'Try again.' },
    },
  ],
};

describe('experiment scripts', () => {
  it('are all found and parse', () => {
    expect(Object.keys(rawScripts).length).toBeGreaterThanOrEqual(1);
    for (const [id, raw] of Object.entries(rawScripts)) {
      const parsed = scriptSchema.safeParse(raw);
      expect(parsed.success, `${id}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      if (parsed.success) expect(parsed.data.id).toBe(id);
    }
  });

  it('accepts a minimal script and fills defaults', () => {
    const s = scriptSchema.parse(minimal);
    expect(s.networks).toEqual(['a']);
    const train = s.steps[0].actions[1];
    expect(train.do === 'train' && train.networks).toEqual(['a']);
  });

  it('rejects an unknown preset, metric, activation or reader task', () => {
    const bad = (patch: (s: typeof minimal) => unknown) =>
      scriptSchema.safeParse(patch(structuredClone(minimal))).success;
    expect(
      bad((s) => (((s.steps[0].actions[0] as { preset: string }).preset = 'no-such-preset'), s)),
    ).toBe(false);
    expect(
      bad((s) => (((s.steps[0].checkpoint.check as { metric: string }).metric = 'accuracy'), s)),
    ).toBe(false);
    expect(
      bad(
        (s) => (
          ((s.steps[0].actions[0] as Record<string, unknown>).overrides = { activation: 'swishy' }),
          s
        ),
      ),
    ).toBe(false);
    expect(
      bad(
        (s) => (
          ((s.steps[0].checkpoint as Record<string, unknown>).check = { reader: 'dance' }),
          s
        ),
      ),
    ).toBe(false);
  });

  it('rejects a step that names a network the script does not show, and duplicate step ids', () => {
    const twoNets = structuredClone(minimal) as Record<string, unknown> & typeof minimal;
    (twoNets.steps[0].actions[1] as Record<string, unknown>).networks = ['a', 'b'];
    expect(scriptSchema.safeParse(twoNets).success).toBe(false);
    const dup = structuredClone(minimal);
    dup.steps.push(structuredClone(dup.steps[0]));
    expect(scriptSchema.safeParse(dup).success).toBe(false);
  });

  it('rejects a prediction whose answer is not one of its choices', () => {
    const s = structuredClone(minimal) as Record<string, unknown> & typeof minimal;
    (s.steps[0] as Record<string, unknown>).prediction = {
      question: 'Which one?',
      choices: ['x', 'y'],
      answer: 2,
      explanation: 'Because.',
    };
    expect(scriptSchema.safeParse(s).success).toBe(false);
  });
});

describe('buildConfig', () => {
  it('applies overrides on top of a preset and keeps its seed', () => {
    const base = presetById('dying-relu').config();
    const leaky = buildConfig('dying-relu', { activation: 'leakyRelu' });
    expect(leaky.seed).toBe(base.seed);
    expect(leaky.network.hidden.map((l) => l.activation)).toEqual(['leakyRelu', 'leakyRelu']);
    expect(leaky.network.hidden.map((l) => l.units)).toEqual([54, 22]);
    expect(hiddenNeurons(leaky)).toBe(76);
    const resized = buildConfig('dying-relu', { hidden: [128], learningRate: 0.05, seed: 9 });
    expect(resized.network.hidden.map((l) => l.units)).toEqual([128]);
    expect(resized.training.learningRate).toBe(0.05);
    expect(resized.seed).toBe(9);
    // The preset itself is untouched.
    expect(presetById('dying-relu').config()).toEqual(base);
  });
});

describe('fillTemplate', () => {
  it('fills measured values and leaves unknown placeholders visible', () => {
    expect(fillTemplate('{value} of {total} are dead; {other}', { value: '7', total: '76' })).toBe(
      '7 of 76 are dead; {other}',
    );
  });
});

describe('isConstant', () => {
  it('tells a flat output from a varying one', () => {
    expect(isConstant(new Float32Array([0.3, 0.3, 0.3]))).toBe(true);
    expect(isConstant(new Float32Array([0.3, 0.3, 0.31]))).toBe(false);
  });
});

function memoryStorage(initial: string | null = null): StorageLike & { value: string | null } {
  return {
    value: initial,
    getItem() {
      return this.value;
    },
    setItem(_key: string, value: string) {
      this.value = value;
    },
  };
}

describe('progress store', () => {
  it('records steps and reads them back', () => {
    const storage = memoryStorage();
    const store = new ProgressStore(storage);
    store.markDone('dying-relu', 'train-relu', 5);
    store.markDone('dying-relu', 'train-relu', 5);
    store.markDone('dying-relu', 'find-dead', 5);
    expect(new ProgressStore(storage).get('dying-relu')).toMatchObject({
      done: ['train-relu', 'find-dead'],
      total: 5,
    });
  });

  it('ignores corrupted data of every kind, without throwing', () => {
    const corrupt = [
      '{',
      'null',
      '[]',
      '42',
      '{"v":2,"scripts":{}}',
      '{"v":1,"scripts":[]}',
      '{"v":1,"scripts":{"dying-relu":{"done":"all"}}}',
      '{"v":1,"scripts":{"BAD ID":{"done":[]}}}',
      '{"v":1,"scripts":{"__proto__":{"done":["x"]}}}',
      'x'.repeat(300_000),
    ];
    for (const text of corrupt) {
      const store = new ProgressStore(memoryStorage(text));
      expect(store.get('dying-relu').done).toEqual([]);
      expect(() => store.markDone('dying-relu', 'train-relu', 3)).not.toThrow();
    }
    // Good entries survive next to bad ones, and bad step ids are dropped.
    const mixed = parseProgress(
      '{"v":1,"scripts":{"a":{"done":["s1",7,"S 2"],"total":"x"},"b":{"done":5}}}',
    );
    expect(mixed.scripts).toEqual({ a: { done: ['s1'], total: 0, updated: 0 } });
  });

  it('keeps working in memory when storage throws', () => {
    const throwing: StorageLike = {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      },
    };
    const store = new ProgressStore(throwing);
    expect(() => store.markDone('gcu', 'xor', 4)).not.toThrow();
    expect(PROGRESS_KEY).toBe('nn-lab:progress');
  });
});

describe('progressLabel', () => {
  it('says nothing before the first checkpoint, counts after, and says when it is complete', async () => {
    const { progressLabel } = await import('../../src/lib/lessons/progress');
    expect(progressLabel({ done: [], total: 7, updated: 0 })).toBe('');
    expect(progressLabel({ done: ['a', 'b', 'c'], total: 7, updated: 0 })).toBe(
      '3 of 7 checkpoints',
    );
    expect(progressLabel({ done: ['a', 'b'], total: 2, updated: 0 })).toBe('Completed');
    expect(progressLabel({ done: ['a'], total: 0, updated: 0 })).toBe('1 checkpoint');
  });
});
