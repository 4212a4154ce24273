import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';

/** Applies a diff with the system's `patch` and returns the patched text. */
function applyWithPatch(before: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'deja-diff-'));
  const file = join(dir, 'file.txt');
  writeFileSync(file, before);
  const result = spawnSync('patch', ['--quiet', '--force', file], { input: diff, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`patch failed: ${result.stdout}${result.stderr}\n${diff}`);
  return readFileSync(file, 'utf8');
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('unifiedDiff', () => {
  it('prints a diff -u hunk with context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nb\nc\nD\ne\nf\ng\nh\n';
    expect(unifiedDiff(before, after, { before: 'x', after: 'x' })).toBe(
      ['--- x', '+++ x', '@@ -1,7 +1,8 @@', ' a', ' b', ' c', '-d', '+D', ' e', ' f', ' g', '+h', ''].join(
        '\n',
      ),
    );
    expect(unifiedDiff(before, before, { before: 'x', after: 'x' })).toBe('');
  });

  it('labels created and deleted files /dev/null', () => {
    expect(unifiedDiff(null, 'new\n', { before: 'f', after: 'f' })).toBe(
      '--- /dev/null\n+++ f\n@@ -0,0 +1,1 @@\n+new\n',
    );
    expect(unifiedDiff('old\n', null, { before: 'f', after: 'f' })).toBe(
      '--- f\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-old\n',
    );
  });

  it('marks a missing final newline', () => {
    const diff = unifiedDiff('a\nb', 'a\nb\n', { before: 'f', after: 'f' });
    expect(diff).toContain('-b\n\\ No newline at end of file\n+b\n');
    expect(applyWithPatch('a\nb', diff)).toBe('a\nb\n');
  });

  it('produces diffs that patch(1) applies exactly (random edits)', () => {
    const random = seeded(42);
    for (let round = 0; round < 60; round++) {
      const lines = Array.from(
        { length: Math.floor(random() * 40) },
        (_, i) => `line ${i} ${Math.floor(random() * 5)}`,
      );
      const edited = [...lines];
      const edits = Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (edited.length + 1));
        const what = random();
        if (what < 0.4) edited.splice(at, 0, `inserted ${round}.${e}`);
        else if (what < 0.7) edited.splice(at, 1);
        else edited.splice(at, 1, `changed ${round}.${e}`);
      }
      const before = lines.length ? `${lines.join('\n')}\n` : '';
      const after = edited.length ? `${edited.join('\n')}${random() < 0.2 ? '' : '\n'}` : '';
      const diff = unifiedDiff(before, after, { before: 'file.txt', after: 'file.txt' });
      if (before === after) expect(diff).toBe('');
      else expect(applyWithPatch(before, diff)).toBe(after);
    }
  });
});
