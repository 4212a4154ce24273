import { RANKING } from '../../src/core/ranking/weights.js';
import {
  evaluate,
  type Half,
  prepared,
  type SandboxDoc,
  type SandboxQuestion,
  type SandboxRanking,
  terms,
} from './sandbox.js';

/**
 * `npx tsx bench/retrieval/sandbox-ranker.ts <experiment> [even|odd|all]`:
 * deja's ranking re-stated over the sandbox's term ids (see sandbox.ts), with
 * the ideas measured for issue 6 as options. `base` mirrors the pipeline
 * (BM25 → priors → top messages → session aggregation) and must match the
 * tuning-half row of `npm run bench:retrieval`. Choose on `even` (the tuning
 * half); the held-out half is for the final report only.
 */

export interface RankerOptions {
  k1: number;
  b: number;
  /** Weight of user messages against the rest. */
  user: number;
  decay: number;
  hintBoost: number;
  recency: { weight: number; halfLifeDays: number };
  /** BM25 candidates kept before the priors, and messages kept after them. */
  pool: number;
  top: number;
  /** RM3 pseudo-relevance feedback. */
  feedback?: { documents: number; terms: number; lambda: number; idfPower: number };
  /** Pairs of query terms within `window` tokens: + weight × min(idf) / distance. */
  proximity?: { weight: number; window: number };
  /** Best passage of `window` tokens, mixed with the whole message's score. */
  passage?: { window: number; mix: number; b: number };
  /** The whole session scored as one BM25 document, added with `weight` (both normalised). */
  sessionDocument?: { weight: number; b: number };
  /**
   * Sessions also scored by Σ over query terms of the term's best BM25 contribution in any
   * one of the session's messages (× the message's priors): matching each word somewhere
   * counts, repeating one does not. Mixed with the aggregate, both normalised, by `weight`.
   */
  termMax?: { weight: number };
  /** Session score × (share of the query's idf its messages cover)^power. */
  coverage?: number;
  /** A user message also counts its answer's words (and an answer its question's) at `weight`. */
  context?: { weight: number; both: boolean };
  /** Weight of words that refer to the conversation itself ("remind", "mentioned", "we talked"). */
  metaWeight?: number;
  /** Reciprocal rank fusion with a second BM25 ranking of another b. */
  fuseB?: number;
  /** idf from the sessions a term occurs in (N = sessions) instead of the turns, mixed by `mix` (1: sessions only). */
  sessionIdf?: { mix: number };
  /** The message list (not the sessions) ranks each message by its score + weight × its exchange partner's. */
  exchange?: { weight: number; both: boolean };
  /** Query terms expanded with the terms that most often share a turn with them, over the haystack or every session. */
  cooc?: { terms: number; weight: number; alpha: number; global: boolean };
  /** "N units ago" boosts the instant ± `units` of its unit (day, week, month, year) instead of [instant, now). */
  agoWindow?: number;
  /** A session with a message inside the query's time range scores at least `share` × the best session (or gains it, `add`); `near` narrows "N ago" to ± near × span around the instant. */
  timeFloor?: { share: number; add: boolean; near?: number };
  /** For "N units ago": 1 + weight × e^(−distance / (scale × span)) instead of the range boost. */
  peak?: { weight: number; scale: number };
  /** Query terms weighted by their burstiness in the haystack: (cf / df)^power or 1 + power × residual idf (Church & Gale), df over turns or sessions. */
  /** First-person words of the question (i, me, my, myself) kept as query terms at `weight`. */
  pronouns?: { weight: number; words: string[] };
  /** Each role's turns normalised by that role's average length (BM25F-style), mixed with the overall average by `mix`. */
  roleLength?: { mix: number };
  /** Each query term's idf raised to this power (> 1 favours the rarer terms of a long question). */
  idfPower?: number;
  /** The message list (not the sessions) discounts a session's i-th message by diversity^i, so one session does not fill it. */
  diversity?: number;
  /** The message list mixes each message's score with its session's (normalised), by `weight`. */
  sessionContext?: number;
  burst?: { power: number; level: 'turn' | 'session'; form: 'ratio' | 'ridf' };
  /**
   * Query likelihood with Dirichlet smoothing (μ) over the turns, each turn's model
   * smoothed first by its session's (β; 0: the haystack's only), fused with BM25 by
   * reciprocal rank or by normalised sum × weight (weight ∞: query likelihood alone).
   */
  ql?: { mu: number; beta: number; method: 'rrf' | 'sum'; weight: number };
  /** idf mixed with a background idf over every distinct session of the data set (sessions as units), by `mix`. */
  backgroundIdf?: { mix: number };
  /** A parameter-free divergence-from-randomness model (Amati's DPH) in place of BM25 for turns. */
  dph?: boolean;
}

export const BASE: RankerOptions = {
  k1: RANKING.bm25.k1,
  b: RANKING.bm25.b,
  user: RANKING.kindBoost.user ?? 1,
  decay: RANKING.sessionAggregation.decay,
  hintBoost: RANKING.timeHintBoost,
  recency: RANKING.recency,
  pool: RANKING.candidatePool(50),
  top: 50,
  // The in-memory index counts idf over conversations (core/ranking/lexical-index.ts).
  sessionIdf: { mix: 1 },
};

