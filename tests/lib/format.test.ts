import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatRate,
  formatTyped,
  formatValue,
  withStop,
  countOf,
} from '../../src/lib/format';
import { strictNumber } from '../../src/lib/sandbox/settings';

describe('formatCount', () => {
  it('groups thousands exactly as en-US does', () => {
    const samples = [0, 7, 999, 1000, 1234.5, 99_999, 100_000, 1_000_000, 123_456_789, 2 ** 53];
    for (const n of [...samples, ...samples.slice(1).map((v) => -v), 0.5, 1e20 + 1]) {
      expect(formatCount(n)).toBe(Math.round(n).toLocaleString('en-US'));
    }
  });

  it('writes negative zero as 0 (the locale writes "-0")', () => {
    expect(formatCount(-0)).toBe('0');
    expect(formatCount(-0.4)).toBe('0');
  });

  it('keeps what the locale says for numbers it cannot group', () => {
    expect(formatCount(Number.NaN)).toBe('NaN');
    expect(formatCount(Infinity)).toBe('∞');
    expect(formatCount(1e21)).toBe((1e21).toLocaleString('en-US'));
  });
});

describe('formatRate', () => {
  it('shows step decay’s halvings exactly, and small rates in powers of ten', () => {
    expect([0.15, 0.075, 0.0375, 0.01875, 0.009375].map(formatRate)).toEqual([
      '0.15',
      '0.075',
      '0.0375',
      '0.01875',
      '0.009375',
    ]);
    expect(formatRate(1 / 3)).toBe('0.3333');
    expect(formatRate(1.234e-4)).toBe('1.2e-4');
    expect(formatRate(0)).toBe('0');
  });
});

describe('formatValue', () => {
  it('rounds to the digits asked for, drops trailing zeros, and writes a true minus sign', () => {
    expect(formatValue(-0.2549, 2)).toBe('−0.25');
    expect(formatValue(2.5, 3)).toBe('2.5');
    expect(formatValue(-1234.5, 2)).toBe('−1200');
    expect(formatValue(-3.3e-7, 2)).toBe('−3.3e−7');
    expect(formatValue(-0, 2)).toBe('0');
  });

  it('keeps every digit when no count is given, as notes about typed numbers need', () => {
    expect(formatValue(-0.123456789)).toBe('−0.123456789');
  });

  it('names what is not a number instead of printing NaN', () => {
    expect([NaN, Infinity, -Infinity].map((v) => formatValue(v, 2))).toEqual(['—', '∞', '−∞']);
  });
});

describe('formatValue on the magnitudes of a diverged network', () => {
  it('writes large and tiny values with "e", as the loss axis does, and a true minus sign', () => {
    expect(formatValue(-1.1e20, 2)).toBe('−1.1e20');
    expect(formatValue(1.1e20, 2)).toBe('1.1e20');
    expect(formatValue(5e9, 3)).toBe('5e9');
    expect(formatValue(-69_312_345, 3)).toBe('−6.93e7');
    expect(formatValue(1e10)).toBe('1e10');
    expect(formatValue(1e300)).toBe('1e300');
    expect(formatValue(1.234e-5, 3)).toBe('1.23e−5');
    expect(formatValue(-0.000042, 2)).toBe('−4.2e−5');
  });

  it('keeps plain decimals from 0.0001 to below 10,000, where they read best', () => {
    expect(formatValue(0.0001, 2)).toBe('0.0001');
    expect(formatValue(-0.00099, 2)).toBe('−0.00099');
    expect(formatValue(9999, 4)).toBe('9999');
    expect(formatValue(9999.6, 4)).toBe('1e4');
    expect(formatValue(-0.123, 3)).toBe('−0.123');
    expect(formatValue(0, 3)).toBe('0');
  });

  it('never writes more than nine characters with three digits', () => {
    for (let e = -40; e <= 38; e++)
      for (const m of [1, -1.23456, 9.99])
        expect(formatValue(m * 10 ** e, 3).length).toBeLessThanOrEqual(9);
  });
});

describe('formatTyped', () => {
  it('writes every digit, in characters a number box reads back to the same value', () => {
    for (const v of [0.0001234, 0.123456, 1e-5, 1e-7, 0.15, 10, 1 / 3, 1e21, -2.5, 4294967295]) {
      expect(strictNumber(formatTyped(v))).toBe(v);
    }
    expect(formatTyped(0.0001234)).toBe('0.0001234');
    expect(formatTyped(0.123456)).toBe('0.123456');
    expect(formatTyped(-0)).toBe('0');
  });
});

describe('withStop', () => {
  it('ends a title as a sentence, once', () => {
    expect(withStop('Train a four-layer network')).toBe('Train a four-layer network.');
    expect(withStop('Is it always so?')).toBe('Is it always so?');
    expect(withStop('Too high! ')).toBe('Too high!');
    expect(withStop('Done.')).toBe('Done.');
  });
});

describe('countOf', () => {
  it('writes a count with its noun, singular for one', () => {
    expect(countOf(1, 'example')).toBe('1 example');
    expect(countOf(0, 'example')).toBe('0 examples');
    expect(countOf(100000, 'example')).toBe('100,000 examples');
  });
});
