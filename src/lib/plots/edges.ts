/**
 * The network graph's edges (see neuron-grid.ts), drawn from plain data so that the same code
 * runs on the page or in a worker (edges.worker.ts). Rasterizing a couple of thousand dashed,
 * translucent lines takes about 90 ms of CPU where the canvas is not GPU-accelerated (360 ms on a
 * throttled phone): large graphs have it done off the main thread, and only the finished bitmap
 * is drawn on the page.
 *
 * Edges are batched: one path per sign, size bucket and emphasis (the selected neuron's), so
 * thousands of edges cost a handful of strokes, and overlapping edges of one bucket do not
 * darken each other.
 */
import type { LayerParams } from '../engine/types';
import { weightCount } from '../network-size';

/** Where one neuron's cell sits, in CSS pixels (top-left corner). */
export interface Cell {
  x: number;
  y: number;
}

/** Everything the edges depend on. Structured-cloneable, to be posted to the worker. */
export interface EdgeScene {
  /** Drawing size in CSS pixels, and device pixels per CSS pixel. */
  width: number;
  height: number;
  dpr: number;
  /** Cell side, CSS px. */
  cell: number;
  /** cells[c][i]: column c (the inputs first when shown), neuron i. */
  cells: Cell[][];
  /** Whether column 0 holds the two inputs a and b (then layer l is column l + 1). */
  showInputs: boolean;
  /** Neurons per layer, hidden layers first, output last. */
  layerSizes: number[];
  weights: LayerParams[];
  /** The selected neuron, whose edges are emphasized (and the only ones drawn in huge graphs). */
  selected: { layer: number; index: number } | null;
  /** Colours of positive (solid) and negative (dashed) weights. */
  pos: string;
  neg: string;
}

/** Edges drawn in full only up to this count; above it only the selected neuron's are. */
export const MAX_EDGES = 2500;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Clear `ctx` (sized width·dpr × height·dpr) and draw the scene's edges into it. */
export function paintEdges(ctx: Context2D, scene: EdgeScene): void {
  const { cells, cell, layerSizes: sizes, weights, selected: sel } = scene;
  ctx.setTransform(scene.dpr, 0, 0, scene.dpr, 0, 0);
  ctx.clearRect(0, 0, scene.width, scene.height);
  if (weights.length !== sizes.length) return;
  const columnOf = (layer: number) => (scene.showInputs ? layer + 1 : layer);
  const half = cell / 2;
  const total = weightCount(sizes);
  const all = total <= MAX_EDGES;
  // The largest |weight| scales every edge.
  let maxAbs = 1e-9;
  for (const w of weights)
    for (const row of w.weights)
      for (const v of row) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  const alphaBase = all ? Math.max(0.12, Math.min(0.7, 120 / Math.max(total, 1))) : 0.7;
  // Buckets: sign (0 positive, 1 negative) × size (0…BUCKETS−1) × emphasis (selected neuron's).
  const BUCKETS = 4;
  const paths: Path2D[] = Array.from({ length: 2 * BUCKETS * 2 }, () => new Path2D());
  const used = new Uint8Array(paths.length);
  for (let layer = 0; layer < sizes.length; layer++) {
    const fromColumn = layer === 0 ? (scene.showInputs ? 0 : -1) : columnOf(layer - 1);
    if (fromColumn < 0) continue;
    const from = cells[fromColumn];
    const to = cells[columnOf(layer)];
    const rows = weights[layer].weights;
    for (let o = 0; o < rows.length && o < to.length; o++) {
      const incomingSelected = !!sel && sel.layer === layer && sel.index === o;
      for (let i = 0; i < rows[o].length && i < from.length; i++) {
        const outgoingSelected = !!sel && sel.layer === layer - 1 && sel.index === i;
        if (!all && !incomingSelected && !outgoingSelected) continue;
        const w = rows[o][i];
        const bucket = Math.min(BUCKETS - 1, Math.floor((Math.abs(w) / maxAbs) * BUCKETS));
        const k =
          ((w >= 0 ? 0 : 1) * BUCKETS + bucket) * 2 +
          (incomingSelected || outgoingSelected ? 1 : 0);
        paths[k].moveTo(from[i].x + cell, from[i].y + half);
        paths[k].lineTo(to[o].x, to[o].y + half);
        used[k] = 1;
      }
    }
  }
  for (let k = 0; k < paths.length; k++) {
    if (!used[k]) continue;
    const emphasis = k % 2 === 1;
    const bucket = Math.floor(k / 2) % BUCKETS;
    const negative = Math.floor(k / 2 / BUCKETS) === 1;
    const size = (bucket + 0.5) / BUCKETS;
    ctx.globalAlpha = emphasis ? 0.9 : alphaBase * (0.25 + 0.75 * size);
    ctx.strokeStyle = negative ? scene.neg : scene.pos;
    ctx.lineWidth = 0.4 + (emphasis ? 3 : 2) * size;
    ctx.setLineDash(negative ? [3, 2] : []);
    ctx.stroke(paths[k]);
  }
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
}
