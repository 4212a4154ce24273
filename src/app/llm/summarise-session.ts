/**
 * Summarised hand-offs: the one place deja itself uses an LLM, and only when the user
 * turns it on (`session.summarisedHandoffs = true`) and configures a provider. At session
 * end the session's record (goal, outcome, notes, decisions, findings, questions, phases,
 * checkpoints, memories stored, files, a tail of other events) is cut to a character budget and sent to the
 * LLM for a short summary. Any failure or timeout (10 s at most) gives null: the hand-off
 * is written as it always was, and a warning goes to the log (stderr or the log file).
 */
import { eventSummary } from '../../core/events/event-text.js';
import { memoryLine } from '../../core/handoff/memory-line.js';
import type { Checkpoint, EventRecord, Memory, Outcome, Project, Session } from '../../core/types.js';
import { createLlm } from '../../llm/create-llm.js';
import type { Llm } from '../../llm/llm.js';
import type { AppDeps } from '../deps.js';

/** The longest a session end waits for the summary. */
export const SUMMARY_TIMEOUT_MS = 10_000;
/** About 4 characters a token: the record sent stays within ~4,000 tokens. */
const MAX_PROMPT_CHARS = 16_000;
const MAX_ITEM_CHARS = 400;

export interface SessionRecord {
  project: Project;
  session: Session;
  outcome: Outcome | null;
  notes: string | null;
  events: EventRecord[];
  checkpoints: Checkpoint[];
  /** Memories stored during the session. */
  memories: Memory[];
  filesTouched: string[];
  eventCounts: Partial<Record<string, number>>;
}

export interface HandoffSummary {
  text: string;
  model: string;
}

const SYSTEM_PROMPT =
  'You write the opening summary of a hand-off note between two sessions of an AI coding assistant. ' +
  'From the session record, say in at most 5 short sentences or bullets: what was done, what was decided, ' +
  'what is unfinished and what to do next. Plain markdown, no heading, no preamble; do not invent facts.';

/** The LLM the hand-off may use: null unless summaries are on and a provider is configured. */
export function handoffLlm(deps: AppDeps): Llm | null {
  if (!deps.config.session.summarisedHandoffs) return null;
  // `deps.llm` undefined (deps built by hand, as in tests): make one from the configuration.
  return deps.llm === undefined ? createLlm(deps.config.llm) : deps.llm;
}

/** A short summary of the session, or null (summaries off, no provider, or any failure). Never throws. */
export async function summariseSession(deps: AppDeps, record: SessionRecord): Promise<HandoffSummary | null> {
  let llm: Llm | null;
  try {
    llm = handoffLlm(deps);
  } catch (error) {
    warn(deps, error);
    return null;
  }
  if (!llm) return null;
  try {
    const configured = deps.config.llm.provider === 'none' ? SUMMARY_TIMEOUT_MS : deps.config.llm.timeoutMs;
    const result = await llm.generate(sessionPrompt(record), {
      system: SYSTEM_PROMPT,
      maxTokens: deps.config.session.handoffSummaryTokens,
      temperature: 0.2,
      timeoutMs: Math.min(configured, SUMMARY_TIMEOUT_MS),
    });
    const text = result.text.trim();
    if (!text) {
      deps.logger.warn(
        { session: record.session.id, model: result.model },
        'summarised hand-off skipped: the LLM returned no text',
      );
      return null;
    }
    return {
      text: clip(text, deps.config.session.handoffSummaryTokens * 6),
      model: result.model || llm.model,
    };
  } catch (error) {
    warn(deps, error, record.session.id);
    return null;
  }
}

function warn(deps: AppDeps, error: unknown, session?: string): void {
  // Only the message: LlmRequestError messages are scrubbed of keys; SDK objects may hold headers.
  deps.logger.warn(
    { session, reason: error instanceof Error ? error.message : String(error) },
    'summarised hand-off skipped; writing the normal hand-off',
  );
}

/** The session record as plain text, most telling parts first, within the character budget. */
export function sessionPrompt(record: SessionRecord): string {
  const { project, session } = record;
  const ordered = [...record.events].sort((a, b) => a.seq - b.seq);
  const byCategory = (category: string) =>
    ordered
      .filter((event) => event.category === category)
      .map((event) => clip(eventSummary(event.data, event.type), MAX_ITEM_CHARS));
  const counts = Object.entries(record.eventCounts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([category, n]) => `${n} ${category}`)
    .join(', ');
  const head = [
    `Project: ${project.name}`,
    `Goal: ${session.goal ?? '(not stated)'}`,
    `Outcome: ${record.outcome ?? 'in progress'}`,
    `Branch: ${session.branch ?? 'n/a'}`,
    `Activity: ${counts || 'none recorded'}`,
    ...(record.notes ? [`Notes for the next session: ${clip(record.notes, 2000)}`] : []),
  ];
  const sections: [string, string[]][] = [
    ['Decisions', byCategory('decision')],
    ['Findings', byCategory('finding')],
    ['Open questions', byCategory('question')],
    ['Phases', byCategory('phase')],
    [
      'Checkpoints',
      [...record.checkpoints]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .filter((checkpoint) => checkpoint.kind === 'manual')
        .map((c) => clip(`${c.name}${c.summary ? `: ${c.summary}` : ''}`, MAX_ITEM_CHARS)),
    ],
    [
      'Memories stored (decisions, learnings, insights)',
      [...record.memories]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((memory) => clip(`${memory.kind}: ${memoryLine(memory)}`, MAX_ITEM_CHARS)),
    ],
    ['Files touched', record.filesTouched.slice(0, 40)],
    [
      'Other recent events',
      ordered
        .filter((event) => !['decision', 'finding', 'question', 'phase'].includes(event.category))
        .slice(-30)
        .map((event) =>
          clip(`${event.category}/${event.type}: ${eventSummary(event.data, event.type)}`, 200),
        ),
    ],
  ];
  let text = `${head.join('\n')}\n`;
  for (const [title, items] of sections) {
    if (items.length === 0) continue;
    let block = `\n${title}:\n`;
    for (const item of items) {
      const line = `- ${item}\n`;
      if (text.length + block.length + line.length > MAX_PROMPT_CHARS) break;
      block += line;
    }
    if (text.length + block.length > MAX_PROMPT_CHARS) break;
    text += block;
  }
  return `Session record:\n\n${text}`;
}

function clip(text: string, max: number): string {
  const flat = text.trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
