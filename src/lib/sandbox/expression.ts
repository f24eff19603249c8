/**
 * A small, safe expression language for user-typed target functions of a and b, e.g.
 * `sin(6*a)*cos(6*b)`. A recursive-descent parser builds a tree of plain closures: there is no
 * `eval`, no `new Function`, no property access and no name lookup outside a fixed whitelist, so
 * nothing a reader types can reach the page's globals. Input length, nesting depth and node count
 * are limited, so huge or deeply nested input fails fast with a message.
 *
 * Grammar (lowest precedence first):
 *   expr    := or ( '?' expr ':' expr )?
 *   or      := and ( '||' and )*
 *   and     := cmp ( '&&' cmp )*
 *   cmp     := sum ( ('<' | '<=' | '>' | '>=' | '==' | '!=') sum )?
 *   sum     := product ( ('+' | '-') product )*
 *   product := unary ( ('*' | '/' | '%') unary )*
 *   unary   := ('-' | '+' | '!') unary | power
 *   power   := atom ( ('^' | '**') unary )?          right-associative, binds tighter than unary minus on its left
 *   atom    := number | name | name '(' args ')' | '(' expr ')'
 * Booleans are numbers: comparisons give 1 or 0; anything non-zero is true.
 */
import { MAX_MAGNITUDE } from '../engine/float32';

export const MAX_LENGTH = 300;
export const MAX_DEPTH = 40;
export const MAX_NODES = 200;

type Fn = (a: number, b: number) => number;

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI };

const frac = (x: number) => x - Math.floor(x);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Whitelisted functions with their arity (min, max). */
const FUNCTIONS: Record<string, { min: number; max: number; f: (...xs: number[]) => number }> = {
  sin: { min: 1, max: 1, f: Math.sin },
  cos: { min: 1, max: 1, f: Math.cos },
  tan: { min: 1, max: 1, f: Math.tan },
  asin: { min: 1, max: 1, f: Math.asin },
  acos: { min: 1, max: 1, f: Math.acos },
  atan: { min: 1, max: 1, f: Math.atan },
  atan2: { min: 2, max: 2, f: Math.atan2 },
  sinh: { min: 1, max: 1, f: Math.sinh },
  cosh: { min: 1, max: 1, f: Math.cosh },
  tanh: { min: 1, max: 1, f: Math.tanh },
  exp: { min: 1, max: 1, f: Math.exp },
  log: { min: 1, max: 1, f: Math.log },
  ln: { min: 1, max: 1, f: Math.log },
  log2: { min: 1, max: 1, f: Math.log2 },
  log10: { min: 1, max: 1, f: Math.log10 },
  sqrt: { min: 1, max: 1, f: Math.sqrt },
  abs: { min: 1, max: 1, f: Math.abs },
  sign: { min: 1, max: 1, f: Math.sign },
  floor: { min: 1, max: 1, f: Math.floor },
  ceil: { min: 1, max: 1, f: Math.ceil },
  round: { min: 1, max: 1, f: Math.round },
  frac: { min: 1, max: 1, f: frac },
  sigmoid: { min: 1, max: 1, f: sigmoid },
  pow: { min: 2, max: 2, f: Math.pow },
  hypot: { min: 1, max: 4, f: Math.hypot },
  min: { min: 1, max: 8, f: Math.min },
  max: { min: 1, max: 8, f: Math.max },
  clamp: { min: 3, max: 3, f: clamp },
  mix: { min: 3, max: 3, f: (x, y, t) => x + (y - x) * t },
  step: { min: 2, max: 2, f: (edge, x) => (x >= edge ? 1 : 0) },
};

export const FUNCTION_NAMES = Object.keys(FUNCTIONS);

export class ExpressionError extends Error {
  /** Character offset of the problem in the input (for the inline error). */
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'ExpressionError';
    this.position = position;
  }
}

type Token =
  | { t: 'num'; v: number; p: number }
  | { t: 'name'; v: string; p: number }
  | { t: 'op'; v: string; p: number }
  | { t: 'bad'; v: string; p: number }
  | { t: 'end'; p: number };

