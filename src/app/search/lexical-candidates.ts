import { RANKING } from '../../core/ranking/weights.js';
import type { IndexHit, IndexQuery } from '../../store/search-port.js';
import type { AppDeps } from '../deps.js';

/**
 * BM25 candidates for a ranked query. FTS5 scores every document an OR query
 * matches, which is cheap on a small index but grows with the number of
 * matches: on a large index, documents matching every term are found across
 * the whole index (an AND query touches few rows), and partial matches only
 * among the newest documents (`recentWindow`). BM25 statistics are the whole
 * index's in both queries, so their scores are comparable and the union is
 * ranked as one list.
 */
export async function lexicalCandidates(deps: AppDeps, query: IndexQuery): Promise<IndexHit[]> {
  const { largeIndex, recentWindow } = RANKING.broadQueries;
  if (query.terms.length <= 1 || query.match !== 'any' || (await deps.store.indexSize()) <= largeIndex) {
    return deps.store.searchIndex(query);
  }
  const complete = await deps.store.searchIndex({ ...query, match: 'all' });
  if (complete.length >= query.limit) return complete;
  const recent = await deps.store.searchIndex({ ...query, recentWindow });
  const seen = new Set(complete.map((hit) => hit.docId));
  return [...complete, ...recent.filter((hit) => !seen.has(hit.docId))]
    .sort((a, b) => b.bm25 - a.bm25)
    .slice(0, query.limit);
}
