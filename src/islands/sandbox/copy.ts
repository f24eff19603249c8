/**
 * Words the sandbox shows both in its static placeholder (src/pages/sandbox.astro) and once the
 * island is running: kept in one place so the two stay identical, and the island's header then
 * replaces the placeholder's without a visible change.
 */
export const SANDBOX_TAGLINE = 'Build a network, train it live, and look inside every neuron.';
