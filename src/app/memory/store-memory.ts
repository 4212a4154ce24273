import { UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { contentHash } from '../../core/memory/content-hash.js';
import { type MemoryStoreInput, memoryStoreInput } from '../../core/search-schemas.js';
import type { Memory, MemorySource } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { projectForMemory } from './memory-project.js';

export interface StoreMemoryContext {
  cwd: string;
  /** The caller's current session, linked to the memory when the input names none. */
  sessionId?: string | null;
  source: MemorySource;
}

/** `memory_store`: remembers a text once per project (same normalised text → same id). */
export async function storeMemory(
  deps: AppDeps,
  rawInput: MemoryStoreInput,
  context: StoreMemoryContext,
): Promise<{ memory: Memory; deduplicated: boolean }> {
  const input = memoryStoreInput.parse(rawInput);
  const content = input.content.trim();
  if (content.length === 0) throw new UserError('content', 'must not be empty', 'pass the text to remember');
  if (input.kind === 'learning' && input.title === undefined) {
    throw new UserError('title', 'is required for kind "learning"', 'give the learning a short title');
  }
  const project = await projectForMemory(deps, input.project, context.cwd);
  const now = deps.clock.now();
  const stamp = now.toISOString();
  return deps.store.insertMemory({
    id: newId(now),
    projectId: project.id,
    sessionId: input.session_id ?? context.sessionId ?? null,
    kind: input.kind,
    content,
    contentHash: contentHash(content),
    title: input.title ?? null,
    category: input.category ?? null,
    tags: [...new Set(input.tags ?? [])],
    confidence: input.confidence ?? null,
    source: context.source,
    createdAt: stamp,
    updatedAt: stamp,
  });
}
