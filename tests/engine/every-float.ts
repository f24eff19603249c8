/**
 * `npm run test:every-float [tanh|sincos|exp] [start end]`: the four-lane exact functions of
 * engine/assembly/kernels/exactmath.ts against Mathf on every float32 bit pattern (or the range
 * [start, end) of patterns, as hexadecimal or decimal numbers). tests/engine/exactmath.test.ts
 * runs a dense sample of each range in the suite; this sweep takes minutes, so it is run by hand
 * after a change to those functions. NaN against NaN counts as equal (Wasm leaves a NaN's bits
 * to the machine). Exits non-zero on any difference, after printing the first few.
 */
import type { EngineExports } from '../../src/lib/engine/engine';
import { rawEngine } from './helpers';

type Fn = (...args: number[]) => void;
const CHUNK = 1 << 20;

const which = process.argv[2] ?? 'tanh';
const start = Number(process.argv[3] ?? 0);
const end = Number(process.argv[4] ?? 2 ** 32);
const outputs = which === 'sincos' ? 2 : 1;
const runs: Record<string, (w: EngineExports, simd: number, x: number, o: number[]) => void> = {
  tanh: (w, simd, x, o) => (w.testExactTanh as unknown as Fn)(simd, x, o[0], CHUNK),
  exp: (w, simd, x, o) => (w.testExactExp as unknown as Fn)(simd, x, o[0], CHUNK),
  sincos: (w, simd, x, o) => (w.testExactSinCos as unknown as Fn)(simd, x, o[0], o[1], CHUNK),
};
const run = runs[which];
if (
  !run ||
  !(start >= 0 && end <= 2 ** 32 && start < end && start % CHUNK === 0 && end % CHUNK === 0)
) {
  console.error('usage: every-float.ts [tanh|sincos|exp] [start end], both multiples of 2^20');
  process.exit(2);
}

const w = await rawEngine(true);
const base = w.testScratch((1 + 2 * outputs) * CHUNK * 4);
if (!base) throw new Error('no scratch memory');
const x = base;
const simdOut = Array.from({ length: outputs }, (_, k) => base + (1 + k) * CHUNK * 4);
const scalarOut = Array.from({ length: outputs }, (_, k) => base + (1 + outputs + k) * CHUNK * 4);

let differences = 0;
const started = performance.now();
for (let first = start; first < end; first += CHUNK) {
  const u32 = new Uint32Array(w.memory.buffer);
  for (let k = 0; k < CHUNK; k++) u32[(x >> 2) + k] = first + k;
  run(w, 1, x, simdOut);
  run(w, 0, x, scalarOut);
  const m = new Uint32Array(w.memory.buffer);
  for (let o = 0; o < outputs; o++) {
    const a = simdOut[o] >> 2;
    const b = scalarOut[o] >> 2;
    for (let k = 0; k < CHUNK; k++) {
      const p = m[a + k];
      const q = m[b + k];
      if (p === q) continue;
      const nan = (v: number) => (v & 0x7fffffff) > 0x7f800000;
      if (nan(p) && nan(q)) continue;
      if (++differences <= 10) {
        const bits = (first + k) >>> 0;
        const f = new Float32Array(Uint32Array.of(bits, p, q).buffer);
        console.log(
          `${which} output ${o}: x = ${f[0]} (0x${bits.toString(16)}): SIMD ${f[1]}, Mathf ${f[2]}`,
        );
      }
    }
  }
  if ((first / CHUNK) % 256 === 255) {
    const done = (first + CHUNK - start) / (end - start);
    process.stdout.write(
      `${which}: ${(100 * done).toFixed(0)}% of the patterns, ${differences} differences\n`,
    );
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(`${which}: ${end - start} bit patterns in ${seconds} s, ${differences} differences`);
process.exit(differences ? 1 : 0);
