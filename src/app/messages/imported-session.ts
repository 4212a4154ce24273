import { createHash } from 'node:crypto';
import { currentMember } from '../../core/teams/acting-member.js';
import type { Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';

export interface ImportedSessionInput {
  project: Project;
  /** The conversation's own id in its source (transcript session id, data-set key). */
  externalId: string;
  startedAt: string;
  endedAt: string;
  model?: string | null;
  branch?: string | null;
  workdir?: string;
  clientName?: string | null;
}

/**
 * The deja session an imported conversation belongs to: one per external id
 * (the id is derived from it, so re-importing finds the same session), ended,
 * in the background context so it never closes the user's live session.
 */
export async function ensureImportedSession(deps: AppDeps, input: ImportedSessionInput): Promise<Session> {
  const id = importedSessionId(input.externalId);
  const existing = await deps.store.getSession(id);
  if (existing) return existing;
  const session: Session = {
    id,
    projectId: input.project.id,
    context: 'background',
    status: 'ended',
    goal: null,
    skill: null,
    type: 'imported',
    model: input.model ?? null,
    estimateMinutes: null,
    branch: input.branch ?? null,
    workdir: input.workdir ?? input.project.rootPath,
    clientName: input.clientName ?? null,
    startedAt: input.startedAt,
    lastActivityAt: input.endedAt,
    endedAt: input.endedAt,
    outcome: null,
    endReason: 'explicit',
    notes: null,
  };
  try {
    await deps.store.insertSession(session);
  } catch (error) {
    // Another process importing the same conversation (a hook and the background watcher) created it first.
    const created = await deps.store.getSession(id);
    if (created) return created;
    // Teams: a conversation imported before this process acted as a member has no owner (and is
    // hidden from members); the member importing it again takes it. One another member owns stays theirs.
    const member = currentMember();
    if (member !== null) {
      await deps.store.setSessionOwner(id, member);
      const claimed = await deps.store.getSession(id);
      if (claimed) return claimed;
      throw new Error(`session ${id} (conversation ${input.externalId}) belongs to another member`);
    }
    throw error;
  }
  return session;
}

/** How every imported conversation's session id begins. */
export const IMPORTED_PREFIX = 'imp_';

/** `imp_` + 22 hex digits of SHA-256 of the external id: stable across machines and re-imports. */
export function importedSessionId(externalId: string): string {
  return `${IMPORTED_PREFIX}${createHash('sha256').update(externalId).digest('hex').slice(0, 22)}`;
}
