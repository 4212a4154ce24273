import { renderWelcome } from '../../core/handoff/render-welcome.js';
import type { Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';

/** The welcome text for a session: previous hand-off, recent decisions, open questions. */
export async function buildWelcome(deps: AppDeps, project: Project, session: Session): Promise<string> {
  const [previousHandoff, recentDecisions, openQuestions] = await Promise.all([
    deps.store.latestHandoff(project.id, session.id),
    deps.store.queryEvents({ projectId: project.id, category: 'decision', limit: 5 }),
    deps.store.queryEvents({ projectId: project.id, category: 'question', limit: 5 }),
  ]);
  return renderWelcome({
    project,
    session,
    previousHandoff,
    recentDecisions,
    openQuestions,
    tokenBudget: deps.config.session.welcomeTokenBudget,
  });
}
