import { eventSummary } from '../../core/events/event-text.js';
import { newId } from '../../core/ids.js';
import type { QualityScore } from '../../core/quality/quality-score.js';
import type { SessionCheckpointInput } from '../../core/schemas.js';
import type { Checkpoint, CheckpointKind, GitState, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { assessQuality } from '../quality/assess-quality.js';

export interface CheckpointResult {
  checkpoint: Checkpoint;
  pruned: number;
  /** Set when a git checkpoint commit was asked for and could not be made. */
  gitError: string | null;
  /** Quality score and recommendations (null when they could not be worked out). */
  quality: QualityScore | null;
}

/**
 * Snapshots a session: event counts, git state and the latest events; with
 * `git_commit`, also commits the work tree. Automatic checkpoints beyond the
 * configured number are pruned; manual ones are always kept. The result carries
 * a quality score (src/core/quality) with recommendations; the score and its
 * components are kept in the checkpoint's state, so its trend can be shown.
 */
export async function checkpointSession(
  deps: AppDeps,
  session: Session,
  input: SessionCheckpointInput,
  kind: CheckpointKind,
): Promise<CheckpointResult> {
  const now = deps.clock.now();
  const name = input.name ?? `${kind === 'auto' ? 'auto' : 'checkpoint'} ${now.toISOString().slice(0, 16)}`;
  let gitState: GitState | null = null;
  let gitCommit: string | null = null;
  let gitError: string | null = null;
  const repo = await deps.git.repository(session.workdir);
  if (repo) {
    if (input.git_commit) {
      try {
        gitCommit = await deps.git.commitAll(repo.workTree, `deja checkpoint: ${name}`);
      } catch (error) {
        gitError = error instanceof Error ? error.message : String(error);
      }
    }
    gitState = await deps.git.state(repo.workTree);
  } else if (input.git_commit) {
    gitError = `${session.workdir} is not a git repository`;
  }
  const [eventCounts, recent] = await Promise.all([
    deps.store.countEvents({ sessionId: session.id }),
    deps.store.queryEvents({ sessionId: session.id, limit: 10 }),
  ]);
  const quality = await assessQuality(deps, session, gitState, repo?.workTree ?? session.workdir).catch(
    (error: unknown) => {
      deps.logger.warn({ err: error, session: session.id }, 'quality score failed');
      return null;
    },
  );
  const checkpoint: Checkpoint = {
    id: newId(now),
    sessionId: session.id,
    projectId: session.projectId,
    name,
    summary: input.summary ?? null,
    kind,
    gitCommit,
    state: {
      eventCounts,
      git: gitState,
      recentEvents: recent.map((event) => ({
        category: event.category,
        type: event.type,
        text: eventSummary(event.data, event.type),
      })),
      ...(quality
        ? {
            quality: {
              score: quality.score,
              components: quality.components.map(({ name, points, max }) => ({ name, points, max })),
            },
          }
        : {}),
    },
    createdAt: now.toISOString(),
  };
  const { pruned } = await deps.store.insertCheckpoint(checkpoint, deps.config.session.keepAutoCheckpoints);
  return { checkpoint, pruned, gitError, quality };
}

/** True when the session saw activity after its latest checkpoint (or since it started). */
export async function hasActivitySinceCheckpoint(deps: AppDeps, session: Session): Promise<boolean> {
  const [latest] = await deps.store.listCheckpoints({ sessionId: session.id, limit: 1 });
  const since = latest?.createdAt ?? session.startedAt;
  return session.lastActivityAt > since;
}