interface Stats {
  n: number;
  averageLength: number;
  df: Map<number, number>;
  tf: Map<number, number>[];
  sessionDf: Map<number, number>;
  sessions: number;
  cf: Map<number, number>;
}

const META = new Set([
  'remind',
  'mention',
  'told',
  'said',
  'talk',
  'discuss',
  'chat',
  'convers',
  'previou',
  'rememb',
  'recal',
  'ask',
]);

const statsCache = new WeakMap<SandboxQuestion, Stats>();
function statsOf(question: SandboxQuestion): Stats {
  const cached = statsCache.get(question);
  if (cached) return cached;
  const df = new Map<number, number>();
  const tf: Map<number, number>[] = [];
  let total = 0;
  for (const doc of question.docs) {
    const counts = new Map<number, number>();
    for (const term of doc.tokens) counts.set(term, (counts.get(term) ?? 0) + 1);
    tf.push(counts);
    total += doc.tokens.length;
    for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const sessionDf = new Map<number, number>();
  const bySession = new Map<string, Set<number>>();
  question.docs.forEach((doc, index) => {
    const seen = bySession.get(doc.session) ?? new Set<number>();
    for (const term of (tf[index] as Map<number, number>).keys()) seen.add(term);
    bySession.set(doc.session, seen);
  });
  for (const seen of bySession.values())
    for (const term of seen) sessionDf.set(term, (sessionDf.get(term) ?? 0) + 1);
  const cf = new Map<number, number>();
  for (const doc of question.docs) for (const term of doc.tokens) cf.set(term, (cf.get(term) ?? 0) + 1);
  const stats = {
    cf,
    n: question.docs.length,
    averageLength: total / question.docs.length,
    df,
    tf,
    sessionDf,
    sessions: bySession.size,
  };
  statsCache.set(question, stats);
  return stats;
}

const idf = (stats: Stats, term: number) => {
  const df = stats.df.get(term) ?? 0;
  return Math.log(1 + (stats.n - df + 0.5) / (df + 0.5));
};
const at = <T>(list: readonly T[], index: number): T => list[index] as T;
let background: { df: Map<number, number>; sessions: number } | null = null;
function backgroundOf(): { df: Map<number, number>; sessions: number } {
  if (background) return background;
  const seen = new Map<string, Set<number>>();
  for (const q of prepared)
    for (const doc of q.docs) {
      let terms = seen.get(doc.session);
      if (!terms) {
        terms = new Set();
        seen.set(doc.session, terms);
      } else if (doc.turn === 0) continue;
      for (const term of doc.tokens) terms.add(term);
    }
  const df = new Map<number, number>();
  for (const terms of seen.values()) for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
  background = { df, sessions: seen.size };
  return background;
}
function termIdf(stats: Stats, term: number, o: RankerOptions): number {
  let local = idf(stats, term);
  if (o.sessionIdf) {
    const df = stats.sessionDf.get(term) ?? 0;
    const bySession = Math.log(1 + (stats.sessions - df + 0.5) / (df + 0.5));
    local = (1 - o.sessionIdf.mix) * local + o.sessionIdf.mix * bySession;
  }
  if (!o.backgroundIdf) return local;
  const b = backgroundOf();
  const df = b.df.get(term) ?? 0;
  const global = Math.log(1 + (b.sessions - df + 0.5) / (df + 0.5));
  return (1 - o.backgroundIdf.mix) * local + o.backgroundIdf.mix * global;
}

function neighbours(question: SandboxQuestion, index: number, both: boolean): number[] {
  const doc = at(question.docs, index);
  const next = question.docs[index + 1];
  const previous = question.docs[index - 1];
  if (doc.role === 'user') return next && next.session === doc.session ? [index + 1] : [];
  return both && previous && previous.session === doc.session ? [index - 1] : [];
}

function bm25(
  question: SandboxQuestion,
  stats: Stats,
  query: Map<number, number>,
  o: RankerOptions,
  b = o.b,
): Float64Array {
  const scores = new Float64Array(question.docs.length);
  const roleAverage = new Map<string, number>();
  if (o.roleLength) {
    const sums = new Map<string, [number, number]>();
    for (const doc of question.docs) {
      const [total, count] = sums.get(doc.role) ?? [0, 0];
      sums.set(doc.role, [total + doc.tokens.length, count + 1]);
    }
    for (const [role, [total, count]] of sums)
      roleAverage.set(
        role,
        o.roleLength.mix * (total / count) + (1 - o.roleLength.mix) * stats.averageLength,
      );
  }
  question.docs.forEach((doc, index) => {
    const average = roleAverage.get(doc.role) ?? stats.averageLength;
    const context = o.context ? neighbours(question, index, o.context.both) : [];
    const contextWeight = o.context?.weight ?? 0;
    let length = doc.tokens.length;
    for (const j of context) length += contextWeight * at(question.docs, j).tokens.length;
    let score = 0;
    for (const [term, weight] of query) {
      let tf = at(stats.tf, index).get(term) ?? 0;
      for (const j of context) tf += contextWeight * (at(stats.tf, j).get(term) ?? 0);
      if (tf === 0) continue;
      if (o.dph) {
        const f = tf / length;
        if (f >= 1) continue;
        const cf = stats.cf.get(term) ?? 1;
        const norm = ((1 - f) * (1 - f)) / (tf + 1);
        const value =
          norm *
          (tf * Math.log2(((tf * average) / length) * (stats.n / cf)) +
            0.5 * Math.log2(2 * Math.PI * tf * (1 - f)));
        if (value > 0) score += weight * value;
        continue;
      }
      const norm = o.k1 * (1 - b + (b * length) / average);
      score += weight * termIdf(stats, term, o) ** (o.idfPower ?? 1) * ((tf * (o.k1 + 1)) / (tf + norm));
    }
    scores[index] = score;
  });
  return scores;
}

function best(scores: Float64Array, k: number): number[] {
  const indexes: number[] = [];
  scores.forEach((score, index) => {
    if (score > 0) indexes.push(index);
  });
  return indexes.sort((a, b) => (scores[b] as number) - (scores[a] as number)).slice(0, k);
}

function priors(question: SandboxQuestion, doc: SandboxDoc, o: RankerOptions): number {
  const ageDays = Math.max(0, (question.now - doc.at) / 86_400_000);
  const recency = 1 + o.recency.weight * 2 ** (-ageDays / o.recency.halfLifeDays);
  const role = doc.role === 'user' ? o.user : 1;
  const hint = question.hint;
  const inHint =
    hint !== null &&
    (hint.start === null || doc.at >= hint.start) &&
    (hint.end === null || doc.at < hint.end);
  let time = inHint ? o.hintBoost : 1;
  const window = o.agoWindow;
  const unit = hint && window !== undefined ? agoUnit(hint.phrase) : null;
  if (unit !== null && window !== undefined && hint && hint.start !== null) {
    const near = Math.abs(doc.at - hint.start) < window * unit;
    time = near ? o.hintBoost : 1;
  }
  if (o.peak && hint && hint.start !== null && /\bago\b/i.test(hint.phrase)) {
    const distance = Math.abs(doc.at - hint.start) / 86_400_000;
    const span = Math.max(1, ((hint.end ?? question.now) - hint.start) / 86_400_000);
    time = 1 + o.peak.weight * Math.exp(-distance / (o.peak.scale * span));
  }
  return recency * role * time;
}

interface Corpus {
  df: Map<number, number>;
  postings: Map<number, number[]>;
  turns: Int32Array[];
}
let globalCorpus: Corpus | null = null;
function corpusOf(question: SandboxQuestion, global: boolean): Corpus {
  if (global && globalCorpus) return globalCorpus;
  const seen = new Set<Int32Array>();
  const turns: Int32Array[] = [];
  for (const q of global ? prepared : [question])
    for (const doc of q.docs) {
      if (seen.has(doc.tokens)) continue;
      seen.add(doc.tokens);
      turns.push(doc.tokens);
    }
  const df = new Map<number, number>();
  const postings = new Map<number, number[]>();
  turns.forEach((tokens, index) => {
    for (const term of new Set(tokens)) {
      df.set(term, (df.get(term) ?? 0) + 1);
      const list = postings.get(term) ?? [];
      list.push(index);
      postings.set(term, list);
    }
  });
  const corpus = { df, postings, turns };
  if (global) globalCorpus = corpus;
  return corpus;
}

const associations = new Map<string, [number, number][]>();
function associate(
  question: SandboxQuestion,
  stats: Stats,
  query: Map<number, number>,
  c: NonNullable<RankerOptions['cooc']>,
): Map<number, number> {
  const corpus = corpusOf(question, c.global);
  const expanded = new Map(query);
  for (const [term, weight] of query) {
    const key = `${c.global ? 'g' : question.position}:${term}:${c.alpha}`;
    let top = associations.get(key);
    if (!top) {
      const together = new Map<number, number>();
      for (const index of corpus.postings.get(term) ?? []) {
        for (const other of new Set(corpus.turns[index] ?? [])) {
          if (other !== term) together.set(other, (together.get(other) ?? 0) + 1);
        }
      }
      const n = corpus.postings.get(term)?.length ?? 0;
      top = [...together]
        .filter(([other, count]) => count >= 3 && (corpus.df.get(other) ?? 0) >= 3)
        .map(([other, count]): [number, number] => [
          other,
          (count / n / ((corpus.df.get(other) ?? 1) / corpus.turns.length) ** c.alpha) * (count / n),
        ])
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20);
      associations.set(key, top);
    }
    const chosen = top.slice(0, c.terms);
    const total = chosen.reduce((sum, [, score]) => sum + score, 0) || 1;
    for (const [other, score] of chosen) {
      if (query.has(other)) continue;
      expanded.set(other, (expanded.get(other) ?? 0) + (weight * c.weight * score) / total);
    }
  }
  void stats;
  return expanded;
}

