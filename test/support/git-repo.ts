import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real git repository in a temp folder, with one commit, for tests. */
export function makeGitRepo(name = 'demo-project'): string {
  const parent = realpathSync(mkdtempSync(join(tmpdir(), 'deja-repo-')));
  const root = join(parent, name);
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=Test', ...args], {
      cwd: root,
    });
  writeFileSync(join(root, 'package.json'), '{"name":"demo-project"}\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'first');
  return root;
}

export function tempHome(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'deja-home-')));
}
