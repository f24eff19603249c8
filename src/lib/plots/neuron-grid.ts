/**
 * The network graph: every neuron drawn as a live thumbnail of its own response over [0, 1]²,
 * arranged in columns by layer (inputs a and b first, the output last), with edges drawn by the
 * weight's sign (colour and dash) and size (width and opacity). Dead neurons are marked by a
 * hatch pattern and a "⊘" icon, silent ones (`isSilent`) are faded, with a dotted edge and a "⊖"
 * icon: never by colour alone. Framework-free: the sandbox and the lessons wrap it in a thin Solid
 * component (`src/islands/sandbox/NeuronGrid.tsx`).
 *
 * Accessibility: each neuron is a real <button> laid over the canvas, with a text alternative that
 * is also its tooltip ("layer 2, neuron 3: dead, outputs 0 everywhere"; "…: silent, negative on
 * the whole square"), a roving tabindex, and arrow-key movement (↑/↓ within a layer, ←/→ between
 * layers, Home/End). Selection follows focus.
 *
 * Layout of the data it reads (the trainer's snapshot layout): `layerSizes` lists the hidden
 * layers then the output layer; `thumbs` holds every neuron's T×T grid concatenated layer by
 * layer, neuron by neuron, each grid with value[j*T + i] at a = i/(T−1), b = j/(T−1).
 */
import type { LayerParams, NeuronStat } from '../engine/types';
import { firesNowhere } from '../neuron-state';
import { weightCount } from '../network-size';
import { activationName, formatValue } from '../format';
import { lookupTable, onThemeChange } from './color';
import { PaintWhenSeen } from './on-screen';
import { signRegions } from './regions';

export { signRegions };
import { MAX_EDGES, paintEdges, type Cell, type EdgeScene } from './edges';

/** A neuron address: `layer` 0…H−1 for hidden layers and H for the output, as in the engine. */
export interface NeuronRef {
  layer: number;
  index: number;
}

export interface NeuronGridData {
  /** Neurons per layer, hidden layers first, output layer last. */
  layerSizes: number[];
  /** Side of each thumbnail grid (0 = none yet). */
  thumbResolution: number;
  /** Every neuron's thumbnail, concatenated (see the file comment), or null. */
  thumbs: Float32Array | null;
  /** Dead/alive statistics, or null when unknown. */
  stats: NeuronStat[] | null;
  /** Weights for the edges, or null to draw none. */
  weights: LayerParams[] | null;
  /**
   * When set, the "layer outputs" view: every neuron is drawn as one flat colour, its value at
   * the input point `point` (one array per layer, output last), instead of its thumbnail.
   */
  pointValues: Float32Array[] | null;
  point: [number, number] | null;
  /** Activation names per layer (hidden…, output), used in the text alternatives. */
  activations: string[] | null;
}

export interface NeuronGridOptions {
  /** Called when the reader selects a neuron (click, tap, Enter, or arrow keys). */
  onSelect?: (neuron: NeuronRef) => void;
  /** Name of the whole figure for assistive technology. */
  label?: string;
  /** Largest height of the drawing in CSS pixels (columns wrap into sub-columns beyond it). */
  maxHeight?: number;
  /** Largest and smallest cell side in CSS pixels. */
  maxCell?: number;
  minCell?: number;
  /** Draw the two input neurons a and b as a first column (default true). */
  showInputs?: boolean;
}

const EMPTY: NeuronGridData = {
  layerSizes: [],
  thumbResolution: 0,
  thumbs: null,
  stats: null,
  weights: null,
  pointValues: null,
  point: null,
  activations: null,
};

interface Layout {
  cell: number;
  gap: number;
  width: number;
  height: number;
  /** cells[c][i]: column c (inputs first when shown), neuron i. */
  cells: Cell[][];
  /** Device pixels per CSS pixel of the canvases (at most 2), read when the layout was made. */
  dpr: number;
}

/** Ink of the dead-neuron hatch and icon (on thumbnails, whose colours do not follow the theme). */
const DEAD_INK = '#1c1e22';

/**
 * What fades a silent neuron's thumbnail: the diverging scale's neutral middle (the colour of 0),
 * mostly opaque. Its own colours, scaled to its own tiny largest |value|, painted it solid orange.
 */
const SILENT_WASH = 'rgba(244, 241, 234, 0.78)';

/** Numbers the graphs on a page, for their elements' ids. */
let gridCount = 0;

/** Activations whose neuron fires where its output is above 0, the ones `isSilent` applies to. */
const FIRING = new Set(['relu', 'leakyRelu']);

/**
 * Graphs with more edges than this, up to MAX_EDGES, have them drawn in a worker
 * (edges.worker.ts): a few hundred take a millisecond on the page, a few thousand a long task.
 * Above MAX_EDGES only the selected neuron's edges are drawn (see paintEdges): the page draws
 * those itself, rather than copy every weight to the worker for them.
 */
const WORKER_EDGES = 500;

/** How often, at most, the cells' names follow the data while it streams in (labelsSoon). */
const LABEL_EVERY_MS = 1000;
/** How soon after the updates pause the cells' names catch up with the last one. */
const LABEL_QUIET_MS = 150;

/** The tallest the touch layout makes the figure, in CSS pixels, before it scrolls sideways. */
const TOUCH_TALLEST = 700;

/** "layer 2" for hidden layer index 1; "output" for the last layer. */
export function layerName(layer: number, hiddenCount: number): string {
  return layer >= hiddenCount ? 'output layer' : `layer ${layer + 1}`;
}

/**
 * Whether a neuron is silent: a hidden ReLU or leaky ReLU neuron that fires nowhere, its output
 * never above 0 on the square. The definition is the lessons' own (`countNeurons`' "silent",
 * which their checkpoints and the panels' "silent (fire nowhere)" count use), so a graph marks
 * the neurons the count counts. A dead neuron is not called silent here, though `countNeurons`
 * counts it: a ReLU neuron that fires nowhere is dead, and keeps the dead mark. Other activations
 * are never silent: a tanh neuron negative everywhere may be far from 0.
 */
