/**
 * What docs/security.md says about an advisory, for `npm run audit` (scripts/audit.mjs).
 *
 * An advisory counts as explained only where a row of one of the review's tables names its GHSA
 * id and gives a verdict: a row whose last cell begins with "open" (we could not establish what
 * it covers) explains nothing, and neither does an id mentioned in prose.
 */

const GHSA = /GHSA(?:-[a-z0-9]{4}){3}/i;
const GHSA_ALL = new RegExp(GHSA.source, 'gi');

/**
 * The GHSA id (lower case) an advisory's URL or text names, if any.
 * @param {string | undefined} text
 * @returns {string | undefined}
 */
export function advisoryId(text) {
  return text?.match(GHSA)?.[0].toLowerCase();
}

/**
 * The GHSA ids (lower case) that rows of the review's tables explain.
 * @param {string} text the review's markdown
 * @returns {Set<string>}
 */
export function explainedAdvisories(text) {
  const explained = new Set();
  for (const line of text.split('\n')) {
    const row = line.trim();
    if (!row.startsWith('|') || !row.endsWith('|')) continue;
    const cells = row
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    const verdict = cells.at(-1) ?? '';
    // A blank verdict, a separator row or an "open" verdict explains nothing.
    if (cells.length < 2 || verdict === '' || /^:?-+:?$/.test(verdict) || /^open\b/i.test(verdict))
      continue;
    for (const id of row.match(GHSA_ALL) ?? []) explained.add(id.toLowerCase());
  }
  return explained;
}
