import { fitSections } from '../budget/token-budget.js';
import { eventSummary } from '../events/event-text.js';
import { ANSWER_HINT, questionLine } from '../events/open-questions.js';
import type { EventRecord, Handoff, Memory, Project, Session } from '../types.js';
import { fitHandoff } from './fit-handoff.js';
import { memoryLine } from './memory-line.js';

export interface WelcomeInput {
  project: Project;
  session: Session;
  previousHandoff: Handoff | null;
  /** The project's memories most relevant to the session (its goal), best first. */
  memories: Memory[];
  recentDecisions: EventRecord[];
  openQuestions: EventRecord[];
  tokenBudget: number;
}

/** The text an assistant sees when a session starts: where things stand, within a token budget. */
export function renderWelcome(input: WelcomeInput): string {
  const { project, session } = input;
  const stack = [project.languages.join(', '), project.packageManager].filter(Boolean).join(' · ');
  const header = [
    `deja: session ${session.id} started for ${project.name}` +
      `${session.branch ? ` on ${session.branch}` : ''}${stack ? ` (${stack})` : ''}.`,
    session.goal ? `Goal: ${session.goal}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const handoff = input.previousHandoff
    ? `Previous hand-off (${input.previousHandoff.createdAt.slice(0, 16).replace('T', ' ')} UTC):\n\n${input.previousHandoff.content}`
    : 'No earlier session of this project is recorded.';
  const list = (title: string, events: EventRecord[]) =>
    events.length
      ? `${title}:\n${events.map((event) => `- ${eventSummary(event.data, event.type)}`).join('\n')}`
      : '';
  // The hand-off gets most of the budget but leaves room for what happened since.
  const handoffShare = Math.floor(input.tokenBudget * 0.7);
  return fitSections(
    [
      header,
      fitHandoff(handoff, handoffShare),
      input.memories.length
        ? `Relevant memories:\n${input.memories.map((memory) => `- [${memory.kind}] ${memoryLine(memory)}`).join('\n')}`
        : '',
      list('Recent decisions', input.recentDecisions),
      input.openQuestions.length
        ? `Open questions (${ANSWER_HINT}):\n${input.openQuestions.map((event) => `- ${questionLine(event)}`).join('\n')}`
        : '',
    ],
    input.tokenBudget,
  );
}
