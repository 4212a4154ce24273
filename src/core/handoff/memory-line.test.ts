import { describe, expect, it } from 'vitest';
import { memoryLine } from './memory-line.js';

describe('memoryLine', () => {
  it('puts a learning title first and collapses an insight block onto one line', () => {
    expect(memoryLine({ title: 'Lock order', content: 'Index lock first.' })).toBe(
      'Lock order: Index lock first.',
    );
    expect(memoryLine({ title: null, content: '★ Insight\n  one\n\n  two  ' })).toBe('★ Insight one two');
  });

  it('cuts long text at a word, with an ellipsis', () => {
    const line = memoryLine({ title: null, content: `${'word '.repeat(100)}end` });
    expect(line.length).toBeLessThanOrEqual(301);
    expect(line.endsWith('word…')).toBe(true);
  });
});