export function isSilent(
  stat: NeuronStat | null | undefined,
  hiddenCount: number,
  activation: string | undefined,
): boolean {
  return (
    !!stat &&
    !stat.dead &&
    activation !== undefined &&
    FIRING.has(activation) &&
    stat.layer < hiddenCount &&
    firesNowhere(stat)
  );
}

/**
 * The text alternative of one neuron, e.g. "layer 2, neuron 3: dead, outputs 0 everywhere",
 * "layer 1, neuron 5 (relu): active on 48% of inputs, outputs from -0.12 to 1.3" or
 * "layer 1, neuron 7 (leakyRelu): silent, negative on the whole square (outputs from -0.0021 to
 * -0.00034)".
 */
export function describeNeuron(
  ref: NeuronRef,
  hiddenCount: number,
  stat: NeuronStat | null | undefined,
  activation?: string,
  regions?: { pos: number; neg: number },
): string {
  const name =
    ref.layer >= hiddenCount
      ? 'output neuron'
      : `${layerName(ref.layer, hiddenCount)}, neuron ${ref.index + 1}`;
  const act = activation ? ` (${activationName(activation)})` : '';
  if (!stat) return `${name}${act}`;
  const fmt = (v: number) => formatValue(v, 2);
  if (stat.dead) {
    const flat =
      stat.min === stat.max
        ? `outputs ${fmt(stat.min)} everywhere`
        : 'its gradient is 0 everywhere';
    return `${name}${act}: dead, ${flat}`;
  }
  if (isSilent(stat, hiddenCount, activation))
    return `${name}${act}: silent, negative on the whole square (outputs from ${fmt(stat.min)} to ${fmt(stat.max)})`;
  const pct = Math.round(stat.activeFraction * 100);
  const count = (n: number, what: string) =>
    n === 0 ? `never ${what}` : `${what} in ${n === 1 ? 'one region' : `${n} separate regions`}`;
  const shape = regions
    ? `; ${count(regions.pos, 'positive')}, ${count(regions.neg, 'negative')}`
    : '';
  // "Active" is where the gradient is not zero: for ReLU where it fires, for a leaky ReLU or a
  // smooth activation all (or all but a few) points, where "active on 100%" beside "negative in
  // one region" read as a contradiction. So it is said for ReLU and wherever it is below 100%.
  const active =
    activation === undefined || activation === 'relu' || pct < 100
      ? `active on ${pct}% of inputs, `
      : '';
  return `${name}${act}: ${active}outputs from ${fmt(stat.min)} to ${fmt(stat.max)}${shape}`;
}

/**
 * The colour scale of each layer in the "value at one point" view: a hidden layer from −m to m,
 * m its largest |value| (at least 1), so each layer shows its own spread; the output neuron
 * (last) from 0 to 1 in viridis, reported as 1. The legend quotes the same numbers.
 */
export function pointScales(values: readonly ArrayLike<number>[]): number[] {
  return values.map((layer, l) => {
    let m = 1;
    if (l < values.length - 1)
      for (let k = 0; k < layer.length; k++) {
        const a = Math.abs(layer[k]);
        if (a > m && Number.isFinite(a)) m = a;
      }
    return m;
  });
}

/** Offsets of each layer's first neuron in the concatenated thumbnail array (in neurons). */
export function layerOffsets(layerSizes: readonly number[]): number[] {
  const out: number[] = [];
  let total = 0;
  for (const n of layerSizes) {
    out.push(total);
    total += n;
  }
  return out;
}

/** The selection ring: its line width and how far outside the cell its line is centred. */
const RING_WIDTH = 3;
const RING_OFFSET = 2.5;
/** How far the ring reaches outside a cell, which the layout leaves free around the cells. */
const RING_REACH = RING_OFFSET + RING_WIDTH / 2;

/**
 * Where the pointer is a finger: the smallest distance between the centres of two neighbouring
 * cells, in CSS pixels. WCAG 2.2's target-size rule (2.5.8) asks for 24 × 24 px targets, or
 * smaller ones whose 24 px circles do not overlap, which cells at least 24 px apart satisfy.
 */
export const TOUCH_STEP = 24;

/** The smallest cell whose step (cell + gap, as `computeLayout` spaces them) is `step` or more. */
export function cellForStep(step: number): number {
  let cell = 1;
  while (cell + cellGap(cell) < step) cell++;
  return cell;
}

const cellGap = (side: number) => Math.max(2, Math.round(side * 0.16));

/**
 * Choose the cell size and place every cell, for a figure at most `width` wide. The touch
 * layout: cells no smaller than `minCell`, with columns made taller (up to `tallest`) rather than
 * the cells smaller when the network does not fit the width.
 */
export function computeTouchLayout(
  columns: readonly number[],
  width: number,
  maxHeight: number,
  maxCell: number,
  minCell: number,
  tallest: number,
  band = 0,
): Omit<Layout, 'dpr'> {
  const biggest = Math.max(maxCell, minCell);
  let height = maxHeight;
  let layout = computeLayout(columns, width, height, biggest, minCell, band);
  while (layout.width > width && height < tallest) {
    height = Math.min(tallest, height + 20);
    layout = computeLayout(columns, width, height, biggest, minCell, band);
  }
  return layout;
}

/**
 * Choose the cell size and place every cell. Each layer is one column that wraps into
 * sub-columns when it holds more neurons than fit in `maxHeight`; the largest cell size whose
 * total width fits `width` wins (never below `minCell`: then the figure scrolls in its own box).
 * `band` CSS pixels are left free above the cells, for the layers' names.
 */
