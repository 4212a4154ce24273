import { describe, expect, it } from 'vitest';
import { groupErrors, normaliseError, topTerms, weeklyActivity } from './insights.js';

describe('project insights', () => {
  it('counts meaningful terms once per text, most frequent first', () => {
    const topics = topTerms(
      ['The cache is slow, cache cache', 'Use an LRU cache', 'LRU eviction for 2026', 'decision\nthe end'],
      5,
    );
    expect(topics).toEqual([
      { term: 'cache', count: 2 },
      { term: 'lru', count: 2 },
    ]);
  });

  it('normalises what varies in an error so repeats group together', () => {
    const a = normaliseError(
      "tool_error\nENOENT: no such file or directory, open '/tmp/a/b.json' at line 12",
    );
    const b = normaliseError('ENOENT: no such file or directory, open "/var/x.json" at line 7');
    expect(a).toBe(b);
    expect(a).toBe('ENOENT: no such file or directory, open <value> at line <n>');
    expect(normaliseError('failed at /home/ana/src/app.ts:10 (0xdeadbeef)')).toBe(
      'failed at <path>:<n> (<hex>)',
    );
  });

  it('groups errors seen at least twice, with sessions and the latest example', () => {
    const groups = groupErrors(
      [
        { text: 'exit code 1 after 3s', sessionId: 's1', createdAt: '2026-01-01' },
        { text: 'exit code 2 after 5s', sessionId: 's2', createdAt: '2026-01-03' },
        { text: 'disk full', sessionId: 's1', createdAt: '2026-01-02' },
      ],
      10,
    );
    expect(groups).toEqual([
      {
        pattern: 'exit code <n> after <n>s',
        count: 2,
        sessions: 2,
        firstAt: '2026-01-01',
        lastAt: '2026-01-03',
        example: 'exit code 2 after 5s',
      },
    ]);
  });

  it('sums days into weeks starting on Monday', () => {
    expect(
      weeklyActivity([
        { day: '2026-11-22', events: 1, messages: 0, memories: 0 },
        { day: '2026-11-23', events: 2, messages: 1, memories: 0 },
        { day: '2026-11-29', events: 3, messages: 0, memories: 1 },
      ]),
    ).toEqual([
      { week: '2026-11-16', events: 1, messages: 0, memories: 0 },
      { week: '2026-11-23', events: 5, messages: 1, memories: 1 },
    ]);
  });
});
