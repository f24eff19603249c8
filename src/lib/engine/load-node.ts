/**
 * Node loader for the engine (tests and the benchmark): reads engine/build/nn-simd.wasm or
 * nn-scalar.wasm (run `node engine/build.mjs` first) and instantiates it.
 */
import { readFile as readFileUntyped } from 'node:fs/promises';
import { Engine, instantiateEngine } from './engine';
import { engineFileName, simdSupported } from './simd';

const readFile = readFileUntyped as (url: URL) => Promise<Uint8Array<ArrayBuffer>>;

const modules = new Map<boolean, Promise<WebAssembly.Module>>();

/** The compiled module, read and compiled once per process. */
export function loadEngineModule(simd: boolean): Promise<WebAssembly.Module> {
  let m = modules.get(simd);
  if (m === undefined) {
    const url = new URL(`../../../engine/build/${engineFileName(simd)}`, import.meta.url);
    m = readFile(url).then(
      (bytes: Uint8Array<ArrayBuffer>) => WebAssembly.compile(bytes),
      (e: Error) => {
        throw new Error(
          `engine: cannot read ${url.pathname} (${e.message}); run \`node engine/build.mjs\``,
        );
      },
    );
    modules.set(simd, m);
  }
  return m as Promise<WebAssembly.Module>;
}

/** A fresh engine instance; `simd` defaults to whatever this Node supports. */
export async function loadEngine(options: { simd?: boolean } = {}): Promise<Engine> {
  const simd = options.simd ?? simdSupported();
  return instantiateEngine(await loadEngineModule(simd), simd);
}
