import { eventSummary } from '../events/event-text.js';
import { answeredQuestions, openQuestions, questionLine } from '../events/open-questions.js';
import type { QualityScore } from '../quality/quality-score.js';
import type { Checkpoint, EventRecord, Memory, Outcome, Project, Session } from '../types.js';
import { memoryLine } from './memory-line.js';

export interface HandoffInput {
  project: Project;
  session: Session;
  outcome: Outcome | null;
  notes: string | null;
  endedAt: string | null;
  /** Events of the session, any order. */
  events: EventRecord[];
  checkpoints: Checkpoint[];
  /** Memories stored during the session (decisions, learnings, insights), any order. */
  memories: Memory[];
  filesTouched: string[];
  eventCounts: Partial<Record<string, number>>;
  /** The quality score when the session ended (absent for an in-progress view or when it could not be worked out). */
  quality?: QualityScore | null;
  /** The session's conversation as imported from the assistant's transcript, when known. */
  conversation?: { messages: number; toolCalls: number; firstRequest?: string | null } | null;
}

/** The markdown hand-off: what the next session needs to pick up the work. */
export function renderHandoff(input: HandoffInput): string {
  const { project, session } = input;
  const byCategory = (category: string) =>
    input.events
      .filter((event) => event.category === category)
      .sort((a, b) => a.seq - b.seq)
      .map((event) => eventSummary(event.data, event.type));
  const remembered = (kinds: Memory['kind'][]) =>
    [...input.memories]
      .filter((memory) => kinds.includes(memory.kind))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(memoryLine);
  const decisions = distinct([...byCategory('decision'), ...remembered(['decision'])]);
  const findings = distinct([...byCategory('finding'), ...remembered(['learning'])]);
  const insights = distinct(remembered(['insight', 'reflection']));
  // Questions the session answered itself are closed; the others carry the handle that closes them later.
  const answered = answeredQuestions(input.events);
  const questions = openQuestions(
    input.events.filter((event) => event.category === 'question').sort((a, b) => a.seq - b.seq),
    answered,
  ).map(questionLine);
  const phases = byCategory('phase');
  const checkpoints = [...input.checkpoints]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .filter((checkpoint) => checkpoint.kind === 'manual')
    .map((checkpoint) => `${checkpoint.name}${checkpoint.summary ? `: ${checkpoint.summary}` : ''}`);
  const end = input.endedAt ?? session.lastActivityAt;
  const lines: string[] = [
    `# Hand-off: ${project.name} — ${session.startedAt.slice(0, 10)}`,
    '',
    `- Session: ${session.id} (${session.context})`,
    `- Outcome: ${input.outcome ?? 'in progress'}`,
    `- Branch: ${session.branch ?? 'n/a'}`,
    `- Duration: ${formatDuration(Date.parse(end) - Date.parse(session.startedAt))} (${session.startedAt} → ${end})`,
    '',
    '## Goal',
    session.goal ??
      (input.conversation?.firstRequest
        ? `(not stated; the conversation began with: “${input.conversation.firstRequest}”)`
        : '(not stated)'),
  ];
  const section = (title: string, items: string[], empty?: string) => {
    if (items.length === 0 && !empty) return;
    lines.push('', `## ${title}`);
    if (items.length === 0 && empty) lines.push(empty);
    for (const item of items) lines.push(`- ${item}`);
  };
  const conversation = input.conversation
    ? [
        `Conversation: ${input.conversation.messages} messages, ${input.conversation.toolCalls} tool calls (imported from the transcript; search them with deja search).`,
      ]
    : [];
  section('What was done', [...phases, ...checkpoints, ...conversation], activityLine(input.eventCounts));
  section('Decisions', decisions, 'None recorded.');
  section('Findings', findings);
  section('Insights', insights);
  section('Open questions', questions);
  section('Files touched', input.filesTouched.slice(0, 50));
  if (input.filesTouched.length > 50) lines.push(`- …and ${input.filesTouched.length - 50} more`);
  if (input.quality) lines.push('', '## Quality at the end', ...qualityLines(input.quality));
  lines.push(
    '',
    '## Next steps',
    input.notes ?? (questions.length ? 'Answer the open questions above.' : '(none noted)'),
  );
  return `${lines.join('\n')}\n`;
}

/** The items once each, first occurrence kept (an event and a memory may say the same thing). */
function distinct(items: string[]): string[] {
  return [...new Set(items)];
}

/** The score with its parts, then what to do about it (the next session's first chores). */
function qualityLines(quality: QualityScore): string[] {
  const parts = quality.components.map((c) => `${c.name} ${c.points}/${c.max}: ${c.detail}`);
  return [
    `Score ${quality.score}/100.`,
    ...parts.map((part) => `- ${part}`),
    ...(quality.recommendations.length
      ? ['', 'Recommended:', ...quality.recommendations.map((r) => `- ${r}`)]
      : []),
  ];
}

function activityLine(counts: Partial<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([category, n]) => `${n} ${category.replace('_', ' ')}${n === 1 ? '' : 's'}`);
  return parts.length ? `Recorded ${parts.join(', ')}.` : 'No activity recorded.';
}

export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
