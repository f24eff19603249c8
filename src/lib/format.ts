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
 * A value as keys, labels and notes write it: at most `digits` significant digits without
 * trailing zeros (all of them when `digits` is left out), and a true minus sign: "−0.25", not
 * "-0.25", which screen readers read as "minus" and which lines up with the digits.
 */
export function formatValue(v: number, digits?: number): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return String(digits === undefined ? v : +v.toPrecision(digits)).replace(/-/g, '−');
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
