import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type FileRecord, type Manifest, manifestPath, sha256 } from './manifest.js';
import type { FilePlan } from './plan.js';

/** Writes a file through a temporary one in the same folder, keeping the old file's permissions. */
export function writeAtomic(path: string, content: string | Buffer, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const previousMode = existsSync(path) ? statSync(path).mode & 0o777 : undefined;
  const temp = join(dirname(path), `.${basename(path)}.deja-${process.pid}-${Date.now()}.tmp`);
  writeFileSync(temp, content, { mode: previousMode ?? mode ?? 0o644 });
  if (previousMode !== undefined) chmodSync(temp, previousMode);
  renameSync(temp, path);
}

/** The folder of this run's backups: DEJA_HOME/backups/<time>/. */
export function backupFolder(dataHome: string, now: Date): string {
  return join(dataHome, 'backups', now.toISOString().replace(/[:.]/g, '-'));
}

/** Copies a file's current text into the backup folder; returns the copy's path. */
function backup(folder: string, path: string, text: string): string {
  const name = `${basename(path).replace(/^\./, '_')}-${sha256(path).slice(0, 8)}`;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const target = join(folder, name);
  writeFileSync(target, text, { mode: 0o600 });
  return target;
}

export interface AppliedFile {
  path: string;
  action: 'created' | 'updated' | 'deleted' | 'unchanged';
  backup: string | null;
}

/**
 * Applies planned changes: a backup of each existing file before it changes,
 * the new text written atomically, then the manifest. Records of the planned
 * paths are replaced by the plans' records.
 */
export function applyPlans(
  plans: FilePlan[],
  manifest: Manifest,
  dataHome: string,
  now: Date,
): AppliedFile[] {
  const folder = backupFolder(dataHome, now);
  const applied: AppliedFile[] = [];
  for (const plan of plans) {
    if (plan.before === plan.after) {
      if (plan.after === null) removeEmptyDirs(plan.removeDirs);
      applied.push({ path: plan.path, action: 'unchanged', backup: null });
      continue;
    }
    const saved = plan.before !== null ? backup(folder, plan.path, plan.before) : null;
    if (saved && plan.record && !plan.record.created && plan.record.backup === null)
      plan.record.backup = saved;
    if (plan.after === null) {
      rmSync(plan.path, { force: true });
      removeEmptyDirs(plan.removeDirs);
      applied.push({ path: plan.path, action: 'deleted', backup: saved });
    } else {
      writeAtomic(plan.path, plan.after);
      applied.push({ path: plan.path, action: plan.before === null ? 'created' : 'updated', backup: saved });
    }
  }
  const planned = new Set(plans.map((plan) => plan.path));
  const records: FileRecord[] = [
    ...manifest.files.filter((record) => !planned.has(record.path)),
    ...plans.flatMap((plan) => (plan.record ? [plan.record] : [])),
  ];
  writeManifest(dataHome, { version: 1, files: records });
  return applied;
}

/** Writes the manifest, or deletes it when nothing is installed any more. */
export function writeManifest(dataHome: string, manifest: Manifest): void {
  const path = manifestPath(dataHome);
  if (manifest.files.length === 0) {
    rmSync(path, { force: true });
    return;
  }
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeAtomic(path, text, 0o600);
}

function removeEmptyDirs(dirs: readonly string[]): void {
  for (const dir of dirs) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (something else lives there now) or already gone: leave it.
    }
  }
}
