import type { SearchSource } from '../types.js';

/**
 * Every ranking weight in one place (DESIGN.md §5). Values are principled
 * defaults (standard BM25 from FTS5, RRF's customary k = 60, a recency prior
 * that can move a result by at most 10 %), not fitted to any test set; the
 * retrieval benchmark reports what they give.
 */
export const RANKING = {
  /** Lexical candidates fetched per page: enough for fusion and pagination to be stable. */
  candidatePool: (wanted: number) => Math.min(1000, Math.max(100, wanted * 5)),
  /**
   * BM25 of the in-memory index. k1 is the classic 1.2; b = 0.9 (classic 0.75) was
   * chosen on the tuning half of the retrieval benchmark (even positions of
   * questions.jsonl) among 0.4, 0.75, 0.9 and 1.0: conversation turns vary widely in
   * length, and stronger length normalisation keeps long assistant turns from
   * crowding out the short user turns that hold the facts. The FTS5 fallback keeps 1.2/0.75.
   */
  bm25: { k1: 1.2, b: 0.9 },
  /** Reciprocal rank fusion constant. */
  rrfK: 60,
  lexicalWeight: 1,
  vectorWeight: 1,
  /** Multiplier on the score: 1 + weight × 2^(−age / halfLife). */
  recency: { weight: 0.1, halfLifeDays: 30 },
  sourceBoost: {
    memory: 1.1,
    event: 1,
    message: 1,
    checkpoint: 0.95,
    handoff: 0.95,
  } satisfies Record<SearchSource, number>,
  /**
   * Memory kinds and message roles. What the person typed (`user`) is weighted 1.6
   * against the assistant's and tools' text (1): people search for what they said
   * and decided, and a long assistant answer repeats the words of the question it
   * answers. 1.6 was chosen on the tuning half of the retrieval benchmark among
   * 1, 1.15, 1.3, 1.6, 2 and 3 (best recall_all@5, then NDCG@10). Tool output (`tool`:
   * file contents, command output, search results) weighs 0.8, a principled default
   * the benchmark cannot check (it has no tool turns): it is long, machine-written and
   * repeats the words a session is about, so between equal matches what a person or the
   * assistant said comes first, while a log line searched for by its own words still
   * ranks far above weaker matches.
   */
  kindBoost: { decision: 1.05, learning: 1.05, insight: 1.05, user: 1.6, tool: 0.8 } as Record<
    string,
    number
  >,
  /**
   * Sessions ranked from their messages (search grouped by session): the best
   * message's score plus each next one's times decay^i (i = 1, 2, …), so a session
   * that answers with several messages rises above one lucky message, while a
   * long session with many weak matches does not win by volume (decay < 1). 0.8
   * was chosen on the tuning half of the retrieval benchmark among 0 (best message
   * only), 0.2, 0.4, 0.6, 0.8 and 1 (plain sum) by recall_all@5, then NDCG@10.
   */
  sessionAggregation: { decay: 0.8 },
  /** Documents inside the time range a phrase of the query named ("… last week"). */
  timeHintBoost: 1.25,
  /**
   * Above `largeIndex` documents, a multi-term query finds full matches in the
   * whole index and partial matches among the newest `recentWindow` documents
   * (see app/search/lexical-candidates.ts): a bound on cost, not a weight.
   */
  broadQueries: { largeIndex: 10_000, recentWindow: 5_000 },
  /** Memories with a stated confidence: 1 + weight × (confidence − 0.5). */
  confidenceWeight: 0.1,
  /**
   * Team votes on a memory: 1 + weight × clamp(ups − downs, −cap, cap), so
   * votes reorder comparable results (at most ±25 %) but never bury a far
   * better match. A principled default, not fitted: the retrieval benchmark has no votes.
   */
  votes: { weight: 0.05, cap: 5 },
} as const;

/** Default token budget of one search answer, and the least a single snippet gets. */
export const SNIPPET_BUDGET = { defaultTotalTokens: 2000, minPerResultTokens: 24, quickTokens: 40 } as const;
