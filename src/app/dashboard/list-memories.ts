import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import type { MemoryKind } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { findProjectByRef } from '../sessions/ensure-project.js';

export interface ListMemoriesInput {
  project?: string;
  kind?: MemoryKind;
  limit: number;
  cursor?: string;
}

/** Memories in the order they were stored, a page at a time, with their project's name. */
export async function listMemories(deps: AppDeps, input: ListMemoriesInput) {
  const project = input.project ? await findProjectByRef(deps, input.project) : null;
  const afterSeq = input.cursor ? decodeCursor(input.cursor).seq : 0;
  const rows = await deps.store.listMemories({
    ...(project ? { projectId: project.id } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    afterSeq,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const names = new Map((await deps.store.listProjects()).map((p) => [p.id, p.name]));
  const last = page.at(-1);
  return {
    memories: page.map((memory) => ({
      id: memory.id,
      kind: memory.kind,
      content: memory.content,
      title: memory.title,
      category: memory.category,
      tags: memory.tags,
      confidence: memory.confidence,
      source: memory.source,
      project_id: memory.projectId,
      project: memory.projectId ? (names.get(memory.projectId) ?? null) : null,
      session_id: memory.sessionId,
      created_at: memory.createdAt,
    })),
    next_cursor: rows.length > input.limit && last ? encodeCursor({ seq: last.seq }) : null,
  };
}