const OPS = [
  '**',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '(',
  ')',
  ',',
  '<',
  '>',
  '!',
  '?',
  ':',
];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i, i + 40));
    if (num) {
      tokens.push({ t: 'num', v: Number(num[0]), p: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src.slice(i, i + 40));
    if (name) {
      tokens.push({ t: 'name', v: name[0], p: i });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', v: op, p: i });
      i += op.length;
      continue;
    }
    // Reported when the parser reaches it, so earlier problems (an unknown name) come first.
    tokens.push({ t: 'bad', v: c, p: i });
    i++;
  }
  tokens.push({ t: 'end', p: src.length });
  return tokens;
}

/** Parse an expression of a and b into a function. Throws ExpressionError with a clear message. */
export function compileExpression(source: string): Fn {
  if (typeof source !== 'string') throw new ExpressionError('The function must be text.', 0);
  if (source.length > MAX_LENGTH) {
    throw new ExpressionError(
      `The function is too long (${source.length} characters; at most ${MAX_LENGTH}).`,
      MAX_LENGTH,
    );
  }
  if (!source.trim())
    throw new ExpressionError('Type a function of a and b, for example sin(6*a)*cos(6*b).', 0);
  const tokens = tokenize(source);
  let pos = 0;
  let depth = 0;
  let nodes = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const t = tokens[pos];
    return t.t === 'op' && t.v === v;
  };
  const node = (p: number) => {
    if (++nodes > MAX_NODES)
      throw new ExpressionError(`The function is too large (more than ${MAX_NODES} parts).`, p);
  };
  const enter = (p: number) => {
    if (++depth > MAX_DEPTH)
      throw new ExpressionError(
        `The function is nested too deeply (more than ${MAX_DEPTH} levels).`,
        p,
      );
  };
  const expect = (v: string) => {
    const t = peek();
    if (t.t === 'op' && t.v === v) {
      pos++;
      return;
    }
    throw new ExpressionError(`Expected “${v}” at position ${t.p + 1}${describe(t)}.`, t.p);
  };
  const describe = (t: Token) =>
    t.t === 'end'
      ? ' but the function ended'
      : t.t === 'num'
        ? `, found the number ${t.v}`
        : `, found “${t.v}”`;

  const expr = (): Fn => {
    enter(peek().p);
    const cond = or();
    let result = cond;
    if (isOp('?')) {
      node(peek().p);
      pos++;
      const yes = expr();
      expect(':');
      const no = expr();
      result = (a, b) => (cond(a, b) !== 0 ? yes(a, b) : no(a, b));
    }
    depth--;
    return result;
  };
  const binaryLevel =
    (
      next: () => Fn,
      ops: Record<string, (x: number, y: number) => number>,
      repeat = true,
    ): (() => Fn) =>
    () => {
      let left = next();
      while (peek().t === 'op' && (peek() as { v: string }).v in ops) {
        const t = peek() as { v: string; p: number };
        node(t.p);
        pos++;
        const op = ops[t.v];
        const l = left;
        const r = next();
        left = (a, b) => op(l(a, b), r(a, b));
        if (!repeat) break;
      }
      return left;
    };
  const atom = (): Fn => {
    const t = peek();
    node(t.p);
    if (t.t === 'num') {
      pos++;
      const v = t.v;
      return () => v;
    }
    if (t.t === 'name') {
      pos++;
      const name = t.v;
      if (isOp('(')) {
        const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name)
          ? FUNCTIONS[name]
          : undefined;
        if (!fn)
          throw new ExpressionError(
            `Unknown function “${name}” at position ${t.p + 1}. Known: ${FUNCTION_NAMES.join(', ')}.`,
            t.p,
          );
        pos++;
        const args: Fn[] = [];
        if (!isOp(')')) {
          args.push(expr());
          while (isOp(',')) {
            pos++;
            args.push(expr());
          }
        }
        expect(')');
        if (args.length < fn.min || args.length > fn.max) {
          const want = fn.min === fn.max ? `${fn.min}` : `${fn.min} to ${fn.max}`;
          throw new ExpressionError(
            `${name}() takes ${want} argument${want === '1' ? '' : 's'}, not ${args.length}.`,
            t.p,
          );
        }
        const f = fn.f;
        if (args.length === 1) {
          const [x] = args;
          return (a, b) => f(x(a, b));
        }
        if (args.length === 2) {
          const [x, y] = args;
          return (a, b) => f(x(a, b), y(a, b));
        }
        return (a, b) => f(...args.map((g) => g(a, b)));
      }
      if (name === 'a') return (a) => a;
      if (name === 'b') return (_a, b) => b;
      if (Object.prototype.hasOwnProperty.call(CONSTANTS, name)) {
        const v = CONSTANTS[name];
        return () => v;
      }
      if (Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
        throw new ExpressionError(`“${name}” is a function: write ${name}(…).`, t.p);
      }
      throw new ExpressionError(
        `Unknown name “${name}” at position ${t.p + 1}. Use a and b, the constants pi, e, tau, or a function.`,
        t.p,
      );
    }
    if (t.t === 'bad')
      throw new ExpressionError(`Unexpected character “${t.v}” at position ${t.p + 1}.`, t.p);
    if (t.t === 'op' && t.v === '(') {
      pos++;
      const inner = expr();
      expect(')');
      return inner;
    }
    throw new ExpressionError(
      t.t === 'end'
        ? 'The function ends too early: something is missing at the end.'
        : `Unexpected “${t.v}” at position ${t.p + 1}.`,
      t.p,
    );
  };
  const power = (): Fn => {
    const base = atom();
    if (isOp('^') || isOp('**')) {
      node(peek().p);
      pos++;
      enter(peek().p);
      const exponent = unary();
      depth--;
      return (a, b) => Math.pow(base(a, b), exponent(a, b));
    }
    return base;
  };
  const unary = (): Fn => {
    if (isOp('-') || isOp('+') || isOp('!')) {
      const op = (peek() as { v: string }).v;
      node(peek().p);
      pos++;
      enter(peek().p);
      const inner = unary();
      depth--;
      if (op === '-') return (a, b) => -inner(a, b);
      if (op === '!') return (a, b) => (inner(a, b) === 0 ? 1 : 0);
      return inner;
    }
    return power();
  };
  const product = binaryLevel(unary, {
    '*': (x, y) => x * y,
    '/': (x, y) => x / y,
    '%': (x, y) => x - y * Math.floor(x / y),
  });
  const sum = binaryLevel(product, { '+': (x, y) => x + y, '-': (x, y) => x - y });
  const cmp = binaryLevel(
    sum,
    {
      '<': (x, y) => +(x < y),
      '<=': (x, y) => +(x <= y),
      '>': (x, y) => +(x > y),
      '>=': (x, y) => +(x >= y),
      '==': (x, y) => +(x === y),
      '!=': (x, y) => +(x !== y),
    },
    false,
  );
  const and = binaryLevel(cmp, { '&&': (x, y) => +(x !== 0 && y !== 0) });
  const or = binaryLevel(and, { '||': (x, y) => +(x !== 0 || y !== 0) });

  const fn = expr();
  const end = peek();
  if (end.t !== 'end')
    throw new ExpressionError(
      `Unexpected ${end.t === 'num' ? `number ${end.v}` : `“${(end as { v: string }).v}”`} at position ${end.p + 1}.`,
      end.p,
    );
  return fn;
}

