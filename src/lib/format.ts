/** Number formats shared by every view, so the same quantity reads the same everywhere. */

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A loss with four significant digits; "—" when there is none yet. */
export function formatLoss(loss: number | undefined | null): string {
  if (loss === undefined || loss === null || Number.isNaN(loss)) return '—';
  if (!Number.isFinite(loss)) return '∞';
  return loss < 1e-3 ? loss.toExponential(2) : loss.toPrecision(4);
}

/** A learning rate: "0.15", "1.2e-4". */
export function formatRate(rate: number): string {
  return rate !== 0 && Math.abs(rate) < 1e-3 ? rate.toExponential(1) : String(+rate.toPrecision(3));
}
