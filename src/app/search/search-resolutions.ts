import type { AppDeps } from '../deps.js';
import { actingMember } from '../teams/acting-member.js';

export interface Resolution {
  id: string;
  source: string;
  kind: string;
  snippet: string;
  created_at: string;
}

interface ErrorResult {
  id: string;
  session_id: string | null;
  created_at: string;
  snippet: string;
}

const RESOLUTION_KINDS = ['decision', 'finding', 'tool_call', 'assistant', 'insight', 'learning'];

/**
 * For each error result, how it was resolved: the first later document of the
 * same session that shares its terms and is not itself an error — the fix the
 * session went on to make. Nothing is invented: no match, no resolution.
 */
export async function findResolutions(
  deps: AppDeps,
  errors: ErrorResult[],
  terms: string[],
): Promise<Map<string, Resolution>> {
  const found = new Map<string, Resolution>();
  const member = actingMember(deps);
  for (const error of errors) {
    if (!error.session_id) continue;
    const hits = await deps.store.searchIndex({
      terms,
      match: 'any',
      filters: {
        sessionId: error.session_id,
        since: error.created_at,
        errors: false,
        kinds: RESOLUTION_KINDS,
        ...(member === null ? {} : { visibleTo: member }),
      },
      limit: 20,
    });
    const after = hits
      .filter((hit) => hit.ref !== error.id && hit.createdAt >= error.created_at)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const first = after[0];
    if (!first) continue;
    const docs = await deps.store.documents([first]);
    const doc = docs.get(`${first.source}:${first.ref}`);
    found.set(error.id, {
      id: first.ref,
      source: first.source,
      kind: first.kind,
      snippet: (doc?.text ?? '').replace(/\s+/g, ' ').slice(0, 300),
      created_at: first.createdAt,
    });
  }
  return found;
}
