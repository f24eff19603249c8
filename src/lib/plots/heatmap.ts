/**
 * A heatmap of a field over the input square [0, 1]², with readable axes, optional contour lines
 * (of the field itself and of an overlay such as the target) and a colour legend. The dense field
 * is drawn on a canvas (one pixel per grid point, scaled smoothly by CSS); axes, contours and the
 * legend are SVG. Framework-free: an island creates it in onMount and calls `update`.
 */
import { axisBottom, axisLeft, contours, scaleLinear, select } from 'd3';
import type { Selection } from 'd3';
import { interpolatorFor, paintField, type ContourKey, type ScaleKind } from './color';
import { PaintWhenSeen } from './on-screen';
import { formatValue } from '../format';
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
  /**
   * The one level drawn solid and heavier, the others thin and dotted, so they differ by more
   * than colour (a neuron's 0 among its half-way lines). Unset: every level drawn alike.
   */
  contourMain?: number;
  /** Words under the plot for what the solid and the dotted lines mark (with `contourMain`). */
  contourKey?: ContourKey | null;
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
  /** A light casing under the main and minor field lines, which are dark (see plots.css). */
  private fieldCasing: SvgG;
  private overlayContours: SvgG;
  /** A light casing under the overlay's dark dashes, so they read on both ends of the scale. */
  private overlayCasing: SvgG;
  private pointLayer: SvgG;
  private points: Float32Array | null = null;
  private markerLayer: SvgG;
  private options: HeatmapOptions;
  private legendElement: SVGSVGElement | null = null;
  private keyElement: HTMLParagraphElement;
  private frame: HTMLDivElement;
  private legendGeometry: [number, number] = [0, 0];
  private lastOverlay: Float32Array | null = null;
  private lastOverlayKey = '';
  /** Off the screen, an update names the field at once and paints it later (PaintWhenSeen). */
  private painter: PaintWhenSeen;

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
    this.fieldCasing = plot.append('g').attr('class', 'contours-field-casing');
    this.fieldContours = plot.append('g').attr('class', 'contours-field');
    this.overlayCasing = plot.append('g').attr('class', 'contours-overlay-casing');
    this.overlayContours = plot.append('g').attr('class', 'contours-overlay');
    this.pointLayer = plot.append('g').attr('class', 'data-points');
    this.markerLayer = plot.append('g').attr('class', 'picked-point');

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
    this.keyElement = document.createElement('p');
    this.keyElement.className = 'contour-key';
    // Under the square, as the colour legend is.
    this.keyElement.style.paddingLeft = `${m.left}px`;
    this.root.append(this.keyElement);
    this.drawKey();
    container.append(this.root);
    this.painter = new PaintWhenSeen(this.root);
  }

  /** Draw a field (R×R, see `paintField` for the layout) and, optionally, an overlay's contours. */
  update(
    values: ArrayLike<number>,
    resolution: number,
    overlay?: { values: ArrayLike<number>; levels: number[] },
  ): void {
    this.frame.setAttribute('aria-label', describeField(this.options.label, values, resolution));
    this.painter.paint(() => this.paint(values, resolution, overlay));
  }

  private paint(
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
    paintField(this.image, values, resolution, this.options.domain, this.options.kind);
    this.context.putImageData(this.image, 0, 0);
    const levels = this.options.contourLevels ?? [];
    const main = this.options.contourMain;
    const { size } = this.options;
    const lines = contourLines(values, resolution, levels, size, main);
    if (main === undefined) {
      this.fieldCasing.selectAll('path').remove();
      drawContours([this.fieldContours], lines, ['field']);
    } else {
      drawContours([this.fieldCasing, this.fieldContours], lines, ['field-casing', 'field']);
    }
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
      overlay ? contourLines(overlay.values, resolution, overlay.levels, this.options.size) : [],
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

  /**
   * Mark one point of the square (a, b), such as the point picked for the network graph's "value
   * at one point": a ring with a cross in it, dark on a light casing, which reads on every colour
   * of either scale and in both themes (null: no mark).
   */
  setMarker(point: readonly [number, number] | null): void {
    const { size } = this.options;
    const marks = point ? [point] : [];
    const g = this.markerLayer
      .selectAll<SVGGElement, readonly [number, number]>('g')
      .data(marks)
      .join((enter) => {
        const m = enter.append('g');
        // Both casings first, then both lines, so that no casing covers a line.
        for (const part of ['casing', 'line']) {
          m.append('path')
            .attr('class', `picked-point__${part}`)
            .attr('d', 'M-11,0h7M4,0h7M0,-11v7M0,4v7')
            .attr('fill', 'none');
          m.append('circle')
            .attr('class', `picked-point__${part}`)
            .attr('r', 6)
            .attr('fill', 'none');
        }
        return m;
      });
    g.attr('transform', (p) => `translate(${p[0] * size},${(1 - p[1]) * size})`);
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
      // A handful (XOR's four corners) drawn larger than a training set's hundreds.
      .attr('r', triples.length <= 16 ? 6 : 4)
      .attr('cx', (d) => d[0] * size)
      .attr('cy', (d) => (1 - d[1]) * size)
      .attr('fill', (d) => colour(t(d[2])));
  }

  /**
   * Change the values at which the field's own contour lines are drawn (from the next `update`),
   * and optionally which of them is the solid one and what the key says (see the options).
   */
  setContourLevels(levels: number[], style: { main?: number; key?: ContourKey | null } = {}): void {
    const keyChanged =
      style.key?.main !== this.options.contourKey?.main ||
      style.key?.minor !== this.options.contourKey?.minor;
    this.options = {
      ...this.options,
      contourLevels: levels,
      contourMain: style.main,
      contourKey: style.key,
    };
    if (keyChanged) this.drawKey();
  }

  /**
   * The contour key: a sample of the solid line and of the dotted one, each with its words, e.g.
   * "— output 0   ··· output ±0.5". Hidden (and empty) without a key. The samples are drawn in the
   * page's ink: on the page's background the plot's dark line on its light casing would vanish in
   * the dark theme. Style and thickness, not colour, are what match.
   */
  private drawKey(): void {
    const key = this.options.contourKey;
    const p = this.keyElement;
    p.replaceChildren();
    p.hidden = !key;
    if (!key) return;
    for (const role of ['main', 'minor'] as const) {
      const item = document.createElement('span');
      item.className = `contour-key__item contour-key__item--${role}`;
      const sample = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg'))
        .attr('class', 'contour-key__sample')
        .attr('width', KEY_SAMPLE)
        .attr('height', 8)
        .attr('aria-hidden', 'true');
      sample
        .append('line')
        .attr('class', `contour-key__line contour-${role}`)
        .attr('x1', 1.5)
        .attr('x2', KEY_SAMPLE - 1.5)
        .attr('y1', 4)
        .attr('y2', 4);
      const words = document.createElement('span');
      words.textContent = role === 'main' ? key.main : key.minor;
      // The line's style, in words too, for a screen reader (which skips the sample).
      const name = document.createElement('span');
      name.className = 'visually-hidden';
      name.textContent = role === 'main' ? 'solid line: ' : 'dotted lines: ';
      item.append(sample.node() as SVGSVGElement, name, words);
      p.append(item);
    }
  }

  destroy(): void {
    this.painter.destroy();
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
  const fmt = (v: number) => formatValue(v, 2);
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

/** Width of a line sample in the contour key, px. */
const KEY_SAMPLE = 22;

/**
 * The SVG path of one level's contour lines, in plot pixels (a square of side `size`), from the
 * rings d3.contours traced on an R×R grid. d3.contours places grid value k at coordinate k + 0.5,
 * and our grid point k is at k/(R−1) of the square, so we map x ↦ (x − 0.5)/(R − 1).
 *
 * d3 closes each region it outlines along the edge of the grid, so a ring also runs along the
 * square's edge wherever the region reaches it. Those stretches are no line of the field: drawn,
 * they framed the plot, or closed a line into a loop the field does not have. They are left out
 * (a segment with both ends on the same edge), and the line breaks there.
 */
function contourPath(rings: number[][][][], resolution: number, size: number): string {
  const scale = size / (resolution - 1);
  const clamp = (v: number) => (v < 0 ? 0 : v > size ? size : v);
  const onEdge = (a: number, b: number) => (a === 0 && b === 0) || (a === size && b === size);
  const at = (v: number) => String(Math.round(v * 100) / 100);
  let d = '';
  for (const polygon of rings)
    for (const ring of polygon) {
      let previous: [number, number] | null = null;
      let drawing = false;
      for (const [gx, gy] of ring) {
        const point: [number, number] = [
          clamp((gx - 0.5) * scale),
          clamp(size - (gy - 0.5) * scale),
        ];
        if (previous) {
          const along = onEdge(previous[0], point[0]) || onEdge(previous[1], point[1]);
          if (along) drawing = false;
          else {
            if (!drawing) d += `M${at(previous[0])},${at(previous[1])}`;
            d += `L${at(point[0])},${at(point[1])}`;
            drawing = true;
          }
        }
        previous = point;
      }
    }
  return d;
}

/** One contour line of a field: its SVG path, its level, and its role (see `contourLines`). */
export interface ContourLine {
  d: string;
  level: number;
  /** 'main' (the level is `main`), 'minor' (another level) or '' (no `main` given). */
  role: 'main' | 'minor' | '';
}

/**
 * The contour lines of an R×R field, in plot pixels (see `contourPath`), one per level that shows
 * a line, low level first. With `main`, each line's role says whether it is that level's.
 *
 * A main line at 0 (a hidden neuron's) is traced just above 0. A ReLU neuron is exactly 0 wherever
 * it is off, and d3.contours counts a value equal to a level as above it, so its line at 0 ran
 * only along the square's edge (left out, see `contourPath`) and the reader saw no line at all;
 * just above 0 it follows the edge of the region where the neuron fires (see `belowZero` for
 * where between two grid points). For a field that crosses 0 the line moves by nothing visible.
 */
export function contourLines(
  values: ArrayLike<number>,
  resolution: number,
  levels: readonly number[],
  size: number,
  main?: number,
): ContourLine[] {
  if (levels.length === 0 || values.length !== resolution * resolution) return [];
  const sorted = [...levels].sort((x, y) => x - y);
  const traced = sorted.map((level) => (main === 0 && level === 0 ? Number.MIN_VALUE : level));
  const generator = contours().size([resolution, resolution]).thresholds(traced);
  const field = main === 0 ? belowZero(values, resolution) : Array.from(values);
  return generator(field)
    .map((polygon) => {
      const level = sorted[traced.indexOf(polygon.value)];
      const role: ContourLine['role'] = main === undefined ? '' : level === main ? 'main' : 'minor';
      return { d: contourPath(polygon.coordinates, resolution, size), level, role };
    })
    .filter((line) => line.d !== '');
}

/**
 * A copy of an R×R field in which each point where it is exactly 0, next to one where it is above
 * 0, holds what a ReLU neuron's input would be there: 2·v₁ − v₂ from the next two points along its
 * row or column (the mean over the directions that give a value below 0). d3.contours puts a line
 * between two points by interpolating their values, and between a 0 and a positive value it can
 * only put it on the 0: a ReLU neuron's line at 0 was a staircase along the grid. Where the
 * neuron's input is linear (any first-layer neuron) the line now crosses where the input is 0.
 */
function belowZero(values: ArrayLike<number>, resolution: number): number[] {
  const out = Array.from(values);
  const at = (i: number, j: number) =>
    i < 0 || j < 0 || i >= resolution || j >= resolution ? Number.NaN : values[j * resolution + i];
  for (let j = 0; j < resolution; j++)
    for (let i = 0; i < resolution; i++) {
      if (values[j * resolution + i] !== 0) continue;
      let sum = 0;
      let count = 0;
      for (const [di, dj] of STEPS) {
        const v1 = at(i + di, j + dj);
        const v2 = at(i + 2 * di, j + 2 * dj);
        const guess = 2 * v1 - v2;
        if (v1 > 0 && guess < 0) {
          sum += guess;
          count++;
        }
      }
      if (count > 0) out[j * resolution + i] = sum / count;
    }
  return out;
}

const STEPS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;

/**
 * Draw a field's contour lines (`contourLines`) into each group: a casing and its line, or one
 * line. Lines with a role are also classed `contour-main` or `contour-minor`.
 */
function drawContours(
  groups: SvgG[],
  lines: ContourLine[],
  kinds: ('field' | 'field-casing' | 'overlay' | 'overlay-casing')[],
): void {
  groups.forEach((group, k) => {
    group
      .selectAll('path')
      .data(lines)
      .join('path')
      .attr('d', (line) => line.d)
      .attr(
        'class',
        (line) => `contour contour-${kinds[k]}${line.role ? ` contour-${line.role}` : ''}`,
      )
      .attr('data-level', (line) => line.level)
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
      `Colour legend: ${options.label}, from ${formatValue(options.domain[0], 3)} to ${formatValue(options.domain[1], 3)}`,
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
  const ticks = legendTicks(options.domain, width);
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height})`)
    .call(
      axisBottom(x)
        .tickValues(ticks.map((t) => t.value))
        .tickFormat((_, i) => ticks[i].label)
        .tickSize(4),
    );
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

/** A generous width per character of the legends' 11 px tick labels, px (not measured either). */
const TICK_CHAR = 7;
/** Room left between two neighbouring tick labels, px. */
const TICK_GAP = 6;

/**
 * The ticks of a colour legend `width` px wide over `domain`: their values and labels, as
 * `formatValue` writes them (so 1e10 is "1e10", not "10,000,000,000"). Up to five round values;
 * fewer where their labels would touch, down to a single one, so the labels never overlap.
 */
export function legendTicks(
  domain: [number, number],
  width: number,
): { value: number; label: string }[] {
  const x = scaleLinear().domain(domain).range([0, width]);
  let ticks: { value: number; label: string }[] = [];
  for (let count = 4; count >= 1; count--) {
    // Six digits: enough for any round tick (10.05), few enough to drop float noise.
    ticks = x.ticks(count).map((value) => ({ value, label: formatValue(value, 6) }));
    const fits = ticks.every(
      (t, i) =>
        i === 0 ||
        Math.abs(x(t.value) - x(ticks[i - 1].value)) >=
          ((t.label.length + ticks[i - 1].label.length) * TICK_CHAR) / 2 + TICK_GAP,
    );
    if (fits) return ticks;
  }
  return ticks.slice(0, 1);
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
