import type { IndexFilters, IndexHit } from '../../store/search-port.js';
import type { AppDeps } from '../deps.js';

export type VectorHit = IndexHit & { similarity: number };

/**
 * Nearest documents to the query by embedding, under the same filters as the
 * lexical list, or null when no embedder is configured, the indexes are not
 * ready, or the embedder fails (search then answers lexically; the failure is
 * logged, never shown as an error).
 */
export async function vectorCandidates(
  deps: AppDeps,
  query: string,
  filters: IndexFilters,
  limit: number,
): Promise<VectorHit[] | null> {
  const { embedder, vectors, lexical } = deps;
  if (!embedder || !vectors || !lexical?.ready) return null;
  try {
    const [queryVector] = await embedder.embed([query]);
    if (!queryVector) return null;
    await vectors.catchUp();
    const accept = await lexical.acceptor(filters);
    return vectors.search(queryVector, limit, accept).flatMap((found) => {
      const hit = lexical.hit(found.docId);
      return hit ? [{ ...hit, similarity: found.similarity }] : [];
    });
  } catch (error) {
    deps.logger.warn({ err: error }, 'vector search failed; answering lexically');
    return null;
  }
}