export function computeLayout(
  columns: readonly number[],
  width: number,
  maxHeight: number,
  maxCell: number,
  minCell: number,
  band = 0,
): Omit<Layout, 'dpr'> {
  let cell = maxCell;
  const place = (side: number) => {
    const gap = cellGap(side);
    const step = side + gap;
    const layerGap = Math.max(18, side * 1.4);
    const rowsMax = Math.max(1, Math.floor((maxHeight + gap) / step));
    const shapes = columns.map((n) => {
      const rows = Math.min(n, rowsMax);
      return { rows, cols: Math.ceil(n / Math.max(rows, 1)) };
    });
    const total =
      shapes.reduce((sum, s) => sum + s.cols * step - gap, 0) +
      layerGap * Math.max(0, columns.length - 1);
    return { gap, step, layerGap, shapes, total, rowsMax };
  };
  // Room around the cells for the selection ring: the canvas cut it off on the first row and column.
  const ring = RING_REACH;
  let p = place(cell);
  while (p.total > width - 2 * ring && cell > minCell) {
    cell -= 1;
    p = place(cell);
  }
  const cellsHeight = Math.max(...p.shapes.map((s) => s.rows * p.step - p.gap), cell) + 2 * ring;
  const height = cellsHeight + band;
  const cells: Cell[][] = [];
  let x = ring + Math.max(0, (width - 2 * ring - p.total) / 2);
  columns.forEach((n, c) => {
    const { rows, cols } = p.shapes[c];
    const top = band + (cellsHeight - (rows * p.step - p.gap)) / 2;
    const column: Cell[] = [];
    for (let i = 0; i < n; i++) {
      const col = Math.floor(i / rows);
      const row = i % rows;
      column.push({ x: x + col * p.step, y: top + row * p.step });
    }
    cells.push(column);
    x += cols * p.step - p.gap + p.layerGap;
  });
  return { cell, gap: p.gap, width: Math.max(width, p.total + 2 * ring), height, cells };
}

/** Room above the cells for the layers' names, in CSS pixels. */
export const LABEL_BAND = 16;

/**
 * The name over column `column` of `count` (inputs first when `hasInputs`): the longest of
 * "layer 2", "L2", "2" (or "output", "out"; "inputs", "in") that `fits`, "" when none does.
 */
export function columnLabel(
  column: number,
  count: number,
  hasInputs: boolean,
  fits: (text: string) => boolean,
): string {
  const hidden = column - (hasInputs ? 1 : 0);
  const names =
    hasInputs && column === 0
      ? ['inputs', 'in']
      : column === count - 1
        ? ['output', 'out']
        : [`layer ${hidden + 1}`, `L${hidden + 1}`, `${hidden + 1}`];
  return names.find(fits) ?? '';
}

/**
 * What the hint over a graph too wide for its box says, from how far it is scrolled: where the
 * rest of the graph is, in words (the edges' shading says it too, but not to every eye).
 */
export function scrollHint(scrollLeft: number, scrollWidth: number, clientWidth: number): string {
  const left = scrollLeft > 1;
  const right = scrollLeft < scrollWidth - clientWidth - 1;
  if (left && right) return '← More of the graph on both sides: swipe it →';
  if (right) return 'More of the graph to the right: swipe it →';
  if (left) return '← More of the graph to the left: swipe it back';
  return '';
}

/** Whether two points of the square (or none) are the same. */
function samePoint(
  p: ArrayLike<number> | null | undefined,
  q: ArrayLike<number> | null | undefined,
) {
  return p === q || (!!p && !!q && p[0] === q[0] && p[1] === q[1]);
}

export class NeuronGrid {
  /** The graph and its scroll cue: what the constructor puts into its container. */
  private readonly frame: HTMLDivElement;
  private readonly hint: HTMLParagraphElement;
  readonly root: HTMLDivElement;
  private canvas: HTMLCanvasElement;
  private context: CanvasRenderingContext2D;
  private buttons: HTMLDivElement;
  private buttonList: HTMLButtonElement[][] = [];
  private atlas: HTMLCanvasElement;
  private atlasImage: ImageData | null = null;
  private data: NeuronGridData = { ...EMPTY };
  private layout: Layout | null = null;
  private selected: NeuronRef | null = null;
  private structureKey = '';
  private width = 0;
  private colors = {
    ink: '#1c1e22',
    bg: '#fbfaf7',
    accent: '#3b45b5',
    neg: '#d8620b',
    pos: '#2166ac',
    border: '#c4c0b6',
  };
  private resizeObserver: ResizeObserver | null = null;
  private stopThemeWatch: (() => void) | null = null;
  private readonly options: NeuronGridOptions;

