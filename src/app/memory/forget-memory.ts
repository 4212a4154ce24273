import { UserError } from '../../core/errors.js';
import { words } from '../../core/ranking/tokenize.js';
import {
  type MemoryForgetInput,
  type MemoryResetInput,
  memoryForgetInput,
  memoryResetInput,
} from '../../core/search-schemas.js';
import type { AppDeps } from '../deps.js';
import { findProjectByRef } from '../sessions/ensure-project.js';
import { actingMember } from '../teams/acting-member.js';

export interface ForgetResult {
  /** Memories that matched. */
  matched: string[];
  deleted: number;
  /** True when nothing was deleted because `confirm` was not given (a query preview). */
  preview: boolean;
}

const MAX_FORGET_BY_QUERY = 1000;

/**
 * `memory_forget`: deletes memories by id, or those matching every word of a
 * query — the latter only with `confirm: true`; without it, returns what would go.
 */
export async function forgetMemories(deps: AppDeps, rawInput: MemoryForgetInput): Promise<ForgetResult> {
  const input = memoryForgetInput.parse(rawInput);
  if ((input.ids === undefined || input.ids.length === 0) === (input.query === undefined)) {
    throw new UserError(
      'ids',
      'or `query` is required, not both',
      'pass the ids to delete, or a query with confirm: true',
    );
  }
  // Teams: a member deletes only what they wrote (null: single-user, no restriction).
  const member = actingMember(deps);
  if (input.ids?.length) {
    const deleted = await deps.store.deleteMemories(input.ids, member);
    return { matched: input.ids, deleted, preview: false };
  }
  const terms = words(input.query ?? '');
  if (terms.length === 0) throw new UserError('query', 'must contain at least one letter or digit');
  const projectIds = input.project ? [(await findProjectByRef(deps, input.project)).id] : undefined;
  const hits = await deps.store.searchIndex({
    terms,
    match: 'all',
    filters: {
      sources: ['memory'],
      ...(projectIds ? { projectIds } : {}),
      ...(member === null ? {} : { ownedBy: member }),
    },
    limit: MAX_FORGET_BY_QUERY,
  });
  const matched = hits.map((hit) => hit.ref);
  if (input.confirm !== true) return { matched, deleted: 0, preview: true };
  return { matched, deleted: await deps.store.deleteMemories(matched, member), preview: false };
}

/** `memory_reset`: deletes every memory (of one project; a team member's own) — only with `confirm: true`. */
export async function resetMemories(deps: AppDeps, rawInput: MemoryResetInput): Promise<{ deleted: number }> {
  const input = memoryResetInput.parse(rawInput);
  if (input.confirm !== true) {
    throw new UserError(
      'confirm',
      'must be true to delete memories',
      'memory_reset deletes every memory (of the project, if given) and cannot be undone',
    );
  }
  const projectId = input.project ? (await findProjectByRef(deps, input.project)).id : undefined;
  return { deleted: await deps.store.deleteAllMemories(projectId, actingMember(deps)) };
}
