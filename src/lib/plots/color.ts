/**
 * Colour scales for fields, as 256-entry RGBA lookup tables so a canvas can be filled without
 * parsing a colour per pixel. Both are colour-blind safe: viridis for magnitudes (outputs in
 * [0, 1]) and a diverging orange–blue for signed values (errors, weights, hidden activations),
 * with a light neutral at zero.
 */
import { interpolateRgbBasis, interpolateViridis, rgb } from 'd3';
import { formatValue } from '../format';

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

/** A rounded symmetric range for a signed field, so its legend reads well ([−1, 1] when flat). */
export function symmetricDomain(values: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let k = 0; k < values.length; k++) {
    const a = Math.abs(values[k]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  if (m === 0) return [-1, 1];
  const p = 10 ** Math.floor(Math.log10(m));
  const nice = [1, 2, 2.5, 5, 10].find((s) => s * p >= m) ?? 10;
  return [-nice * p, nice * p];
}

/** Words for a plot's contour lines: what the solid line marks and what the dotted ones mark. */
export interface ContourKey {
  main: string;
  minor: string;
}

/** How one neuron's response is coloured and lined, wherever it is drawn large. */
export interface NeuronScale {
  kind: ScaleKind;
  domain: [number, number];
  /** Every contour level, low to high. */
  levels: number[];
  /** The level drawn solid and heavier; the others are drawn thin and dotted. */
  main: number;
  /** What the lines mark, in words, shown under the plot (`HeatmapPlot`'s contour key). */
  key: ContourKey;
}

/**
 * How one neuron's response is coloured, wherever it is drawn large: the output neuron on the
 * network output's sequential scale (`outputScale`, as the response plot draws it), with
 * contours at a quarter, half and three quarters of it, the half-way one (0.5 on [0, 1], where
 * the response plot draws its one line) solid; a hidden neuron on a symmetric diverging scale of
 * its own, with a solid contour at 0 (where a ReLU-like neuron switches on) and dotted ones
 * halfway to the ends of the scale. Three lines drawn alike read as "the line": the key says
 * which is which, and the style tells them apart without colour.
 */
export function neuronScale(
  isOutput: boolean,
  values: ArrayLike<number>,
  outputScale: [number, number] = [0, 1],
): NeuronScale {
  if (isOutput) {
    const [lo, hi] = outputScale;
    const [low, middle, high] = [0.25, 0.5, 0.75].map((f) => lo + f * (hi - lo));
    return {
      kind: 'sequential',
      domain: outputScale,
      levels: [low, middle, high],
      main: middle,
      key: {
        main: `output ${levelText(middle)}`,
        minor: `output ${levelText(low)} and ${levelText(high)}`,
      },
    };
  }
  const domain = symmetricDomain(values);
  const half = domain[1] / 2;
  return {
    kind: 'diverging',
    domain,
    levels: [-half, 0, half],
    main: 0,
    key: { main: 'output 0', minor: `output ±${levelText(half)}` },
  };
}

/** A contour level as the key writes it: three significant digits at most, with a true minus sign. */
function levelText(v: number): string {
  return formatValue(v, 3);
}
