import { describe, expect, it } from 'vitest';
import { rankCandidates } from './rank-hits.js';
import { makeSnippet } from './snippet.js';

const now = new Date('2026-11-25T12:00:00Z');
const candidate = (
  key: string,
  bm25: number,
  { createdAt = '2026-11-20T12:00:00Z', ...overrides }: Record<string, unknown> = {},
) => ({
  key,
  source: 'message' as const,
  kind: 'user',
  createdAtMs: Date.parse(createdAt as string),
  confidence: null,
  bm25,
  ...overrides,
});

describe('rankCandidates', () => {
  it('orders by BM25 when there are no vectors', () => {
    const ranked = rankCandidates([candidate('a', 1), candidate('b', 3), candidate('c', 2)], now);
    expect(ranked.map((r) => r.candidate.key)).toEqual(['b', 'c', 'a']);
    expect(ranked[0]?.score).toBeGreaterThan(0);
  });

  it('lets recency decide between equal matches, but not override a clearly better one', () => {
    const old = candidate('old', 2, { createdAt: '2025-01-01T00:00:00Z' });
    const recent = candidate('recent', 2, { createdAt: '2026-11-25T11:00:00Z' });
    expect(rankCandidates([old, recent], now)[0]?.candidate.key).toBe('recent');
    const better = candidate('better', 3, { createdAt: '2025-01-01T00:00:00Z' });
    expect(rankCandidates([better, recent], now)[0]?.candidate.key).toBe('better');
  });

  it('fuses lexical and vector orders when similarities are present', () => {
    const ranked = rankCandidates(
      [
        candidate('lexical-only', 5),
        { ...candidate('both', 4), similarity: 0.9 },
        { ...candidate('vector-only', 0), bm25: undefined, similarity: 0.95 },
      ],
      now,
    );
    expect(ranked[0]?.candidate.key).toBe('both');
  });

  it('breaks ties deterministically', () => {
    const a = rankCandidates([candidate('x', 1), candidate('y', 1)], now).map((r) => r.candidate.key);
    const b = rankCandidates([candidate('y', 1), candidate('x', 1)], now).map((r) => r.candidate.key);
    expect(a).toEqual(b);
  });
});

describe('makeSnippet', () => {
  const long = `${'filler words here '.repeat(40)}the retry loop in parseConfigFile failed ${'more filler text '.repeat(40)}`;

  it('returns short texts whole, whitespace collapsed', () => {
    expect(makeSnippet('a  short\n text', ['short'], 50)).toBe('a short text');
  });

  it('centres on the query terms within the budget', () => {
    const snippet = makeSnippet(long, ['retry', 'loop'], 20);
    expect(snippet).toContain('retry loop');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(20 * 4 + 2);
  });

  it('starts at the beginning when no term occurs', () => {
    expect(makeSnippet(long, ['absent'], 10).startsWith('filler')).toBe(true);
  });
});
