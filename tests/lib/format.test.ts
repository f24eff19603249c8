import { describe, expect, it } from 'vitest';
import { formatCount, formatRate, formatValue } from '../../src/lib/format';

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
