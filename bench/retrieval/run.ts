import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AppDeps } from '../../src/app/deps.js';
import { appendMessages } from '../../src/app/messages/append-messages.js';
import { ensureImportedSession } from '../../src/app/messages/imported-session.js';
import { LiveLexicalIndex } from '../../src/app/search/live-index.js';
import { searchSessions } from '../../src/app/search/search-sessions.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { installValidationMessages } from '../../src/core/validation.js';
import { gitCli } from '../../src/git/git-cli.js';
import { createLogger } from '../../src/logger.js';
import { withRedaction } from '../../src/store/redacting-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ms, summarise } from '../stats.js';
import { loadQuestions, loadSessions, parseDatasetDate, type Question } from './dataset.js';
import { type Aggregate, aggregate, type QuestionScore, scoreQuestion } from './metrics.js';

/**
 * `npm run bench:retrieval`: LongMemEval-S retrieval through deja's own use
 * cases. Each question is its own world: a fresh store, the question's
 * haystack sessions imported as conversations (one deja session each, turns as
 * messages), then the question asked through `search` grouped by session
 * (`searchSessions`): messages for evidence-turn recall, sessions for the rest. Flags: --limit N (first N questions), --json.
 */
const args = process.argv.slice(2);
const limitArg = args.indexOf('--limit');
const limit = limitArg >= 0 ? Number(args[limitArg + 1]) : Number.POSITIVE_INFINITY;
const asJson = args.includes('--json');
const out = (text: string) => process.stdout.write(`${text}\n`);
const MESSAGES_PER_QUERY = 50;

installValidationMessages();
const all = loadQuestions();
const questions = all
  .map((question, position) => ({ question, position }))
  .filter(({ question }) => !question.abstention)
  .slice(0, limit);
const needed = new Set(questions.flatMap(({ question }) => question.haystack_session_ids));
const t0 = performance.now();
const sessions = await loadSessions(needed);
process.stderr.write(`loaded ${sessions.size} sessions in ${ms(performance.now() - t0)}\n`);

const home = realpathSync(tmpdir());
const config = {
  ...loadConfig({ env: { DEJA_HOME: home }, flags: { logLevel: 'silent' } }),
  timeZone: 'UTC',
};
const logger = createLogger({ logLevel: 'silent', logFile: null });

interface Scored {
  position: number;
  type: string;
  score: QuestionScore;
}
const scored: Scored[] = [];
const latencies: number[] = [];

for (const { question, position } of questions) {
  const store = withRedaction(new SqliteStore({ path: ':memory:' }));
  const deps: AppDeps = {
    store,
    lexical: new LiveLexicalIndex(store),
    clock: fixedClock(parseDatasetDate(question.question_date)),
    git: gitCli,
    config,
    logger,
  };
  const turnKeys = await importHaystack(deps, question);
  await deps.lexical?.prepare({ wait: true }); // as the server has it: loaded before questions come
  const started = performance.now();
  const answer = await searchSessions(deps, { query: question.question, limit: MESSAGES_PER_QUERY });
  latencies.push(performance.now() - started);
  const messages = answer.results.map((result) => turnKeys.get(result.id) ?? { session: '?', key: '?' });
  // Sessions as search groups them (core/ranking/session-aggregation.ts), mapped to data-set ids.
  const ranked = answer.sessions.map((group) => turnKeys.get(group.results[0]?.id ?? '')?.session ?? '?');
  const evidence = question.evidence_turns.map(([session, turn]) => `${session}:${turn}`);
  scored.push({
    position,
    type: question.question_type,
    score: scoreQuestion(
      ranked,
      question.answer_session_ids,
      messages.map((message) => message.key),
      evidence,
    ),
  });
  await deps.store.close();
  if (scored.length % 50 === 0) process.stderr.write(`${scored.length}/${questions.length}\n`);
}

/** Imports one question's haystack; returns message id → (data-set session, `session:turn`). */
async function importHaystack(deps: AppDeps, question: Question) {
  const now = deps.clock.now().toISOString();
  const project = await deps.store.upsertProject({
    id: 'prj_longmemeval',
    identity: 'name:longmemeval',
    name: 'longmemeval',
    rootPath: '',
    languages: [],
    packageManager: null,
    createdAt: now,
    updatedAt: now,
  });
  const bySessionId = new Map<string, string>();
  for (const [index, externalId] of question.haystack_session_ids.entries()) {
    const haystack = sessions.get(externalId);
    if (!haystack) throw new Error(`session ${externalId} missing from sessions.jsonl.gz`);
    const startedAt = parseDatasetDate(question.haystack_dates[index] ?? haystack.date);
    const at = (turn: number) => new Date(Date.parse(startedAt) + turn * 60_000).toISOString();
    const session = await ensureImportedSession(deps, {
      project,
      externalId: `${question.qid}/${externalId}`,
      startedAt,
      endedAt: at(haystack.turns.length),
    });
    bySessionId.set(session.id, externalId);
    await appendMessages(
      deps,
      session,
      haystack.turns.map((turn, number) => ({
        role: turn.role,
        content: turn.content,
        createdAt: at(number),
        turn: number,
        sourceRef: `${externalId}:${number}`,
      })),
    );
  }
  await deps.store.indexPending();
  const keys = new Map<string, { session: string; key: string }>();
  // Map stored message ids back to data-set turns through the store itself.
  const ids = await deps.store.searchIndex({
    terms: [],
    match: 'any',
    filters: { sources: ['message'] },
    limit: 100_000,
  });
  for (const message of await deps.store.getMessages(ids.map((hit) => hit.ref))) {
    keys.set(message.id, {
      session: bySessionId.get(message.sessionId) ?? '?',
      key: message.sourceRef ?? '?',
    });
  }
  return keys;
}

const byHalf = (half: 'even' | 'odd') => scored.filter((s) => (s.position % 2 === 0) === (half === 'even'));
const types = [...new Set(scored.map((s) => s.type))].sort();
const rows: [string, Aggregate][] = [
  ['all', aggregate(scored.map((s) => s.score))],
  ['tuning half (even positions)', aggregate(byHalf('even').map((s) => s.score))],
  ['held-out half (odd positions)', aggregate(byHalf('odd').map((s) => s.score))],
  ...types.map((type): [string, Aggregate] => [
    type,
    aggregate(scored.filter((s) => s.type === type).map((s) => s.score)),
  ]),
];
const latency = summarise(latencies);

if (asJson) {
  out(JSON.stringify({ rows: Object.fromEntries(rows), latency }, null, 2));
} else {
  out(
    `LongMemEval-S retrieval, lexical only — ${new Date().toISOString()} — ${scored.length} questions (non-abstention)`,
  );
  out('| set | n | recall_all@5 | recall_any@5 | recall_all@10 | NDCG@10 | evidence-turn R@10 | MRR |');
  out('|---|---|---|---|---|---|---|---|');
  const f = (value: number) => value.toFixed(3);
  for (const [name, a] of rows) {
    out(
      `| ${name} | ${a.questions} | ${f(a.recallAll5)} | ${f(a.recallAny5)} | ${f(a.recallAll10)} | ${f(a.ndcg10)} | ${f(a.evidenceRecall10)} | ${f(a.mrr)} |`,
    );
  }
  out(`search latency per question (~500 messages each): p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}`);
}
