/**
 * The network's response as a 3D surface over [0, 1]² (the original sandbox's main view), with
 * the target as a translucent surface, drawn by a hand-written projection on a 2D canvas: quads
 * sorted back to front (painter's algorithm), coloured by value (viridis) with a little shading.
 * No 3D library: about 2,000 quads a frame is well within what a 2D canvas draws in a few ms.
 * Loaded lazily (dynamic import) by the sandbox only when the 3D view is opened.
 *
 * Rotate with a mouse or pen drag, a one-finger touch drag, or the arrow keys when it has focus.
 */
import { lookupTable, onThemeChange } from './color';

export interface SurfaceOptions {
  /** Side of the square canvas in CSS pixels. */
  size: number;
  /** Quads per side (the fields are resampled to this). */
  mesh?: number;
}

interface Quad {
  depth: number;
  pts: number[];
  color: string;
  target: boolean;
}

export class Surface3D {
  readonly root: HTMLDivElement;
  private canvas: HTMLCanvasElement;
  private context: CanvasRenderingContext2D;
  private yaw = -0.6;
  private pitch = 0.95;
  private output: ArrayLike<number> | null = null;
  private target: ArrayLike<number> | null = null;
  private resolution = 0;
  private showTarget = true;
  private size: number;
  private readonly mesh: number;
  private frame = 0;
  private ink = '#1c1e22';
  private cleanup: Array<() => void> = [];
  private domain: [number, number] = [0, 1];

  constructor(container: HTMLElement, options: SurfaceOptions) {
    this.size = options.size;
    this.mesh = options.mesh ?? 48;
    this.root = document.createElement('div');
    this.root.className = 'surface3d';
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'img');
    this.root.setAttribute(
      'aria-label',
      'The network’s output as a 3D surface over inputs a and b, with the target as a translucent surface. Arrow keys rotate it.',
    );
    this.canvas = document.createElement('canvas');
    this.canvas.style.touchAction = 'none';
    this.canvas.style.display = 'block';
    this.root.append(this.canvas);
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    this.context = context;
    container.append(this.root);
    this.resize(options.size);
    // The box, axes and labels take the theme's ink, read again when the theme changes.
    const readInk = () => {
      this.ink =
        getComputedStyle(document.documentElement).getPropertyValue('--ink').trim() || this.ink;
    };
    readInk();
    this.cleanup.push(
      onThemeChange(() => {
        readInk();
        this.schedule();
      }),
    );

