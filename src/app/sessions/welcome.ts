import { eventSummary } from '../../core/events/event-text.js';
import { questionHandle } from '../../core/events/open-questions.js';
import { memoryLine } from '../../core/handoff/memory-line.js';
import { renderWelcome } from '../../core/handoff/render-welcome.js';
import { branchTopic } from '../../core/project/branch-topic.js';
import { queryTerms } from '../../core/ranking/tokenize.js';
import type { Memory, Project, Session } from '../../core/types.js';
import type { IndexHit } from '../../store/search-port.js';
import type { AppDeps } from '../deps.js';
import { welcomeReminders } from '../reminders/deliver.js';
import { lexicalCandidates } from '../search/lexical-candidates.js';
import { openProjectQuestions } from './open-project-questions.js';

/** Memories a welcome lists at most. */
const WELCOME_MEMORIES = 5;
/** Open questions a welcome lists at most, and the latest questions read for them. */
const WELCOME_QUESTIONS = 5;
const QUESTIONS_READ = 20;

/**
 * The welcome text for a session: previous hand-off, the memories most relevant
 * to its goal, recent decisions, open questions — and, when it is delivered to the assistant (an MCP tool call),
 * the project's due reminders, each delivered once.
 */
export async function buildWelcome(deps: AppDeps, project: Project, session: Session): Promise<string> {
  const [previousHandoff, memories, recentDecisions, open] = await Promise.all([
    deps.store.latestHandoff(project.id, session.id),
    relevantMemories(deps, project, session),
    deps.store.queryEvents({ projectId: project.id, category: 'decision', limit: 5 }),
    deps.store
      .queryEvents({ projectId: project.id, category: 'question', limit: QUESTIONS_READ })
      .then((questions) => openProjectQuestions(deps, project.id, questions)),
  ]);
  // What the previous hand-off already says is not listed again.
  const said = previousHandoff?.content ?? '';
  const welcome = renderWelcome({
    project,
    session,
    previousHandoff,
    memories: memories.filter((memory) => !said.includes(memoryLine(memory))).slice(0, WELCOME_MEMORIES),
    recentDecisions: recentDecisions.filter((event) => !said.includes(eventSummary(event.data, event.type))),
    // A question the hand-off lists is listed there with its handle.
    openQuestions: open
      .filter((event) => !said.includes(questionHandle(event.id)))
      .slice(0, WELCOME_QUESTIONS),
    tokenBudget: deps.config.session.welcomeTokenBudget,
  });
  const reminders = await welcomeReminders(deps, project.id);
  return reminders ? `${welcome}\n\n${reminders}` : welcome;
}

/**
 * The project's memories that match the session's goal, or its branch's topic
 * when it has no goal (BM25 over the
 * full-text index), then its newest decisions and learnings to fill the list:
 * what was decided and learned before is what a new session most often needs.
 */
async function relevantMemories(deps: AppDeps, project: Project, session: Session): Promise<Memory[]> {
  const filters = { projectIds: [project.id], sources: ['memory' as const] };
  // Without a goal, the branch name often says what the work is about.
  const topic = session.goal ?? branchTopic(session.branch);
  const goal = topic ? queryTerms(topic) : null;
  const matching =
    goal && !goal.onlyStopwords && goal.terms.length > 0
      ? await lexicalCandidates(deps, {
          terms: goal.terms,
          match: 'any',
          filters,
          limit: 2 * WELCOME_MEMORIES,
        })
      : [];
  const newest =
    matching.length < 2 * WELCOME_MEMORIES
      ? await deps.store.searchIndex({
          terms: [],
          match: 'any',
          filters: { ...filters, kinds: ['decision', 'learning'] },
          limit: 2 * WELCOME_MEMORIES,
        })
      : [];
  // Twice the list: the caller drops what the previous hand-off already says.
  const refs = [...new Set([...matching, ...newest].map((hit: IndexHit) => hit.ref))].slice(
    0,
    2 * WELCOME_MEMORIES,
  );
  const found = await Promise.all(refs.map((id) => deps.store.getMemory(id)));
  return found.filter((memory): memory is Memory => memory !== null);
}
