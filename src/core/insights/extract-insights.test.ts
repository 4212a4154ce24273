import { describe, expect, it } from 'vitest';
import { contentHash } from '../memory/content-hash.js';
import { extractInsights } from './extract-insights.js';

const RULE = '─────────────────────────────────────────────────';
const block = (body: string, open = `\`★ Insight ─────────────────────────────────────\``) =>
  `${open}\n${body}\n\`${RULE}\``;

describe('extractInsights', () => {
  it('extracts the body between the opening and closing rules', () => {
    const text = `Here is the fix.\n\n${block('- WAL lets readers run beside one writer\n- busy_timeout waits for the lock')}\n\nDone.`;
    expect(extractInsights(text)).toEqual([
      {
        text: '- WAL lets readers run beside one writer\n- busy_timeout waits for the lock',
        hash: contentHash('- WAL lets readers run beside one writer\n- busy_timeout waits for the lock'),
      },
    ]);
  });

  it('finds several blocks and deduplicates repeated ones by normalised text', () => {
    const text = [block('First point.'), 'between', block('Second point.'), block('first   POINT.')].join(
      '\n',
    );
    expect(extractInsights(text).map((insight) => insight.text)).toEqual(['First point.', 'Second point.']);
  });

  it.each([
    ['no star', 'Insight ─────\nbody\n─────'],
    ['unclosed block', '★ Insight ─────────\nbody without an end'],
    ['empty block', `★ Insight ─────────\n\n${RULE}`],
    ['star in prose', 'I ★ this Insight — nice'],
  ])('ignores %s', (_name, text) => {
    expect(extractInsights(text)).toEqual([]);
  });

  it('accepts the rule without backticks and with heavy or ascii dashes', () => {
    expect(extractInsights('★ Insight ━━━━━━━━━\nplain body\n━━━━━━━━━━━━')).toHaveLength(1);
    expect(extractInsights('★ Insight -----\nascii body\n----------')).toHaveLength(1);
  });

  it('starts over at a new opening line when a block is left unclosed', () => {
    const text = `★ Insight ─────\nlost\n${block('kept')}`;
    expect(extractInsights(text).map((insight) => insight.text)).toEqual(['kept']);
  });

  it('handles CRLF line endings', () => {
    expect(extractInsights('★ Insight ─────\r\nwindows body\r\n──────────\r\n')[0]?.text).toBe(
      'windows body',
    );
  });
});
