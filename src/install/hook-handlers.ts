import type { AppDeps } from '../app/deps.js';
import { runWithDelivery } from '../app/reminders/delivery-scope.js';
import { endSession } from '../app/sessions/end-session.js';
import { startSession } from '../app/sessions/start-session.js';
import { buildWelcome } from '../app/sessions/welcome.js';
import { sessionCheckpointInput } from '../core/schemas.js';
import type { Project, Session } from '../core/types.js';
import { type DetectedProject, detectProject } from '../project/detect-project.js';
import { assistantFolders, userHome } from '../user-home.js';
import type { HookName } from './hook-events.js';

/**
 * What deja does when Claude Code calls its hooks. The MCP server owns the
 * foreground session (it opens one when the client connects in a git
 * repository); the hooks add what the protocol cannot: the welcome in the
 * context before the first prompt, an explicit end when Claude Code exits or
 * clears, and a checkpoint before the conversation is compacted.
 */

/** The fields of Claude Code's hook input that deja reads; everything else is ignored. */
export interface HookInput {
  session_id?: string;
  transcript_path?: string;
  cwd?: string;
  hook_event_name?: string;
  /** SessionStart: startup | resume | clear | compact. */
  source?: string;
  /** SessionEnd: clear | logout | prompt_input_exit | other. */
  reason?: string;
  /** PreCompact: manual | auto. */
  trigger?: string;
  custom_instructions?: string;
  model?: string;
}

/** What a hook prints on stdout (nothing when null). */
export type HookOutput = string | null;

/** The project of a folder, if deja has seen it; reads only. */
async function knownProject(
  deps: AppDeps,
  cwd: string,
): Promise<{ project: Project; detected: DetectedProject } | null> {
  const detected = await detectProject(cwd, deps.git, 'cwd');
  const project = await deps.store.findProject(detected.identity);
  return project ? { project, detected } : null;
}

async function activeForeground(deps: AppDeps, projectId: string): Promise<Session | null> {
  const active = await deps.store.findSessions({
    projectId,
    status: 'active',
    context: 'foreground',
    limit: 1,
  });
  return active[0] ?? null;
}

/**
 * SessionStart: the welcome (previous hand-off, recent decisions, open
 * questions) as additional context. It reads only, except after `/clear`: then
 * Claude Code has just ended the session (SessionEnd) and the MCP server, still
 * connected, will not open another, so the hook starts the new one itself. On
 * start-up it leaves that to the MCP server, which is connecting at the same
 * moment: two starts would close each other's session.
 */
export async function onSessionStart(deps: AppDeps, input: HookInput, cwd: string): Promise<HookOutput> {
  // The welcome goes into the model's context, so due reminders are delivered in it (once).
  return runWithDelivery({ delivered: [] }, () => sessionStartContext(deps, input, cwd));
}

async function sessionStartContext(deps: AppDeps, input: HookInput, cwd: string): Promise<HookOutput> {
  if (input.source === 'clear' && deps.config.session.autoStart) {
    const repo = await deps.git.repository(cwd);
    if (repo) {
      const started = await startSession(deps, input.model ? { model: input.model.slice(0, 200) } : {}, {
        context: 'foreground',
        cwd,
        clientName: 'claude-code',
      });
      return sessionStartOutput(started.welcome);
    }
  }
  const known = await knownProject(deps, cwd);
  if (!known) return null;
  const active = await activeForeground(deps, known.project.id);
  if (active) return sessionStartOutput(await buildWelcome(deps, known.project, active));
  // No session yet: the same welcome, without claiming a session id.
  const welcome = await buildWelcome(deps, known.project, pendingSession(known.project, known.detected));
  return sessionStartOutput(welcome.replace(/^deja: session \S* ?started for /, 'deja: welcome back to '));
}

function pendingSession(project: Project, detected: DetectedProject): Session {
  const now = new Date().toISOString();
  return {
    id: '',
    projectId: project.id,
    context: 'foreground',
    status: 'active',
    goal: null,
    skill: null,
    type: null,
    model: null,
    estimateMinutes: null,
    branch: detected.branch,
    workdir: detected.workdir,
    clientName: 'claude-code',
    startedAt: now,
    lastActivityAt: now,
    endedAt: null,
    outcome: null,
    endReason: null,
    notes: null,
  };
}

/** Claude Code's structured form for SessionStart: the text goes into the model's context. */
function sessionStartOutput(welcome: string): string {
  return `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: welcome } })}\n`;
}