export interface SampledTarget {
  /** size×size values, value[j*size + i] at a = i/(size−1), b = j/(size−1) (the engine's grid target). */
  values: Float32Array;
  size: number;
  min: number;
  max: number;
  /** Set when some values leave [0, 1] (they are kept; the note says what that means). */
  outOfRange: string | null;
}

/**
 * Samples per side of a typed target: cells 1/256 of the square wide. The engine interpolates
 * between them (bilinearly), so detail finer than a cell is smoothed out or lost.
 */
export const TARGET_SAMPLES = 257;

/**
 * Where in each cell `undersampled` looks, as fractions of the cell's width (a) and height (b):
 * its middle, and a point off both middle lines. A function that repeats once per cell has the
 * same value at every sample and may have it at every middle too (sin(512πa) is 0.5 at both);
 * it cannot at both points.
 */
const PROBES: readonly (readonly [number, number])[] = [
  [1 / 2, 1 / 2],
  [1 / 3, 2 / 3],
];

/**
 * How far the surface the engine learns (the samples, interpolated bilinearly) is from the
 * function itself, at the PROBES points of every cell: the mean absolute gap as a share of the
 * function's range (over the samples and the probes alike: a function whose samples are all equal
 * can still swing between them), and the largest gap. A smooth function gives about 0; a sharp
 * step crossing some cells a few percent; a function that oscillates within a cell, about a
 * fifth or more. `null` when the function is flat.
 */
