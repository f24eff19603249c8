/** Number formats shared by every view, so the same quantity reads the same everywhere. */

/**
 * 1234567 → "1,234,567", as en-US writes it (negative zero aside: "0", where the locale says
 * "-0"). Grouped by hand rather than by `toLocaleString`, whose first call on a page loads ICU's
 * number data: about 15 ms of main thread, four times that on a slow phone, and these counters
 * are among the first things the sandbox draws.
 */
export function formatCount(n: number): string {
  const whole = Math.round(n);
  if (!Number.isFinite(whole) || Math.abs(whole) >= 1e21) return whole.toLocaleString('en-US');
  return String(whole).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A loss with four significant digits; "—" when there is none yet. */
export function formatLoss(loss: number | undefined | null): string {
  if (loss === undefined || loss === null || Number.isNaN(loss)) return '—';
  if (!Number.isFinite(loss)) return '∞';
  return loss < 1e-3 ? loss.toExponential(2) : loss.toPrecision(4);
}

/** A learning rate: "0.15", "0.01875" (step decay's halvings exactly), "1.2e-4". */
export function formatRate(rate: number): string {
  return rate !== 0 && Math.abs(rate) < 1e-3 ? rate.toExponential(1) : String(+rate.toPrecision(4));
}

/**
 * Where a value leaves plain decimals for powers of ten: from 1e4 on in magnitude, as the loss
 * axis (`lossTick`) does, so a diverged network's 1.1e20 is written "1.1e20" everywhere rather
 * than as 21 digits; and below 1e−4 (a leaky ReLU's small outputs, −0.00099, stay plain), so
 * 0.0000123 is "1.23e−5". Plain or not, a value with three digits takes at most nine characters.
 */
const PLAIN_FROM = 1e-4;
const PLAIN_BELOW = 1e4;

/**
 * A value as keys, labels and notes write it: at most `digits` significant digits without
 * trailing zeros (all of them when `digits` is left out), and a true minus sign: "−0.25", not
 * "-0.25", which screen readers read as "minus" and which lines up with the digits. Large and tiny
 * magnitudes are written compactly with "e" and no plus sign ("−1.1e20", "3.3e−7"), as the loss
 * axis writes them.
 */
export function formatValue(v: number, digits?: number): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const r = digits === undefined ? v : +v.toPrecision(digits);
  const size = Math.abs(r);
  const text =
    size !== 0 && (size < PLAIN_FROM || size >= PLAIN_BELOW)
      ? r.toExponential().replace('e+', 'e')
      : String(r);
  return text.replace(/-/g, '−');
}

/**
 * A number as a reader can type it back into a box: every digit of the value (so reading the box
 * and typing it again changes nothing), in the plain characters a number box accepts ("-", not the
 * true minus sign): 0.0001234 → "0.0001234", 1e-7 → "1e-7".
 */
export function formatTyped(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/**
 * An activation's name as the page writes it ("leaky ReLU", not the engine's `leakyRelu`), the
 * same in the menus and the neuron descriptions.
 */
export const ACTIVATION_NAMES: Record<string, string> = {
  identity: 'identity',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  leakyRelu: 'leaky ReLU',
  elu: 'ELU',
  gelu: 'GELU',
  swish: 'swish',
  softplus: 'softplus',
  gaussian: 'gaussian',
  sine: 'sine',
  gcu: 'GCU',
  ameo: 'ameo',
};

/** The page's name of an activation identifier (the identifier itself if it has none). */
export const activationName = (id: string): string => ACTIVATION_NAMES[id] ?? id;

/** A title as a sentence: a full stop, unless it ends with one already ("Is it always so?"). */
export function withStop(title: string): string {
  const t = title.trim();
  return /[.?!…]$/.test(t) ? t : `${t}.`;
}

/** A count and its noun: "1 example", "1,000 examples". */
export function countOf(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
