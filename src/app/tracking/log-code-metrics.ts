import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { type LogCodeMetricsInput, logCodeMetricsInput } from '../../core/tracking/tracking-schemas.js';
import type { CodeMetricsRecord } from '../../core/tracking/tracking-types.js';
import { measureSource } from '../../metrics/measure-file.js';
import type { AppDeps } from '../deps.js';
import { type TrackingContext, trackingScope } from './tracking-scope.js';

/** Files larger than this are not parsed (generated or vendored code, most likely). */
export const MAX_METRIC_FILE_BYTES = 2 * 1024 * 1024;

export interface MetricsProblem {
  /** As the caller wrote it. */
  path: string;
  /** `files[<index>]`: the input field the problem is about. */
  field: string;
  reason: string;
}

export interface CodeMetricsResult {
  root: string;
  measured: CodeMetricsRecord[];
  skipped: { path: string; reason: string }[];
  errors: MetricsProblem[];
}

/**
 * `log_code_metrics`: measures each file (language, functions, cyclomatic complexity,
 * documentation coverage, lines) and stores one row per file, so trends can be shown.
 * A file outside the project root, missing or unreadable is a per-file error and the
 * rest are still measured; when no file could be measured at all and some failed, the
 * call fails naming the field, and nothing is stored.
 */
export async function logCodeMetrics(
  deps: AppDeps,
  raw: LogCodeMetricsInput,
  context: TrackingContext,
): Promise<CodeMetricsResult> {
  const input = logCodeMetricsInput.parse(raw);
  const scope = await trackingScope(deps, input.session_id, context);
  const root = await realpath(scope.root).catch(() => scope.root);
  const now = deps.clock.now();
  const createdAt = now.toISOString();
  const result: CodeMetricsResult = { root, measured: [], skipped: [], errors: [] };
  const seen = new Set<string>();
  for (const [index, path] of input.files.entries()) {
    const field = `files[${index}]`;
    const located = await locate(root, path);
    if ('reason' in located) {
      result.errors.push({ path, field, reason: located.reason });
      continue;
    }
    if (seen.has(located.relative)) continue;
    seen.add(located.relative);
    let bytes: Buffer;
    try {
      bytes = await readFile(located.real);
    } catch (error) {
      result.errors.push({ path, field, reason: `cannot be read (${errorCode(error)})` });
      continue;
    }
    const text = bytes.toString('utf8');
    const outcome = await measureSource(located.relative, text);
    if ('skipped' in outcome) {
      result.skipped.push({ path: located.relative, reason: outcome.skipped });
      continue;
    }
    result.measured.push({
      ...outcome.measured,
      id: newId(now),
      projectId: scope.project.id,
      sessionId: scope.session?.id ?? null,
      path: located.relative,
      contentHash: createHash('sha256').update(bytes).digest('hex'),
      createdAt,
    });
  }
  if (result.measured.length === 0 && result.skipped.length === 0 && result.errors.length > 0) {
    const [first] = result.errors;
    const rest = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
    throw new UserError(
      first?.field ?? 'files',
      `${first?.reason ?? 'could not be measured'}${rest}`,
      `pass source files inside ${root}, relative to it or absolute`,
    );
  }
  await deps.store.insertCodeMetrics(result.measured);
  return result;
}

/** Resolves a path against the root, following links, and checks it stays inside. */
async function locate(
  root: string,
  path: string,
): Promise<{ real: string; relative: string } | { reason: string }> {
  const absolute = isAbsolute(path) ? resolve(path) : resolve(root, path);
  if (!inside(root, absolute)) return { reason: `is outside the project root ${root}` };
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    return { reason: `cannot be read (${errorCode(error)})` };
  }
  if (!inside(root, real)) return { reason: `links outside the project root ${root}` };
  try {
    const info = await stat(real);
    if (!info.isFile()) return { reason: 'is not a file' };
    if (info.size > MAX_METRIC_FILE_BYTES) {
      return { reason: `is larger than ${MAX_METRIC_FILE_BYTES / 1024 / 1024} MB` };
    }
  } catch (error) {
    return { reason: `cannot be read (${errorCode(error)})` };
  }
  return { real, relative: relative(root, real).split(sep).join('/') };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel.length > 0 && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
