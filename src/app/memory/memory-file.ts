import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { UserError } from '../../core/errors.js';
import type { AppDeps } from '../deps.js';
import { exportMemories, type ImportReport, importMemories } from './memory-transfer.js';

/** Writes the memories (of one project, or all) as JSONL lines to a stream, waiting when it is full; gives their count. */
export async function writeMemories(deps: AppDeps, out: Writable, projectId?: string): Promise<number> {
  let count = 0;
  for await (const line of exportMemories(deps, projectId)) {
    count++;
    if (!out.write(line)) await once(out, 'drain');
  }
  return count;
}

/** What an import did, in one line. */
export const importSummary = (report: ImportReport) =>
  `Read ${report.read}, imported ${report.inserted}, already there ${report.duplicates}, skipped ${report.skipped}.`;

/**
 * Writes the memories (of one project, or all) to a JSONL file. An existing
 * file is replaced only when `overwrite` says so; a failed write leaves no
 * stored memory changed.
 */
export async function writeMemoriesFile(
  deps: AppDeps,
  options: { path: string; cwd: string; projectId?: string; overwrite: boolean },
): Promise<{ path: string; count: number }> {
  // A relative path starts at the user's folder (an absolute one stays as it is).
  const path = resolve(options.cwd, options.path);
  if (existsSync(path) && !options.overwrite) {
    throw new UserError('path', 'names an existing file: pass overwrite: true to replace it', path);
  }
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => {
    throw new UserError('path', 'must be a file deja can write', String((error as Error).message));
  });
  const write = async () => {
    const count = await writeMemories(deps, out, options.projectId);
    await new Promise<void>((done, fail) =>
      out.end((error?: Error | null) => (error ? fail(error) : done())),
    );
    return count;
  };
  return { path, count: await Promise.race([write(), failed]) };
}

/** Imports memories from a JSONL file (idempotent; see importMemories). */
export async function readMemoriesFile(
  deps: AppDeps,
  options: { path: string; cwd: string },
): Promise<ImportReport & { path: string }> {
  const path = resolve(options.cwd, options.path);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError('path', 'must name an existing JSONL file', path);
  }
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  return { path, ...(await importMemories(deps, lines, { cwd: options.cwd })) };
}