const UNITS: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };
function agoUnit(phrase: string): number | null {
  const match = /(day|week|month|year)s? ago\b/i.exec(phrase);
  return match ? (UNITS[(match[1] ?? '').toLowerCase()] ?? 1) * 86_400_000 : null;
}

function expand(
  question: SandboxQuestion,
  stats: Stats,
  query: Map<number, number>,
  first: Float64Array,
  o: NonNullable<RankerOptions['feedback']>,
): Map<number, number> {
  const top = best(first, o.documents);
  const bestScore = first[top[0] ?? 0] || 1;
  const relevance = new Map<number, number>();
  for (const index of top) {
    const share = (first[index] as number) / bestScore / at(question.docs, index).tokens.length;
    for (const [term, tf] of at(stats.tf, index))
      relevance.set(term, (relevance.get(term) ?? 0) + share * tf);
  }
  const chosen = [...relevance]
    .filter(([term]) => !query.has(term) && (stats.df.get(term) ?? 0) >= 2)
    .map(([term, weight]): [number, number] => [term, weight * idf(stats, term) ** o.idfPower])
    .sort((a, b) => b[1] - a[1])
    .slice(0, o.terms);
  const total = chosen.reduce((sum, [, weight]) => sum + weight, 0) || 1;
  const expanded = new Map(query);
  const mass = (o.lambda / (1 - o.lambda)) * query.size;
  for (const [term, weight] of chosen) expanded.set(term, (mass * weight) / total);
  return expanded;
}

