import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { adviseCompaction, type CompactionAdvice } from '../../core/compaction/advice.js';
import { renderCompactSummary } from '../../core/compaction/compact-summary.js';
import type { CompactionAdviceInput } from '../../core/compaction/compaction-schemas.js';
import { contextWindowFor } from '../../core/compaction/context-windows.js';
import { UserError } from '../../core/errors.js';
import { eventSummary, filesInEventData } from '../../core/events/event-text.js';
import { newId } from '../../core/ids.js';
import type { Checkpoint, Session } from '../../core/types.js';
import { assistantFolders } from '../../user-home.js';
import type { AppDeps } from '../deps.js';
import { type ContextEstimate, estimateContext } from './estimate-context.js';

export const COMPACTION_CHECKPOINT = 'compaction-summary';
const DEFAULT_SUMMARY_BUDGET = 1500;

export interface CompactionAdviceResult {
  transcriptPath: string;
  estimate: ContextEstimate;
  contextWindow: number;
  windowSource: 'input' | 'transcript' | 'model' | 'default';
  advice: CompactionAdvice;
  /** With `prepare`: the summary stored as checkpoint `compaction-summary`. */
  summary: { text: string; checkpoint: Checkpoint } | null;
}

/**
 * Claude Code keeps a folder's transcripts in <its folder>/projects/<folder with every
 * non-alphanumeric as '-'>; its folder is ~/.claude, or CLAUDE_CONFIG_DIR.
 */
export function claudeProjectFolder(workdir: string, claudeFolder = assistantFolders().claude): string {
  return join(claudeFolder, 'projects', workdir.replace(/[^a-zA-Z0-9]/g, '-'));
}

function newestTranscript(folder: string): string | null {
  let newest: { path: string; at: number } | null = null;
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    return null;
  }
  for (const name of names) {
    if (!name.endsWith('.jsonl')) continue;
    const path = join(folder, name);
    const at = statSync(path).mtimeMs;
    if (!newest || at > newest.at) newest = { path, at };
  }
  return newest?.path ?? null;
}

function transcriptPathFor(input: CompactionAdviceInput, session: Session | null, cwd: string): string {
  if (input.transcript_path) {
    const path = resolve(cwd, input.transcript_path);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new UserError('transcript_path', 'does not exist', `no file at ${path}`);
    }
    return path;
  }
  const folder = claudeProjectFolder(session?.workdir ?? cwd);
  const found = newestTranscript(folder);
  if (!found) {
    throw new UserError(
      'transcript_path',
      'is required here',
      `no Claude Code transcript in ${folder}; pass the path of the conversation's JSONL file`,
    );
  }
  return found;
}

/**
 * `compaction_advice`: how full the conversation's context window is, what to
 * do about it, and (with `prepare`) a compact summary of the session from
 * deja's own record, stored as the checkpoint `compaction-summary`.
 */
export async function compactionAdvice(
  deps: AppDeps,
  input: CompactionAdviceInput,
  session: Session | null,
  cwd: string,
): Promise<CompactionAdviceResult> {
  const transcriptPath = transcriptPathFor(input, session, cwd);
  const estimate = await estimateContext(transcriptPath);
  const fromModel = contextWindowFor(estimate.model);
  const [contextWindow, windowSource]: [number, CompactionAdviceResult['windowSource']] = input.context_window
    ? [input.context_window, 'input']
    : estimate.reportedWindow
      ? [estimate.reportedWindow, 'transcript']
      : [fromModel.tokens, fromModel.known ? 'model' : 'default'];
  const advice = adviseCompaction(estimate.tokens, contextWindow);
  let summary: CompactionAdviceResult['summary'] = null;
  if (input.prepare) {
    if (!session) {
      throw new UserError(
        'session_id',
        'is required with prepare: true',
        'start a session first (session_start)',
      );
    }
    summary = await prepareSummary(deps, session, input.budget_tokens ?? DEFAULT_SUMMARY_BUDGET, advice);
  }
  return { transcriptPath, estimate, contextWindow, windowSource, advice, summary };
}

async function prepareSummary(
  deps: AppDeps,
  session: Session,
  budget: number,
  advice: CompactionAdvice,
): Promise<{ text: string; checkpoint: Checkpoint }> {
  const [events, checkpoints, eventCounts] = await Promise.all([
    deps.store.queryEvents({ sessionId: session.id, limit: 2_000 }),
    deps.store.listCheckpoints({ sessionId: session.id, limit: 20 }),
    deps.store.countEvents({ sessionId: session.id }),
  ]);
  const of = (category: string) =>
    events
      .filter((event) => event.category === category)
      .map((event) => eventSummary(event.data, event.type));
  const files = new Set<string>();
  for (const event of events) for (const file of filesInEventData(event.data)) files.add(file);
  const last = checkpoints.find((checkpoint) => checkpoint.name !== COMPACTION_CHECKPOINT) ?? null;
  const text = renderCompactSummary(
    {
      goal: session.goal,
      decisions: of('decision'),
      findings: of('finding'),
      openQuestions: of('question'),
      filesTouched: [...files].sort(),
      lastCheckpoint: last ? { name: last.name, summary: last.summary } : null,
    },
    budget,
  );
  const now = deps.clock.now();
  // Stored directly (not through session_checkpoint): no git commit, no quality run, just the summary.
  const checkpoint: Checkpoint = {
    id: newId(now),
    sessionId: session.id,
    projectId: session.projectId,
    name: COMPACTION_CHECKPOINT,
    summary: text,
    kind: 'manual',
    gitCommit: null,
    state: {
      eventCounts,
      git: null,
      recentEvents: events.slice(0, 10).map((event) => ({
        category: event.category,
        type: event.type,
        text: eventSummary(event.data, event.type),
      })),
    },
    createdAt: now.toISOString(),
  };
  await deps.store.insertCheckpoint(checkpoint, deps.config.session.keepAutoCheckpoints);
  deps.logger.info({ session: session.id, level: advice.level }, 'compaction summary prepared');
  return { text, checkpoint };
}
