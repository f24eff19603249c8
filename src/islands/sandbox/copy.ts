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
 * two builds agree to rounding (tests/engine/engine.test.ts).
 */
export const SCALAR_ENGINE_NOTE =
  'This browser has no WebAssembly SIMD, so the slower scalar engine is running: the same results, up to rounding, only slower.';
