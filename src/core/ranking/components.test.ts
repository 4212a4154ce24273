import { describe, expect, it } from 'vitest';
import { analyzeDocument, analyzeQuery } from './analyze.js';
import { LexicalIndex } from './lexical-index.js';
import { rankCandidates } from './rank-hits.js';
import { aggregateBySession } from './session-aggregation.js';

/**
 * What each ranking component is for, one tiny corpus each (issue 6 asks for a
 * test per component). The weights themselves live in weights.ts.
 */

const now = new Date('2026-11-25T12:00:00Z');
const candidate = (
  key: string,
  bm25: number,
  { createdAt = '2026-11-20T12:00:00Z', ...overrides }: Record<string, unknown> = {},
) => ({
  key,
  source: 'message' as const,
  kind: 'assistant',
  createdAtMs: Date.parse(createdAt as string),
  confidence: null,
  bm25,
  ...overrides,
});
const order = (ranked: { candidate: { key: string } }[]) => ranked.map((entry) => entry.candidate.key);

/** Indexes texts (docId = position + 1, in the given sessions) the way the server's in-memory index does. */
function indexOf(texts: string[], sessions: (string | null)[] = []): LexicalIndex {
  const index = new LexicalIndex();
  for (const [i, text] of texts.entries()) {
    index.add(i + 1, analyzeDocument(text), {
      ref: `d${i + 1}`,
      source: 'message',
      kind: 'user',
      projectId: null,
      sessionId: sessions[i] ?? null,
      createdAt: 0,
      confidence: null,
    });
  }
  return index;
}
const top = (index: LexicalIndex, query: string) =>
  index.search(analyzeQuery(query), { limit: 3 }).map((hit) => hit.docId);

describe('ranking components, each on a tiny corpus', () => {
  it('stemming: "deployed" finds the text that says "deploying"', () => {
    const index = indexOf(['we are deploying the api on friday', 'the api returns json']);
    expect(top(index, 'deployed')).toEqual([1]);
  });

  it('conversation idf: a word one conversation repeats keeps the weight of a topic', () => {
    // "kubernetes" fills four turns of one session; "deploy" is said once in each of four others.
    const turns: [string, string][] = [
      ['s1', 'kubernetes alpha'],
      ['s1', 'kubernetes bravo'],
      ['s1', 'kubernetes charlie'],
      ['s1', 'kubernetes delta'],
      ['s2', 'deploy echo'],
      ['s3', 'deploy foxtrot'],
      ['s4', 'deploy golf'],
      ['s5', 'deploy hotel'],
    ];
    const index = indexOf(
      turns.map(([, text]) => text),
      turns.map(([session]) => session),
    );
    // Counted per document both words are equally common and the tie goes to the larger id
    // (a "deploy" turn); counted per conversation "kubernetes" is the rarer, weightier word.
    const [best] = index.search(analyzeQuery('kubernetes deploy'), { limit: 1 });
    expect(best?.meta.sessionId).toBe('s1');
  });

  it('code-aware terms: "config file parse" finds parseConfigFile, and a path fragment finds its file', () => {
    const index = indexOf(['renamed parseConfigFile to loadSettings', 'edited src/store/sqlite-store.ts']);
    expect(top(index, 'config file parse')).toEqual([1]);
    expect(top(index, 'sqlite-store')).toEqual([2]);
  });

  it('stopwords: a question full of them still ranks by its meaningful words', () => {
    const index = indexOf(['what is the plan for the cache', 'the cache eviction uses lru']);
    expect(top(index, 'what is the eviction of the cache')[0]).toBe(2);
  });

  it('length normalisation: a short message that says it beats a long one that mentions it in passing', () => {
    const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    // The long text comes second so that the tie-break (larger docId first) would favour it.
    const index = indexOf(['the flaky test is the date parser', `${filler} flaky ${filler}`]);
    expect(top(index, 'flaky')).toEqual([1, 2]);
  });

  it('recency prior: between equal matches the newer comes first, but it never outweighs a better match', () => {
    const old = { createdAt: '2026-06-01T12:00:00Z' };
    expect(order(rankCandidates([candidate('z-old', 2, old), candidate('a-new', 2)], now))[0]).toBe('a-new');
    expect(order(rankCandidates([candidate('old', 2.5, old), candidate('new', 2)], now))[0]).toBe('old');
  });

  it('reciprocal rank fusion keeps a document that only the vector list found', () => {
    const ranked = rankCandidates(
      [candidate('lexical', 3), { ...candidate('vector-only', 0), bm25: undefined, similarity: 0.9 }],
      now,
    );
    expect(order(ranked)).toContain('vector-only');
  });

  it('role weight: between equal matches, what the user typed comes before the assistant’s echo', () => {
    // Keys chosen so that the tie-break alone would put the assistant first.
    const ranked = rankCandidates(
      [candidate('z-assistant', 2), candidate('a-user', 2, { kind: 'user' })],
      now,
    );
    expect(order(ranked)[0]).toBe('a-user');
    // …but it does not override a clearly better assistant match.
    const better = rankCandidates([candidate('assistant', 4), candidate('user', 2, { kind: 'user' })], now);
    expect(order(better)[0]).toBe('assistant');
  });

  it('field weight: tool output comes after an equal match in what was said, not before a better one', () => {
    // Keys chosen so that the tie-break alone would put the tool output first.
    const ranked = rankCandidates([candidate('a-said', 2), candidate('z-tool', 2, { kind: 'tool' })], now);
    expect(order(ranked)[0]).toBe('a-said');
    const better = rankCandidates([candidate('said', 1), candidate('tool', 2, { kind: 'tool' })], now);
    expect(order(better)[0]).toBe('tool');
  });

  it('time hint: a document inside the asked-about week beats an equal one outside it', () => {
    const ranked = rankCandidates(
      [
        candidate('outside', 2),
        candidate('inside', 2, { inTimeHint: true, createdAt: '2026-11-01T12:00:00Z' }),
      ],
      now,
    );
    expect(order(ranked)[0]).toBe('inside');
  });

  it('source and kind priors: a decision memory comes before an equal message', () => {
    const ranked = rankCandidates(
      [candidate('message', 2), candidate('decision', 2, { source: 'memory', kind: 'decision' })],
      now,
    );
    expect(order(ranked)[0]).toBe('decision');
  });

  it('confidence and votes: a confident, up-voted memory comes before an equal doubtful one', () => {
    const doubtful = candidate('doubtful', 2, { source: 'memory', kind: 'learning', confidence: 0.2 });
    const confident = candidate('confident', 2, { source: 'memory', kind: 'learning', confidence: 0.9 });
    expect(order(rankCandidates([doubtful, confident], now))[0]).toBe('confident');
    const voted = candidate('a-voted', 2, {
      source: 'memory',
      kind: 'learning',
      confidence: 0.2,
      voteScore: 3,
    });
    expect(order(rankCandidates([doubtful, voted], now))[0]).toBe('a-voted');
  });

  it('ties break on the key, larger first, so the tests above are not won by the tie-break', () => {
    expect(order(rankCandidates([candidate('a', 2), candidate('b', 2)], now))[0]).toBe('b');
  });

  it('session aggregation: a conversation answering with several messages beats one lucky message', () => {
    const sessions = aggregateBySession([
      { session_id: 'lucky', score: 1 },
      { session_id: 'thorough', score: 0.9 },
      { session_id: 'thorough', score: 0.8 },
      { session_id: 'thorough', score: 0.7 },
    ]);
    expect(sessions.map((group) => group.sessionId)).toEqual(['thorough', 'lucky']);
  });
});
