import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GitState, Project, Session } from '../../core/types.js';
import type { EventCounts, StoreHealth } from '../../store/port.js';
import type { AppDeps } from '../deps.js';

const MANIFESTS = [
  'package.json',
  'pyproject.toml',
  'Cargo.toml',
  'go.mod',
  'pom.xml',
  'Gemfile',
  'composer.json',
];

export interface StatusResult {
  session: Session | null;
  project: Project | null;
  durationMinutes: number | null;
  eventCounts: EventCounts;
  checkpoints: number;
  health: {
    store: StoreHealth;
    embedder: { ok: boolean; detail: string };
    project: {
      ok: boolean;
      exists: boolean;
      git: GitState | null;
      manifest: string | null;
      detail: string;
    } | null;
  };
}

/** `session_status`: the current session, its counts, and the health of store, embedder and project. */
export async function sessionStatus(
  deps: AppDeps,
  session: Session | null,
  project: Project | null,
): Promise<StatusResult> {
  const store = await deps.store.health();
  const embedder = await embedderHealth(deps);
  if (!session) {
    return {
      session: null,
      project,
      durationMinutes: null,
      eventCounts: {},
      checkpoints: 0,
      health: { store, embedder, project: project ? await projectHealth(deps, project.rootPath) : null },
    };
  }
  const [eventCounts, checkpoints] = await Promise.all([
    deps.store.countEvents({ sessionId: session.id }),
    deps.store.listCheckpoints({ sessionId: session.id, limit: 1000 }),
  ]);
  const end = session.endedAt ? Date.parse(session.endedAt) : deps.clock.now().getTime();
  return {
    session,
    project,
    durationMinutes: Math.round((end - Date.parse(session.startedAt)) / 600) / 100,
    eventCounts,
    checkpoints: checkpoints.length,
    health: { store, embedder, project: await projectHealth(deps, session.workdir) },
  };
}

/**
 * The embedder as this process sees it: in the server, its progress and last
 * error (an unreachable endpoint, a missing model folder); elsewhere (the CLI),
 * what is configured, since vectors are made by the running server.
 */
async function embedderHealth(deps: AppDeps): Promise<StatusResult['health']['embedder']> {
  const job = deps.embeddingJob;
  if (job) {
    const progress = await job.progress();
    const done = `${progress.embedded} of ${progress.total} documents embedded`;
    if (progress.lastError) {
      return {
        ok: false,
        detail: `${progress.embedderId}: ${done}; failing: ${progress.lastError} (search stays lexical meanwhile)`,
      };
    }
    return {
      ok: true,
      detail: `${progress.embedderId}: ${done}${progress.running ? ', embedding now' : ''}`,
    };
  }
  const provider = deps.config.embedder.provider;
  if (provider === 'none') return { ok: true, detail: 'none configured: lexical search only' };
  return {
    ok: true,
    detail: `${provider} configured: the server (deja serve) embeds documents and answers hybrid searches`,
  };
}

async function projectHealth(
  deps: AppDeps,
  folder: string,
): Promise<NonNullable<StatusResult['health']['project']>> {
  if (!existsSync(folder)) {
    return { ok: false, exists: false, git: null, manifest: null, detail: `${folder} no longer exists` };
  }
  const repo = await deps.git.repository(folder);
  const git = repo ? await deps.git.state(repo.workTree) : null;
  const manifest = MANIFESTS.find((name) => existsSync(join(folder, name))) ?? null;
  const parts = [
    git ? `git ${git.branch ?? 'detached'}, ${git.dirtyFiles} uncommitted file(s)` : 'not a git repository',
    manifest ? `manifest ${manifest}` : 'no dependency manifest',
  ];
  return { ok: true, exists: true, git, manifest, detail: parts.join('; ') };
}
