import { filesInEventData } from '../../core/events/event-text.js';
import { memoryLine } from '../../core/handoff/memory-line.js';
import { renderHandoff } from '../../core/handoff/render-handoff.js';
import type { QualityScore } from '../../core/quality/quality-score.js';
import { redactString } from '../../core/redact/redact-secrets.js';
import { filesInToolCallContent, projectRelativePath } from '../../core/tracking/files-touched.js';
import type { Outcome, Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { summariseSession } from '../llm/summarise-session.js';

const MAX_EVENTS = 5_000;
const MAX_MEMORIES = 200;

/** Gathers a session's record from the store and renders its markdown hand-off. */
export async function buildHandoff(
  deps: AppDeps,
  project: Project,
  session: Session,
  end: {
    outcome: Outcome | null;
    notes: string | null;
    endedAt: string | null;
    /** The final quality score (session end only). */
    quality?: QualityScore | null;
    /** The imported transcript of this session's conversation (its `imp_` session), when known. */
    conversationSessionId?: string | null;
  },
): Promise<string> {
  const [events, checkpoints, eventCounts, memories] = await Promise.all([
    deps.store.queryEvents({ sessionId: session.id, limit: MAX_EVENTS }),
    deps.store.listCheckpoints({ sessionId: session.id, limit: 200 }),
    deps.store.countEvents({ sessionId: session.id }),
    deps.store.listMemories({ sessionId: session.id, limit: MAX_MEMORIES }),
  ]);
  const files = new Set<string>();
  for (const event of events) for (const file of filesInEventData(event.data)) files.add(file);
  const conversation = end.conversationSessionId
    ? await conversationRecord(deps, end.conversationSessionId, session)
    : null;
  if (conversation) {
    memories.push(...conversation.memories);
    for (const file of conversation.files) files.add(file);
  }
  const markdown = renderHandoff({
    project,
    session,
    outcome: end.outcome,
    notes: end.notes,
    endedAt: end.endedAt,
    events,
    checkpoints,
    memories,
    filesTouched: [...files].sort(),
    eventCounts,
    quality: end.quality ?? null,
    conversation: conversation && {
      messages: conversation.messages,
      toolCalls: conversation.toolCalls,
      firstRequest: conversation.firstRequest,
    },
  });
  // Summarised hand-offs (off by default): an LLM summary on top; on any failure, the hand-off as always.
  const summary = await summariseSession(deps, {
    project,
    session,
    outcome: end.outcome,
    notes: end.notes,
    events,
    checkpoints,
    memories,
    filesTouched: [...files].sort(),
    eventCounts,
  });
  return redactString(summary ? withSummary(markdown, summary) : markdown);
}

/**
 * What the imported transcript of the session's conversation adds: the
 * insights captured from it, the files its tool calls touched (relative to the
 * session's folder when inside it), and how many messages and tool calls it had.
 */
async function conversationRecord(deps: AppDeps, conversationId: string, session: Session) {
  // Only the part of the conversation since this session started: a resumed conversation spans several.
  const since = session.startedAt;
  const filter = { sessionId: conversationId, since };
  const [memories, toolCalls, times, [first]] = await Promise.all([
    deps.store.listMemories({ sessionId: conversationId, limit: MAX_MEMORIES }),
    deps.store.activityToolCalls(filter, MAX_EVENTS),
    deps.store.activityTimes(filter, 100_000),
    deps.store.sessionMessages(conversationId, { role: 'user', since, limit: 1 }),
  ]);
  if (times.length === 0) return null;
  // Paths relative to the folder the conversation ran in (or the session's), as events name them.
  const roots = [(await deps.store.getSession(conversationId))?.workdir, session.workdir].filter(
    (root): root is string => Boolean(root),
  );
  const relative = (file: string) =>
    projectRelativePath(file, roots.find((folder) => file.startsWith(`${folder}/`)) ?? '');
  const files = new Set<string>();
  for (const call of toolCalls)
    for (const file of filesInToolCallContent(call.content)) files.add(relative(file));
  return {
    memories: memories.filter((memory) => memory.createdAt >= since),
    files,
    messages: times.length,
    toolCalls: toolCalls.length,
    firstRequest: first ? memoryLine({ title: null, content: first.content }) : null,
  };
}

/** Puts the summary right after the hand-off's header lines, before `## Goal`. */
function withSummary(markdown: string, summary: { text: string; model: string }): string {
  const section = `## Summary\n_Written by ${summary.model.replace(/[_*`\n]/g, ' ')} from this session's record._\n\n${summary.text}\n\n`;
  const at = markdown.indexOf('## Goal');
  return at < 0 ? `${section}${markdown}` : `${markdown.slice(0, at)}${section}${markdown.slice(at)}`;
}
