import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/**
 * The package's folder (the one holding package.json), found by walking up from
 * this module. It holds wherever the code runs from — the TypeScript sources,
 * tsc's output in dist/, or a bundle chunk in dist/bin/ — where a path taken
 * relative to a module's own file would not survive bundling.
 */
export function packageRoot(): string {
  if (root !== null) return root;
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
  root = folder;
  return root;
}

/** A file of the compiled build: `distFile('install', 'hook-entry.js')` → <package>/dist/install/hook-entry.js. */
export function distFile(...segments: string[]): string {
  return join(packageRoot(), 'dist', ...segments);
}

/**
 * A compiled file another thread or process runs (a worker), or null when the
 * code runs from the TypeScript sources (the tests), where there is none to run.
 */
export function compiledFile(...segments: string[]): string | null {
  return import.meta.url.endsWith('.ts') ? null : distFile(...segments);
}
