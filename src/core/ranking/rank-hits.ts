import type { SearchSource } from '../types.js';
import { RANKING } from './weights.js';

/** What ranking needs to know about a candidate document. */
export interface RankCandidate {
  key: string;
  source: SearchSource;
  kind: string;
  /** Epoch ms. */
  createdAtMs: number;
  confidence: number | null;
  /** Positive BM25 (higher is better); absent when only the vector list found it. */
  bm25?: number;
  /** Cosine similarity, when an embedder ranked it. */
  similarity?: number;
  /** Inside the time range a phrase of the query named ("… last week"). */
  inTimeHint?: boolean;
  /** Team votes on a memory: ups − downs (absent or 0: no effect). */
  voteScore?: number;
}

export interface RankedCandidate<T extends RankCandidate> {
  candidate: T;
  score: number;
}

const DAY_MS = 86_400_000;

/** The score of a list position under reciprocal rank fusion. */
export function rrf(rank: number): number {
  return 1 / (RANKING.rrfK + rank + 1);
}

/**
 * Orders candidates: lexical BM25 alone (normalised to the best match), or,
 * when vector similarities exist, reciprocal rank fusion of the lexical and
 * vector orders; then the mild priors (recency, source, kind, confidence, votes).
 * Ties break on the key so the order is deterministic (stable cursors).
 */
export function rankCandidates<T extends RankCandidate>(candidates: T[], now: Date): RankedCandidate<T>[] {
  const hybrid = candidates.some((candidate) => candidate.similarity !== undefined);
  const base = hybrid ? fusedScores(candidates) : null;
  let best = 0;
  if (!base) for (const candidate of candidates) best = Math.max(best, candidate.bm25 ?? 0);
  const nowMs = now.getTime();
  const ranked = candidates.map((candidate) => {
    // Lexical alone: BM25 normalised to the best match.
    const score = base ? (base.get(candidate.key) ?? 0) : best > 0 ? (candidate.bm25 ?? 0) / best : 1;
    return { candidate, score: score * priors(candidate, nowMs) };
  });
  return ranked.sort((a, b) => b.score - a.score || (a.candidate.key < b.candidate.key ? 1 : -1));
}

function fusedScores(candidates: RankCandidate[]): Map<string, number> {
  const scores = new Map<string, number>();
  const add = (list: RankCandidate[], weight: number) =>
    list.forEach((candidate, rank) => {
      scores.set(candidate.key, (scores.get(candidate.key) ?? 0) + weight * rrf(rank));
    });
  add(
    candidates.filter((c) => c.bm25 !== undefined).sort((a, b) => (b.bm25 ?? 0) - (a.bm25 ?? 0)),
    RANKING.lexicalWeight,
  );
  add(
    candidates
      .filter((c) => c.similarity !== undefined)
      .sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0)),
    RANKING.vectorWeight,
  );
  return scores;
}

function priors(candidate: RankCandidate, nowMs: number): number {
  const ageDays = Math.max(0, (nowMs - candidate.createdAtMs) / DAY_MS);
  const recency = 1 + RANKING.recency.weight * 2 ** (-ageDays / RANKING.recency.halfLifeDays);
  const source = RANKING.sourceBoost[candidate.source];
  const kind = RANKING.kindBoost[candidate.kind] ?? 1;
  const confidence =
    candidate.confidence === null ? 1 : 1 + RANKING.confidenceWeight * (candidate.confidence - 0.5);
  const time = candidate.inTimeHint ? RANKING.timeHintBoost : 1;
  return recency * source * kind * confidence * time * votePrior(candidate.voteScore ?? 0);
}

/** The mild vote prior: 1 + weight × clamp(score, −cap, cap). */
export function votePrior(score: number): number {
  const { weight, cap } = RANKING.votes;
  return 1 + weight * Math.max(-cap, Math.min(cap, score));
}
