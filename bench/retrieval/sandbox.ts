import { queryTimeHint } from '../../src/app/search/search-filters.js';
import { analyzeDocument, analyzeQuery } from '../../src/core/ranking/analyze.js';
import { indexText } from '../../src/core/ranking/tokenize.js';
import { loadQuestions, loadSessions, parseDatasetDate } from './dataset.js';
import { aggregate, type QuestionScore, scoreQuestion } from './metrics.js';

/**
 * The retrieval sandbox: LongMemEval-S analysed once (deja's own analyser and
 * time-phrase parser), kept in memory as term ids, so that a ranking idea is
 * measured on the tuning half in seconds instead of re-importing every
 * haystack through the store (`npm run bench:retrieval`, about a minute).
 * It is a research tool, not a ranking path: ideas that win here are built
 * into src/core/ranking and measured again with the real benchmark. Its
 * baseline (sandbox-ranker.ts, `BASE`) reproduces the real benchmark's
 * tuning-half row; check that it still does before trusting a comparison.
 */

export interface SandboxDoc {
  session: string;
  turn: number;
  role: string;
  tokens: Int32Array;
  /** Epoch ms. */
  at: number;
}

export interface SandboxQuestion {
  position: number;
  type: string;
  question: string;
  docs: SandboxDoc[];
  /** Analysed query term ids, after a time phrase was taken out. */
  query: number[];
  hint: { start: number | null; end: number | null; phrase: string } | null;
  now: number;
  answers: string[];
  evidence: string[];
}

export interface SandboxRanking {
  sessions: string[];
  /** `session:turn` keys, best first. */
  messages: string[];
}

const questions = loadQuestions();
const items = questions.map((q, position) => ({ q, position })).filter(({ q }) => !q.abstention);
const sessions = await loadSessions(new Set(items.flatMap(({ q }) => q.haystack_session_ids)));

const termIds = new Map<string, number>();
export const terms: string[] = [];
const idOf = (term: string) => {
  let id = termIds.get(term);
  if (id === undefined) {
    id = terms.length;
    terms.push(term);
    termIds.set(term, id);
  }
  return id;
};

const analysed = new Map<string, Int32Array[]>();
function turnsOf(sessionId: string): Int32Array[] {
  let turns = analysed.get(sessionId);
  if (!turns) {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`session ${sessionId} missing`);
    turns = session.turns.map((turn) => Int32Array.from(analyzeDocument(indexText(turn.content)).map(idOf)));
    analysed.set(sessionId, turns);
  }
  return turns;
}

function prepare(q: (typeof questions)[number], position: number): SandboxQuestion {
  const now = Date.parse(parseDatasetDate(q.question_date));
  const docs: SandboxDoc[] = [];
  q.haystack_session_ids.forEach((sessionId, index) => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`session ${sessionId} missing`);
    const start = Date.parse(parseDatasetDate(q.haystack_dates[index] ?? session.date));
    turnsOf(sessionId).forEach((tokens, turn) => {
      const role = session.turns[turn]?.role ?? 'user';
      docs.push({ session: sessionId, turn, role, tokens, at: start + turn * 60_000 });
    });
  });
  // The same step as the search use case (app/search/search-filters.ts).
  const { query: text, timeHint } = queryTimeHint(q.question.trim(), { now: new Date(now), timeZone: 'UTC' });
  const epoch = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const hint: SandboxQuestion['hint'] = timeHint && {
    start: epoch(timeHint.start),
    end: epoch(timeHint.end),
    phrase: timeHint.phrase,
  };
  return {
    position,
    type: q.question_type,
    question: q.question,
    docs,
    query: analyzeQuery(text).map(idOf),
    hint,
    now,
    answers: q.answer_session_ids,
    evidence: q.evidence_turns.map(([session, turn]) => `${session}:${turn}`),
  };
}

export const prepared = items.map(({ q, position }) => prepare(q, position));
process.stderr.write(`sandbox: ${prepared.length} questions, ${terms.length} terms\n`);

export type Half = 'even' | 'odd' | 'all';

/** Scores a ranker on one half and prints one line (and per-type lines when `verbose`). */
export function evaluate(
  name: string,
  ranker: (question: SandboxQuestion) => SandboxRanking,
  half: Half,
  verbose = false,
) {
  const scores: QuestionScore[] = [];
  const byType = new Map<string, QuestionScore[]>();
  const started = performance.now();
  for (const question of prepared) {
    if (half !== 'all' && (question.position % 2 === 0) !== (half === 'even')) continue;
    const ranking = ranker(question);
    const score = scoreQuestion(ranking.sessions, question.answers, ranking.messages, question.evidence);
    scores.push(score);
    byType.set(question.type, [...(byType.get(question.type) ?? []), score]);
  }
  const a = aggregate(scores);
  const f = (value: number) => value.toFixed(3);
  const perQuestion = (performance.now() - started) / Math.max(1, scores.length);
  process.stdout.write(
    `${name.padEnd(36)} all@5 ${f(a.recallAll5)} any@5 ${f(a.recallAny5)} ndcg@10 ${f(a.ndcg10)} ev@10 ${f(a.evidenceRecall10)} mrr ${f(a.mrr)} (${perQuestion.toFixed(2)} ms/q)\n`,
  );
  if (verbose) {
    for (const [type, list] of byType) {
      const t = aggregate(list);
      process.stdout.write(
        `    ${type.padEnd(28)} ${String(list.length).padStart(3)} all@5 ${f(t.recallAll5)} any@5 ${f(t.recallAny5)} ndcg@10 ${f(t.ndcg10)} ev@10 ${f(t.evidenceRecall10)}\n`,
      );
    }
  }
  return a;
}
