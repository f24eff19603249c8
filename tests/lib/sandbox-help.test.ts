/**
 * The sandbox's help lines: every setting whose label a newcomer cannot decode says what it does,
 * for every choice it offers, briefly; and the numbers the help quotes are the engine's and the
 * defaults'.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAST_BOUNDS } from '../engine/helpers';
import {
  ACTIVATION_PARAM_HELP,
  defaultState,
  GROUP_HELP,
  SCHEDULE_PERIOD_HELP,
  SCHEDULES,
  setting,
  settingHelp,
  toExperiment,
  type SandboxState,
} from '../../src/lib/sandbox/settings';

/** Settings of the Network, Training and Data panels (and the seed) whose labels are jargon. */
const JARGON: (keyof SandboxState)[] = [
  'seed',
  'outputBias',
  'fastMath',
  'loss',
  'huberDelta',
  'optimizer',
  'momentum',
  'nesterov',
  'beta1',
  'beta2',
  'epsilon',
  'batchSize',
  'learningRate',
  'schedule',
  'gamma',
  'minRate',
  'sgdrMult',
  'warmup',
  'l1',
  'l2',
  'dataMode',
  'trainSize',
  'testSize',
  'noise',
];

/** Longest help line, in characters: about three lines in the 21rem settings column. */
const MAX_HELP = 170;

const helps = (key: keyof SandboxState): string[] => {
  const s = setting(key);
  return s.type === 'choice' ? s.options.map((o) => settingHelp(s, o)) : [settingHelp(s, null)];
};

describe('sandbox help', () => {
  it.each(JARGON)('%s has help for every value it can take', (key) => {
    for (const text of helps(key)) expect(text.trim().length).toBeGreaterThan(20);
  });

  it('the schedule’s period says what it counts under every schedule that has one', () => {
    for (const kind of SCHEDULES.filter((k) => k !== 'constant'))
      expect(SCHEDULE_PERIOD_HELP[kind]).toMatch(/examples/);
  });

  it('is short, in sentences, with true minus signs and no straight apostrophes', () => {
    const all = [
      ...JARGON.flatMap(helps),
      ...Object.values(GROUP_HELP),
      ...Object.values(SCHEDULE_PERIOD_HELP),
      ...Object.values(ACTIVATION_PARAM_HELP),
    ];
    for (const text of all) {
      expect(text.length, text).toBeLessThanOrEqual(MAX_HELP);
      expect(text, text).toMatch(/^[A-Z0-9]/);
      expect(text, text).toMatch(/[.)]$/);
      expect(text, text).not.toMatch(/(^|[\s(])-\d|'/);
    }
  });

  it('a choice shows its own line, not the others’', () => {
    const opt = setting('optimizer');
    expect(settingHelp(opt, 'adam')).toMatch(/^Each weight’s step/);
    expect(settingHelp(opt, 'adam')).not.toMatch(/SGD/);
    expect(settingHelp(setting('schedule'), 'sgdr')).toMatch(/warm restarts/);
  });

  it('covers the layers’ activation parameters and the initializers', () => {
    expect(ACTIVATION_PARAM_HELP.leakyRelu).toMatch(/negative inputs/);
    expect(ACTIVATION_PARAM_HELP.elu).toMatch(/−α/);
    expect(GROUP_HELP.initializers).toMatch(/Xavier \(Glorot\), He \(Kaiming\) and LeCun/);
  });

  it('quotes the engine’s and the defaults’ numbers', () => {
    // Fresh examples: the test loss is read on the engine's R×R grid.
    const layout = readFileSync('engine/assembly/layout.ts', 'utf8');
    const r = Number(/FRESH_TEST_RESOLUTION = (\d+)/.exec(layout)?.[1]);
    expect(r).toBeGreaterThan(1);
    expect(settingHelp(setting('dataMode'), 'fresh')).toContain(`${r}×${r} grid`);
    // Adam's averages remember about 1/(1 − β) steps, at the defaults the help names.
    const d = defaultState();
    for (const key of ['beta1', 'beta2'] as const) {
      const steps = Math.round(1 / (1 - d[key])).toLocaleString('en-US');
      expect(settingHelp(setting(key), null)).toContain(
        `${d[key]} averages about the last ${steps} steps`,
      );
    }
    expect(settingHelp(setting('momentum'), null)).toContain(`${d.momentum} is usual`);
    // The fast activations' help quotes the largest error the engine's tests allow them
    // (FAST_BOUNDS, checked over [−20, 20] in tests/engine/approximations.test.ts).
    const largest = Math.max(...Object.values(FAST_BOUNDS).map(([value]) => value));
    expect(settingHelp(setting('fastMath'), true)).toContain(`off by less than ${largest}`);
    // The output bias is on by default, starts at 0 in the network built, and the original had none.
    expect(d.outputBias).toBe(true);
    const output = toExperiment(d).network.output;
    expect(output.bias).toBe(true);
    expect(output.biasInit).toEqual({ kind: 'constant', value: 0 });
    expect(settingHelp(setting('outputBias'), true)).toMatch(/starts at 0.*original.*had none/);
    // Penalties act on the weights only (kernels/optimizers.ts: biases take λ₁ = λ₂ = 0).
    const optimizers = readFileSync('engine/assembly/kernels/optimizers.ts', 'utf8');
    expect(optimizers).toContain('Biases take the same update with λ₁ = λ₂ = 0');
    expect(GROUP_HELP.regularization).toContain('biases are left alone');
  });
});
