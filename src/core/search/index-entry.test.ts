import { describe, expect, it } from 'vitest';
import { buildIndexEntry, pathsInText } from './index-entry.js';

const base = {
  source: 'memory' as const,
  ref: 'm1',
  projectId: 'prj_abc',
  sessionId: null,
  kind: 'decision',
  createdAt: '2026-11-25T10:00:00.000Z',
};

describe('buildIndexEntry', () => {
  it('indexes title, text, tags and the code-aware extra terms', () => {
    const entry = buildIndexEntry({
      ...base,
      text: 'Call parseConfigFile first',
      title: 'Config',
      tags: ['startup'],
    });
    expect(entry.body).toContain('parse config file parseconfigfile');
    expect(entry.body).toContain('Config');
    expect(entry.body).toContain('startup');
    expect(entry.facets.split(' ')).toEqual(
      expect.arrayContaining(['xmemory', 'kdecision', 'pprjabc', 'tstartup']),
    );
  });

  it('flags code and errors, and finds file paths', () => {
    const entry = buildIndexEntry({
      ...base,
      source: 'event',
      kind: 'finding',
      text: 'TypeError: cannot read x in src/store/sqlite-store.ts line 4',
    });
    expect(entry.files).toEqual(['src/store/sqlite-store.ts']);
    expect(entry.isError).toBe(true);
    expect(entry.isCode).toBe(true);
    expect(entry.facets).toContain('ferror');
  });

  it('leaves plain prose unflagged', () => {
    const entry = buildIndexEntry({ ...base, text: 'We agreed to ship on Friday after the review.' });
    expect(entry.isCode).toBe(false);
    expect(entry.isError).toBe(false);
    expect(entry.files).toEqual([]);
  });
});

describe('pathsInText', () => {
  it.each([
    ['edit src/app/main.ts now', ['src/app/main.ts']],
    ['open "./lib/a.js" and README.md', ['./lib/a.js', 'README.md']],
    ['version 1.2.3 and e.g. nothing', []],
    ['see https://example.com/page', []],
  ])('%s', (text, paths) => {
    expect(pathsInText(text)).toEqual(paths);
  });
});