export function undersampled(
  f: (a: number, b: number) => number,
  values: Float32Array,
  size: number,
): { meanShare: number; largest: number; at: [number, number] } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    if (values[k] < lo) lo = values[k];
    if (values[k] > hi) hi = values[k];
  }
  let sum = 0;
  let count = 0;
  let largest = 0;
  let atA = 0;
  let atB = 0;
  const step = 1 / (size - 1);
  for (const [u, w] of PROBES) {
    // The bilinear weights of the probe's corners, the same in every cell.
    const w00 = (1 - w) * (1 - u);
    const w10 = (1 - w) * u;
    const w01 = w * (1 - u);
    const w11 = w * u;
    for (let j = 0; j + 1 < size; j++) {
      const b = (j + w) * step;
      for (let i = 0; i + 1 < size; i++) {
        const a = (i + u) * step;
        // In single precision, as the samples are kept: 0.3 is not 0.3 in both.
        const value = Math.fround(f(a, b));
        if (!Number.isFinite(value)) continue;
        const k = j * size + i;
        const between =
          w00 * values[k] +
          w10 * values[k + 1] +
          w01 * values[k + size] +
          w11 * values[k + size + 1];
        const gap = Math.abs(value - between);
        if (value < lo) lo = value;
        if (value > hi) hi = value;
        sum += gap;
        count++;
        if (gap > largest) {
          largest = gap;
          atA = a;
          atB = b;
        }
      }
    }
  }
  const range = hi - lo;
  // A range of rounding size (a flat function computed two ways) is no range.
  if (!(range > 1e-6 * Math.max(1, Math.abs(hi), Math.abs(lo))) || count === 0) return null;
  return { meanShare: sum / count / range, largest, at: [atA, atB] };
}

/** The mean gap (as a share of the range) past which a typed function is said to be too fine. */
export const TOO_FINE_SHARE = 0.1;

/**
 * Sample an expression on a size×size grid over [0, 1]² with both edges included. Throws an
 * ExpressionError when it does not parse, or gives NaN, Infinity or a value beyond ±MAX_MAGNITUDE
 * (which the engine refuses) somewhere.
 */
export function sampleExpression(source: string, size = TARGET_SAMPLES): SampledTarget {
  const f = compileExpression(source);
  const values = new Float32Array(size * size);
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < size; j++) {
    const b = j / (size - 1);
    for (let i = 0; i < size; i++) {
      const a = i / (size - 1);
      const v = f(a, b);
      if (!Number.isFinite(v)) {
        throw new ExpressionError(
          `The function is not a finite number at a = ${a.toFixed(2)}, b = ${b.toFixed(2)} (it gives ${v}).`,
          0,
        );
      }
      if (Math.abs(v) > MAX_MAGNITUDE) {
        throw new ExpressionError(
          `The function reaches ${v.toPrecision(3)} at a = ${a.toFixed(2)}, b = ${b.toFixed(2)}: a target must stay within ±${MAX_MAGNITUDE.toExponential()}.`,
          0,
        );
      }
      values[j * size + i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const outOfRange =
    min < 0 || max > 1
      ? `Its values run from ${+min.toPrecision(3)} to ${+max.toPrecision(3)}, outside [0, 1]: a sigmoid output can only reach values in (0, 1), so the loss cannot fall to zero. Rescale it, or pick the identity output activation.`
      : null;
  return { values, size, min, max, outOfRange };
}

/**
 * A note when `source`, sampled as `sampled`, changes faster than its samples can follow
 * (`undersampled`): the engine learns the surface the samples span, and the note says how far
 * that is from the function. Null when it does not. Apart from sampleExpression, since it costs
 * twice the sampling again: only the Data panel, which shows the note, pays for it (not the
 * link's check or a file's import).
 */
export function tooFineNote(source: string, sampled: SampledTarget): string | null {
  const { values, size } = sampled;
  const gap = undersampled(compileExpression(source), values, size);
  return gap && gap.meanShare > TOO_FINE_SHARE
    ? `It changes faster than its ${size} × ${size} samples (1/${size - 1} of the square apart) can follow: between them it is on average ${Math.round(100 * gap.meanShare)}% of its range away from the surface the network learns (${+gap.largest.toPrecision(2)} at a = ${gap.at[0].toFixed(3)}, b = ${gap.at[1].toFixed(3)}). The network learns that sampled surface (the dashed target lines over the response); slow the function down to have it learn yours.`
    : null;
}
