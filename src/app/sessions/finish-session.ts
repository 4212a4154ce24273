import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '../../core/ids.js';
import type { QualityScore } from '../../core/quality/quality-score.js';
import type { EndReason, Handoff, Outcome, Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { IMPORTED_PREFIX } from '../messages/imported-session.js';
import { assessQuality } from '../quality/assess-quality.js';
import { buildHandoff } from './build-handoff.js';
import { recordedEnd } from './session-timing.js';

export interface FinishOptions {
  outcome: Outcome;
  notes: string | null;
  reason: EndReason;
  /** Also write the hand-off into `<workdir>/.deja/handoffs/`. */
  writeToProject?: boolean;
  /**
   * The imported transcript of the session's conversation, whose insights and files the
   * hand-off adds; absent: looked for among the conversations imported during the session.
   */
  conversationSessionId?: string | null;
}

export interface FinishResult {
  /** False when the session had already been ended (by another client, say). */
  ended: boolean;
  session: Session;
  handoff: Handoff | null;
}

/**
 * Ends a session with its hand-off: the markdown is written under
 * `DEJA_HOME/handoffs/` (and the project, if asked), then the end and the
 * hand-off are stored in one transaction. Safe to race: only one caller wins.
 */
export async function finishSession(
  deps: AppDeps,
  session: Session,
  options: FinishOptions,
): Promise<FinishResult> {
  if (session.status === 'ended') return { ended: false, session, handoff: null };
  const project = await deps.store.getProject(session.projectId);
  if (!project) throw new Error(`session ${session.id} refers to a missing project ${session.projectId}`);
  const now = deps.clock.now();
  const endedAt = recordedEnd(session, now, options.reason, deps.config.session.maxDurationHours);
  const content = await buildHandoff(deps, project, session, {
    outcome: options.outcome,
    notes: options.notes,
    endedAt,
    quality: await finalQuality(deps, session),
    conversationSessionId:
      options.conversationSessionId === undefined
        ? await importedConversation(deps, session, endedAt)
        : options.conversationSessionId,
  });
  const fileName = `${session.startedAt.slice(0, 10)}-${session.id}.md`;
  const path = writeHandoffFile(join(deps.config.home, 'handoffs', slug(project)), fileName, content);
  const projectCopyPath = options.writeToProject
    ? writeHandoffFile(join(session.workdir, '.deja', 'handoffs'), fileName, content)
    : null;
  const handoff: Handoff = {
    id: newId(now),
    sessionId: session.id,
    projectId: session.projectId,
    content,
    path,
    projectCopyPath,
    createdAt: now.toISOString(),
  };
  const ended = await deps.store.endSession(
    session.id,
    { endedAt, outcome: options.outcome, endReason: options.reason, notes: options.notes },
    handoff,
  );
  if (!ended) {
    // Another client ended it first and wrote its own hand-off: drop ours.
    rmSync(path, { force: true });
    if (projectCopyPath) rmSync(projectCopyPath, { force: true });
    return { ended: false, session: (await deps.store.getSession(session.id)) ?? session, handoff: null };
  }
  deps.logger.info(
    { session: session.id, outcome: options.outcome, reason: options.reason },
    'session ended',
  );
  const stored = (await deps.store.getSession(session.id)) ?? session;
  return {
    ended: true,
    session: stored,
    handoff: (await deps.store.getHandoffBySession(session.id)) ?? handoff,
  };
}

/** Messages and events read to find the imported conversation of a session. */
const CONVERSATION_SCAN = 20_000;

/**
 * The imported conversation a session most likely held, when no hook named it:
 * a client without hooks (Codex, or any MCP client) ends its session on
 * disconnect, and its transcript reaches deja through the background watcher.
 * Among the imported conversations that ran in the session's folder during the
 * session, the one with the most messages; null when there is none.
 */
async function importedConversation(
  deps: AppDeps,
  session: Session,
  endedAt: string,
): Promise<string | null> {
  const times = await deps.store.activityTimes(
    { projectId: session.projectId, since: session.startedAt, until: endedAt },
    CONVERSATION_SCAN,
  );
  const counts = new Map<string, number>();
  for (const { sessionId } of times) {
    if (sessionId !== session.id && sessionId.startsWith(IMPORTED_PREFIX))
      counts.set(sessionId, (counts.get(sessionId) ?? 0) + 1);
  }
  const candidates = [...counts].sort((a, b) => b[1] - a[1]);
  for (const [id] of candidates) {
    const conversation = await deps.store.getSession(id);
    const folder = conversation?.workdir ?? '';
    const inside = folder === session.workdir || folder.startsWith(`${session.workdir}/`);
    if (conversation?.type === 'imported' && inside) return id;
  }
  return null;
}

/**
 * The session's quality score at its end (git state, test and lint runs,
 * activity since the last checkpoint), for the hand-off; null when the folder
 * is gone or the score cannot be worked out — ending never fails for it.
 */
async function finalQuality(deps: AppDeps, session: Session): Promise<QualityScore | null> {
  if (!existsSync(session.workdir)) return null;
  try {
    const repo = await deps.git.repository(session.workdir);
    const git = repo ? await deps.git.state(repo.workTree) : null;
    return await assessQuality(deps, session, git, repo?.workTree ?? session.workdir);
  } catch (error) {
    deps.logger.warn({ err: error, session: session.id }, 'final quality score failed');
    return null;
  }
}

function writeHandoffFile(folder: string, fileName: string, content: string): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, fileName);
  writeFileSync(path, content, { encoding: 'utf8', mode: 0o600 });
  return path;
}

function slug(project: Project): string {
  return project.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || project.id;
}
