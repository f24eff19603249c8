/**
 * Words shown in more than one place, kept here so the places stay identical.
 *
 * The tagline is shown both in the sandbox's static placeholder (src/pages/sandbox.astro) and once
 * the island is running: the island's header then replaces the placeholder's without a visible
 * change.
 */
export const SANDBOX_TAGLINE = 'Build a network, train it live, and look inside every neuron.';

/**
 * Shown wherever a trainer runs without WebAssembly SIMD (the sandbox, guided experiments). The
 * two builds agree to rounding step by step (tests/engine/engine.test.ts), but a long run
 * compounds it: the learning-rate lesson's constant-rate baseline ends at 0.0149 instead of
 * 0.0089. Every lesson's checkpoints still pass on it (tests/lib/lesson-replay-scalar.test.ts).
 */
export const SCALAR_ENGINE_NOTE =
  'This browser has no WebAssembly SIMD, so the slower scalar engine is running. It rounds differently, and over thousands of training steps the differences grow: your runs reach other numbers than a browser with SIMD, and than the lessons quote, though they show the same things.';
