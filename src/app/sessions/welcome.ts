import { renderWelcome } from '../../core/handoff/render-welcome.js';
import type { Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { welcomeReminders } from '../reminders/deliver.js';

/**
 * The welcome text for a session: previous hand-off, recent decisions, open
 * questions — and, when it is delivered to the assistant (an MCP tool call),
 * the project's due reminders, each delivered once.
 */
export async function buildWelcome(deps: AppDeps, project: Project, session: Session): Promise<string> {
  const [previousHandoff, recentDecisions, openQuestions] = await Promise.all([
    deps.store.latestHandoff(project.id, session.id),
    deps.store.queryEvents({ projectId: project.id, category: 'decision', limit: 5 }),
    deps.store.queryEvents({ projectId: project.id, category: 'question', limit: 5 }),
  ]);
  const welcome = renderWelcome({
    project,
    session,
    previousHandoff,
    recentDecisions,
    openQuestions,
    tokenBudget: deps.config.session.welcomeTokenBudget,
  });
  const reminders = await welcomeReminders(deps, project.id);
  return reminders ? `${welcome}\n\n${reminders}` : welcome;
}
