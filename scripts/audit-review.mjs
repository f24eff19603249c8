/**
 * What docs/security.md says about an advisory, for `npm run audit` (scripts/audit.mjs).
 *
 * An advisory counts as explained only where a row of one of the review's tables names its GHSA
 * id and gives a verdict: a row whose last cell begins with "open" (we could not establish what
 * it covers) explains nothing, and neither does an id mentioned in prose.
 */

const GHSA = /GHSA(?:-[a-z0-9]{4}){3}/gi;

/**
 * The GHSA ids (lower case) that rows of the review's tables explain.
 * @param {string} text the review's markdown
 * @returns {Set<string>}
 */
export function explainedAdvisories(text) {
  const explained = new Set();
  for (const line of text.split('\n')) {
    if (!line.trimStart().startsWith('|')) continue;
    const cells = line
      .split('|')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    const verdict = cells.at(-1) ?? '';
    if (cells.length < 2 || /^-+$/.test(verdict) || /^open\b/i.test(verdict)) continue;
    for (const id of line.match(GHSA) ?? []) explained.add(id.toLowerCase());
  }
  return explained;
}
