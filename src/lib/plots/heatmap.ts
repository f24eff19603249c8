/**
 * A heatmap of a field over the input square [0, 1]², with readable axes, optional contour lines
 * (of the field itself and of an overlay such as the target) and a colour legend. The dense field
 * is drawn on a canvas (one pixel per grid point, scaled smoothly by CSS); axes, contours and the
 * legend are SVG. Framework-free: an island creates it in onMount and calls `update`.
 */
import { axisBottom, axisLeft, contours, geoPath, geoTransform, scaleLinear, select } from 'd3';
import type { Selection } from 'd3';
import { interpolatorFor, paintField, type ScaleKind } from './color';
import './plots.css';

export interface HeatmapOptions {
  /** Side of the plotted square in CSS pixels. */
  size: number;
  kind: ScaleKind;
  /** Value range mapped onto the colour scale. */
  domain: [number, number];
  /** What the colour means, shown on the legend ("network output"). */
  label: string;
  /** Values at which to draw contour lines of the field. */
  contourLevels?: number[];
  /** Draw axes with ticks and the input names a and b. */
  axes?: boolean;
  /** Draw the legend below the plot. */
  legend?: boolean;
}

const MARGIN = { top: 8, right: 8, bottom: 34, left: 38 };

type SvgG = Selection<SVGGElement, unknown, null, undefined>;

export class HeatmapPlot {
  readonly root: HTMLDivElement;
  private canvas: HTMLCanvasElement;
  private context: CanvasRenderingContext2D;
  private image: ImageData | null = null;
  private fieldContours: SvgG;
  private overlayContours: SvgG;
  /** A light casing under the overlay's dark dashes, so they read on both ends of the scale. */
  private overlayCasing: SvgG;
  private pointLayer: SvgG;
  private points: Float32Array | null = null;
  private options: HeatmapOptions;
  private legendElement: SVGSVGElement | null = null;
  private frame: HTMLDivElement;
  private legendGeometry: [number, number] = [0, 0];
  private lastOverlay: Float32Array | null = null;
  private lastOverlayKey = '';

  constructor(container: HTMLElement, options: HeatmapOptions) {
    this.options = options;
    const axes = options.axes ?? true;
    const m = axes ? MARGIN : { top: 0, right: 0, bottom: 0, left: 0 };
    const { size } = options;
    const width = size + m.left + m.right;
    const height = size + m.top + m.bottom;

    this.root = document.createElement('div');
    this.root.className = 'heatmap';
    this.root.style.position = 'relative';
    this.root.style.width = `${width}px`;
    this.root.style.maxWidth = '100%';

    const frame = document.createElement('div');
    frame.style.position = 'relative';
    // The picture's text alternative, rewritten by every update (see `describeField`).
    frame.setAttribute('role', 'img');
    frame.setAttribute('aria-label', `${options.label}: not drawn yet`);
    this.frame = frame;
    frame.style.width = `${width}px`;
    frame.style.height = `${height}px`;
    this.root.append(frame);

    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    Object.assign(this.canvas.style, {
      position: 'absolute',
      left: `${m.left}px`,
      top: `${m.top}px`,
      width: `${size}px`,
      height: `${size}px`,
    });
    frame.append(this.canvas);
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    this.context = context;

    const svg = select(frame)
      .append('svg')
      .attr('width', width)
      .attr('height', height)
      .attr('aria-hidden', 'true')
      .style('position', 'absolute')
      .style('left', '0')
      .style('top', '0')
      .style('overflow', 'visible');
    const plot = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
    this.fieldContours = plot.append('g').attr('class', 'contours-field');
    this.overlayCasing = plot.append('g').attr('class', 'contours-overlay-casing');
    this.overlayContours = plot.append('g').attr('class', 'contours-overlay');
    this.pointLayer = plot.append('g').attr('class', 'data-points');

    if (axes) {
      const x = scaleLinear().domain([0, 1]).range([0, size]);
      const y = scaleLinear().domain([0, 1]).range([size, 0]);
      const ticks = size >= 200 ? 5 : 2;
      plot
        .append('g')
        .attr('class', 'axis')
        .attr('transform', `translate(0,${size})`)
        .call(axisBottom(x).ticks(ticks).tickSizeOuter(0));
      plot.append('g').attr('class', 'axis').call(axisLeft(y).ticks(ticks).tickSizeOuter(0));
      plot
        .append('text')
        .attr('class', 'axis-label')
        .attr('x', size / 2)
        .attr('y', size + 30)
        .attr('text-anchor', 'middle')
        .text('input a');
      plot
        .append('text')
        .attr('class', 'axis-label')
        .attr('transform', `translate(${-30},${size / 2}) rotate(-90)`)
        .attr('text-anchor', 'middle')
        .text('input b');
    }
    if (options.legend ?? true) {
      this.legendGeometry = [Math.min(size, 260), m.left];
      this.legendElement = legend(options, ...this.legendGeometry);
      this.root.append(this.legendElement);
    }
    container.append(this.root);
  }

