import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliModule } from './cli-module.js';

function dist() {
  const root = mkdtempSync(join(tmpdir(), 'deja-cli-module-'));
  mkdirSync(join(root, 'cli'));
  writeFileSync(join(root, 'cli', 'run-cli.js'), '');
  return { root, cli: pathToFileURL(`${join(root, 'cli')}/`) };
}

const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

describe('cliModule', () => {
  it('runs the modules when the build made no bundle', () => {
    const { root, cli } = dist();
    expect(cliModule(cli)).toBe(pathToFileURL(join(root, 'cli', 'run-cli.js')).href);
  });

  it('runs the bundle when it is newer than tsc’s last build', () => {
    const { root, cli } = dist();
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin', 'run-cli.js'), '');
    writeFileSync(join(root, '.tsbuildinfo'), '');
    at(join(root, '.tsbuildinfo'), 1_000);
    at(join(root, 'bin', 'run-cli.js'), 2_000);
    expect(cliModule(cli)).toBe(pathToFileURL(join(root, 'bin', 'run-cli.js')).href);
  });

  it('runs the modules when tsc compiled again after the bundle (a watch build)', () => {
    const { root, cli } = dist();
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin', 'run-cli.js'), '');
    writeFileSync(join(root, '.tsbuildinfo'), '');
    at(join(root, 'bin', 'run-cli.js'), 1_000);
    at(join(root, '.tsbuildinfo'), 2_000);
    expect(cliModule(cli)).toBe(pathToFileURL(join(root, 'cli', 'run-cli.js')).href);
  });
});
