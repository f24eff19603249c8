/**
 * Shared by the lesson tests: every experiment script, parsed through the schema the site build
 * uses, and a headless replay of a script on the real engine (one engine per network).
 */
import {
  LessonRunner,
  fromEngine,
  type CheckResult,
  type NetworkBackend,
} from '../../src/lib/lessons/runner';
import { isMetricCheck, scriptSchema, type Script } from '../../src/lib/lessons/schema';

const files = import.meta.glob('../../src/content/experiments/*.json', {
  eager: true,
  import: 'default',
}) as Record<string, unknown>;

export const rawScripts: Record<string, unknown> = Object.fromEntries(
  Object.entries(files).map(([path, data]) => [path.replace(/^.*\/|\.json$/g, ''), data]),
);

export function script(id: string): Script {
  const raw = rawScripts[id];
  if (!raw) throw new Error(`no script ${id}`);
  return scriptSchema.parse(raw);
}

export interface StepOutcome {
  id: string;
  /** null for reader checks (the replay cannot click). */
  result: CheckResult | null;
  metric: string;
}

/**
 * Replay every step in order with the script's seeds; returns each checkpoint's measurement.
 * `simd: false` replays on the scalar engine, the one a browser without Wasm SIMD gets: it
 * rounds differently, so the numbers differ a little and the checks must still hold.
 */
export async function replay(
  s: Script,
  { simd = true }: { simd?: boolean } = {},
): Promise<{
  outcomes: StepOutcome[];
  runner: LessonRunner;
  backends: Record<string, NetworkBackend>;
}> {
  // Loaded lazily, so the schema tests run without a built engine.
  const { loadEngine } = await import('../../src/lib/engine/load-node');
  const backends = Object.fromEntries(
    await Promise.all(s.networks.map(async (id) => [id, fromEngine(await loadEngine({ simd }))])),
  );
  let t = 0;
  const runner = new LessonRunner(s, backends, { now: () => (t += 1) });
  const outcomes: StepOutcome[] = [];
  for (let i = 0; i < s.steps.length; i++) {
    const step = s.steps[i];
    const result = await runner.runStep(i);
    await runner.save(i, result);
    const check = step.checkpoint.check;
    outcomes.push({
      id: step.id,
      result,
      metric: isMetricCheck(check) ? check.metric : `reader:${check.reader}`,
    });
  }
  return { outcomes, runner, backends };
}

/** One line per checkpoint, for the test log: the numbers behind the lesson's claims. */
export function report(s: Script, outcomes: StepOutcome[]): string {
  return outcomes
    .map((o) =>
      o.result
        ? `${s.id}/${o.id} [${o.metric}] ${o.result.passed ? 'PASS' : 'FAIL'} raw=${o.result.raw} ${JSON.stringify(o.result.values)}`
        : `${s.id}/${o.id} [${o.metric}] (reader task)`,
    )
    .join('\n');
}

/**
 * A SIMD engine and the lessons' configurations (`buildConfig`), loaded lazily as `replay` loads
 * its engines: for the tests that measure a lesson's claim outside its script.
 */
export async function lessonEngine() {
  const [{ loadEngine }, { buildConfig }] = await Promise.all([
    import('../../src/lib/engine/load-node'),
    import('../../src/lib/lessons/config'),
  ]);
  return { engine: await loadEngine({ simd: true }), buildConfig };
}