  /** Draw a field (R×R, see `paintField` for the layout) and, optionally, an overlay's contours. */
  update(
    values: ArrayLike<number>,
    resolution: number,
    overlay?: { values: ArrayLike<number>; levels: number[] },
  ): void {
    if (this.canvas.width !== resolution) {
      this.canvas.width = resolution;
      this.canvas.height = resolution;
      this.image = null;
    }
    this.image ??= this.context.createImageData(resolution, resolution);
    this.frame.setAttribute('aria-label', describeField(this.options.label, values, resolution));
    paintField(this.image, values, resolution, this.options.domain, this.options.kind);
    this.context.putImageData(this.image, 0, 0);
    const levels = this.options.contourLevels ?? [];
    drawContours([this.fieldContours], values, resolution, levels, this.options.size, ['field']);
    // The overlay (typically the target) rarely changes while training: redraw its contours only
    // when its values, resolution or levels differ from the last ones drawn.
    const overlayKey = overlay ? `${resolution}|${overlay.levels.join(',')}` : '';
    if (
      overlay &&
      overlayKey === this.lastOverlayKey &&
      this.lastOverlay &&
      sameValues(this.lastOverlay, overlay.values)
    ) {
      return;
    }
    this.lastOverlayKey = overlayKey;
    this.lastOverlay = overlay ? Float32Array.from(overlay.values) : null;
    drawContours(
      [this.overlayCasing, this.overlayContours],
      overlay?.values ?? [],
      resolution,
      overlay?.levels ?? [],
      this.options.size,
      ['overlay-casing', 'overlay'],
    );
  }

  /**
   * Change the value range mapped onto the colour scale, and optionally what the legend calls it
   * (the legend follows); takes effect at the next `update`. For fields whose range moves, such as
   * one neuron's response.
   */
  setDomain(domain: [number, number], label = this.options.label): void {
    const [lo, hi] = this.options.domain;
    if (domain[0] === lo && domain[1] === hi && label === this.options.label) return;
    this.options = { ...this.options, domain, label };
    if (this.points) this.drawPoints();
    if (this.legendElement) {
      const next = legend(this.options, ...this.legendGeometry);
      this.legendElement.replaceWith(next);
      this.legendElement = next;
    }
  }

  /**
   * Examples drawn over the field as dots, filled on the field's colour scale by their value:
   * `points` holds (a, b, value) triples (null: none). Redrawn with the domain at every update.
   */
  setPoints(points: Float32Array | null): void {
    this.points = points;
    this.drawPoints();
  }

  private drawPoints(): void {
    const { size, domain, kind } = this.options;
    const colour = interpolatorFor(kind);
    const triples: [number, number, number][] = [];
    const p = this.points;
    if (p) for (let k = 0; k + 2 < p.length; k += 3) triples.push([p[k], p[k + 1], p[k + 2]]);
    const t = (v: number) => Math.min(1, Math.max(0, (v - domain[0]) / (domain[1] - domain[0])));
    this.pointLayer
      .selectAll('circle')
      .data(triples)
      .join('circle')
      .attr('class', 'data-point')
      .attr('r', 4)
      .attr('cx', (d) => d[0] * size)
      .attr('cy', (d) => (1 - d[1]) * size)
      .attr('fill', (d) => colour(t(d[2])));
  }

  /** Change the values at which the field's own contour lines are drawn (from the next `update`). */
  setContourLevels(levels: number[]): void {
    this.options = { ...this.options, contourLevels: levels };
  }

  destroy(): void {
    this.root.remove();
  }
}

/**
 * A sentence a screen reader can say instead of the picture: the range of the field and where its
 * extremes lie, e.g. "network output over the input square: from 0.02 at a = 0, b = 1 to 0.97
 * at a = 0.5, b = 0.5; mean 0.41".
 */
