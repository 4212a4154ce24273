import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../../core/errors.js';
import type { AppDeps } from '../deps.js';
import { exportMemories, type ImportReport, importMemories } from './memory-transfer.js';

/** A file path as the user gave it: absolute, or relative to their folder. */
const inFolder = (path: string, cwd: string) => (isAbsolute(path) ? path : resolve(cwd, path));

/**
 * Writes the memories (of one project, or all) to a JSONL file. An existing
 * file is replaced only when `overwrite` says so; a failed write leaves no
 * stored memory changed.
 */
export async function writeMemoriesFile(
  deps: AppDeps,
  options: { path: string; cwd: string; projectId?: string; overwrite: boolean },
): Promise<{ path: string; count: number }> {
  const path = inFolder(options.path, options.cwd);
  if (existsSync(path) && !options.overwrite) {
    throw new UserError('path', 'names an existing file: pass overwrite: true to replace it', path);
  }
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => {
    throw new UserError('path', 'must be a file deja can write', String((error as Error).message));
  });
  let count = 0;
  const write = async () => {
    for await (const line of exportMemories(deps, options.projectId)) {
      count++;
      if (!out.write(line)) await once(out, 'drain');
    }
    await new Promise<void>((done, fail) =>
      out.end((error?: Error | null) => (error ? fail(error) : done())),
    );
  };
  await Promise.race([write(), failed]);
  return { path, count };
}

/** Imports memories from a JSONL file (idempotent; see importMemories). */
export async function readMemoriesFile(
  deps: AppDeps,
  options: { path: string; cwd: string },
): Promise<ImportReport & { path: string }> {
  const path = inFolder(options.path, options.cwd);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError('path', 'must name an existing JSONL file', path);
  }
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  return { path, ...(await importMemories(deps, lines, { cwd: options.cwd })) };
}
