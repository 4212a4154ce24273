import { existsSync } from 'node:fs';
import { eventSummary } from '../../core/events/event-text.js';
import { evaluatePlugin } from '../../core/plugins/evaluate.js';
import type { PluginReport, PluginSessionData } from '../../core/plugins/plugin.js';
import { type AnyPlugin, selectPlugin } from '../../core/plugins/registry.js';
import type { Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { fsProjectFiles } from './project-files.js';

/**
 * The plugin a new session gets: the one its skill names, else the one whose
 * layout the folder has (spec-kit when `specs/<feature>/tasks.md` exists,
 * spec-refiner when `.spec-refiner/state.json` does), else generic.
 */
export function choosePlugin(skill: string | null | undefined, folder: string): AnyPlugin {
  return selectPlugin(skill ?? null, fsProjectFiles(folder));
}

/** The folder a session's plugin state is read from: its worktree, else the project root. */
export function pluginFolder(session: Session, project: Project | null): string {
  return existsSync(session.workdir) ? session.workdir : (project?.rootPath ?? session.workdir);
}

async function sessionData(deps: AppDeps, session: Session): Promise<PluginSessionData> {
  const [checkpoints, questions] = await Promise.all([
    deps.store.listCheckpoints({ sessionId: session.id, limit: 50 }),
    deps.store.queryEvents({ sessionId: session.id, category: 'question', limit: 20 }),
  ]);
  return {
    goal: session.goal,
    branch: session.branch,
    status: session.status,
    outcome: session.outcome,
    checkpoints: checkpoints.map((checkpoint) => ({
      name: checkpoint.name,
      summary: checkpoint.summary,
      kind: checkpoint.kind,
      createdAt: checkpoint.createdAt,
    })),
    openQuestions: questions.map((event) => eventSummary(event.data, event.type)),
  };
}

/** The session's plugin report (progress and resumption context); never throws for a broken state file. */
export async function sessionPluginReport(
  deps: AppDeps,
  session: Session,
  project: Project | null,
): Promise<PluginReport> {
  const folder = pluginFolder(session, project);
  const files = fsProjectFiles(folder);
  const plugin = selectPlugin(session.skill, files);
  return evaluatePlugin(plugin, files, await sessionData(deps, session));
}
