/**
 * `npm run audit` fails on a high or critical advisory that docs/security.md does not explain.
 * Explained means a table row with the id and a verdict; "open" rows and prose do not count.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Typed from the script's JSDoc (the project's tsconfig allows JavaScript).
import { advisoryId, explainedAdvisories } from '../../scripts/audit-review.mjs';

describe('which advisories the security review explains', () => {
  it('a row with a verdict explains its ids; an open row, a blank verdict, a header or prose does not', () => {
    const text = [
      'Prose naming GHSA-aaaa-bbbb-cccc does not explain it.',
      '| advisory | severity | verdict |',
      '| --- | --- | --- |',
      '| GHSA-1111-2222-3333 (CVE-1) | high | no SSR server exists |',
      '| GHSA-4444-5555-6666 | unknown | open: see below |',
      '| GHSA-0000-1111-2222 | high |  |',
      '| `vite` | 6.4.6 | GHSA-7777-8888-9999, GHSA-abcd-efgh-ijkl | not affected |',
    ].join('\n');
    expect([...explainedAdvisories(text)].sort()).toEqual([
      'ghsa-1111-2222-3333',
      'ghsa-7777-8888-9999',
      'ghsa-abcd-efgh-ijkl',
    ]);
  });

  it('in docs/security.md: the critical sharp advisory is explained, the open one is not', () => {
    const ids = explainedAdvisories(readFileSync('docs/security.md', 'utf8'));
    expect(ids.has('ghsa-26w7-cxv4-gfx2')).toBe(true);
    expect(ids.has('ghsa-376h-93r7-7g6f')).toBe(false);
  });

  it('an advisory URL gives its id in lower case; a URL without one gives none', () => {
    expect(advisoryId('https://github.com/advisories/GHSA-26W7-cxv4-gfx2')).toBe(
      'ghsa-26w7-cxv4-gfx2',
    );
    expect(advisoryId('https://example.com/x')).toBeUndefined();
    expect(advisoryId(undefined)).toBeUndefined();
  });
});
