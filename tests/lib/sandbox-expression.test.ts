import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  ExpressionError,
  sampleExpression,
  tooFineNote,
  undersampled,
} from '../../src/lib/sandbox/expression';

describe('safe expression parser', () => {
  const at = (src: string, a: number, b: number) => compileExpression(src)(a, b);

  it('evaluates arithmetic with the usual precedence', () => {
    expect(at('1 + 2 * 3', 0, 0)).toBe(7);
    expect(at('-2^2', 0, 0)).toBe(-4);
    expect(at('2^3^2', 0, 0)).toBe(512);
    expect(at('2**-1', 0, 0)).toBe(0.5);
    expect(at('(a + b) / 2', 0.2, 0.6)).toBeCloseTo(0.4);
    expect(at('7 % 3', 0, 0)).toBe(1);
    expect(at('-1 % 3', 0, 0)).toBe(2);
  });

  it('evaluates functions, comparisons and the ternary', () => {
    expect(at('sin(6*a)*cos(6*b)', 0.3, 0.1)).toBeCloseTo(Math.sin(1.8) * Math.cos(0.6));
    expect(at('a > 0.5 || b > a ? 1 : 0', 0.2, 0.3)).toBe(1);
    expect(at('a > 0.5 || b > a ? 1 : 0', 0.2, 0.1)).toBe(0);
    expect(at('max(a, b, 0.9)', 0.2, 0.1)).toBe(0.9);
    expect(at('frac(4*a)', 0.3, 0)).toBeCloseTo(0.2);
    expect(at('pi', 0, 0)).toBe(Math.PI);
    expect(at('!(a < b) && 1', 0.5, 0.2)).toBe(1);
  });

  it('rejects bad input with clear messages', () => {
    const message = (src: string) => {
      try {
        compileExpression(src);
      } catch (e) {
        expect(e).toBeInstanceOf(ExpressionError);
        return (e as Error).message;
      }
      throw new Error(`no error for ${src}`);
    };
    expect(message('sin(6*a')).toMatch(/Expected “\)”/);
    expect(message('foo(a)')).toMatch(/Unknown function “foo”/);
    expect(message('c + 1')).toMatch(/Unknown name “c”/);
    expect(message('window.alert(1)')).toMatch(/Unknown name “window”|Unexpected character/);
    expect(message('constructor')).toMatch(/Unknown name/);
    expect(message('__proto__(1)')).toMatch(/Unknown function/);
    expect(message('a +')).toMatch(/ends too early/);
    expect(message('a b')).toMatch(/Unexpected/);
    expect(message('"x"')).toMatch(/Unexpected character/);
    expect(message('atan2(a)')).toMatch(/takes 2 arguments/);
    expect(message('')).toMatch(/Type a function/);
    expect(message('a+'.repeat(200) + 'a')).toMatch(/too long/);
    expect(message('('.repeat(100) + 'a' + ')'.repeat(100))).toMatch(/nested too deeply/);
    expect(message('-'.repeat(100) + 'a')).toMatch(/nested too deeply/);
    expect(message('a+'.repeat(145) + 'a')).toMatch(/too large/);
  });

  it('says when a function changes faster than its samples can follow, and not for steps', () => {
    // 100 periods across the square: at 101 samples every sample fell where it is 0.5, and the
    // network learnt a flat surface with a loss of 2e-9, as if it had fitted the function.
    const fine = (f: string) => tooFineNote(f, sampleExpression(f));
    expect(sampleExpression('a').size).toBe(257);
    expect(fine('0.5+0.5*sin(200*pi*a)')).toMatch(
      /^It changes faster than its 257 × 257 samples \(1\/256 of the square apart\) can follow: between them it is on average 20% of its range away/,
    );
    expect(fine('frac(100*a)')).toMatch(/on average 19%/);
    // Once per cell: every sample is 1 (or 0.5), and so is every cell's middle for the sine;
    // its range shows only between the samples.
    expect(fine('0.5+0.5*cos(512*pi*a)')).toMatch(/on average 88%/);
    expect(fine('0.5+0.5*sin(512*pi*a)')).toMatch(/on average 50%/);
    expect(fine('0.5+0.5*sin(512*pi*b)')).toMatch(/on average 50%/);
    // Smooth functions, sharp steps whose samples only blur their edges, and flat ones (which
    // single precision rounds alike at the samples and between them) pass quietly.
    for (const f of [
      'sqrt(a*b)',
      '0.5+0.5*sin(60*pi*a)',
      'a>0.5',
      'floor(40*a)%2',
      'frac(20*a)',
      '0.3',
    ])
      expect([f, fine(f)]).toEqual([f, null]);
    // The gap is measured in each cell's middle and off it, against the bilinear surface: here
    // samples all 0 for f = a, so gaps 1/2 and 1/3 over a range of 1/2.
    const gap = undersampled(compileExpression('a'), new Float32Array(4), 2);
    expect(gap?.meanShare).toBeCloseTo(5 / 6, 6);
    expect(gap).toMatchObject({ largest: 0.5, at: [0.5, 0.5] });
  });

  it('samples on the engine grid, reporting values outside [0, 1] and non-finite values', () => {
    const t = sampleExpression('a', 11);
    expect(t.values[10]).toBeCloseTo(1);
    expect(t.values[10 * 11]).toBe(0);
    expect(t.outOfRange).toBeNull();
    expect(sampleExpression('2*a - 1', 11).outOfRange).toMatch(/outside \[0, 1\]/);
    expect(() => sampleExpression('1/a', 11)).toThrow(/not a finite number at a = 0.00/);
    expect(() => sampleExpression('log(a-1)', 11)).toThrow(ExpressionError);
    // Finite, but beyond what the engine takes: its noisy labels or bilinear steps overflowed.
    expect(() => sampleExpression('exp(100*a)', 11)).toThrow(
      /reaches 2.35e\+17 at a = 0.40.*within ±1e\+15/,
    );
    expect(() => sampleExpression('1e15*a', 11)).not.toThrow();
  });

  it('never throws anything but ExpressionError on random junk', () => {
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = [
      'a',
      'b',
      '1',
      '.',
      '(',
      ')',
      '+',
      '-',
      '*',
      '/',
      '^',
      '?',
      ':',
      ',',
      'sin',
      'max',
      ' ',
      '<',
      '=',
      '&',
      '|',
      '!',
      'e',
      'x',
      '[',
      '`',
    ];
    for (let n = 0; n < 2000; n++) {
      const src = Array.from(
        { length: Math.floor(rand() * 30) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join('');
      try {
        const f = compileExpression(src);
        expect(typeof f(0.3, 0.7)).toBe('number');
      } catch (e) {
        expect(e, src).toBeInstanceOf(ExpressionError);
      }
    }
  });
});
