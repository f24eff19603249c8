/**
 * `npm run test:every-float [tanh|sincos|exp] [start end]`: the four-lane exact functions of
 * engine/assembly/kernels/exactmath.ts against Mathf on every float32 bit pattern (or the range
 * [start, end) of patterns, as hexadecimal or decimal numbers). tests/engine/exactmath.test.ts
 * runs a dense sample of each range in the suite; this sweep takes minutes, so it is run by hand
 * after a change to those functions. NaN against NaN counts as equal (Wasm leaves a NaN's bits
 * to the machine). Exits non-zero on any difference, after printing the first few.
 */
import type { EngineExports } from '../../src/lib/engine/engine';
import { compareExact, rawEngine } from './helpers';

type Fn = (...args: number[]) => void;
const CHUNK = 1 << 20;

const which = process.argv[2] ?? 'tanh';
const start = Number(process.argv[3] ?? 0);
const end = Number(process.argv[4] ?? 2 ** 32);
const outputs = which === 'sincos' ? 2 : 1;
const runs: Record<
  string,
  (w: EngineExports) => (s: number, x: number, o: number[], n: number) => void
> = {
  tanh: (w) => (s, x, o, n) => (w.testExactTanh as unknown as Fn)(s, x, o[0], n),
  exp: (w) => (s, x, o, n) => (w.testExactExp as unknown as Fn)(s, x, o[0], n),
  sincos: (w) => (s, x, o, n) => (w.testExactSinCos as unknown as Fn)(s, x, o[0], o[1], n),
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

let differences = 0;
const started = performance.now();
const bits = new Uint32Array(CHUNK);
for (let first = start; first < end; first += CHUNK) {
  for (let k = 0; k < CHUNK; k++) bits[k] = first + k;
  const found = compareExact(w, base, CHUNK, bits, outputs, run(w), Math.max(0, 10 - differences));
  for (const line of found.first) console.log(`${which} ${line}`);
  differences += found.count;
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
