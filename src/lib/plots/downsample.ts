/**
 * Reduce a long series to at most `buckets` points by averaging consecutive runs. Every input
 * point lands in exactly one bucket, and each bucket's mean divides by the number of points it
 * really holds (the original sandbox summed stride + 1 values and divided by stride).
 */
export function bucketMeans(values: ArrayLike<number>, buckets: number): number[] {
  const n = values.length;
  if (n === 0 || buckets <= 0) return [];
  const k = Math.min(buckets, n);
  const out = new Array<number>(k);
  for (let b = 0; b < k; b++) {
    // Bucket b covers [start, end): sizes differ by at most one and together cover 0…n−1.
    const start = Math.floor((b * n) / k);
    const end = Math.floor(((b + 1) * n) / k);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i];
    out[b] = sum / (end - start);
  }
  return out;
}
