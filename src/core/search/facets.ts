import type { SearchSource } from '../types.js';

/**
 * Filter tokens stored in the index's `facets` column. Each is one
 * alphanumeric word with a one-letter prefix naming the facet, so that a
 * filter becomes part of the full-text match (`facets : (pprj1 OR pprj2)`)
 * and intersects posting lists inside the index.
 */
const alnum = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

export const facetToken = {
  source: (source: SearchSource) => `x${source}`,
  kind: (kind: string) => `k${alnum(kind)}`,
  project: (projectId: string | null) => (projectId === null ? 'pnone' : `p${alnum(projectId)}`),
  session: (sessionId: string) => `s${alnum(sessionId)}`,
  tag: (tag: string) => `t${alnum(tag)}`,
  category: (category: string) => `c${alnum(category)}`,
  role: (role: string) => `r${alnum(role)}`,
  code: () => 'fcode',
  error: () => 'ferror',
};

/** A tag as it is compared: lowercase letters and digits only. */
export function normaliseTag(tag: string): string {
  return alnum(tag);
}
