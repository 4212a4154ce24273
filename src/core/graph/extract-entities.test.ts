import { describe, expect, it } from 'vitest';
import { extractEntities, graphFileName, symbolsInInput } from './extract-entities.js';

const ROOT = '/home/ana/demo';

describe('extractEntities', () => {
  it('names files project-relative, counts calls, adds folders and the symbols of a one-file edit', () => {
    const extracted = extractEntities(
      [
        {
          data: {
            tool: 'Edit',
            file_path: `${ROOT}/src/app.ts`,
            new_string: 'export function start() {}\nclass App {}\ndef helper(): pass',
          },
          at: '2026-01-01T00:00:00.000Z',
        },
        { content: `Read {"file_path":"${ROOT}/src/app.ts"}`, at: '2026-01-02T00:00:00.000Z' },
        { content: 'Read {"file_path":"/etc/passwd"}', at: '2026-01-03T00:00:00.000Z' },
        { data: { files: ['README.md', 'docs/a.md'] }, at: '2026-01-04T00:00:00.000Z' },
      ],
      ROOT,
    );
    expect(extracted.touches).toEqual(
      expect.arrayContaining([
        { type: 'file', name: 'src/app.ts', count: 2, lastAt: '2026-01-02T00:00:00.000Z' },
        { type: 'module', name: 'src', count: 2, lastAt: '2026-01-02T00:00:00.000Z' },
        { type: 'function', name: 'start', count: 1, lastAt: '2026-01-01T00:00:00.000Z' },
        { type: 'function', name: 'helper', count: 1, lastAt: '2026-01-01T00:00:00.000Z' },
        { type: 'class', name: 'App', count: 1, lastAt: '2026-01-01T00:00:00.000Z' },
        { type: 'file', name: 'README.md', count: 1, lastAt: '2026-01-04T00:00:00.000Z' },
      ]),
    );
    expect(extracted.touches.some((touch) => touch.name.includes('passwd'))).toBe(false);
    expect(extracted.contains).toEqual(
      expect.arrayContaining([
        { from: { type: 'module', name: 'src' }, to: { type: 'file', name: 'src/app.ts' } },
        { from: { type: 'file', name: 'src/app.ts' }, to: { type: 'class', name: 'App' } },
        { from: { type: 'module', name: 'docs' }, to: { type: 'file', name: 'docs/a.md' } },
      ]),
    );
    // Two files in one call: no symbol is attributed to either.
    expect(extracted.contains.some((link) => link.from.name === 'README.md')).toBe(false);
  });

  it('keeps paths inside the project only', () => {
    expect(graphFileName(`${ROOT}/a/b.ts`, ROOT)).toBe('a/b.ts');
    expect(graphFileName('./a/b.ts', ROOT)).toBe('a/b.ts');
    expect(graphFileName('../other/b.ts', ROOT)).toBeNull();
    expect(graphFileName('/tmp/x', ROOT)).toBeNull();
    expect(graphFileName('~/x', ROOT)).toBeNull();
  });

  it('reads function and class definitions from code strings only', () => {
    expect(symbolsInInput({ new_string: 'fn main() {}\nfunc (s *S) Serve() {}\ninterface Port {}' })).toEqual(
      [
        { type: 'function', name: 'main' },
        { type: 'function', name: 'Serve' },
        { type: 'class', name: 'Port' },
      ],
    );
    expect(symbolsInInput({ command: 'function nope() {}' })).toEqual([]);
  });
});
