/**
 * Colour scales for fields, as 256-entry RGBA lookup tables so a canvas can be filled without
 * parsing a colour per pixel. Both are colour-blind safe: viridis for magnitudes (outputs in
 * [0, 1]) and a diverging orange–blue for signed values (errors, weights, hidden activations),
 * with a light neutral at zero.
 */
import { interpolateRgbBasis, interpolateViridis, rgb } from 'd3';

export type ScaleKind = 'sequential' | 'diverging';

/** Orange (negative) → near-white (zero) → blue (positive). */
export const DIVERGING_STOPS = [
  '#8a3b00',
  '#d9730d',
  '#f5b971',
  '#f4f1ea',
  '#9cc3e4',
  '#3c7fc0',
  '#123f80',
];

export const interpolateOrangeBlue = interpolateRgbBasis(DIVERGING_STOPS);

export function interpolatorFor(kind: ScaleKind): (t: number) => string {
  return kind === 'sequential' ? interpolateViridis : interpolateOrangeBlue;
}

const lutCache = new Map<ScaleKind, Uint8ClampedArray>();

/** 256 RGBA entries sampling the scale from t = 0 to t = 1. */
export function lookupTable(kind: ScaleKind): Uint8ClampedArray {
  let lut = lutCache.get(kind);
  if (!lut) {
    const interpolate = interpolatorFor(kind);
    lut = new Uint8ClampedArray(256 * 4);
    for (let i = 0; i < 256; i++) {
      const c = rgb(interpolate(i / 255));
      lut[i * 4] = c.r;
      lut[i * 4 + 1] = c.g;
      lut[i * 4 + 2] = c.b;
      lut[i * 4 + 3] = 255;
    }
    lutCache.set(kind, lut);
  }
  return lut;
}

/**
 * Paint an R×R field into `image` (R×R pixels). `values[j*R + i]` is at a = i/(R−1),
 * b = j/(R−1); b grows upwards, so row j is drawn at pixel row R−1−j. Values are mapped
 * linearly from `domain` to the table and clamped; NaN paints transparent.
 */
export function paintField(
  image: ImageData,
  values: ArrayLike<number>,
  resolution: number,
  domain: readonly [number, number],
  kind: ScaleKind,
): void {
  const lut = lookupTable(kind);
  const data = image.data;
  const [lo, hi] = domain;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let j = 0; j < resolution; j++) {
    const row = (resolution - 1 - j) * resolution;
    for (let i = 0; i < resolution; i++) {
      const v = values[j * resolution + i];
      const p = (row + i) * 4;
      if (Number.isNaN(v)) {
        data[p + 3] = 0;
        continue;
      }
      let k = Math.round((v - lo) * scale);
      k = k < 0 ? 0 : k > 255 ? 255 : k;
      data[p] = lut[k * 4];
      data[p + 1] = lut[k * 4 + 1];
      data[p + 2] = lut[k * 4 + 2];
      data[p + 3] = 255;
    }
  }
}

/** A symmetric domain around zero that covers the values (at least ±`floor`). */
export function symmetricDomain(values: ArrayLike<number>, floor = 1e-6): [number, number] {
  let m = floor;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return [-m, m];
}

/**
 * Call `callback` whenever the page's theme changes (the theme toggle sets `data-theme` on the
 * root element), so a canvas plot can read its colours again and redraw. Returns the unsubscribe.
 */
export function onThemeChange(callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/**
 * The colour domain for a network's output: [0, 1] (a sigmoid's range, and most targets'),
 * widened to whole steps of 0.5 wherever `values` (the target, or the output) reach beyond it,
 * so an identity output that learns 4ab − 1 is drawn as it is, not clamped to [0, 1].
 */
export function outputDomain(...fields: ArrayLike<number>[]): [number, number] {
  let lo = 0;
  let hi = 1;
  for (const values of fields)
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v < lo) lo = v;
      else if (v > hi) hi = v; // NaN fails both
    }
  return [Math.floor(lo * 2) / 2, Math.ceil(hi * 2) / 2];
}
