import { newId } from '../../core/ids.js';
import type { JsonObject, Message, MessageRole, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { captureInsights } from '../memory/capture-insights.js';

/** A conversation turn as an importer reads it. */
export interface IncomingMessage {
  role: MessageRole;
  content: string;
  createdAt: string;
  turn?: number | null;
  /** Stable origin (transcript uuid, `file:line`, data-set key): re-importing it adds nothing. */
  sourceRef?: string | null;
  meta?: JsonObject;
}

/**
 * Adds conversation messages to a session — the path every transcript import
 * (and the retrieval benchmark) takes. Idempotent by `sourceRef`; runs insight
 * capture on new assistant messages; redaction happens at the store boundary.
 */
export async function appendMessages(
  deps: AppDeps,
  session: Pick<Session, 'id' | 'projectId'>,
  incoming: IncomingMessage[],
): Promise<{ inserted: number; skipped: number; insights: number }> {
  const messages: Message[] = incoming.map((message) => ({
    id: newId(new Date(message.createdAt)),
    sessionId: session.id,
    projectId: session.projectId,
    role: message.role,
    content: message.content,
    turn: message.turn ?? null,
    sourceRef: message.sourceRef ?? null,
    meta: message.meta ?? {},
    createdAt: message.createdAt,
  }));
  const result = await deps.store.appendMessages(messages);
  const assistantTexts = incoming
    .filter((message) => message.role === 'assistant' && message.content.includes('★'))
    .map((message) => message.content);
  const insights =
    assistantTexts.length > 0
      ? (await captureInsights(deps, assistantTexts, { projectId: session.projectId, sessionId: session.id }))
          .length
      : 0;
  return { ...result, insights };
}
