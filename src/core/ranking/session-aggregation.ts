import { RANKING } from './weights.js';

/** A ranked item that may belong to a session. */
export interface SessionScored {
  session_id: string | null;
  score: number;
}

export interface SessionGroup<T extends SessionScored> {
  sessionId: string;
  score: number;
  /** The session's items, best first. */
  items: T[];
}

/**
 * Ranks sessions by their items: Σ score_i × decay^i over each session's items
 * in score order (i = 0 for its best). Items without a session are left out.
 * Ties break on the session id, so the order is deterministic.
 */
export function aggregateBySession<T extends SessionScored>(
  items: readonly T[],
  decay: number = RANKING.sessionAggregation.decay,
): SessionGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    if (!item.session_id) continue;
    const list = groups.get(item.session_id);
    if (list) list.push(item);
    else groups.set(item.session_id, [item]);
  }
  const ranked: SessionGroup<T>[] = [];
  for (const [sessionId, list] of groups) {
    list.sort((a, b) => b.score - a.score);
    let score = 0;
    let weight = 1;
    for (const item of list) {
      score += item.score * weight;
      weight *= decay;
    }
    ranked.push({ sessionId, score, items: list });
  }
  return ranked.sort((a, b) => b.score - a.score || (a.sessionId < b.sessionId ? -1 : 1));
}
