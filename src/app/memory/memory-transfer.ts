import { z } from 'zod';
import { newId } from '../../core/ids.js';
import { contentHash } from '../../core/memory/content-hash.js';
import { MAX_MEMORY_CHARS } from '../../core/search-schemas.js';
import { MEMORY_KINDS, type Memory } from '../../core/types.js';
import { describeIssue } from '../../core/validation.js';
import type { AppDeps } from '../deps.js';
import { projectForMemory } from './memory-project.js';

/** One line of a memories JSONL export; import accepts the same shape (only `content` is required). */
const memoryLine = z.object({
  id: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a deja id (26-character ULID)')
    .optional(),
  project: z.string().min(1).max(4096).nullable().optional(),
  kind: z.enum(MEMORY_KINDS).default('reflection'),
  content: z.string().min(1).max(MAX_MEMORY_CHARS),
  title: z.string().max(200).nullable().optional(),
  category: z.string().max(100).nullable().optional(),
  tags: z.array(z.string().min(1).max(64)).max(20).default([]),
  confidence: z.number().min(0).max(1).nullable().optional(),
  session_id: z.string().max(64).nullable().optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  updated_at: z.iso.datetime({ offset: true }).optional(),
});

const EXPORT_PAGE = 1000;
const IMPORT_BATCH = 1000;
const MAX_LISTED_SKIPS = 100;

/** Memories as JSONL lines (each ending in a newline), oldest first, streamed page by page. */
export async function* exportMemories(deps: AppDeps, projectId?: string): AsyncGenerator<string> {
  const names = new Map((await deps.store.listProjects()).map((project) => [project.id, project.name]));
  let afterSeq = 0;
  for (;;) {
    const page = await deps.store.listMemories({
      ...(projectId ? { projectId } : {}),
      afterSeq,
      limit: EXPORT_PAGE,
    });
    for (const memory of page) {
      yield `${JSON.stringify({
        id: memory.id,
        project: memory.projectId ? (names.get(memory.projectId) ?? memory.projectId) : null,
        kind: memory.kind,
        content: memory.content,
        title: memory.title,
        category: memory.category,
        tags: memory.tags,
        confidence: memory.confidence,
        source: memory.source,
        session_id: memory.sessionId,
        created_at: memory.createdAt,
        updated_at: memory.updatedAt,
      })}\n`;
    }
    const last = page[page.length - 1];
    if (!last || page.length < EXPORT_PAGE) return;
    afterSeq = last.seq;
  }
}

export interface ImportReport {
  read: number;
  inserted: number;
  duplicates: number;
  skipped: number;
  /** The first skipped lines, each with why. */
  problems: { line: number; reason: string }[];
}

/**
 * Imports memories from JSONL lines. Idempotent: a memory already stored (same
 * normalised text in the same project) is counted as a duplicate, not added
 * again. Malformed lines are skipped and reported with their line number.
 */
export async function importMemories(
  deps: AppDeps,
  lines: AsyncIterable<string> | Iterable<string>,
  context: { cwd: string },
): Promise<ImportReport> {
  const report: ImportReport = { read: 0, inserted: 0, duplicates: 0, skipped: 0, problems: [] };
  const projects = new Map<string, string>();
  let batch: Memory[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await deps.store.insertMemories(batch);
    report.inserted += result.inserted;
    report.duplicates += result.duplicates;
    batch = [];
  };
  const skip = (line: number, reason: string) => {
    report.skipped++;
    if (report.problems.length < MAX_LISTED_SKIPS) report.problems.push({ line, reason });
  };
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    const text = raw.trim();
    if (text.length === 0) continue;
    report.read++;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      skip(lineNumber, 'is not valid JSON');
      continue;
    }
    const parsed = memoryLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skip(
        lineNumber,
        issue ? `${issue.path.join('.') || 'line'}: ${describeIssue(issue)}` : 'is not a memory',
      );
      continue;
    }
    const line = parsed.data;
    const projectKey = line.project ?? '';
    let projectId = projects.get(projectKey);
    if (projectId === undefined) {
      projectId = (await projectForMemory(deps, line.project ?? undefined, context.cwd)).id;
      projects.set(projectKey, projectId);
    }
    const now = deps.clock.now();
    const createdAt = line.created_at ? new Date(line.created_at).toISOString() : now.toISOString();
    batch.push({
      id: line.id ?? newId(now),
      projectId,
      sessionId: line.session_id ?? null,
      kind: line.kind,
      content: line.content.trim(),
      contentHash: contentHash(line.content.trim()),
      title: line.title ?? null,
      category: line.category ?? null,
      tags: line.tags,
      confidence: line.confidence ?? null,
      source: 'import',
      createdAt,
      updatedAt: line.updated_at ? new Date(line.updated_at).toISOString() : createdAt,
    });
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  return report;
}
