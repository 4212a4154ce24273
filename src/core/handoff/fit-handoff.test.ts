import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../budget/token-budget.js';
import { fitHandoff } from './fit-handoff.js';

const handoff = (files: number) =>
  [
    '# Hand-off: demo — 2026-11-24',
    '',
    '## Goal',
    'Speed up search',
    '',
    '## Files touched',
    ...Array.from({ length: files }, (_, i) => `- src/very/long/path/to/module-number-${i}.ts`),
    '',
    '## Open questions',
    '- Should we index tool output?',
    '',
    '## Next steps',
    'Benchmark it at 100k memories.',
    '',
  ].join('\n');

describe('fitHandoff', () => {
  it('leaves a hand-off that fits alone', () => {
    expect(fitHandoff(handoff(3), 1000)).toBe(handoff(3));
  });

  it('shortens long lists before cutting, so the open questions and next steps survive', () => {
    const fitted = fitHandoff(handoff(200), 200);
    expect(estimateTokens(fitted)).toBeLessThanOrEqual(200);
    expect(fitted).toContain('- …and 190 more');
    expect(fitted).toContain('## Open questions\n- Should we index tool output?');
    expect(fitted).toContain('## Next steps\nBenchmark it at 100k memories.');
  });

  it('counts a list’s own "…and N more" line, and cuts the text only when lists of one do not fit', () => {
    const already = handoff(12).replace(
      /(- src\/very\/long\/path\/to\/module-number-11\.ts)/,
      '$1\n- …and 38 more',
    );
    expect(fitHandoff(already, 150)).toContain('- …and 45 more');
    const cut = fitHandoff(handoff(200), 20);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(20);
    expect(cut).toContain('…(trimmed)');
  });
});
