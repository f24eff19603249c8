// Builds the engine twice from the same sources: nn-simd.wasm (Wasm SIMD) and nn-scalar.wasm
// (no SIMD; kernels chosen at compile time through ASC_FEATURE_SIMD). Both have no imports.
// Usage: node engine/build.mjs [--watch]
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync, statSync, watch } from 'node:fs';
import asc from 'assemblyscript/asc';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'assembly', 'index.ts');
const outDir = join(here, 'build');

const common = [
  '-O3',
  '--runtime',
  'stub',
  '--noAssert',
  '--use',
  'abort=',
  '--initialMemory',
  '1',
];
const targets = [
  { name: 'nn-simd.wasm', flags: ['--enable', 'simd'] },
  { name: 'nn-scalar.wasm', flags: [] },
];

async function buildOnce() {
  mkdirSync(outDir, { recursive: true });
  const started = performance.now();
  for (const t of targets) {
    const out = join(outDir, t.name);
    const { error, stderr } = await asc.main([entry, ...common, ...t.flags, '--outFile', out]);
    if (error) {
      process.stderr.write(stderr.toString());
      throw new Error(`asc failed for ${t.name}: ${error.message}`);
    }
    console.log(
      `engine: ${t.name.padEnd(15)} ${(statSync(out).size / 1024).toFixed(1).padStart(6)} KiB`,
    );
  }
  console.log(`engine: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv.includes('--watch')) {
  let timer = null;
  const rebuild = () => buildOnce().catch((e) => console.error(e.message));
  await rebuild();
  watch(join(here, 'assembly'), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 100);
  });
  console.log('engine: watching engine/assembly');
} else {
  try {
    await buildOnce();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
