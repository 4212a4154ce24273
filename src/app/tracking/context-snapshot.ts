import { NotFoundError, UserError } from '../../core/errors.js';
import { eventSummary } from '../../core/events/event-text.js';
import { newId } from '../../core/ids.js';
import {
  type ContextPreserveInput,
  type ContextRestoreInput,
  contextPreserveInput,
  contextRestoreInput,
} from '../../core/tracking/tracking-schemas.js';
import type { ContextSnapshot, ContextState } from '../../core/tracking/tracking-types.js';
import type { GitState, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';
import { filesTouched } from './activity-report.js';
import { type TrackingContext, trackingScope } from './tracking-scope.js';

const RECENT = 10;
const MAX_FILES = 50;

/**
 * `context_preserve`: snapshots where the session stands — its goal, recent decisions,
 * open questions, files touched, latest events and git state — with the caller's notes,
 * under a name it can be restored by.
 */
export async function preserveContext(
  deps: AppDeps,
  raw: ContextPreserveInput,
  context: TrackingContext,
): Promise<ContextSnapshot> {
  const input = contextPreserveInput.parse(raw);
  const scope = await trackingScope(deps, input.session_id, context);
  if (!scope.session && input.content === undefined) {
    throw new UserError(
      'content',
      'is required when there is no active session to snapshot',
      'start a session (session_start), pass session_id, or pass content to keep',
    );
  }
  const now = deps.clock.now();
  const state = scope.session
    ? await sessionState(deps, scope.session, scope.project.rootPath)
    : emptyState();
  state.git = await gitState(deps, scope.root);
  const snapshot: ContextSnapshot = {
    id: newId(now),
    projectId: scope.project.id,
    sessionId: scope.session?.id ?? null,
    name: input.name ?? `context ${now.toISOString().slice(0, 16)}`,
    content: input.content ?? null,
    state,
    createdAt: now.toISOString(),
  };
  await deps.store.insertContextSnapshot(snapshot);
  return snapshot;
}

/**
 * `context_restore`: a snapshot by id, or the newest of a name — in the project named,
 * else the caller's folder's project, else any project.
 */
export async function restoreContext(
  deps: AppDeps,
  raw: ContextRestoreInput,
  context: { cwd: string },
): Promise<ContextSnapshot> {
  const input = contextRestoreInput.parse(raw);
  if (input.id !== undefined) {
    const byId = await deps.store.getContextSnapshot({ id: input.id });
    if (!byId)
      throw new NotFoundError(
        'id',
        `context snapshot ${JSON.stringify(input.id)}`,
        'list them with tracking_list (CLI: deja log list snapshots)',
      );
    return byId;
  }
  if (input.name === undefined) {
    throw new UserError('name', 'or `id` is required', 'pass the name given to context_preserve, or its id');
  }
  const project = input.project
    ? await findProjectByRef(deps, input.project)
    : (await ensureProject(deps, context.cwd, 'project')).project;
  const found =
    (await deps.store.getContextSnapshot({ name: input.name, projectId: project.id })) ??
    (input.project === undefined ? await deps.store.getContextSnapshot({ name: input.name }) : null);
  if (!found) {
    throw new NotFoundError(
      'name',
      `context snapshot ${JSON.stringify(input.name)}`,
      'list them with tracking_list (CLI: deja log list snapshots)',
    );
  }
  return found;
}

async function sessionState(deps: AppDeps, session: Session, root: string): Promise<ContextState> {
  const [decisions, questions, recent, files] = await Promise.all([
    deps.store.queryEvents({ sessionId: session.id, category: 'decision', limit: RECENT }),
    deps.store.queryEvents({ sessionId: session.id, category: 'question', limit: RECENT }),
    deps.store.queryEvents({ sessionId: session.id, limit: RECENT }),
    filesTouched(deps, { sessionId: session.id }, root),
  ]);
  return {
    goal: session.goal,
    decisions: decisions.map((event) => eventSummary(event.data, event.type)),
    questions: questions.map((event) => eventSummary(event.data, event.type)),
    filesTouched: files.counter.top(MAX_FILES).map((touch) => touch.path),
    recentEvents: recent.map((event) => ({
      category: event.category,
      type: event.type,
      text: eventSummary(event.data, event.type),
    })),
    git: null,
  };
}

function emptyState(): ContextState {
  return { goal: null, decisions: [], questions: [], filesTouched: [], recentEvents: [], git: null };
}

async function gitState(deps: AppDeps, root: string): Promise<GitState | null> {
  try {
    const repo = await deps.git.repository(root);
    return repo ? await deps.git.state(repo.workTree) : null;
  } catch {
    return null;
  }
}
