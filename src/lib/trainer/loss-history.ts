/**
 * The loss curve, by examples rather than by time. The trainer averages the per-example training
 * loss over buckets whose ends are fixed by the number of examples seen, never by how fast the
 * machine is, so the same run draws the same curve everywhere. A bucket holds `unit` examples
 * (bucketUnit: whole batches, at least 16) at first and doubles each time the examples seen
 * double past 2 · `BUCKETS_PER_LEVEL` buckets: a run of n examples has about
 * 512 · (2 + log2(n / (1,024 · unit))) points, some 9,000 for 10⁹ examples at batch 1, so
 * nothing is thrown away to bound it.
 */
import type { LossPoint } from './protocol';

/** Buckets of one size before the size doubles. */
export const BUCKETS_PER_LEVEL = 512;

/**
 * The smallest bucket, in examples: each bucket end is an engine call, and a call costs about
 * what an example or two of training does (it backs up the network's state for the divergence
 * check), so one-example buckets made the first thousand examples of a large network about a
 * third slower. A job's end still closes a bucket early, so a press of "train 1" shows.
 */
export const MIN_BUCKET_EXAMPLES = 16;

/**
 * Whether the test loss is read where a bucket of `size` ends at `examples` (it is also read
 * wherever a job, a pause or an explicit set ends a bucket early): at every 64th bucket end of the
 * first level and every 32nd after. At batch 1 that is every 1,024 examples up to 16,384, then 16
 * readings per doubling of the examples seen: by examples, never by time. A reading costs 0.2 to
 * 0.8 ms for the lesson networks (64×64 points), about a thousand examples of training; a
 * 400,000-example step reads about 90 times, plus once per job when a lesson paces it in jobs.
 */
export function readsTestLoss(examples: number, size: number, unit: number): boolean {
  const every = examples <= 2 * BUCKETS_PER_LEVEL * unit ? 64 : 32;
  return Math.round(examples / size) % every === 0;
}

/** The snapshot's training loss is the mean over the latest closed buckets holding at least this many examples. */
export const RECENT_EXAMPLES = 1000;

/** The size of the first buckets for batches of `batch`: whole batches, at least MIN_BUCKET_EXAMPLES. */
export function bucketUnit(batch: number): number {
  return batch * Math.ceil(MIN_BUCKET_EXAMPLES / batch);
}

/** The size of the bucket that holds example number `seen` + 1, for first buckets of `unit` (bucketUnit). */
export function bucketSize(seen: number, unit: number): number {
  const level = Math.floor(Math.log2(Math.max(1, seen / (unit * BUCKETS_PER_LEVEL))));
  let size = unit * 2 ** Math.max(0, level);
  // log2 of an exact power of two can round below it; the bucket must never reach past a level's start.
  while (size > unit && seen < size * BUCKETS_PER_LEVEL) size /= 2;
  while (seen >= 2 * size * BUCKETS_PER_LEVEL) size *= 2;
  return size;
}

/** Where the bucket that example number `seen` + 1 falls in ends: a multiple of its size. */
export function bucketEnd(seen: number, unit: number): number {
  const size = bucketSize(seen, unit);
  return (Math.floor(seen / size) + 1) * size;
}

/**
 * Merge neighbouring points in pairs, each mean weighted by the examples it holds, so the curve's
 * per-example average is kept exactly. A point's test loss is a reading at its end: the pair keeps
 * the later point's reading, or the earlier one's where the later has none.
 */
export function mergePairs(points: readonly LossPoint[]): LossPoint[] {
  const out: LossPoint[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const p = points[i];
    const q = points[i + 1];
    const count = p.count + q.count;
    out.push({
      examples: q.examples,
      count,
      trainLoss: (p.trainLoss * p.count + q.trainLoss * q.count) / count,
      testLoss: Number.isFinite(q.testLoss) ? q.testLoss : p.testLoss,
      learningRate: q.learningRate,
    });
  }
  if (points.length % 2) out.push(points[points.length - 1]);
  return out;
}

/** Halve `points` by `mergePairs` until at most `max` remain. */
export function capPoints(points: readonly LossPoint[], max: number): LossPoint[] {
  let out = points as LossPoint[];
  while (out.length > max && out.length > 1) out = mergePairs(out);
  return out;
}

/**
 * A loss point read from storage or a file: the curve before buckets had no `count`, and each of
 * its points stood for one reading, so it counts once. Null when it is not a loss point.
 */
export function lossPointFrom(value: unknown): LossPoint | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === 'number' ? x : Number.NaN);
  const examples = num(v.examples);
  if (!(examples > 0)) return null;
  const count = typeof v.count === 'number' && v.count > 0 ? v.count : 1;
  return {
    examples,
    count,
    trainLoss: num(v.trainLoss),
    testLoss: num(v.testLoss),
    learningRate: num(v.learningRate),
  };
}

/**
 * Group the training loss into at most `bins` equal spans of examples, each the mean over every
 * example its points hold (a point falls in the span holding its middle). The x of a group is the
 * middle of the examples it covers. This is the chart's downsampling: per-example averages, as the
 * original's cost plot meant, with each bucket's weight its size.
 */
export function binByExamples(
  points: readonly LossPoint[],
  bins: number,
): { x: number[]; trainLoss: number[]; learningRate: number[] } {
  const x: number[] = [];
  const trainLoss: number[] = [];
  const learningRate: number[] = [];
  const usable = points.filter((p) => p.count > 0 && Number.isFinite(p.trainLoss));
  if (usable.length === 0 || bins <= 0) return { x, trainLoss, learningRate };
  const first = usable[0].examples - usable[0].count;
  const last = usable[usable.length - 1].examples;
  const width = Math.max(1e-9, (last - first) / bins);
  let bin = -1;
  let start = 0;
  let end = 0;
  let sum = 0;
  let count = 0;
  let rate = 0;
  let rated = 0;
  const flush = () => {
    if (count === 0) return;
    x.push((start + end) / 2);
    trainLoss.push(sum / count);
    // A point read from an old file may have no rate: the others' mean, or NaN if none has one.
    learningRate.push(rated ? rate / rated : Number.NaN);
  };
  for (const p of usable) {
    const lo = p.examples - p.count;
    const b = Math.min(bins - 1, Math.floor(((lo + p.examples) / 2 - first) / width));
    if (b !== bin) {
      flush();
      bin = b;
      start = lo;
      sum = 0;
      count = 0;
      rate = 0;
      rated = 0;
    }
    end = p.examples;
    sum += p.trainLoss * p.count;
    count += p.count;
    if (Number.isFinite(p.learningRate)) {
      rate += p.learningRate * p.count;
      rated += p.count;
    }
  }
  flush();
  return { x, trainLoss, learningRate };
}
