import { aggregateBySession } from '../../core/ranking/session-aggregation.js';
import type { AppDeps } from '../deps.js';
import { type SearchOutput, type SearchResultItem, search } from './search.js';

export interface SessionResult {
  session_id: string;
  score: number;
  /** The session's matching results, best first. */
  results: SearchResultItem[];
}

export interface SessionSearchOutput extends SearchOutput {
  sessions: SessionResult[];
}

/**
 * Search grouped by session: the same ranked search, then sessions ranked by
 * their matching results (core/ranking/session-aggregation.ts) — "which
 * conversation was that in", where several good messages outweigh one.
 */
export async function searchSessions(
  deps: AppDeps,
  input: Parameters<typeof search>[1],
): Promise<SessionSearchOutput> {
  const output = await search(deps, input);
  const sessions = aggregateBySession(output.results).map((group) => ({
    session_id: group.sessionId,
    score: Number(group.score.toFixed(4)),
    results: group.items,
  }));
  return { ...output, sessions };
}
