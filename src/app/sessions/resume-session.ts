import { NotFoundError } from '../../core/errors.js';
import { eventSummary } from '../../core/events/event-text.js';
import { questionLine } from '../../core/events/open-questions.js';
import type { PluginReport } from '../../core/plugins/plugin.js';
import type { Checkpoint, Handoff, Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { sessionPluginReport } from '../plugins/session-plugin.js';
import { buildHandoff } from './build-handoff.js';
import { openProjectQuestions } from './open-project-questions.js';

export interface ResumeResult {
  session: Session;
  project: Project;
  checkpoint: Checkpoint | null;
  /** The stored hand-off of an ended session, or a live one for a session still open. */
  handoff: string;
  storedHandoff: Handoff | null;
  recentDecisions: string[];
  openQuestions: string[];
  /** The session's skill plugin: progress and the markdown resumption context. */
  plugin: PluginReport | null;
}

/**
 * `session_resume`: the context needed to continue. `target` is "latest"
 * (the newest session of the project other than the caller's own), a
 * checkpoint name, or a session id.
 */
export async function resumeSession(
  deps: AppDeps,
  project: Project,
  target: string,
  callerSessionId: string | null,
): Promise<ResumeResult> {
  let session: Session | null = null;
  let checkpoint: Checkpoint | null = null;
  if (target === 'latest') {
    const recent = await deps.store.findSessions({ projectId: project.id, limit: 5 });
    session = recent.find((candidate) => candidate.id !== callerSessionId) ?? null;
    if (!session)
      throw new NotFoundError(
        'target',
        `an earlier session of ${project.name}`,
        'there is nothing to resume yet',
      );
  } else {
    session = await deps.store.getSession(target);
    if (!session) {
      [checkpoint = null] = await deps.store.listCheckpoints({
        projectId: project.id,
        name: target,
        limit: 1,
      });
      if (!checkpoint) {
        throw new NotFoundError(
          'target',
          `a session id or checkpoint name ${JSON.stringify(target)} in ${project.name}`,
          'use "latest", a session id, or the name given to session_checkpoint',
        );
      }
      session = await deps.store.getSession(checkpoint.sessionId);
      if (!session) throw new NotFoundError('target', `the session of checkpoint ${JSON.stringify(target)}`);
    }
  }
  const owner = session.projectId === project.id ? project : await deps.store.getProject(session.projectId);
  const storedHandoff = await deps.store.getHandoffBySession(session.id);
  const handoff =
    storedHandoff?.content ??
    (await buildHandoff(deps, owner ?? project, session, { outcome: null, notes: null, endedAt: null }));
  const [decisions, questions, plugin] = await Promise.all([
    deps.store.queryEvents({ sessionId: session.id, category: 'decision', limit: 20 }),
    deps.store.queryEvents({ sessionId: session.id, category: 'question', limit: 20 }),
    sessionPluginReport(deps, session, owner ?? project),
  ]);
  return {
    session,
    project: owner ?? project,
    checkpoint,
    handoff,
    storedHandoff,
    recentDecisions: decisions.map((event) => eventSummary(event.data, event.type)),
    openQuestions: (await openProjectQuestions(deps, session.projectId, questions)).map(questionLine),
    plugin,
  };
}
