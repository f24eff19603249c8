/**
 * What a lesson's speed measurement says about the engine's fast mode: each fast variant against
 * the exact variant of the same activation. The experiment says it in words under its table, and
 * the lesson benchmark (bench/lesson-benchmarks.ts) checks it, from this one comparison.
 */

/** A variant of a `benchmark` action, as the script lists it. */
export interface MeasuredVariant {
  label: string;
  activation: string;
  fastMath: boolean;
}

/** A fast variant, the exact one it is compared with, and how many times as fast it ran. */
export interface FastPair {
  fast: string;
  exact: string;
  ratio: number;
}

/** Every fast variant that has an exact twin and both a rate: `rateOf` gives a label's rate. */
export function fastAgainstExact(
  variants: readonly MeasuredVariant[],
  rateOf: (label: string) => number | undefined,
): FastPair[] {
  return variants.flatMap((fast) => {
    const exact = variants.find((v) => v.activation === fast.activation && !v.fastMath);
    const [f, e] = [rateOf(fast.label), exact && rateOf(exact.label)];
    if (!fast.fastMath || !exact || !f || !e) return [];
    return [{ fast: fast.label, exact: exact.label, ratio: f / e }];
  });
}

/** Within this, two rates are the same speed: a measurement's own spread is a few per cent. */
const SAME_SPEED = 0.03;

/** Whether the fast variant was faster by more than a measurement's spread. */
export function isFaster(pair: FastPair): boolean {
  return pair.ratio > 1 + SAME_SPEED;
}

/** The pair in a sentence, for the reader, whichever way it came out. */
export function describeFastPair(pair: FastPair): string {
  const times = pair.ratio.toFixed(2);
  if (isFaster(pair)) return `Here “${pair.fast}” ran ${times} times as fast as “${pair.exact}”.`;
  return (
    `Here “${pair.fast}” was no faster than “${pair.exact}” (${times} times as fast): ` +
    'what an approximation saves depends on how your browser compiles it, and on what else ' +
    'the device was doing while it measured.'
  );
}
