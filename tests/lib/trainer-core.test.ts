import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/lib/engine/load-node';
import { presetById } from '../../src/lib/presets';
import type { TrainerSnapshot } from '../../src/lib/trainer/protocol';
import {
  bucketEnd,
  bucketSize,
  bucketUnit,
  readsTestLoss,
} from '../../src/lib/trainer/loss-history';
import { SILENCE_LIMIT_MS, silenceAllowed } from '../../src/lib/trainer/client';
import { TrainerCore } from '../../src/lib/trainer/trainer-core';

async function makeCore() {
  const engine = await loadEngine({ simd: true });
  const core = new TrainerCore(engine, { sliceMs: 2, publishIntervalMs: 0 });
  const snapshots: TrainerSnapshot[] = [];
  core.subscribe((s) => snapshots.push(s));
  return { core, snapshots };
}

describe('TrainerCore', () => {
  it('a restore given the curve that led to the state reads its training loss at once', async () => {
    const { core, snapshots } = await makeCore();
    core.configure(presetById('first-look').config());
    await core.train(20_000);
    const trained = snapshots[snapshots.length - 1];
    const past = snapshots.flatMap((s) => s.history);
    const state = core.engine.snapshot();
    await core.train(5_000);
    // Without the curve, nothing is known of the loss until the next 1,000 examples.
    core.restore(state);
    expect(snapshots[snapshots.length - 1].trainLoss).toBeNaN();
    // With it (and points past the state, which do not count), the loss it had when saved.
    core.restore(state, [
      ...past,
      { examples: 24_000, count: 16, trainLoss: 9, testLoss: Number.NaN, learningRate: 0.1 },
    ]);
    const back = snapshots[snapshots.length - 1];
    expect(back.examplesSeen).toBe(20_000);
    expect(back.trainLoss).toBeCloseTo(trained.trainLoss, 12);
    // The sandbox sends every training setting at each edit: the same loss again keeps the
    // window; another loss function empties it.
    core.setTraining({ ...core.engine.currentConfig.training, learningRate: 0.05 });
    expect(snapshots[snapshots.length - 1].trainLoss).toBeCloseTo(trained.trainLoss, 12);
    core.setTraining({ loss: { kind: 'huber', delta: 1 } });
    expect(snapshots[snapshots.length - 1].trainLoss).toBeNaN();
  });

  it('trains exactly the examples asked for, in slices, publishing progress', async () => {
    const { core, snapshots } = await makeCore();
    core.configure(presetById('first-look').config());
    const report = await core.train(20_000);
    expect(report.examples).toBe(20_000);
    expect(report.examplesSeen).toBe(20_000);
    const last = snapshots[snapshots.length - 1];
    expect(last.status).toBe('idle');
    expect(last.examplesSeen).toBe(20_000);
    // More than one slice ran, and the job's progress was reported along the way.
    const progress = snapshots.filter((s) => s.job).map((s) => s.job!.done);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // The loss history holds every published training loss, in order of examples.
    const history = snapshots.flatMap((s) => s.history);
    expect(history.length).toBeGreaterThan(1);
    expect(history.map((p) => p.examples)).toEqual(
      [...history.map((p) => p.examples)].sort((a, b) => a - b),
    );
  });

  it('gives the same numbers for the same seed, however the work was sliced', async () => {
    const a = await makeCore();
    const b = new TrainerCore(await loadEngine({ simd: true }), {
      sliceMs: 50,
      publishIntervalMs: 1e9,
    });
    const config = presetById('first-look').config();
    a.core.configure(config);
    b.configure(config);
    await a.core.train(30_000);
    await b.train(30_000);
    expect(Array.from(b.engine.evaluate(16, 0).output)).toEqual(
      Array.from(a.core.engine.evaluate(16, 0).output),
    );
  });

  it('at batch 32 too: every slice is whole batches, so the slicing cannot change a batch', async () => {
    const config = presetById('first-look').config();
    config.training.batchSize = 32;
    const runs: { weights: number[]; calls: number[]; slices: number }[] = [];
    for (const sliceMs of [0.01, 50]) {
      const engine = await loadEngine({ simd: true });
      const calls: number[] = [];
      const train = engine.train.bind(engine);
      engine.train = (n: number) => {
        calls.push(n);
        return train(n);
      };
      let slices = 0;
      const yieldToEvents = () => {
        slices++;
        return Promise.resolve();
      };
      const core = new TrainerCore(engine, { sliceMs, publishIntervalMs: 1e9, yieldToEvents });
      core.configure(config);
      await core.train(20_010);
      runs.push({ weights: engine.getParams().flatMap((l) => l.weights.flat()), calls, slices });
    }
    // Every slice is whole batches but the job's last: 20,010 = 625 × 32 + 10.
    for (const { calls } of runs) {
      expect(
        calls.slice(0, -1).every((n) => n % 32 === 0),
        String(calls),
      ).toBe(true);
      expect(calls[calls.length - 1] % 32).toBe(10);
    }
    expect(runs[0].slices).toBeGreaterThan(runs[1].slices);
    expect(runs[1].weights).toEqual(runs[0].weights);
  });

  it('reports the per-layer gradient norms of the last step in every snapshot', async () => {
    const { core, snapshots } = await makeCore();
    core.configure(presetById('first-look').config());
    expect(snapshots[snapshots.length - 1].gradientNorms).toEqual([0, 0, 0]);
    await core.train(5_000);
    const norms = snapshots[snapshots.length - 1].gradientNorms;
    expect(norms).toEqual(core.engine.gradientNorms());
    expect(norms).toHaveLength(3);
    expect(norms.every((v) => v > 0)).toBe(true);
  });

  it('sends grids of the requested sizes, every neuron included', async () => {
    const { core, snapshots } = await makeCore();
    core.setView({ resolution: 20, thumbResolution: 8, neuronStats: true });
    core.configure(presetById('first-look').config());
    const s = snapshots[snapshots.length - 1];
    expect(s.layerSizes).toEqual([12, 8, 1]);
    expect(s.output).toHaveLength(400);
    expect(s.target).toHaveLength(400);
    expect(s.neurons).toHaveLength((12 + 8 + 1) * 64);
    expect(s.neuronStats).toHaveLength(21);
  });

  it('restoring a snapshot of another network describes that network, layer sizes included', async () => {
    const { core, snapshots } = await makeCore();
    core.setView({ thumbResolution: 4 });
    core.configure(presetById('first-look').config());
    const state = core.engine.snapshot();
    core.configure(presetById('4-layer-neuron-response').config());
    expect(snapshots[snapshots.length - 1].layerSizes).toEqual([64, 32, 16, 8, 1]);
    // The engine reconfigures itself from the snapshot; the trainer must follow it.
    core.restore(state);
    const s = snapshots[snapshots.length - 1];
    expect(s.layerSizes).toEqual([12, 8, 1]);
    expect(s.neurons).toHaveLength((12 + 8 + 1) * 16);
  });

  /** Train `examples` on a fresh first-look network with the given slicing; every snapshot. */
  async function curveRun(
    sliceMs: number,
    publishIntervalMs: number,
    examples: number,
    batchSize = 1,
  ) {
    const engine = await loadEngine({ simd: true });
    let testLossCalls = 0;
    const testLoss = engine.testLoss.bind(engine);
    engine.testLoss = () => {
      testLossCalls++;
      return testLoss();
    };
    const core = new TrainerCore(engine, { sliceMs, publishIntervalMs });
    const snapshots: TrainerSnapshot[] = [];
    core.subscribe((s) => snapshots.push(s));
    const config = presetById('first-look').config();
    config.training.batchSize = batchSize;
    core.configure(config);
    await core.train(examples);
    return { snapshots, history: snapshots.flatMap((s) => s.history), calls: () => testLossCalls };
  }

  it('draws the loss curve by examples: the same buckets and means however the work was sliced', async () => {
    const fine = await curveRun(0.2, 1, 300_000);
    const coarse = await curveRun(50, 1e9, 300_000);
    expect(fine.snapshots.length).toBeGreaterThan(coarse.snapshots.length + 20);
    const shape = (h: typeof fine.history) => h.map((p) => [p.examples, p.count]);
    expect(shape(fine.history)).toEqual(shape(coarse.history));
    fine.history.forEach((p, i) => {
      expect(p.trainLoss).toBeCloseTo(coarse.history[i].trainLoss, 12);
      expect(p.learningRate).toBe(coarse.history[i].learningRate);
      // The test-loss readings too: the same buckets have them (NaN where none), bit for bit.
      expect(p.testLoss).toBe(coarse.history[i].testLoss);
    });
    // So do the numbers shown once the job is done.
    const [endFine, endCoarse] = [fine, coarse].map((r) => r.snapshots[r.snapshots.length - 1]);
    expect(endFine.trainLoss).toBeCloseTo(endCoarse.trainLoss, 12);
    expect(endFine.testLoss).toBe(endCoarse.testLoss);
    // The buckets tile the run from its first example, each as long as the schedule says,
    // ending on a multiple of its size: a few thousand points at most, not one per slice.
    let from = 0;
    for (const p of fine.history.slice(0, -1)) {
      expect(p.examples - p.count).toBe(from);
      expect(p.count).toBe(bucketSize(from, bucketUnit(1)));
      expect(p.examples % p.count).toBe(0);
      from = p.examples;
    }
    // Past 262,144 examples the buckets hold 512: the job's end closes the last one early, so
    // the curve reaches the last example.
    expect(from).toBe(300_000 - (300_000 % 512));
    expect(fine.history[fine.history.length - 1]).toMatchObject({ examples: 300_000, count: 480 });
    // 1,024 of one example, then 512 per doubling: 1,024 + 512 · log2(300,000 / 1,024).
    expect(fine.history.length).toBeLessThanOrEqual(
      1024 + 512 * Math.ceil(Math.log2(300_000 / 1024)),
    );
  });

  it('each bucket is the mean loss of its own examples, and each test reading is the loss at its end', async () => {
    const run = await curveRun(0.5, 3, 60_000);
    const replay = await loadEngine({ simd: true });
    replay.configure(presetById('first-look').config());
    let readings = 0;
    for (const p of run.history) {
      // At batch 1 the slicing does not change the weights: train the bucket in one call.
      const report = replay.train(p.count);
      expect(replay.examplesSeen).toBe(p.examples);
      expect(p.trainLoss).toBeCloseTo(report.loss, 12);
      if (Number.isFinite(p.testLoss)) {
        readings++;
        expect(p.testLoss).toBe(replay.testLoss());
      }
    }
    // Readings come about as often as snapshots, not with every bucket.
    expect(readings).toBeGreaterThan(3);
    expect(readings).toBeLessThan(run.history.length / 4);
  });

  it('at batch 32, buckets are whole batches', async () => {
    const run = await curveRun(0.5, 3, 100_010, 32);
    let from = 0;
    for (const p of run.history.slice(0, -1)) {
      expect(p.examples - p.count).toBe(from);
      expect(p.count).toBe(bucketSize(from, bucketUnit(32)));
      expect(p.count % 32).toBe(0);
      from = p.examples;
    }
    // 32 × 1,024 of 32, then 512 of 64 to 65,536, then buckets of 128; the job's end closes
    // the last one, with the job's smaller batch of 10 in it.
    expect(from).toBe(100_000 - (100_000 % 128));
    expect(run.history[run.history.length - 1]).toMatchObject({ examples: 100_010, count: 42 });
  });

  it('reads the test loss once per state, however many snapshots and buckets want it', async () => {
    const run = await curveRun(2, 0, 40_000);
    const states = new Set<number>(run.snapshots.map((s) => s.examplesSeen));
    for (const p of run.history) if (Number.isFinite(p.testLoss)) states.add(p.examples);
    expect(run.calls()).toBe(states.size);
    // Readings come where the schedule says (16 per doubling), and at the job's end.
    const read = run.history.filter((p) => Number.isFinite(p.testLoss));
    expect(read.length).toBeGreaterThan(5);
    for (const p of read)
      expect(p.examples === 40_000 || readsTestLoss(p.examples, p.count, bucketUnit(1))).toBe(true);
    expect(read[read.length - 1].examples).toBe(40_000);
    expect(read[read.length - 1].testLoss).toBe(run.snapshots[run.snapshots.length - 1].testLoss);
  });

  it('announces a test-loss reading that may take over a second, and says how far it has got', async () => {
    const engine = await loadEngine({ simd: true });
    const calls: string[] = [];
    let clock = 0;
    engine.testLoss = (onPart) => {
      calls.push(onPart ? 'read in parts' : 'read');
      // 100 parts of 1,000 points, 100 ms each (the real one takes 2.5 s on 8 × 256 here).
      for (let done = 1_000; done <= 100_000 && onPart; done += 1_000) {
        clock += 100;
        onPart(done, 100_000);
      }
      return 0.5;
    };
    const core = new TrainerCore(engine, {
      publishIntervalMs: 0,
      now: () => clock,
      onLongReading: (r) => calls.push(`quiet ${r.quietMs}: ${r.done} of ${r.testPoints}`),
    });
    const config = presetById('first-look').config();
    core.configure(config);
    // The default network reads its 4,096 points in well under a second: nothing to announce.
    expect(calls).toEqual(['read']);
    calls.length = 0;
    const wide = { ...config.network.hidden[0], units: 256 };
    config.network.hidden = Array(8).fill(wide);
    config.data.mode = { kind: 'fixed', trainSize: 100, testSize: 100_000, noise: 0 };
    core.configure(config);
    // 100,000 points × 459,520 multiply-adds at 250,000 per ms (a slow phone, scalar build):
    // 183,808 ms for the whole reading, and each report allows what is left of it.
    const bound = (100_000 * 459_520) / 2.5e5;
    expect(bound).toBe(183_808);
    const told = (k: number) =>
      `quiet ${Math.ceil((bound * (100 - k)) / 100)}: ${k * 1_000} of 100000`;
    // Before the reading, then every 250 ms of it (every third part here), never at its end.
    const progress = [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57]
      .concat([60, 63, 66, 69, 72, 75, 78, 81, 84, 87, 90, 93, 96, 99])
      .map(told);
    expect(calls).toEqual([told(0), 'read in parts', ...progress]);
    expect(progress.at(-1)).toBe('quiet 1839: 99000 of 100000');
    expect(silenceAllowed({ heartbeat: 1, quietMs: 183_808 }, SILENCE_LIMIT_MS)).toBe(
      SILENCE_LIMIT_MS + 183_808,
    );
    // The next plain beat (or any other message) ends the allowance, or keeps it.
    expect(silenceAllowed({ heartbeat: 2 }, SILENCE_LIMIT_MS + 183_808)).toBe(SILENCE_LIMIT_MS);
    expect(silenceAllowed({ id: 'x' }, SILENCE_LIMIT_MS + 5)).toBe(SILENCE_LIMIT_MS + 5);
  });

  it('while a speed measurement runs, snapshots carry the response only', async () => {
    const { core, snapshots } = await makeCore();
    core.setView({ resolution: 16, thumbResolution: 8, testLoss: true, neuronStats: true });
    core.configure(presetById('first-look').config());
    const full = (s: TrainerSnapshot) => [
      !!s.neurons,
      !!s.neuronStats,
      Number.isFinite(s.testLoss),
    ];
    expect(full(snapshots.at(-1)!)).toEqual([true, true, true]);
    core.setMeasuring(true);
    const from = snapshots.length;
    await core.train(20_000);
    const during = snapshots.slice(from);
    expect(during.length).toBeGreaterThan(1);
    for (const s of during) {
      expect(full(s)).toEqual([false, false, false]);
      expect(s.output.length).toBe(16 * 16);
      for (const p of s.history) expect(p.testLoss).toBeNaN();
    }
    core.setMeasuring(false);
    core.refresh();
    expect(full(snapshots.at(-1)!)).toEqual([true, true, true]);
  });

  it('a pause closes the open bucket, and the next one runs to the next end of the schedule', async () => {
    const { core, snapshots } = await makeCore();
    core.configure(presetById('first-look').config());
    await core.train(5_000);
    core.play();
    await new Promise((r) => setTimeout(r, 60));
    core.pause();
    const seen = core.engine.examplesSeen;
    await core.train(3_000);
    const history = snapshots.flatMap((s) => s.history);
    const xs = history.map((p) => p.examples);
    expect(xs).toContain(5_000);
    expect(xs).toContain(seen);
    expect(xs[xs.length - 1]).toBe(seen + 3_000);
    // No example is lost or counted twice.
    let from = 0;
    for (const p of history) {
      expect(p.examples - p.count).toBe(from);
      from = p.examples;
    }
    const after = history.find((p) => p.examples > seen)!;
    expect(after.examples).toBe(Math.min(seen + 3_000, bucketEnd(seen, bucketUnit(1))));
  });

  it('a test-loss reading is never reused for another network with the same examples seen', async () => {
    const { core, snapshots } = await makeCore();
    const config = presetById('first-look').config();
    core.configure(config);
    await core.train(1_000);
    const params = core.engine.getParams();
    const first = snapshots[snapshots.length - 1].testLoss;
    core.reset(99);
    await core.train(1_000);
    const second = snapshots[snapshots.length - 1].testLoss;
    expect(second).not.toBe(first);
    // An import puts the first network back at the same examples seen: its own loss, read anew.
    core.setParams(params);
    expect(snapshots[snapshots.length - 1].testLoss).toBe(first);
    core.setFastMath(false);
    expect(snapshots[snapshots.length - 1].testLoss).toBe(core.engine.testLoss());
    expect(snapshots[snapshots.length - 1].testLoss).not.toBe(first);
  });

  it('an explicit set trains in buckets with the same batches as one call, and is checked whole first', async () => {
    const config = presetById('first-look').config();
    config.training.batchSize = 3;
    const n = 2_500;
    const inputs = new Float32Array(2 * n).map((_, k) => ((k * 0.618) % 1) as number);
    const targets = new Float32Array(n).map((_, k) => (k % 3 === 0 ? 1 : 0));
    const { core, snapshots } = await makeCore();
    core.configure(config);
    const report = core.trainOn(inputs, targets);
    const one = await loadEngine({ simd: true });
    one.configure(config);
    const whole = one.trainOn(inputs, targets);
    expect(report.examples).toBe(n);
    expect(report.loss).toBeCloseTo(whole.loss, 12);
    expect(core.engine.getParams()).toEqual(one.getParams());
    // In buckets, ending where the set ends.
    const history = snapshots.flatMap((s) => s.history);
    expect(history.length).toBeGreaterThan(10);
    expect(history[history.length - 1].examples).toBe(n);
    // A bad number anywhere is refused before anything is trained.
    const bad = inputs.slice();
    bad[2 * n - 3] = Number.NaN;
    const before = core.engine.examplesSeen;
    expect(() => core.trainOn(bad, targets)).toThrow(/input 4997 is not finite/);
    expect(() => core.trainOn(inputs.subarray(2), targets)).toThrow(/2 numbers per target/);
    expect(core.engine.examplesSeen).toBe(before);
  });

  it('the training loss shown is the mean of the latest closed buckets that hold 1,000 examples', async () => {
    const run = await curveRun(0.5, 3, 50_000);
    const last = run.snapshots[run.snapshots.length - 1];
    // From the curve: walk back from the newest bucket until 1,000 examples are covered.
    let sum = 0;
    let count = 0;
    for (let k = run.history.length - 1; k >= 0 && count < 1000; k--) {
      sum += run.history[k].trainLoss * run.history[k].count;
      count += run.history[k].count;
    }
    expect(count).toBeGreaterThanOrEqual(1000);
    expect(last.trainLoss).toBeCloseTo(sum / count, 12);
  });

  it('play runs until pause, and pause stops it', async () => {
    const { core, snapshots } = await makeCore();
    core.configure(presetById('first-look').config());
    core.play();
    await new Promise((r) => setTimeout(r, 150));
    core.pause();
    const seen = core.engine.examplesSeen;
    expect(seen).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(core.engine.examplesSeen).toBe(seen);
    expect(snapshots[snapshots.length - 1].status).toBe('idle');
  });

  it('a job cut short reports its own examples: by a reset, or by the next job', async () => {
    const { core } = await makeCore();
    core.configure(presetById('first-look').config());
    await core.train(5000);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let job = core.train(1_000_000_000);
    await sleep(60);
    const before = core.engine.examplesSeen;
    core.reset();
    const cut = await job;
    // It said −5,000 here: examples seen after the reset, less those before the job.
    expect(cut.examples).toBe(before - 5000);
    await core.train(3000);
    const start = core.engine.examplesSeen;
    job = core.train(1_000_000_000);
    await sleep(60);
    const next = core.train(100);
    const [first, second] = [await job, await next];
    // The second job's 100 were counted in the first's report too.
    expect(first.examples + second.examples).toBe(core.engine.examplesSeen - start);
    expect(second.examples).toBe(100);
  });

  it('a configure, reset or restore the engine refuses leaves a run going, as nothing changed', async () => {
    const { core, snapshots } = await makeCore();
    core.configure(presetById('first-look').config());
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    core.play();
    await sleep(50);
    expect(() => core.restore(new Uint8Array([1, 2, 3]))).toThrow(/restore/);
    expect(() => core.reset(-1)).toThrow(/seed/);
    expect(() => core.configure({ ...presetById('first-look').config(), seed: -1 })).toThrow(
      /seed/,
    );
    const seen = core.engine.examplesSeen;
    const published = snapshots.length;
    await sleep(100);
    // Before, training stopped at the refusal and the last snapshot still said "running".
    expect(core.engine.examplesSeen).toBeGreaterThan(seen);
    expect(snapshots.length).toBeGreaterThan(published);
    core.pause();
    expect(snapshots[snapshots.length - 1].status).toBe('idle');
  });

  it('refuses a view the engine cannot draw when it is asked, not at the next publish', async () => {
    const { core, snapshots } = await makeCore();
    core.configure(presetById('first-look').config());
    expect(() => core.setView({ resolution: 300 })).toThrow(/resolution/);
    expect(() => core.setView({ resolution: 1 })).toThrow(/resolution/);
    expect(() => core.setView({ thumbResolution: 1 })).toThrow(/thumbResolution/);
    expect(() => core.setView({ thumbResolution: 65 })).toThrow(/thumbResolution/);
    expect(() => core.setView({ publishIntervalMs: -1 })).toThrow(/publishIntervalMs/);
    // The refused views left the one in force: training still publishes 64×64 grids.
    await core.train(100);
    expect(core.engine.examplesSeen).toBe(100);
    const last = snapshots[snapshots.length - 1];
    expect([last.resolution, last.output.length]).toEqual([64, 64 * 64]);
  });

  it('an engine error ends the run: the trainer is idle again and the next run works', async () => {
    const { core, snapshots } = await makeCore();
    // Before configure the engine refuses to train: the promise rejects, nothing is left running.
    await expect(core.train(10)).rejects.toThrow(/configure/);
    core.configure(presetById('first-look').config());
    const train = core.engine.train.bind(core.engine);
    let calls = 0;
    core.engine.train = (n: number) => {
      if (++calls === 3) throw new Error('out of memory');
      return train(n);
    };
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      core.play();
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      console.error = log;
    }
    expect(errors).toHaveLength(1);
    // The page hears of it at once: the last snapshot says idle, not running.
    expect(snapshots[snapshots.length - 1].status).toBe('idle');
    const seen = core.engine.examplesSeen;
    expect(seen).toBeGreaterThan(0);
    // Not stuck in "running": play trains again.
    core.play();
    await new Promise((r) => setTimeout(r, 50));
    core.pause();
    expect(core.engine.examplesSeen).toBeGreaterThan(seen);
    expect(snapshots[snapshots.length - 1].status).toBe('idle');
  });

  it('stops and says so when training diverges', async () => {
    const { core, snapshots } = await makeCore();
    const config = presetById('first-look').config();
    config.network.output.activation = 'identity';
    config.training.learningRate = 1e4;
    core.configure(config);
    const report = await core.train(100_000);
    expect(report.diverged).not.toBeNull();
    expect(report.examples).toBeLessThan(100_000);
    const last = snapshots[snapshots.length - 1];
    expect(last.status).toBe('diverged');
    expect(last.diverged?.atExample).toBeGreaterThan(0);
    // Stopped: it trains nothing per second now (the sandbox showed the last rate on).
    expect(last.examplesPerSecond).toBe(0);
  });
});