/**
 * SessionEnd: imports what is new in the conversation's transcript (within
 * part of the hook's budget), then ends the project's active foreground session
 * with the default outcome and a hand-off that adds what the conversation holds;
 * what the budget left out is imported after. A `Stop` event (sent after every
 * turn, not at the end of a session) is ignored, in case a configuration wires it here.
 */
export async function onSessionEnd(deps: AppDeps, input: HookInput, cwd: string): Promise<HookOutput> {
  if (input.hook_event_name === 'Stop' || input.hook_event_name === 'SubagentStop') return null;
  const known = await knownProject(deps, cwd).catch(() => null);
  const active = known ? await activeForeground(deps, known.project.id) : null;
  // The conversation first, within part of the budget, so the hand-off can add what it holds;
  // the session is ended either way, and what the budget left out is imported after.
  const imported = await importOwnTranscript(deps, input, Date.now() + IMPORT_BEFORE_END_MS).catch(
    (error: unknown) => {
      deps.logger.warn({ err: error }, 'transcript import before the hand-off failed');
      return null;
    },
  );
  if (active) {
    const conversation = await conversationSession(deps, input);
    await endSession(deps, active.id, {}, { conversationSessionId: conversation });
  }
  if (imported?.stoppedEarly) await importOwnTranscript(deps, input);
  return null;
}

/** The share of the hook's budget (2 s by default) an import before the hand-off or checkpoint may take. */
const IMPORT_BEFORE_END_MS = 700;

/** The imported session of the conversation the hook is about (Claude Code's `session_id`), if stored. */
async function conversationSession(deps: AppDeps, input: HookInput): Promise<string | null> {
  if (typeof input.session_id !== 'string' || input.session_id.length === 0) return null;
  const { importedSessionId } = await import('../app/messages/imported-session.js');
  const id = importedSessionId(`claude-code:${input.session_id}`);
  return (await deps.store.getSession(id)) ? id : null;
}

/**
 * Imports what is new in the conversation's own transcript, whose path Claude
 * Code passes to its hooks, so conversations become searchable without a
 * watcher. Incremental and resumable: if the hook's time budget runs out
 * first, the next hook or `deja import` goes on from where this one stopped.
 */
async function importOwnTranscript(
  deps: AppDeps,
  input: HookInput,
  deadline?: number,
): Promise<{ stoppedEarly: boolean } | null> {
  const path = input.transcript_path;
  if (!deps.config.transcripts.importFromHooks || typeof path !== 'string' || !path.endsWith('.jsonl'))
    return null;
  // Loaded here, not at the top: SessionStart, the hook the user waits for, never needs the importers.
  const { importTranscripts } = await import('../app/import/import-transcripts.js');
  const summary = await importTranscripts(deps, {
    userHome: userHome(),
    folders: assistantFolders(),
    source: 'claude-code',
    path,
    ...(deadline !== undefined ? { deadline } : {}),
  });
  return { stoppedEarly: summary.stoppedEarly === true };
}

/**
 * PreCompact: imports the transcript as it stands before the client compacts
 * it, then a checkpoint of the active session, kept like a manual one
 * (compactions are milestones).
 */
export async function onPreCompact(deps: AppDeps, input: HookInput, cwd: string): Promise<HookOutput> {
  // Within part of the budget, so the checkpoint is always taken; the rest is imported after it.
  const imported = await importOwnTranscript(deps, input, Date.now() + IMPORT_BEFORE_END_MS).catch(
    (error: unknown) => {
      deps.logger.warn({ err: error }, 'transcript import before the checkpoint failed');
      return null;
    },
  );
  await checkpointActive(deps, input, cwd);
  if (imported?.stoppedEarly) await importOwnTranscript(deps, input);
  return null;
}

async function checkpointActive(deps: AppDeps, input: HookInput, cwd: string): Promise<void> {
  const known = await knownProject(deps, cwd);
  if (!known) return;
  const active = await activeForeground(deps, known.project.id);
  if (!active) return;
  const trigger = input.trigger === 'manual' ? 'manual' : 'auto';
  const summary = input.custom_instructions?.trim().slice(0, 10_000);
  const { checkpointSession } = await import('../app/sessions/checkpoint-session.js');
  await checkpointSession(
    deps,
    active,
    sessionCheckpointInput.parse({ name: `pre-compact (${trigger})`, ...(summary ? { summary } : {}) }),
    'manual',
  );
}

export const HOOK_HANDLERS: Record<
  HookName,
  (deps: AppDeps, input: HookInput, cwd: string) => Promise<HookOutput>
> = {
  'session-start': onSessionStart,
  'session-end': onSessionEnd,
  'pre-compact': onPreCompact,
};