  constructor(container: HTMLElement, options: NeuronGridOptions = {}) {
    this.options = options;
    this.root = document.createElement('div');
    this.root.className = 'neuron-grid';
    this.root.style.position = 'relative';
    this.root.style.overflowX = 'auto';
    this.root.style.overflowY = 'hidden';
    const inner = document.createElement('div');
    inner.className = 'neuron-grid__inner';
    inner.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.style.display = 'block';
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    this.context = context;
    this.buttons = document.createElement('div');
    this.buttons.className = 'neuron-grid__cells';
    this.buttons.setAttribute('role', 'group');
    this.buttons.setAttribute(
      'aria-label',
      options.label ??
        'Network graph: every neuron by layer. Use the arrow keys to move between neurons.',
    );
    Object.assign(this.buttons.style, {
      position: 'absolute',
      left: '0',
      top: '0',
      right: '0',
      bottom: '0',
    });
    this.buttons.addEventListener('keydown', (e) => this.onKey(e));
    // A label held back while its neuron had focus (updateLabels) is given once focus leaves.
    this.buttons.addEventListener('focusout', (e) => {
      const b = e.target as HTMLElement;
      const label = this.heldLabels.get(b);
      if (label === undefined) return;
      this.heldLabels.delete(b);
      b.setAttribute('aria-label', label);
    });
    // Every cell's tooltip (title) repeats its label; an empty description stops screen readers
    // reading it twice (aria-describedby comes before title in the accessible description).
    this.noDescription = document.createElement('span');
    this.noDescription.id = `neuron-grid-${++gridCount}-no-description`;
    this.noDescription.hidden = true;
    inner.append(this.canvas, this.buttons, this.noDescription);
    this.root.append(inner);
    this.atlas = document.createElement('canvas');
    // A graph wider than its box scrolls sideways in it (on a phone, with no scroll bar shown):
    // shading on the edge that hides more, and a line over it saying so.
    this.frame = document.createElement('div');
    this.frame.className = 'neuron-grid-frame';
    this.hint = document.createElement('p');
    this.hint.className = 'neuron-grid-hint';
    this.hint.setAttribute('aria-hidden', 'true'); // the arrow keys reach every neuron anyway
    this.hint.hidden = true;
    const edge = (side: string) => {
      const e = document.createElement('div');
      e.className = `neuron-grid-frame__edge neuron-grid-frame__edge--${side}`;
      e.setAttribute('aria-hidden', 'true');
      return e;
    };
    const box = document.createElement('div');
    box.className = 'neuron-grid-frame__box';
    box.append(this.root, edge('start'), edge('end'));
    this.frame.append(this.hint, box); // above: a reader meets it before the graph
    this.root.addEventListener('scroll', () => this.updateScrollCue(), { passive: true });
    container.append(this.frame);
    this.readColors();
    this.width = container.clientWidth || 600;
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => {
        const w = this.root.clientWidth;
        if (w > 0 && Math.abs(w - this.width) > 2) {
          this.width = w;
          this.relayout();
        } else this.updateScrollCue();
      });
      this.resizeObserver.observe(this.root);
    }
    // Out of sight while updates stream in, the cells' names follow but the picture (hundreds
    // of thumbnails and edges) waits until the graph is back or they pause; HeatmapPlot alike.
    this.painter = new PaintWhenSeen(this.frame);
    this.stopThemeWatch = onThemeChange(() => {
      this.readColors();
      this.draw();
    });
  }

  /** Merge new data in and redraw. Structure changes (layer sizes) rebuild the buttons. */
  update(data: Partial<NeuronGridData>): void {
    // A point the reader moved to (not one that stays while training moves its values): named
    // at once, as the reader hovers it.
    const moved = 'point' in data && !samePoint(data.point, this.data.point);
    this.data = { ...this.data, ...data };
    const key = this.data.layerSizes.join(',');
    if (key !== this.structureKey) {
      this.structureKey = key;
      if (this.selected && !this.exists(this.selected)) this.selected = null;
      this.relayout();
      return;
    }
    if (moved) this.updateLabels();
    else this.labelsSoon();
    this.painter.paint(() => {
      this.paintAtlas();
      this.draw();
    });
  }

  /**
   * The cells' names (a region count and a description per neuron), while updates stream in, at
   * most once a LABEL_EVERY_MS: at once after a quiet second, else LABEL_QUIET_MS after the
   * updates pause, or when the second is up, with the data of then. On a slow phone, naming
   * every cell at every refresh was a tenth of the page's time.
   */
  private labelsSoon(): void {
    clearTimeout(this.labelTimer);
    const now = performance.now();
    const due = this.lastLabelTime + LABEL_EVERY_MS;
    if (now >= due) {
      this.labelTimer = undefined;
      this.updateLabels();
      return;
    }
    this.labelTimer = setTimeout(
      () => {
        this.labelTimer = undefined;
        this.updateLabels();
      },
      Math.min(LABEL_QUIET_MS, due - now),
    );
  }

  /** Mark a neuron as selected (or none) without calling onSelect. */
  select(ref: NeuronRef | null): void {
    this.selected = ref && this.exists(ref) ? ref : null;
    this.updateTabStops();
    this.draw();
  }

  /** Move keyboard focus to the selected neuron (or the first one). */
  focus(): void {
    const ref = this.selected ?? { layer: 0, index: 0 };
    this.buttonList[ref.layer]?.[ref.index]?.focus();
  }

  destroy(): void {
    clearTimeout(this.labelTimer);
    this.painter.destroy();
    this.resizeObserver?.disconnect();
    this.stopThemeWatch?.();
    this.edgeWorker?.terminate();
    this.edgeBitmap?.close();
    this.frame.remove();
  }

  private exists(ref: NeuronRef): boolean {
    const n = this.data.layerSizes[ref.layer];
    return n !== undefined && ref.index >= 0 && ref.index < n;
  }

  private readColors(): void {
    const style = getComputedStyle(document.documentElement);
    const read = (name: string, fallback: string) =>
      style.getPropertyValue(name).trim() || fallback;
    this.colors = {
      ink: read('--ink', this.colors.ink),
      bg: read('--bg', this.colors.bg),
      accent: read('--accent', this.colors.accent),
      neg: read('--diverging-neg', this.colors.neg),
      pos: read('--diverging-pos', this.colors.pos),
      border: read('--border-strong', this.colors.border),
    };
  }

  private columns(): number[] {
    const sizes = this.data.layerSizes;
    return (this.options.showInputs ?? true) && sizes.length ? [2, ...sizes] : [...sizes];
  }

  private columnOf(layer: number): number {
    return (this.options.showInputs ?? true) ? layer + 1 : layer;
  }

  /** Recompute the layout, rebuild the buttons, repaint. */
  private relayout(): void {
    const columns = this.columns();
    const isPhone = this.width < 520;
    const maxHeight = this.options.maxHeight ?? (isPhone ? 260 : 380);
    const maxCell = this.options.maxCell ?? 56;
    // A finger needs cells it can hit: at least TOUCH_STEP apart, in taller columns if need be.
    const touch = globalThis.matchMedia?.('(pointer: coarse)').matches ?? false;
    this.layout = {
      ...(touch
        ? computeTouchLayout(
            columns,
            this.width,
            maxHeight,
            maxCell,
            Math.max(this.options.minCell ?? 9, cellForStep(TOUCH_STEP)),
            Math.max(maxHeight, TOUCH_TALLEST),
            LABEL_BAND,
          )
        : computeLayout(
            columns,
            this.width,
            maxHeight,
            maxCell,
            this.options.minCell ?? 9,
            LABEL_BAND,
          )),
      dpr: Math.min(2, globalThis.devicePixelRatio || 1),
    };
    const { width, height, dpr } = this.layout;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    (this.canvas.parentElement as HTMLElement).style.width = `${width}px`;
    (this.canvas.parentElement as HTMLElement).style.height = `${height}px`;
    this.context.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.buildButtons();
    this.paintAtlas();
    this.draw();
    this.updateScrollCue();
  }

  /** Shade the edges that hide more of the graph, and say where the rest is. */
  private updateScrollCue(): void {
    const { scrollLeft, scrollWidth, clientWidth } = this.root;
    const text = clientWidth > 0 ? scrollHint(scrollLeft, scrollWidth, clientWidth) : '';
    this.frame.classList.toggle('is-more-start', scrollLeft > 1);
    this.frame.classList.toggle('is-more-end', scrollLeft < scrollWidth - clientWidth - 1);
    if (this.hint.textContent !== text) this.hint.textContent = text;
    this.hint.hidden = text === '';
  }

  private buildButtons(): void {
    const hadFocus = this.buttons.contains(document.activeElement);
    this.buttons.replaceChildren();
    this.heldLabels.clear();
    this.buttonList = [];
    const layout = this.layout;
    if (!layout) return;
    const sizes = this.data.layerSizes;
    sizes.forEach((n, layer) => {
      const row: HTMLButtonElement[] = [];
      const column = layout.cells[this.columnOf(layer)];
      for (let index = 0; index < n; index++) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'neuron-grid__cell';
        b.tabIndex = -1;
        b.dataset.layer = String(layer);
        b.dataset.index = String(index);
        const c = column[index];
        Object.assign(b.style, {
          position: 'absolute',
          left: `${c.x}px`,
          top: `${c.y}px`,
          width: `${layout.cell}px`,
          height: `${layout.cell}px`,
        });
        b.setAttribute('aria-describedby', this.noDescription.id);
        b.addEventListener('click', () => this.choose({ layer, index }, false));
        row.push(b);
      }
      this.buttonList.push(row);
      this.buttons.append(...row);
    });
    this.updateLabels(true);
    this.updateTabStops();
    if (hadFocus) this.focus();
  }

  private lastLabels: string[][] = [];
  private lastLabelTime = -Infinity;
  /** Off the screen, an update names the cells at once and paints them later (PaintWhenSeen). */
  private painter: PaintWhenSeen;
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly noDescription: HTMLSpanElement;
  /** Labels that changed while their button had focus, given when it loses it. */
  private readonly heldLabels = new Map<HTMLElement, string>();

  private updateLabels(force = false): void {
    this.lastLabelTime = performance.now();
    const hidden = this.data.layerSizes.length - 1;
    const statOf = new Map<string, NeuronStat>();
    for (const s of this.data.stats ?? []) statOf.set(`${s.layer}:${s.index}`, s);
    if (force) this.lastLabels = [];
    const offsets = layerOffsets(this.data.layerSizes);
    this.buttonList.forEach((row, layer) => {
      this.lastLabels[layer] ??= [];
      row.forEach((b, index) => {
        const stat = statOf.get(`${layer}:${index}`);
        const T = this.data.thumbResolution;
        const thumbs = this.data.thumbs;
        const at = (offsets[layer] + index) * T * T;
        const regions =
          thumbs && T > 1 && thumbs.length >= at + T * T
            ? signRegions(thumbs.subarray(at, at + T * T), T)
            : undefined;
        let label = describeNeuron(
          { layer, index },
          hidden,
          stat,
          this.data.activations?.[layer],
          regions,
        );
        const v = this.data.pointValues?.[layer]?.[index];
        if (v !== undefined && this.data.point) {
          label += `; value ${formatValue(v, 3)} at a = ${this.data.point[0].toFixed(2)}, b = ${this.data.point[1].toFixed(2)}`;
        }
        if (label !== this.lastLabels[layer][index]) {
          b.title = label;
          b.classList.toggle('is-dead', !!stat?.dead);
          b.classList.toggle('is-silent', isSilent(stat, hidden, this.data.activations?.[layer]));
          // A screen reader says the focused button's name again whenever it changes: while
          // training, that was several times a second. Its new label waits for focus to leave.
          this.lastLabels[layer][index] = label;
          if (force || b !== document.activeElement) {
            this.heldLabels.delete(b);
            b.setAttribute('aria-label', label);
          } else this.heldLabels.set(b, label);
        }
      });
    });
  }

  private updateTabStops(): void {
    const sel = this.selected ?? { layer: 0, index: 0 };
    this.buttonList.forEach((row, layer) =>
      row.forEach((b, index) => {
        const on = layer === sel.layer && index === sel.index;
        b.tabIndex = on ? 0 : -1;
        b.setAttribute('aria-pressed', String(!!this.selected && on));
      }),
    );
  }

  private choose(ref: NeuronRef, focus: boolean): void {
    this.select(ref);
    if (focus) this.buttonList[ref.layer]?.[ref.index]?.focus();
    this.options.onSelect?.(ref);
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (!target.dataset.layer) return;
    const layer = Number(target.dataset.layer);
    const index = Number(target.dataset.index);
    const sizes = this.data.layerSizes;
    let next: NeuronRef | null = null;
    switch (e.key) {
      case 'ArrowUp':
        next = { layer, index: Math.max(0, index - 1) };
        break;
      case 'ArrowDown':
        next = { layer, index: Math.min(sizes[layer] - 1, index + 1) };
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const to = layer + (e.key === 'ArrowLeft' ? -1 : 1);
        if (to < 0 || to >= sizes.length) break;
        // Keep the same relative height in the new layer.
        const rel = sizes[layer] > 1 ? index / (sizes[layer] - 1) : 0;
        next = { layer: to, index: Math.round(rel * (sizes[to] - 1)) };
        break;
      }
      case 'Home':
        next = { layer, index: 0 };
        break;
      case 'End':
        next = { layer, index: sizes[layer] - 1 };
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next) this.choose(next, true);
  }

  /** Paint every thumbnail into one tall atlas canvas (T wide, T·N high). */
  private paintAtlas(): void {
    const { thumbs, thumbResolution: t, layerSizes } = this.data;
    const total = layerSizes.reduce((a, b) => a + b, 0);
    if (!thumbs || t < 2 || thumbs.length !== total * t * t) {
      this.atlasImage = null;
      return;
    }
    if (this.atlas.width !== t || this.atlas.height !== t * total) {
      this.atlas.width = t;
      this.atlas.height = t * total;
      this.atlasImage = null;
    }
    const ctx = this.atlas.getContext('2d');
    if (!ctx) return;
    this.atlasImage ??= ctx.createImageData(t, t * total);
    const data = this.atlasImage.data;
    const diverging = lookupTable('diverging');
    const sequential = lookupTable('sequential');
    const outputStart = total - layerSizes[layerSizes.length - 1];
    const cells = t * t;
    for (let k = 0; k < total; k++) {
      const base = k * cells;
      const isOutput = k >= outputStart;
      // Hidden neurons: a symmetric domain per neuron, so each shows its own shape and the sign
      // of its output (zero stays at the neutral middle); the output neuron: its range [0, 1].
      let lo = 0;
      let hi = 1;
      if (!isOutput) {
        let m = 1e-6;
        for (let p = 0; p < cells; p++) {
          const a = Math.abs(thumbs[base + p]);
          if (a > m && a < Infinity) m = a;
        }
        lo = -m;
        hi = m;
      }
      const lut = isOutput ? sequential : diverging;
      const scale = 255 / (hi - lo);
      for (let j = 0; j < t; j++) {
        const row = (k * t + (t - 1 - j)) * t;
        for (let i = 0; i < t; i++) {
          const v = thumbs[base + j * t + i];
          const p = (row + i) * 4;
          let q = Math.round((v - lo) * scale);
          q = q < 0 || q !== q ? 0 : q > 255 ? 255 : q;
          data[p] = lut[q * 4];
          data[p + 1] = lut[q * 4 + 1];
          data[p + 2] = lut[q * 4 + 2];
          data[p + 3] = 255;
        }
      }
    }
    ctx.putImageData(this.atlasImage, 0, 0);
  }

  private edgeCanvas: HTMLCanvasElement = document.createElement('canvas');
  private edgesOf: LayerParams[] | null = null;
  private edgesKey = '';
  private hatch: CanvasPattern | null = null;

  /**
   * Diagonal hatching for dead neurons. Thumbnails use the same colours in both themes (a dead
   * neuron's is the scale's near-white middle), so the hatch is always dark.
   */
  private hatchPattern(): CanvasPattern | null {
    if (this.hatch) return this.hatch;
    const tile = document.createElement('canvas');
    tile.width = 6;
    tile.height = 6;
    const c = tile.getContext('2d');
    if (!c) return null;
    c.strokeStyle = DEAD_INK;
    c.globalAlpha = 0.6;
    c.lineWidth = 1.2;
    c.beginPath();
    c.moveTo(-1, 7);
    c.lineTo(7, -1);
    c.stroke();
    this.hatch = this.context.createPattern(tile, 'repeat');
    return this.hatch;
  }

  /** Where the layers' names go: worked out once per layout (it measures text), then drawn. */
  private placedLabels: { layout: Layout; items: { text: string; x: number; y: number }[] } | null =
    null;

  /**
   * Each layer's name over its cells ("layer 1" … "output"), shortened where its column is
   * narrow. Canvas text, hidden from assistive technology: every cell's own label names its layer.
   */

  private drawLabels(layout: Layout, showInputs: boolean): void {
    const ctx = this.context;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    if (this.placedLabels?.layout !== layout) {
      const count = layout.cells.length;
      const spans = layout.cells.map((column) => {
        const xs = column.map((c) => c.x);
        return { left: Math.min(...xs), right: Math.max(...xs) + layout.cell };
      });
      const items = spans.flatMap((span, c) => {
        // Half the gap to each neighbour is the column's to use.
        const left = c > 0 ? (spans[c - 1].right + span.left) / 2 : 0;
        const right = c + 1 < count ? (span.right + spans[c + 1].left) / 2 : layout.width;
        const text = columnLabel(
          c,
          count,
          showInputs,
          (t) => ctx.measureText(t).width <= right - left - 2,
        );
        if (!text) return [];
        // Over the column's middle, moved in where the figure's edge is nearer.
        const half = ctx.measureText(text).width / 2;
        const x = Math.min(
          Math.max((span.left + span.right) / 2, left + half + 1),
          right - half - 1,
        );
        const top = Math.min(...layout.cells[c].map((cell) => cell.y));
        return [{ text, x, y: top - RING_REACH - 1 }];
      });
      this.placedLabels = { layout, items };
    }
    ctx.fillStyle = this.colors.ink;
    ctx.globalAlpha = 0.75;
    for (const { text, x, y } of this.placedLabels.items) ctx.fillText(text, x, y);
    ctx.globalAlpha = 1;
  }

  private draw(): void {
    const layout = this.layout;
    if (!layout) return;
    const ctx = this.context;
    const { cell } = layout;
    ctx.clearRect(0, 0, layout.width, layout.height);
    const sizes = this.data.layerSizes;
    if (!sizes.length) return;
    const showInputs = this.options.showInputs ?? true;
    this.drawEdges(layout);
    this.drawLabels(layout, showInputs);

    // Inputs: a grows to the right, b grows upwards.
    if (showInputs) {
      const lut = lookupTable('sequential');
      layout.cells[0].forEach((c, which) => {
        const steps = 8;
        for (let s = 0; s < steps; s++) {
          const q = Math.round(((s + 0.5) / steps) * 255) * 4;
          ctx.fillStyle = `rgb(${lut[q]},${lut[q + 1]},${lut[q + 2]})`;
          const w = cell / steps;
          if (which === 0) ctx.fillRect(c.x + s * w, c.y, w + 0.5, cell);
          else ctx.fillRect(c.x, c.y + cell - (s + 1) * w, cell, w + 0.5);
        }
        ctx.strokeStyle = this.colors.border;
        ctx.lineWidth = 1;
        ctx.strokeRect(c.x + 0.5, c.y + 0.5, cell - 1, cell - 1);
        if (cell >= 14) {
          ctx.fillStyle = '#fff';
          ctx.font = `600 ${Math.round(cell * 0.45)}px system-ui, sans-serif`;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(which === 0 ? 'a' : 'b', c.x + cell / 2, c.y + cell / 2);
        }
      });
    }

    const statOf = new Map<string, NeuronStat>();
    for (const s of this.data.stats ?? []) statOf.set(`${s.layer}:${s.index}`, s);
    const offsets = layerOffsets(sizes);
    const t = this.data.thumbResolution;
    const values = this.data.pointValues;
    const diverging = lookupTable('diverging');
    const sequential = lookupTable('sequential');
    const scales = values ? pointScales(values) : [];
    ctx.imageSmoothingEnabled = true;
    sizes.forEach((n, layer) => {
      const column = layout.cells[this.columnOf(layer)];
      const isOutput = layer === sizes.length - 1;
      const domain = scales[layer] ?? 1;
      for (let index = 0; index < n; index++) {
        const c = column[index];
        if (values) {
          const v = values[layer]?.[index] ?? Number.NaN;
          const q = isOutput
            ? Math.round(Math.min(1, Math.max(0, v)) * 255)
            : Math.round(Math.min(1, Math.max(0, (v / domain + 1) / 2)) * 255);
          const lut = isOutput ? sequential : diverging;
          ctx.fillStyle = Number.isFinite(v)
            ? `rgb(${lut[q * 4]},${lut[q * 4 + 1]},${lut[q * 4 + 2]})`
            : this.colors.bg;
          ctx.fillRect(c.x, c.y, cell, cell);
          if (cell >= 30 && Number.isFinite(v)) {
            ctx.fillStyle = q > 150 && !isOutput ? '#fff' : q < 110 && isOutput ? '#fff' : '#111';
            if (!isOutput) ctx.fillStyle = Math.abs(q - 128) > 70 ? '#fff' : '#111';
            ctx.font = `${Math.round(cell * 0.3)}px system-ui, sans-serif`;
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            ctx.fillText(formatValue(v, 2), c.x + cell / 2, c.y + cell / 2);
          }
        } else if (this.atlasImage && t > 1) {
          const k = offsets[layer] + index;
          ctx.drawImage(this.atlas, 0, k * t, t, t, c.x, c.y, cell, cell);
        } else {
          ctx.fillStyle = this.colors.bg;
          ctx.fillRect(c.x, c.y, cell, cell);
        }
        ctx.strokeStyle = this.colors.border;
        ctx.lineWidth = 1;
        ctx.strokeRect(c.x + 0.5, c.y + 0.5, cell - 1, cell - 1);
        const stat = statOf.get(`${layer}:${index}`);
        if (stat?.dead) this.drawDead(c, cell);
        else if (isSilent(stat, sizes.length - 1, this.data.activations?.[layer]))
          this.drawSilent(c, cell);
      }
    });

    const sel = this.selected;
    if (sel && this.exists(sel)) {
      const c = layout.cells[this.columnOf(sel.layer)][sel.index];
      ctx.strokeStyle = this.colors.accent;
      ctx.lineWidth = RING_WIDTH;
      ctx.strokeRect(
        c.x - RING_OFFSET,
        c.y - RING_OFFSET,
        cell + 2 * RING_OFFSET,
        cell + 2 * RING_OFFSET,
      );
    }
  }

  /** Dead: a hatch over the cell and a "no entry" icon (circle with a slash) in its corner. */
  private drawDead(c: Cell, cell: number): void {
    const ctx = this.context;
    const pattern = this.hatchPattern();
    if (pattern) {
      ctx.fillStyle = pattern;
      ctx.fillRect(c.x, c.y, cell, cell);
    }
    this.drawBadge(c, cell, 'dead');
  }

  /**
   * Silent: the picture faded towards the colour of 0 (it would look strongly negative, being
   * scaled to its own tiny largest |value|), a dotted edge, and a "⊖" (circle with a minus:
   * negative everywhere) in its corner.
   */
  private drawSilent(c: Cell, cell: number): void {
    const ctx = this.context;
    ctx.fillStyle = SILENT_WASH;
    ctx.fillRect(c.x, c.y, cell, cell);
    ctx.strokeStyle = DEAD_INK;
    ctx.lineWidth = 1;
    ctx.setLineDash([1.5, 1.5]);
    ctx.strokeRect(c.x + 0.5, c.y + 0.5, cell - 1, cell - 1);
    ctx.setLineDash([]);
    this.drawBadge(c, cell, 'silent');
  }

  /** A cell's corner icon: a circle with a slash (dead, "⊘") or with a minus (silent, "⊖"). */
  private drawBadge(c: Cell, cell: number, kind: 'dead' | 'silent'): void {
    const ctx = this.context;
    const r = Math.max(3.5, cell * 0.2);
    const cx = c.x + cell - r - 1;
    const cy = c.y + r + 1;
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = DEAD_INK;
    ctx.lineWidth = Math.max(1, r * 0.3);
    ctx.beginPath();
    ctx.arc(cx, cy, r * 0.7, 0, Math.PI * 2);
    if (kind === 'dead') {
      ctx.moveTo(cx - r * 0.5, cy + r * 0.5);
      ctx.lineTo(cx + r * 0.5, cy - r * 0.5);
    } else {
      ctx.moveTo(cx - r * 0.55, cy);
      ctx.lineTo(cx + r * 0.55, cy);
    }
    ctx.stroke();
  }

  /**
   * Edges, drawn into their own bitmap only when the weights, the selection or the layout change
   * (weights arrive a few times a second; thumbnails ten times). Large graphs have the bitmap
   * drawn in a worker; until it arrives, the previous one stays if the layout is the same (so
   * the edges do not blink while training), else none is drawn.
   */
  private drawEdges(layout: Layout): void {
    const weights = this.data.weights;
    const sizes = this.data.layerSizes;
    const sel = this.selected;
    const key = `${sel ? `${sel.layer}:${sel.index}` : '-'}|${layout.width}x${layout.height}|${this.colors.pos}`;
    const drawable = !!weights && weights.length === sizes.length;
    if (weights !== this.edgesOf || key !== this.edgesKey) {
      this.edgesOf = weights;
      this.edgesKey = key;
      const scene = drawable ? this.edgeScene(layout, weights) : null;
      const edges = weightCount(sizes);
      if (scene && edges > WORKER_EDGES && edges <= MAX_EDGES && this.edgeWorkerUsable()) {
        this.requestEdges(scene);
      } else {
        this.renderEdges(layout, scene);
      }
    }
    if (!drawable) return;
    if (this.edgeSource === 'page') {
      this.context.drawImage(this.edgeCanvas, 0, 0, layout.width, layout.height);
    } else if (this.edgeBitmap && this.edgeBitmapSize === `${layout.width}x${layout.height}`) {
      this.context.drawImage(this.edgeBitmap, 0, 0, layout.width, layout.height);
    }
  }

  private edgeScene(layout: Layout, weights: LayerParams[]): EdgeScene {
    return {
      width: layout.width,
      height: layout.height,
      dpr: layout.dpr,
      cell: layout.cell,
      cells: layout.cells,
      showInputs: this.options.showInputs ?? true,
      layerSizes: this.data.layerSizes,
      weights,
      selected: this.selected,
      pos: this.colors.pos,
      neg: this.colors.neg,
    };
  }

  /** Draw the edges on the page, into `edgeCanvas` (none when `scene` is null). */
  private renderEdges(layout: Layout, scene: EdgeScene | null): void {
    this.edgeSource = 'page';
    const { dpr } = layout;
    const canvas = this.edgeCanvas;
    if (
      canvas.width !== Math.round(layout.width * dpr) ||
      canvas.height !== Math.round(layout.height * dpr)
    ) {
      canvas.width = Math.round(layout.width * dpr);
      canvas.height = Math.round(layout.height * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    if (scene) {
      paintEdges(ctx, scene);
    } else {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
    }
  }

  /** Which edges `drawEdges` shows: `edgeCanvas`, drawn here, or the worker's `edgeBitmap`. */
  private edgeSource: 'page' | 'worker' = 'page';
  private edgeWorker: Worker | null = null;
  private edgeWorkerFailed = false;
  /** The drawing size ("W×H", CSS px) of the scene the worker is drawing, or null when idle. */
  private edgeInFlight: string | null = null;
  /** A scene asked for while the worker was busy: only the newest is kept. */
  private edgeQueued: EdgeScene | null = null;
  private edgeBitmap: ImageBitmap | null = null;
  /** The drawing size the bitmap was made for. */
  private edgeBitmapSize = '';

  private edgeWorkerUsable(): boolean {
    if (this.edgeWorkerFailed) return false;
    if (this.edgeWorker) return true;
    if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return false;
    try {
      this.edgeWorker = new Worker(new URL('./edges.worker.ts', import.meta.url), {
        type: 'module',
        name: 'nn-lab-edges',
      });
    } catch {
      this.edgeWorkerFailed = true;
      return false;
    }
    this.edgeWorker.addEventListener('message', (event) => this.onEdges(event.data));
    this.edgeWorker.addEventListener('error', () => this.edgesOnThePage());
    return true;
  }

  private requestEdges(scene: EdgeScene): void {
    this.edgeSource = 'worker';
    if (this.edgeInFlight) {
      this.edgeQueued = scene;
      return;
    }
    this.edgeInFlight = `${scene.width}x${scene.height}`;
    this.edgeWorker?.postMessage({ scene });
  }

  private onEdges(message: { bitmap?: ImageBitmap; error?: string }): void {
    const size = this.edgeInFlight ?? '';
    this.edgeInFlight = null;
    if (!message.bitmap) {
      this.edgesOnThePage();
      return;
    }
    const queued = this.edgeQueued;
    this.edgeQueued = null;
    if (this.edgeSource === 'worker') {
      this.edgeBitmap?.close();
      this.edgeBitmap = message.bitmap;
      this.edgeBitmapSize = size;
      this.draw();
    } else {
      // The page drew the edges itself meanwhile (the graph became small).
      message.bitmap.close();
    }
    if (queued && this.edgeSource === 'worker') this.requestEdges(queued);
  }

  /** The worker cannot draw here: draw the edges on the page from now on. */
  private edgesOnThePage(): void {
    this.edgeWorkerFailed = true;
    this.edgeWorker?.terminate();
    this.edgeWorker = null;
    this.edgeInFlight = null;
    this.edgeQueued = null;
    this.edgesKey = '';
    this.draw();
  }
}
