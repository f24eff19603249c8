/**
 * A probe over a plot of the input square: hover (mouse), tap or drag (touch, pen) or arrow keys
 * (keyboard, when the plot has focus) move a crosshair to a point (a, b); a small tooltip shows
 * whatever `describe(a, b)` returns. Click, tap or Enter "picks" the point (the input-point
 * picker). Framework-free; `makeProbe` is plain (solid-primitives' `makeX`): it returns its dispose function.
 *
 * Coordinates: a grows to the right and b upwards, both from 0 to 1 over `area`.
 */

export interface ProbeOptions {
  /** The element whose box is the input square (the heatmap's canvas). */
  area: HTMLElement;
  /** The element that takes focus and keyboard input, and hosts the crosshair and tooltip. */
  host: HTMLElement;
  /** Lines of text for the point, e.g. ["a 0.31, b 0.72", "output 0.44"]. */
  describe: (a: number, b: number) => string[];
  onPick?: (a: number, b: number) => void;
  /** Where the probe starts for keyboard users. */
  start?: [number, number];
}

export interface Probe {
  /** Redraw the tooltip for new data at the same point (seen, not spoken). */
  refresh(): void;
  dispose(): void;
}

export function makeProbe(options: ProbeOptions): Probe {
  const { area, host, describe } = options;
  host.style.position ||= 'relative';
  // The tip is seen; `spoken`, a live region, says the same only when the reader moves or picks
  // the point. The tip also follows new data at the same point (refresh, up to 30 times a second
  // while training), which as a live region kept a screen reader talking without pause.
  const tip = document.createElement('div');
  tip.className = 'probe-tip';
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  const spoken = document.createElement('div');
  spoken.className = 'visually-hidden';
  spoken.setAttribute('role', 'status');
  const cross = document.createElement('div');
  cross.className = 'probe-cross';
  cross.setAttribute('aria-hidden', 'true');
  cross.hidden = true;
  host.append(cross, tip, spoken);
  let point: [number, number] = options.start ?? [0.5, 0.5];
  let visible = false;

  const place = () => {
    const box = area.getBoundingClientRect();
    const hostBox = host.getBoundingClientRect();
    const x = box.left - hostBox.left + point[0] * box.width;
    const y = box.top - hostBox.top + (1 - point[1]) * box.height;
    cross.style.left = `${x}px`;
    cross.style.top = `${y}px`;
    tip.replaceChildren(
      ...describe(point[0], point[1]).map((line) => {
        const div = document.createElement('div');
        div.textContent = line;
        return div;
      }),
    );
    // Keep the tip inside the host: flip to the left/bottom half as needed.
    const right = x > hostBox.width / 2;
    const below = y < hostBox.height / 3;
    tip.style.left = right ? '' : `${x + 12}px`;
    tip.style.right = right ? `${hostBox.width - x + 12}px` : '';
    tip.style.top = below ? `${y + 12}px` : '';
    tip.style.bottom = below ? '' : `${hostBox.height - y + 12}px`;
  };
  const show = (on: boolean) => {
    visible = on;
    tip.hidden = !on;
    cross.hidden = !on;
    if (on) place();
  };
  /** Say the point's read-out: after a move by keyboard, a pick, or focus. */
  const say = () => {
    spoken.textContent = describe(point[0], point[1]).join('; ');
  };
  const fromEvent = (e: PointerEvent): [number, number] | null => {
    const box = area.getBoundingClientRect();
    const a = (e.clientX - box.left) / box.width;
    const b = 1 - (e.clientY - box.top) / box.height;
    if (a < 0 || a > 1 || b < 0 || b > 1) return null;
    return [a, b];
  };
  const onMove = (e: PointerEvent) => {
    const p = fromEvent(e);
    if (!p) {
      if (e.pointerType === 'mouse') show(false);
      return;
    }
    point = p;
    show(true);
  };
  const onDown = (e: PointerEvent) => {
    const p = fromEvent(e);
    if (!p) return;
    point = p;
    show(true);
    say();
    options.onPick?.(p[0], p[1]);
  };
  const onLeave = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && document.activeElement !== host) show(false);
  };
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    if (moves[e.key]) {
      e.preventDefault();
      point = [
        Math.min(1, Math.max(0, point[0] + moves[e.key][0])),
        Math.min(1, Math.max(0, point[1] + moves[e.key][1])),
      ];
      show(true);
      say();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      options.onPick?.(point[0], point[1]);
    } else if (e.key === 'Escape') {
      show(false);
    }
  };
  const onFocus = () => {
    show(true);
    say();
  };
  const onBlur = () => show(false);
  // Listen on the host: axes and contour layers lie over the area and take the pointer first.
  host.addEventListener('pointermove', onMove);
  host.addEventListener('pointerdown', onDown);
  host.addEventListener('pointerleave', onLeave);
  host.addEventListener('keydown', onKey);
  host.addEventListener('focus', onFocus);
  host.addEventListener('blur', onBlur);
  const dispose = () => {
    host.removeEventListener('pointermove', onMove);
    host.removeEventListener('pointerdown', onDown);
    host.removeEventListener('pointerleave', onLeave);
    host.removeEventListener('keydown', onKey);
    host.removeEventListener('focus', onFocus);
    host.removeEventListener('blur', onBlur);
    tip.remove();
    cross.remove();
    spoken.remove();
  };
  return {
    dispose,
    refresh: () => {
      if (visible) place();
    },
  };
}

/** Read a field at (a, b) by bilinear interpolation (grid layout as in `paintField`). */
export function sampleField(
  values: ArrayLike<number>,
  resolution: number,
  a: number,
  b: number,
): number {
  const r = resolution - 1;
  const x = Math.min(r, Math.max(0, a * r));
  const y = Math.min(r, Math.max(0, b * r));
  const i = Math.min(r - 1, Math.floor(x));
  const j = Math.min(r - 1, Math.floor(y));
  const fx = x - i;
  const fy = y - j;
  const at = (ii: number, jj: number) => values[jj * resolution + ii];
  if (r < 1) return at(0, 0);
  return (
    at(i, j) * (1 - fx) * (1 - fy) +
    at(i + 1, j) * fx * (1 - fy) +
    at(i, j + 1) * (1 - fx) * fy +
    at(i + 1, j + 1) * fx * fy
  );
}
