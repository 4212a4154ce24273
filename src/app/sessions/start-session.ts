import { newId } from '../../core/ids.js';
import type { PluginReport } from '../../core/plugins/plugin.js';
import type { SessionStartInput } from '../../core/schemas.js';
import type { ExecutionContext, Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { pluginLine } from '../plugins/plugin-view.js';
import { choosePlugin, sessionPluginReport } from '../plugins/session-plugin.js';
import { ensureProject } from './ensure-project.js';
import { finishSession } from './finish-session.js';
import { isPastMaxDuration } from './session-timing.js';
import { buildWelcome } from './welcome.js';

export interface StartContext {
  context: ExecutionContext;
  /** Folder used when the input names no project. */
  cwd: string;
  clientName?: string | null;
  /** The session this connection already holds, if any (makes start idempotent per connection). */
  currentSessionId?: string | null;
}

export interface StartResult {
  session: Session;
  project: Project;
  welcome: string;
  /** True when the connection's session was already open and is returned as is. */
  alreadyActive: boolean;
  /** Sessions closed by this start: the previous one of the same context, or ones left open too long. */
  closed: { id: string; reason: 'superseded' | 'stale' }[];
  inGit: boolean;
  /** The session's skill plugin (generic when no skill or layout matched): progress and resumption context. */
  plugin: PluginReport | null;
}

/**
 * Opens a session for a project. The previous active session of the same
 * execution context is closed as `partial` with its hand-off; sessions of
 * other contexts left open past the maximum duration are closed as stale.
 */
export async function startSession(
  deps: AppDeps,
  input: SessionStartInput,
  ctx: StartContext,
): Promise<StartResult> {
  const { project, detected } = await ensureProject(deps, input.project_path ?? ctx.cwd);
  const now = deps.clock.now();
  const closed: StartResult['closed'] = [];

  if (ctx.currentSessionId) {
    const current = await deps.store.getSession(ctx.currentSessionId);
    if (current?.status === 'active' && current.projectId === project.id) {
      const plugin = await sessionPluginReport(deps, current, project);
      const welcome = withPlugin(await buildWelcome(deps, project, current), plugin);
      return {
        session: current,
        project,
        welcome,
        alreadyActive: true,
        closed,
        inGit: detected.inGit,
        plugin,
      };
    }
    if (current?.status === 'active') {
      const result = await finishSession(deps, current, {
        outcome: 'partial',
        notes: 'Closed automatically: the client started a session in another project.',
        reason: 'superseded',
      });
      if (result.ended) closed.push({ id: current.id, reason: 'superseded' });
    }
  }

  const active = await deps.store.findSessions({ projectId: project.id, status: 'active', limit: 100 });
  for (const previous of active) {
    const sameContext = previous.context === ctx.context;
    const stale = isPastMaxDuration(previous, now, deps.config.session.maxDurationHours);
    if (!sameContext && !stale) continue;
    const reason = sameContext && !stale ? 'superseded' : 'stale';
    const result = await finishSession(deps, previous, {
      outcome: 'partial',
      notes:
        reason === 'superseded'
          ? `Closed automatically: a new ${ctx.context} session started in this project.`
          : 'Closed automatically: the session was left open past the maximum duration.',
      reason,
    });
    if (result.ended) closed.push({ id: previous.id, reason });
  }

  const startedAt = now.toISOString();
  // The skill names the plugin; without one, a known layout (spec-kit, spec-refiner) picks it.
  const chosen = choosePlugin(input.skill, detected.workdir);
  const session: Session = {
    id: newId(now),
    projectId: project.id,
    context: ctx.context,
    status: 'active',
    goal: input.goal ?? null,
    skill: input.skill ?? (chosen.name === 'generic' ? null : chosen.name),
    type: input.type ?? null,
    model: input.model ?? null,
    estimateMinutes: input.estimate_minutes ?? null,
    branch: detected.branch,
    workdir: detected.workdir,
    clientName: ctx.clientName ?? null,
    startedAt,
    lastActivityAt: startedAt,
    endedAt: null,
    outcome: null,
    endReason: null,
    notes: null,
  };
  await deps.store.insertSession(session);
  const stored = (await deps.store.getSession(session.id)) ?? session;
  deps.logger.info({ session: session.id, project: project.name, context: ctx.context }, 'session started');
  const plugin = await sessionPluginReport(deps, stored, project);
  const welcome = withPlugin(await buildWelcome(deps, project, stored), plugin);
  return { session: stored, project, welcome, alreadyActive: false, closed, inGit: detected.inGit, plugin };
}

/** A skill plugin's progress line closes the welcome (the generic one says nothing new there). */
function withPlugin(welcome: string, plugin: PluginReport): string {
  if (plugin.name === 'generic') return welcome;
  return `${welcome}\n\n${pluginLine(plugin)}\n\n${plugin.context}`;
}
