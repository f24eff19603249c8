/**
 * The speeds a lesson quotes, measured in Node the way its experiment measures them in the
 * browser: every step of src/content/experiments/*.json that holds a `benchmark` action (today the
 * GCU lesson's "What a cosine costs") is run by the lessons' own LessonRunner on a Node engine,
 * ROUNDS times; each variant's best rate is kept. The lesson's figures for Node come from this;
 * its figures for Chromium come from the experiment step itself.
 *
 * Usage: `npx tsx bench/lesson-benchmarks.ts` (ROUNDS, default 7).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadEngine } from '../src/lib/engine/load-node';
import { LessonRunner, fromEngine, type BenchmarkRow } from '../src/lib/lessons/runner';
import { scriptSchema } from '../src/lib/lessons/schema';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const DIR = 'src/content/experiments';

async function main(): Promise<void> {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const script = scriptSchema.parse(JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')));
    for (const [index, step] of script.steps.entries()) {
      if (!step.actions.some((a) => a.do === 'benchmark')) continue;
      const best = new Map<string, number>();
      const onBenchmark = (rows: BenchmarkRow[]) => {
        for (const r of rows)
          best.set(r.label, Math.max(best.get(r.label) ?? 0, r.examplesPerSecond));
      };
      const backends = Object.fromEntries(
        await Promise.all(
          script.networks.map(async (id) => [id, fromEngine(await loadEngine({ simd: true }))]),
        ),
      );
      const runner = new LessonRunner(script, backends, { onBenchmark });
      for (let round = 0; round < ROUNDS; round++) await runner.runStep(index);
      const hidden = step.actions.flatMap((a) => (a.do === 'benchmark' ? [a.hidden] : []));
      console.log(`\n${file.replace('.json', '')} / ${step.id}: hidden ${JSON.stringify(hidden)}`);
      const first = [...best.values()][0];
      for (const [label, eps] of best) {
        console.log(
          `  ${label.padEnd(20)} ${Math.round(eps).toLocaleString('en').padStart(12)} examples/s  ${(eps / first).toFixed(2)}×`,
        );
      }
      console.log(
        JSON.stringify({
          lesson: file.replace('.json', ''),
          step: step.id,
          hidden,
          examplesPerSecond: Object.fromEntries([...best].map(([k, v]) => [k, Math.round(v)])),
        }),
      );
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