function proximity(doc: SandboxDoc, query: Map<number, number>, stats: Stats, window: number): number {
  let score = 0;
  const last = new Map<number, number>();
  doc.tokens.forEach((term, position) => {
    if (!query.has(term)) return;
    for (const [other, seen] of last) {
      const distance = position - seen;
      if (other !== term && distance <= window)
        score += Math.min(idf(stats, term), idf(stats, other)) / distance;
    }
    last.set(term, position);
  });
  return score;
}

function bestPassage(
  doc: SandboxDoc,
  query: Map<number, number>,
  stats: Stats,
  o: RankerOptions,
  p: NonNullable<RankerOptions['passage']>,
): number {
  const stride = Math.max(1, Math.floor(p.window / 2));
  let top = 0;
  for (let start = 0; start < doc.tokens.length; start += stride) {
    const end = Math.min(doc.tokens.length, start + p.window);
    const counts = new Map<number, number>();
    for (const term of doc.tokens.subarray(start, end)) {
      if (query.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    let score = 0;
    for (const [term, tf] of counts) {
      const norm = o.k1 * (1 - p.b + (p.b * (end - start)) / stats.averageLength);
      score += (query.get(term) ?? 0) * idf(stats, term) * ((tf * (o.k1 + 1)) / (tf + norm));
    }
    top = Math.max(top, score);
    if (end === doc.tokens.length) break;
  }
  return top;
}

export function rank(question: SandboxQuestion, o: RankerOptions): SandboxRanking {
  const stats = statsOf(question);
  let query = new Map(
    question.query.map((term) => [
      term,
      o.metaWeight !== undefined && META.has(terms[term] ?? '') ? o.metaWeight : 1,
    ]),
  );
  if (o.burst) query = burstWeighted(stats, query, o.burst);
  if (o.pronouns) {
    const asked = new Set(question.question.toLowerCase().match(/[a-z]+/g) ?? []);
    for (const word of o.pronouns.words) {
      const id = terms.indexOf(word);
      if (id >= 0 && asked.has(word)) query.set(id, o.pronouns.weight);
    }
  }
  if (o.cooc) query = associate(question, stats, query, o.cooc);
  let scores = bm25(question, stats, query, o);
  if (o.feedback) {
    query = expand(question, stats, query, scores, o.feedback);
    scores = bm25(question, stats, query, o);
  }
  if (o.fuseB !== undefined) {
    const fused = new Float64Array(scores.length);
    best(scores, 1000).forEach((index, rank) => {
      fused[index] = (fused[index] as number) + 1 / (61 + rank);
    });
    best(bm25(question, stats, query, o, o.fuseB), 1000).forEach((index, rank) => {
      fused[index] = (fused[index] as number) + 1 / (61 + rank);
    });
    scores = fused;
  }
  if (o.ql) {
    const likelihood = queryLikelihood(question, stats, query, o.ql);
    scores = o.ql.weight === Number.POSITIVE_INFINITY ? likelihood : fused(scores, likelihood, o.ql);
  }
  const { proximity: near, passage } = o;
  if (near) {
    scores = scores.map((score, index) =>
      score > 0 ? score + near.weight * proximity(at(question.docs, index), query, stats, near.window) : 0,
    );
  }
  if (passage) {
    scores = scores.map((score, index) =>
      score > 0
        ? passage.mix * score +
          (1 - passage.mix) * bestPassage(at(question.docs, index), query, stats, o, passage)
        : 0,
    );
  }
  const messages = best(scores, o.pool)
    .map((index) => ({
      index,
      score: (scores[index] as number) * priors(question, at(question.docs, index), o),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, o.top);

  const sessionScores = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const { index, score } of messages) {
    const session = at(question.docs, index).session;
    const rank = seen.get(session) ?? 0;
    seen.set(session, rank + 1);
    sessionScores.set(session, (sessionScores.get(session) ?? 0) + score * o.decay ** rank);
  }
  if (o.timeFloor) applyTimeFloor(question, sessionScores, o.timeFloor);
  if (o.coverage !== undefined) applyCoverage(question, stats, query, messages, sessionScores, o.coverage);
  if (o.termMax) applyTermMax(question, stats, query, sessionScores, o, o.termMax.weight);
  if (o.sessionDocument) addSessionDocuments(question, stats, query, sessionScores, o, o.sessionDocument);
  let listed = o.exchange ? exchangeRanked(question, scores, o, o.exchange) : messages;
  if (o.diversity !== undefined) listed = diversified(question, listed, o.diversity);
  const contextWeight = o.sessionContext;
  if (contextWeight !== undefined) {
    const topSession = Math.max(1e-9, ...sessionScores.values());
    const topMessage = Math.max(1e-9, ...listed.map((m) => m.score));
    listed = listed
      .map(({ index, score }) => ({
        index,
        score:
          (1 - contextWeight) * (score / topMessage) +
          (contextWeight * (sessionScores.get(at(question.docs, index).session) ?? 0)) / topSession,
      }))
      .sort((a, b) => b.score - a.score);
  }
  return {
    sessions: [...sessionScores].sort((a, b) => b[1] - a[1]).map(([session]) => session),
    messages: listed.map(
      ({ index }) => `${at(question.docs, index).session}:${at(question.docs, index).turn}`,
    ),
  };
}

const sessionModels = new WeakMap<
  SandboxQuestion,
  Map<string, { tf: Map<number, number>; length: number }>
>();
function sessionModelsOf(question: SandboxQuestion, stats: Stats) {
  let models = sessionModels.get(question);
  if (models) return models;
  models = new Map();
  question.docs.forEach((doc, index) => {
    const model = models?.get(doc.session) ?? { tf: new Map<number, number>(), length: 0 };
    models?.set(doc.session, model);
    model.length += doc.tokens.length;
    for (const [term, tf] of at(stats.tf, index)) model.tf.set(term, (model.tf.get(term) ?? 0) + tf);
  });
  sessionModels.set(question, models);
  return models;
}

/** Σ w · log(p(t|turn) / p(t|haystack)) over the turns that hold a query term (0 for the rest). */
function queryLikelihood(
  question: SandboxQuestion,
  stats: Stats,
  query: Map<number, number>,
  q: NonNullable<RankerOptions['ql']>,
): Float64Array {
  const total = stats.averageLength * stats.n;
  const models = sessionModelsOf(question, stats);
  const out = new Float64Array(question.docs.length);
  question.docs.forEach((doc, index) => {
    const tfs = at(stats.tf, index);
    const session = models.get(doc.session) as { tf: Map<number, number>; length: number };
    let matched = false;
    let score = 0;
    for (const [term, weight] of query) {
      const collection = ((stats.cf.get(term) ?? 0) + 0.5) / (total + 1);
      const prior =
        q.beta > 0
          ? ((session.tf.get(term) ?? 0) + q.beta * collection) / (session.length + q.beta)
          : collection;
      const tf = tfs.get(term) ?? 0;
      if (tf > 0) matched = true;
      score += weight * (Math.log((tf + q.mu * prior) / (doc.tokens.length + q.mu)) - Math.log(collection));
    }
    out[index] = matched ? Math.max(1e-6, score) : 0;
  });
  return out;
}

function fused(
  first: Float64Array,
  second: Float64Array,
  f: { method: 'rrf' | 'sum'; weight: number },
): Float64Array {
  const out = new Float64Array(first.length);
  if (f.method === 'rrf') {
    best(first, 1000).forEach((index, rank) => {
      out[index] = (out[index] as number) + 1 / (61 + rank);
    });
    best(second, 1000).forEach((index, rank) => {
      out[index] = (out[index] as number) + f.weight / (61 + rank);
    });
    return out;
  }
  const top1 = Math.max(1e-9, ...first);
  const top2 = Math.max(1e-9, ...second);
  first.forEach((score, index) => {
    out[index] = score / top1 + (f.weight * (second[index] as number)) / top2;
  });
  return out;
}

function burstWeighted(
  stats: Stats,
  query: Map<number, number>,
  burst: NonNullable<RankerOptions['burst']>,
): Map<number, number> {
  const weighted = new Map<number, number>();
  for (const [term, weight] of query) {
    const cf = stats.cf.get(term) ?? 0;
    const df = (burst.level === 'turn' ? stats.df : stats.sessionDf).get(term) ?? 0;
    const n = burst.level === 'turn' ? stats.n : stats.sessions;
    if (cf === 0 || df === 0) {
      weighted.set(term, weight);
      continue;
    }
    let factor: number;
    if (burst.form === 'ratio') factor = (cf / df) ** burst.power;
    else {
      const predicted = n * (1 - Math.exp(-cf / n));
      factor = 1 + burst.power * Math.max(0, Math.log2(predicted / df));
    }
    weighted.set(term, weight * factor);
  }
  return weighted;
}

function diversified(
  question: SandboxQuestion,
  listed: { index: number; score: number }[],
  factor: number,
): { index: number; score: number }[] {
  const seen = new Map<string, number>();
  return listed
    .map(({ index, score }) => {
      const session = at(question.docs, index).session;
      const rank = seen.get(session) ?? 0;
      seen.set(session, rank + 1);
      return { index, score: score * factor ** rank };
    })
    .sort((a, b) => b.score - a.score);
}

function applyTimeFloor(
  question: SandboxQuestion,
  sessionScores: Map<string, number>,
  f: NonNullable<RankerOptions['timeFloor']>,
): void {
  const hint = question.hint;
  if (!hint) return;
  let { start, end } = hint;
  if (f.near !== undefined && start !== null && /\bago\b/i.test(hint.phrase)) {
    const span = Math.max(86_400_000, question.now - start);
    end = start + f.near * span;
    start = start - f.near * span;
  }
  const inRange = new Set<string>();
  for (const doc of question.docs) {
    if ((start === null || doc.at >= start) && (end === null || doc.at < end)) inRange.add(doc.session);
  }
  if (inRange.size === 0 || inRange.size > 10) return;
  const top = Math.max(1e-9, ...sessionScores.values());
  for (const session of inRange) {
    const score = sessionScores.get(session) ?? 0;
    sessionScores.set(session, f.add ? score + f.share * top : Math.max(score, f.share * top));
  }
}

function exchangeRanked(
  question: SandboxQuestion,
  scores: Float64Array,
  o: RankerOptions,
  e: NonNullable<RankerOptions['exchange']>,
): { index: number; score: number }[] {
  const pooled = new Set(best(scores, o.pool));
  const smoothed: { index: number; score: number }[] = [];
  for (const index of pooled) {
    let score = scores[index] as number;
    for (const j of neighbours(question, index, e.both)) score += e.weight * (scores[j] as number);
    smoothed.push({ index, score: score * priors(question, at(question.docs, index), o) });
  }
  return smoothed.sort((a, b) => b.score - a.score).slice(0, o.top);
}

function applyTermMax(
  question: SandboxQuestion,
  stats: Stats,
  query: Map<number, number>,
  sessionScores: Map<string, number>,
  o: RankerOptions,
  weight: number,
): void {
  const best = new Map<string, Map<number, number>>();
  question.docs.forEach((doc, index) => {
    if (!sessionScores.has(doc.session)) return;
    const tfs = at(stats.tf, index);
    const prior = priors(question, doc, o);
    const norm = o.k1 * (1 - o.b + (o.b * doc.tokens.length) / stats.averageLength);
    const perTerm = best.get(doc.session) ?? new Map<number, number>();
    best.set(doc.session, perTerm);
    for (const [term, w] of query) {
      const tf = tfs.get(term) ?? 0;
      if (tf === 0) continue;
      const contribution = prior * w * termIdf(stats, term, o) * ((tf * (o.k1 + 1)) / (tf + norm));
      if (contribution > (perTerm.get(term) ?? 0)) perTerm.set(term, contribution);
    }
  });
  const termScores = new Map<string, number>();
  for (const [session, perTerm] of best)
    termScores.set(
      session,
      [...perTerm.values()].reduce((a, b) => a + b, 0),
    );
  const topAggregate = Math.max(1e-9, ...sessionScores.values());
  const topTerm = Math.max(1e-9, ...termScores.values());
  for (const [session, score] of sessionScores) {
    sessionScores.set(
      session,
      (1 - weight) * (score / topAggregate) + (weight * (termScores.get(session) ?? 0)) / topTerm,
    );
  }
}

function applyCoverage(
  question: SandboxQuestion,
  stats: Stats,
  query: Map<number, number>,
  messages: { index: number }[],
  sessionScores: Map<string, number>,
  power: number,
): void {
  const totalIdf = [...query.keys()].reduce((sum, term) => sum + idf(stats, term), 0) || 1;
  const covered = new Map<string, Set<number>>();
  for (const { index } of messages) {
    const session = at(question.docs, index).session;
    const found = covered.get(session) ?? new Set<number>();
    for (const term of query.keys()) if (at(stats.tf, index).has(term)) found.add(term);
    covered.set(session, found);
  }
  for (const [session, score] of sessionScores) {
    const share =
      [...(covered.get(session) ?? [])].reduce((sum, term) => sum + idf(stats, term), 0) / totalIdf;
    sessionScores.set(session, score * share ** power);
  }
}

function addSessionDocuments(
  question: SandboxQuestion,
  stats: Stats,
  query: Map<number, number>,
  sessionScores: Map<string, number>,
  o: RankerOptions,
  s: NonNullable<RankerOptions['sessionDocument']>,
): void {
  const sessions = new Map<string, { length: number; tf: Map<number, number> }>();
  question.docs.forEach((doc, index) => {
    const entry = sessions.get(doc.session) ?? { length: 0, tf: new Map<number, number>() };
    entry.length += doc.tokens.length;
    for (const [term, count] of at(stats.tf, index)) {
      if (query.has(term)) entry.tf.set(term, (entry.tf.get(term) ?? 0) + count);
    }
    sessions.set(doc.session, entry);
  });
  const n = sessions.size;
  const average = [...sessions.values()].reduce((sum, entry) => sum + entry.length, 0) / n;
  const df = new Map<number, number>();
  for (const entry of sessions.values())
    for (const term of entry.tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const whole = new Map<string, number>();
  for (const [session, entry] of sessions) {
    let score = 0;
    for (const [term, weight] of query) {
      const tf = entry.tf.get(term) ?? 0;
      if (tf === 0) continue;
      const termIdf = Math.log(1 + (n - (df.get(term) ?? 0) + 0.5) / ((df.get(term) ?? 0) + 0.5));
      score +=
        weight * termIdf * ((tf * (o.k1 + 1)) / (tf + o.k1 * (1 - s.b + (s.b * entry.length) / average)));
    }
    whole.set(session, score);
  }
  const topWhole = Math.max(1e-9, ...whole.values());
  const topMessages = Math.max(1e-9, ...sessionScores.values());
  for (const [session, score] of whole) {
    sessionScores.set(
      session,
      (sessionScores.get(session) ?? 0) / topMessages + (s.weight * score) / topWhole,
    );
  }
}

/** Each experiment: named variants of the base ranker. */
const EXPERIMENTS: Record<string, [string, Partial<RankerOptions>][]> = {
  base: [['base', {}]],
  /** Plain BM25 (k1 1.2, b 0.75) over the analysed turns, sessions by their best message, no priors. */
  meta: [0, 0.25, 0.5].map((metaWeight) => [`meta words × ${metaWeight}`, { metaWeight }]),
  plain: [
    [
      'plain bm25',
      {
        b: 0.75,
        user: 1,
        decay: 0,
        hintBoost: 1,
        recency: { weight: 0, halfLifeDays: 30 },
        sessionIdf: undefined,
      },
    ],
  ],
  bm25: [0.6, 0.9, 1.2, 1.6, 2].flatMap((k1) =>
    [0.75, 0.9, 1].map((b): [string, Partial<RankerOptions>] => [`k1 ${k1} b ${b}`, { k1, b }]),
  ),
  feedback: [5, 10, 20].flatMap((documents) =>
    [5, 10, 20].flatMap((terms) =>
      [0.1, 0.2, 0.3].map((lambda): [string, Partial<RankerOptions>] => [
        `rm3 docs ${documents} terms ${terms} lambda ${lambda}`,
        { feedback: { documents, terms, lambda, idfPower: 0.5 } },
      ]),
    ),
  ),
  proximity: [3, 5, 10].flatMap((window) =>
    [0.1, 0.3, 1].map((weight): [string, Partial<RankerOptions>] => [
      `proximity window ${window} × ${weight}`,
      { proximity: { window, weight } },
    ]),
  ),
  passage: [30, 60, 100].flatMap((window) =>
    [0, 0.5].map((mix): [string, Partial<RankerOptions>] => [
      `passage ${window} mix ${mix}`,
      { passage: { window, mix, b: 0.9 } },
    ]),
  ),
  session: [0.1, 0.25, 0.5, 1].map((weight) => [
    `session document × ${weight}`,
    { sessionDocument: { weight, b: 0.75 } },
  ]),
  coverage: [0.25, 0.5, 1, 2].map((coverage) => [`coverage ^${coverage}`, { coverage }]),
  'term-max': [0.1, 0.25, 0.5, 0.75, 1].map((weight) => [
    `per-term best message × ${weight}`,
    { termMax: { weight } },
  ]),
  context: [0.1, 0.25, 0.5, 1].flatMap((weight) =>
    [false, true].map((both): [string, Partial<RankerOptions>] => [
      `context × ${weight}${both ? ' both ways' : ''}`,
      { context: { weight, both } },
    ]),
  ),
  fusion: [0.3, 0.5, 0.75].map((fuseB) => [`rrf with b ${fuseB}`, { fuseB }]),
  time: [
    ...[1, 1.25, 1.5, 2].map((hintBoost): [string, Partial<RankerOptions>] => [
      `range boost ${hintBoost}`,
      { hintBoost },
    ]),
    ...[0.25, 0.5, 1].flatMap((weight) =>
      [0.1, 0.25, 0.5].map((scale): [string, Partial<RankerOptions>] => [
        `peak × ${weight} scale ${scale}`,
        { peak: { weight, scale } },
      ]),
    ),
    ...[0, 0.2, 0.3].flatMap((weight) =>
      [7, 30, 90].map((halfLifeDays): [string, Partial<RankerOptions>] => [
        `recency ${weight} half-life ${halfLifeDays} d`,
        { recency: { weight, halfLifeDays } },
      ]),
    ),
  ],
  burst: (['turn', 'session'] as const).flatMap((level) =>
    (['ratio', 'ridf'] as const).flatMap((form) =>
      [0.25, 0.5, 1].map((power): [string, Partial<RankerOptions>] => [
        `burst ${form} ${level} ^${power}`,
        { burst: { power, level, form } },
      ]),
    ),
  ),
  pronouns: [0.1, 0.25, 0.5, 1].flatMap((weight) =>
    [['i', 'me', 'my', 'myself'], ['my'], ['i', 'my']].map((words): [string, Partial<RankerOptions>] => [
      `pronouns ${words.join('/')} × ${weight}`,
      { pronouns: { weight, words } },
    ]),
  ),
  'role-length': [0.25, 0.5, 1].flatMap((mix) =>
    [1, 1.6, 2.5].map((user): [string, Partial<RankerOptions>] => [
      `role length mix ${mix} user ${user}`,
      { roleLength: { mix }, user },
    ]),
  ),
  diversity: [0.5, 0.85, 0.95, 1.05, 1.1, 1.2].map((diversity) => [
    `message list diversity ${diversity}`,
    { diversity },
  ]),
  'session-context': [0.1, 0.2, 0.3, 0.5].map((sessionContext) => [
    `message list with session score × ${sessionContext}`,
    { sessionContext },
  ]),
  'idf-power': [0.75, 1.25, 1.5, 2, 3].map((idfPower) => [`idf ^${idfPower}`, { idfPower }]),
  'session-idf': [0, 0.25, 0.5, 0.75, 1].map((mix) => [`session idf mix ${mix}`, { sessionIdf: { mix } }]),
  'exchange-chosen': [['exchange × 1 (chosen on the tuning half)', { exchange: { weight: 1, both: false } }]],
  exchange: [0.5, 1, 1.5, 2, 3].flatMap((weight) =>
    [false, true].map((both): [string, Partial<RankerOptions>] => [
      `exchange × ${weight}${both ? ' both ways' : ''}`,
      { exchange: { weight, both } },
    ]),
  ),
  cooc: [false, true].flatMap((global) =>
    [3, 10].flatMap((terms) =>
      [0.1, 0.3].flatMap((weight) =>
        [0.5, 1].map((alpha): [string, Partial<RankerOptions>] => [
          `cooc ${global ? 'global' : 'haystack'} ${terms} × ${weight} α ${alpha}`,
          { cooc: { terms, weight, alpha, global } },
        ]),
      ),
    ),
  ),
  ago: [0.5, 1, 1.5, 2].flatMap((agoWindow) =>
    [1.25, 1.5, 2].map((hintBoost): [string, Partial<RankerOptions>] => [
      `ago ± ${agoWindow} unit boost ${hintBoost}`,
      { agoWindow, hintBoost },
    ]),
  ),
  floor: [0.1, 0.25, 0.5].flatMap((share) =>
    [false, true].flatMap((add) =>
      [undefined, 0.25, 0.5].map((near): [string, Partial<RankerOptions>] => [
        `time floor ${share}${add ? ' added' : ''}${near === undefined ? '' : ` near ${near}`}`,
        { timeFloor: near === undefined ? { share, add } : { share, add, near } },
      ]),
    ),
  ),
  ql: [50, 200, 1000].flatMap((mu) =>
    [0, 500].flatMap((beta) =>
      (
        [
          ['rrf', 0.5],
          ['rrf', 1],
          ['sum', 0.5],
          ['sum', 1],
          ['sum', Number.POSITIVE_INFINITY],
        ] as const
      ).map(([method, weight]): [string, Partial<RankerOptions>] => [
        `ql μ ${mu} β ${beta} ${weight === Number.POSITIVE_INFINITY ? 'alone' : `${method} × ${weight}`}`,
        { ql: { mu, beta, method, weight } },
      ]),
    ),
  ),
  dph: [['dph', { dph: true }]],
  background: [0.25, 0.5, 0.75, 1].map((mix) => [`background idf mix ${mix}`, { backgroundIdf: { mix } }]),
  aggregation: [50, 100, 250].flatMap((top) =>
    [0.6, 0.8].map((decay): [string, Partial<RankerOptions>] => [
      `top ${top} decay ${decay}`,
      { top, decay, pool: Math.max(top, BASE.pool) },
    ]),
  ),
};

/** Questions the base ranker misses on the tuning half, with the ranks of their answer sessions. */
function misses(half: Half): void {
  for (const question of prepared) {
    if (half !== 'all' && (question.position % 2 === 0) !== (half === 'even')) continue;
    const ranking = rank(question, BASE);
    const ranks = question.answers.map((answer) => ranking.sessions.indexOf(answer));
    if (ranks.every((r) => r >= 0 && r < 5)) continue;
    process.stdout.write(
      `${question.position} ${question.type} ranks ${ranks.join(',')} :: ${question.question}\n`,
    );
  }
}

const runAsScript = process.argv[1]?.endsWith('sandbox-ranker.ts') ?? false;
const [experiment = 'base', half = 'even'] = runAsScript ? process.argv.slice(2) : ['none', 'even'];
if (!['even', 'odd', 'all'].includes(half)) throw new Error(`half must be even, odd or all, got ${half}`);
if (!runAsScript) {
  // Imported by another research script: only the ranker is wanted.
} else if (experiment === 'misses') misses(half as Half);
else {
  const variants = EXPERIMENTS[experiment];
  if (!variants)
    throw new Error(`experiment must be misses or one of ${Object.keys(EXPERIMENTS).join(', ')}`);
  if (experiment !== 'base') evaluate('base', (question) => rank(question, BASE), half as Half);
  for (const [name, options] of variants) {
    evaluate(
      name,
      (question) => rank(question, { ...BASE, ...options }),
      half as Half,
      experiment === 'base',
    );
  }
}