export function describeField(
  label: string,
  values: ArrayLike<number>,
  resolution: number,
): string {
  let lo = Infinity;
  let hi = -Infinity;
  let loAt = 0;
  let hiAt = 0;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < resolution * resolution; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) continue;
    sum += v;
    count++;
    if (v < lo) [lo, loAt] = [v, k];
    if (v > hi) [hi, hiAt] = [v, k];
  }
  if (count === 0) return `${label}: no finite values`;
  const fmt = (v: number) => String(+v.toPrecision(2));
  const at = (k: number) =>
    `a = ${fmt((k % resolution) / (resolution - 1))}, b = ${fmt(Math.floor(k / resolution) / (resolution - 1))}`;
  if (hi - lo < 1e-6) return `${label} over the input square: ${fmt(lo)} everywhere (flat)`;
  return `${label} over the input square: from ${fmt(lo)} at ${at(loAt)} to ${fmt(hi)} at ${at(hiAt)}; mean ${fmt(sum / count)}`;
}

function sameValues(a: Float32Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== Math.fround(b[i])) return false;
  return true;
}

/**
 * Contour lines of an R×R field, in plot pixels. d3.contours places grid value k at coordinate
 * k + 0.5, and our grid point k is at k/(R−1) of the square, so we map x ↦ (x − 0.5)/(R − 1).
 */
function drawContours(
  groups: SvgG[],
  values: ArrayLike<number>,
  resolution: number,
  levels: number[],
  size: number,
  kinds: ('field' | 'overlay' | 'overlay-casing')[],
): void {
  if (levels.length === 0 || values.length !== resolution * resolution) {
    for (const group of groups) group.selectAll('path').remove();
    return;
  }
  const scale = size / (resolution - 1);
  const clamp = (v: number) => (v < 0 ? 0 : v > size ? size : v);
  const projection = geoTransform({
    point(x, y) {
      this.stream.point(clamp((x - 0.5) * scale), clamp(size - (y - 0.5) * scale));
    },
  });
  const path = geoPath(projection);
  const generator = contours().size([resolution, resolution]).thresholds(levels);
  // Traced once, drawn into each group (the overlay's casing and its dashes).
  const d = generator(Array.from(values)).map((polygon) => path(polygon) ?? '');
  groups.forEach((group, k) => {
    group
      .selectAll('path')
      .data(d)
      .join('path')
      .attr('d', (p) => p)
      .attr('class', `contour contour-${kinds[k]}`)
      .attr('fill', 'none');
  });
}

/** A horizontal colour bar with ticks and the quantity's name. */
function legend(options: HeatmapOptions, width: number, offset: number): SVGSVGElement {
  const height = 10;
  // The name wraps to the legend's width (an SVG text never wraps by itself, and the svg clips
  // it): long labels such as the sandbox's would otherwise be cut off, worst on phones.
  const lines = wrapLabel(options.label, width + 16);
  const svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg'))
    .attr('class', 'legend')
    .attr('width', width + offset + 16)
    // Its last tick label may stand past a narrow column's edge: show it rather than cut it.
    .style('overflow', 'visible')
    .attr('height', height + 38 + (lines.length - 1) * LABEL_LINE)
    .attr('role', 'img')
    .attr(
      'aria-label',
      `Colour legend: ${options.label}, from ${options.domain[0]} to ${options.domain[1]}`,
    );
  const id = `grad-${Math.random().toString(36).slice(2, 9)}`;
  const gradient = svg.append('defs').append('linearGradient').attr('id', id);
  const interpolate = interpolatorFor(options.kind);
  for (let i = 0; i <= 10; i++) {
    gradient
      .append('stop')
      .attr('offset', `${i * 10}%`)
      .attr('stop-color', interpolate(i / 10));
  }
  const g = svg.append('g').attr('transform', `translate(${offset},4)`);
  g.append('rect')
    .attr('width', width)
    .attr('height', height)
    .attr('fill', `url(#${id})`)
    .attr('stroke', 'currentColor')
    .attr('stroke-opacity', 0.3);
  const x = scaleLinear().domain(options.domain).range([0, width]);
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height})`)
    .call(axisBottom(x).ticks(4).tickSize(4));
  const text = g
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', 0)
    .attr('y', height + 30);
  lines.forEach((line, i) => {
    text
      .append('tspan')
      .attr('x', 0)
      .attr('dy', i === 0 ? 0 : LABEL_LINE)
      .text(line);
  });
  return svg.node() as SVGSVGElement;
}

/** Line height of a wrapped legend label, px (labels are 12 px type). */
const LABEL_LINE = 15;
/** A generous width per character of 12 px UI type, px: the text is not measured (not yet in the page). */
const LABEL_CHAR = 7;

/** Greedy word wrap of `label` into lines of at most `width` px (a single long word stays whole). */
export function wrapLabel(label: string, width: number): string[] {
  const perLine = Math.max(8, Math.floor(width / LABEL_CHAR));
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}
