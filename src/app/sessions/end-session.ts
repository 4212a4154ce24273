import { UserError } from '../../core/errors.js';
import { type SessionEndInput, sessionEndInput } from '../../core/schemas.js';
import type { AppDeps } from '../deps.js';
import { type FinishResult, finishSession } from './finish-session.js';
import { requireSession } from './resolve-session.js';

/** `session_end`: the user closes a session with an outcome and notes. */
export async function endSession(
  deps: AppDeps,
  sessionId: string,
  raw: SessionEndInput,
  context: { conversationSessionId?: string | null } = {},
): Promise<FinishResult> {
  const input = sessionEndInput.parse(raw);
  const session = await requireSession(deps, sessionId);
  if (session.status === 'ended') {
    throw new UserError(
      'session_id',
      `session ${session.id} has already ended (${session.outcome})`,
      'start a new one with session_start',
    );
  }
  return finishSession(deps, session, {
    outcome: input.outcome,
    notes: input.notes ?? null,
    reason: 'explicit',
    writeToProject: input.write_to_project ?? false,
    ...(context.conversationSessionId ? { conversationSessionId: context.conversationSessionId } : {}),
  });
}
