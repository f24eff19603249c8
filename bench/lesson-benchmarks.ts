/**
 * The speeds a lesson quotes, measured in Node the way its experiment measures them in the
 * browser: every `benchmark` action in src/content/experiments/*.json (today the GCU lesson's
 * "What a cosine costs"), with its preset, hidden layers, variants and example count, through the
 * same `buildConfig`. A short warm-up, then the action's examples timed; best of ROUNDS rounds,
 * the variants interleaved so a busy moment hits them alike. The lesson's figures for Node come
 * from this; its figures for Chromium come from the experiment step itself.
 *
 * Usage: `npx tsx bench/lesson-benchmarks.ts` (ROUNDS, default 7).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadEngine } from '../src/lib/engine/load-node';
import { buildConfig } from '../src/lib/lessons/config';
import { scriptSchema, type Action } from '../src/lib/lessons/schema';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const DIR = 'src/content/experiments';

type Benchmark = Extract<Action, { do: 'benchmark' }>;

async function main(): Promise<void> {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const script = scriptSchema.parse(JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')));
    for (const step of script.steps) {
      for (const action of step.actions) {
        if (action.do !== 'benchmark') continue;
        const b = action as Benchmark;
        const best = new Map<string, number>();
        for (let round = 0; round < ROUNDS; round++) {
          for (const v of b.variants) {
            const engine = await loadEngine({ simd: true });
            engine.configure(
              buildConfig(b.preset, {
                hidden: b.hidden,
                activation: v.activation,
                fastMath: v.fastMath,
              }),
            );
            engine.train(Math.min(2000, b.examples)); // the experiment's warm-up
            const t = performance.now();
            engine.train(b.examples);
            const perSecond = b.examples / ((performance.now() - t) / 1000);
            best.set(v.label, Math.max(best.get(v.label) ?? 0, perSecond));
          }
        }
        console.log(
          `\n${file.replace('.json', '')} / ${step.id}: hidden ${JSON.stringify(b.hidden)}`,
        );
        const first = best.get(b.variants[0].label)!;
        for (const v of b.variants) {
          const eps = best.get(v.label)!;
          console.log(
            `  ${v.label.padEnd(20)} ${Math.round(eps).toLocaleString('en').padStart(12)} examples/s  ${(eps / first).toFixed(2)}×`,
          );
        }
        console.log(
          JSON.stringify({
            lesson: file.replace('.json', ''),
            step: step.id,
            hidden: b.hidden,
            examplesPerSecond: Object.fromEntries([...best].map(([k, v]) => [k, Math.round(v)])),
          }),
        );
      }
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
