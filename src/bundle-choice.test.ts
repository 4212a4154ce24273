import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseBundle } from './bundle-choice.js';

/** A dist/ folder with the modules (cli/run-cli.js) and, when asked, a bundle (bin/run-cli.js). */
function dist(withBundle: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'deja-bundle-choice-'));
  mkdirSync(join(root, 'cli'));
  writeFileSync(join(root, 'cli', 'run-cli.js'), '');
  if (withBundle) {
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin', 'run-cli.js'), '');
    writeFileSync(join(root, '.tsbuildinfo'), '');
  }
  const bundle = pathToFileURL(join(root, 'bin', 'run-cli.js'));
  const modules = pathToFileURL(join(root, 'cli', 'run-cli.js'));
  return { root, bundle, modules };
}

const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

describe('chooseBundle', () => {
  it('runs the modules when the build made no bundle', () => {
    const { bundle, modules } = dist(false);
    expect(chooseBundle(bundle, modules)).toBe(modules.href);
  });

  it('runs the bundle when it is newer than tsc’s last build', () => {
    const { root, bundle, modules } = dist(true);
    at(join(root, '.tsbuildinfo'), 1_000);
    at(join(root, 'bin', 'run-cli.js'), 2_000);
    expect(chooseBundle(bundle, modules)).toBe(bundle.href);
  });

  it('runs the modules when tsc compiled again after the bundle (a watch build)', () => {
    const { root, bundle, modules } = dist(true);
    at(join(root, 'bin', 'run-cli.js'), 1_000);
    at(join(root, '.tsbuildinfo'), 2_000);
    expect(chooseBundle(bundle, modules)).toBe(modules.href);
  });
});