    let drag: { x: number; y: number; yaw: number; pitch: number; id: number } | null = null;
    const down = (e: PointerEvent) => {
      drag = { x: e.clientX, y: e.clientY, yaw: this.yaw, pitch: this.pitch, id: e.pointerId };
      this.canvas.setPointerCapture(e.pointerId);
    };
    const move = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      this.yaw = drag.yaw + (e.clientX - drag.x) * 0.01;
      this.pitch = Math.min(1.5, Math.max(0.1, drag.pitch + (e.clientY - drag.y) * 0.01));
      this.schedule();
    };
    const up = () => (drag = null);
    const key = (e: KeyboardEvent) => {
      const d = e.shiftKey ? 0.3 : 0.1;
      if (e.key === 'ArrowLeft') this.yaw -= d;
      else if (e.key === 'ArrowRight') this.yaw += d;
      else if (e.key === 'ArrowUp') this.pitch = Math.min(1.5, this.pitch + d);
      else if (e.key === 'ArrowDown') this.pitch = Math.max(0.1, this.pitch - d);
      else return;
      e.preventDefault();
      this.schedule();
    };
    this.canvas.addEventListener('pointerdown', down);
    this.canvas.addEventListener('pointermove', move);
    this.canvas.addEventListener('pointerup', up);
    this.canvas.addEventListener('pointercancel', up);
    this.root.addEventListener('keydown', key);
    this.cleanup.push(() => {
      this.canvas.removeEventListener('pointerdown', down);
      this.canvas.removeEventListener('pointermove', move);
      this.canvas.removeEventListener('pointerup', up);
      this.canvas.removeEventListener('pointercancel', up);
      this.root.removeEventListener('keydown', key);
    });
  }

  resize(size: number): void {
    this.size = size;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    this.canvas.width = Math.round(size * dpr);
    this.canvas.height = Math.round(size * 0.94 * dpr);
    this.canvas.style.width = `${size}px`;
    this.canvas.style.height = `${size * 0.94}px`;
    this.context.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.schedule();
  }

  /** New fields (R×R, value[j*R + i] at a = i/(R−1), b = j/(R−1)). */
  update(
    output: ArrayLike<number>,
    target: ArrayLike<number> | null,
    resolution: number,
    showTarget = true,
    domain: [number, number] = [0, 1],
  ): void {
    this.output = output;
    this.target = target;
    this.resolution = resolution;
    this.showTarget = showTarget;
    this.domain = domain;
    this.schedule();
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    for (const f of this.cleanup) f();
    this.root.remove();
  }

  private schedule(): void {
    if (!this.frame)
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
  }

  /** Project a point of the unit cube (a, b, v) to canvas pixels and a depth. */
  private project(a: number, b: number, v: number): [number, number, number] {
    const x = a - 0.5;
    const y = b - 0.5;
    const z = (v - 0.5) * 0.75;
    const cy = Math.cos(this.yaw);
    const sy = Math.sin(this.yaw);
    const x1 = x * cy - y * sy;
    const y1 = x * sy + y * cy;
    const cp = Math.cos(this.pitch);
    const sp = Math.sin(this.pitch);
    // Tilt around the screen's horizontal axis: y1 goes into the screen, z up.
    const depth = y1 * sp - z * cp;
    const up = z * sp + y1 * cp;
    // The rotated unit square spans up to √2 across; leave room for it and the labels.
    const scale = this.size * 0.42;
    const persp = 1 / (1 + depth * 0.2);
    return [this.size / 2 + x1 * scale * persp, this.size * 0.47 - up * scale * persp, depth];
  }

  private draw(): void {
    const ctx = this.context;
    const w = this.size;
    ctx.clearRect(0, 0, w, w * 0.94);
    const out = this.output;
    const R = this.resolution;
    if (!out || R < 2) return;
    const n = this.mesh;
    // Bilinear between the grid's points, so the mesh follows the field between them.
    const sample = (field: ArrayLike<number>, i: number, j: number) => {
      const a = (i / n) * (R - 1);
      const b = (j / n) * (R - 1);
      const i0 = Math.min(R - 2, Math.floor(a));
      const j0 = Math.min(R - 2, Math.floor(b));
      const fa = a - i0;
      const fb = b - j0;
      const at = (ii: number, jj: number) => field[jj * R + ii];
      return (
        (1 - fb) * ((1 - fa) * at(i0, j0) + fa * at(i0 + 1, j0)) +
        fb * ((1 - fa) * at(i0, j0 + 1) + fa * at(i0 + 1, j0 + 1))
      );
    };
    const lut = lookupTable('sequential');
    const [lo, hi] = this.domain; // the height axis: lo at the floor, hi at the top
    const quads: Quad[] = [];
    const fields: Array<[ArrayLike<number>, boolean]> = [[out, false]];
    if (this.showTarget && this.target) fields.push([this.target, true]);
    for (const [field, isTarget] of fields) {
      const heights = new Float32Array((n + 1) * (n + 1));
      for (let j = 0; j <= n; j++)
        for (let i = 0; i <= n; i++)
          heights[j * (n + 1) + i] = clamp01((sample(field, i, j) - lo) / (hi - lo));
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const h00 = heights[j * (n + 1) + i];
          const h10 = heights[j * (n + 1) + i + 1];
          const h11 = heights[(j + 1) * (n + 1) + i + 1];
          const h01 = heights[(j + 1) * (n + 1) + i];
          const p0 = this.project(i / n, j / n, h00);
          const p1 = this.project((i + 1) / n, j / n, h10);
          const p2 = this.project((i + 1) / n, (j + 1) / n, h11);
          const p3 = this.project(i / n, (j + 1) / n, h01);
          const mean = (h00 + h10 + h11 + h01) / 4;
          // Shade by the slope along a, a cheap stand-in for lighting.
          const shade = 1 - Math.min(0.35, Math.abs(h10 - h00 + h11 - h01) * 2);
          const q = Math.round(mean * 255) * 4;
          const color = isTarget
            ? 'rgba(150,150,150,0.22)'
            : `rgb(${Math.round(lut[q] * shade)},${Math.round(lut[q + 1] * shade)},${Math.round(lut[q + 2] * shade)})`;
          quads.push({
            depth: (p0[2] + p1[2] + p2[2] + p3[2]) / 4,
            pts: [p0[0], p0[1], p1[0], p1[1], p2[0], p2[1], p3[0], p3[1]],
            color,
            target: isTarget,
          });
        }
      }
    }
    this.drawBox(ctx);
    quads.sort((a, b) => b.depth - a.depth);
    ctx.lineWidth = 0.5;
    for (const q of quads) {
      const p = q.pts;
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(p[2], p[3]);
      ctx.lineTo(p[4], p[5]);
      ctx.lineTo(p[6], p[7]);
      ctx.closePath();
      ctx.fillStyle = q.color;
      ctx.fill();
      if (q.target) {
        ctx.strokeStyle = 'rgba(120,120,120,0.35)';
        ctx.stroke();
      } else {
        ctx.strokeStyle = q.color;
        ctx.stroke();
      }
    }
    this.drawLabels(ctx);
  }

  private drawBox(ctx: CanvasRenderingContext2D): void {
    ctx.strokeStyle = this.ink;
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 1;
    const edges: Array<[number, number, number, number, number, number]> = [
      [0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 1, 0],
      [1, 0, 0, 1, 1, 0],
      [0, 1, 0, 1, 1, 0],
      [0, 0, 0, 0, 0, 1],
    ];
    for (const [a0, b0, v0, a1, b1, v1] of edges) {
      const p = this.project(a0, b0, v0);
      const q = this.project(a1, b1, v1);
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(q[0], q[1]);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  /** Axis names, drawn last so the surface never hides them. */
  private drawLabels(ctx: CanvasRenderingContext2D): void {
    ctx.globalAlpha = 0.8;
    ctx.fillStyle = this.ink;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    const la = this.project(0.5, -0.12, 0);
    const lb = this.project(-0.12, 0.5, 0);
    const lv = this.project(0, 0, 1.08);
    ctx.fillText('a', la[0], la[1]);
    ctx.fillText('b', lb[0], lb[1]);
    ctx.fillText('output', lv[0], lv[1]);
    // The height axis's ends, and the corners' input values, so the box can be read.
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    const [lo, hi] = this.domain;
    for (const [v, text] of [
      [0, String(lo)],
      [1, String(hi)],
    ] as const) {
      const p = this.project(0, 0, v);
      ctx.fillText(text, p[0] - 6, p[1] + 4);
    }
    ctx.textAlign = 'center';
    for (const [a, b, text] of [
      [1, -0.07, '1'],
      [-0.07, 1, '1'],
    ] as const) {
      const p = this.project(a, b, 0);
      ctx.fillText(text, p[0], p[1] + 4);
    }
    ctx.globalAlpha = 1;
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v !== v ? 0 : v;
}
