/**
 * Names and preview formulas of the built-in target functions. The formulas of the original ten
 * are the original sandbox's (see shared/reference/original-sandbox.md), written in the safe
 * expression language so the previews are drawn without asking the engine; the other five are
 * the engine's (engine/assembly/kernels/targets.ts). Every target but `random` has one (the type
 * says so); random is previewed as seeded noise.
 */
import type { TargetId } from '../engine/types';
import { compileExpression } from './expression';

export const TARGET_LABELS: Record<TargetId | 'custom', string> = {
  ternary: 'a > 0.5 || b > a',
  multiply: 'multiply (a·b)',
  max: 'max(a, b)',
  min: 'min(a, b)',
  fancySine: 'fancy sine',
  tiledSqrt: 'tiled square root',
  bowl: 'bowl',
  random: 'random (noise)',
  ridges: 'ridges',
  xor: 'xor',
  circle: 'circle',
  blobs: 'blobs',
  spiral: 'spiral',
  checkerboard: 'checkerboard',
  sineWave: 'sine wave',
  custom: 'your own function',
};

export const TARGET_FORMULAS: Record<Exclude<TargetId, 'random'>, string> = {
  ternary: 'a > 0.5 || b > a ? 1 : 0',
  multiply: 'a * b',
  max: 'max(a, b)',
  min: 'min(a, b)',
  fancySine: 'a < 0.1 || b < 0.1 || a > 0.9 || b > 0.9 ? max(a, b) : abs(sin(6*a)) * abs(sin(6*b))',
  tiledSqrt: 'a >= 0.4 && a <= 0.6 && b >= 0.4 && b <= 0.6 ? 1 : sqrt(frac(4*a) * frac(4*b))',
  bowl: 'max(abs(2*a - 1), abs(2*b - 1))^1.5',
  ridges: 'floor(5*a) % 2 == 1 || floor(5*b) % 2 == 1 ? 1 : 0',
  xor: '(a < 0.5) != (b > 0.5) ? 1 : 0',
  // The engine's own five, from engine/assembly/kernels/targets.ts.
  circle: '(a - 0.5)^2 + (b - 0.5)^2 < 0.09 ? 1 : 0',
  blobs:
    'max(exp(-((a-0.3)^2 + (b-0.3)^2) / (2*0.12^2)), exp(-((a-0.7)^2 + (b-0.7)^2) / (2*0.12^2)))',
  spiral: 'sin(atan2(b - 0.5, a - 0.5) - 12*hypot(a - 0.5, b - 0.5)) > 0 ? 1 : 0',
  checkerboard: '(min(floor(4*a), 3) + min(floor(4*b), 3)) % 2 == 0 ? 1 : 0',
  sineWave: '0.5 + 0.5*sin(2*pi*a)*cos(2*pi*b)',
};

/** A size×size preview grid (same layout as the engine's). */
export function previewGrid(id: TargetId, size = 24): Float32Array {
  const out = new Float32Array(size * size);
  if (id === 'random') {
    let s = 12345;
    for (let k = 0; k < out.length; k++)
      out[k] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    return out;
  }
  const f = compileExpression(TARGET_FORMULAS[id]);
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) out[j * size + i] = f(i / (size - 1), j / (size - 1));
  return out;
}
