/// <reference lib="webworker" />
/**
 * The edge painter: draws a network graph's edges (edges.ts) on an OffscreenCanvas, off the
 * page's main thread, and sends the bitmap back transferred, never copied.
 * In: `{ scene }`. Out: `{ bitmap }`, or `{ error }` when this browser cannot draw in a worker
 * (the page then draws the edges itself).
 */
import { paintEdges, type EdgeScene } from './edges';

self.onmessage = (event: MessageEvent<{ scene: EdgeScene }>) => {
  const { scene } = event.data;
  try {
    const canvas = new OffscreenCanvas(
      Math.max(1, Math.round(scene.width * scene.dpr)),
      Math.max(1, Math.round(scene.height * scene.dpr)),
    );
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D context on an OffscreenCanvas');
    paintEdges(ctx, scene);
    const bitmap = canvas.transferToImageBitmap();
    self.postMessage({ bitmap }, [bitmap]);
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
