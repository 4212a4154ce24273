import { describe, expect, it } from 'vitest';
import { aggregateBySession } from './session-aggregation.js';

const item = (session_id: string | null, score: number) => ({ session_id, score });

describe('aggregateBySession', () => {
  it('adds each next message of a session at a decaying weight', () => {
    const ranked = aggregateBySession([item('a', 1), item('b', 0.9), item('b', 0.5), item('a', 0.1)], 0.8);
    expect(ranked.map((group) => [group.sessionId, Number(group.score.toFixed(3))])).toEqual([
      ['b', 1.3],
      ['a', 1.08],
    ]);
    expect(ranked[0]?.items.map((entry) => entry.score)).toEqual([0.9, 0.5]);
  });

  it('is the best message alone with decay 0, a plain sum with decay 1', () => {
    const items = [item('a', 1), item('b', 0.6), item('b', 0.6)];
    expect(aggregateBySession(items, 0).map((group) => group.sessionId)).toEqual(['a', 'b']);
    expect(aggregateBySession(items, 1).map((group) => group.sessionId)).toEqual(['b', 'a']);
  });

  it('leaves out items without a session and breaks ties by session id', () => {
    const ranked = aggregateBySession([item(null, 5), item('z', 1), item('y', 1)]);
    expect(ranked.map((group) => group.sessionId)).toEqual(['y', 'z']);
  });
});
