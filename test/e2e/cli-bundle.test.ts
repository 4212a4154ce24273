import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';

/** What scripts/bundle-cli.mjs makes, and what dist/cli/main.js (DEJA_BIN, every e2e test's CLI) runs. */
const BIN_FOLDER = fileURLToPath(new URL('../../dist/bin/', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../package.json', import.meta.url));

const run = (home: string, ...args: string[]) =>
  spawnSync(process.execPath, [DEJA_BIN, '--home', home, ...args], {
    cwd: home,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, DEJA_LOG_LEVEL: 'silent' },
  });

describe('the bundled command line (dist/bin)', () => {
  it('holds every module of ours; its files import one another only inside dist/bin', () => {
    expect(existsSync(join(BIN_FOLDER, 'run-cli.js')), 'npm run build makes it').toBe(true);
    for (const file of readdirSync(BIN_FOLDER).filter((name) => name.endsWith('.js'))) {
      const code = readFileSync(join(BIN_FOLDER, file), 'utf8');
      for (const [, specifier] of code.matchAll(/(?:from\s*|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = resolve(BIN_FOLDER, specifier as string);
        expect(dirname(target), `${file} imports ${specifier}`).toBe(resolve(BIN_FOLDER));
        expect(existsSync(target), `${file} imports ${specifier}`).toBe(true);
      }
      // A path taken from a module's own file would point into dist/bin/ once bundled (src/package-root.ts).
      expect(code.match(/new URL\(\s*["'][^"']+["']\s*,\s*import\.meta\.url\s*\)/g), file).toBeNull();
    }
  });

  it('reads the version from package.json and opens a store', () => {
    const home = tempHome();
    const { version } = JSON.parse(readFileSync(PACKAGE, 'utf8')) as { version: string };
    expect(run(home, '--version').stdout.trim()).toBe(version);
    const status = run(home, 'status', '--json');
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ session: null });
  });

  it('gives the clients it installs into the package’s own entry points', () => {
    const home = tempHome();
    const installed = run(home, 'install', '--client', 'claude-code', '--dry-run', '--json');
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
    expect(installed.stdout).toContain(
      fileURLToPath(new URL('../../dist/install/hook-entry.js', import.meta.url)),
    );
  });
});
