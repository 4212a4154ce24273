import type { z } from 'zod';

/**
 * A skill plugin (PRODUCT.md §2): it knows how one way of working keeps its
 * state, how far along it is, and what an assistant needs to pick it up again.
 * Plugins are pure: they read through `ProjectFiles` and get deja's own
 * session data in `PluginSessionData`; the loader does the I/O.
 */
export interface DejaPlugin<State = unknown> {
  name: string;
  /** Skill names (case-insensitive) that select this plugin at session_start. */
  skills: readonly string[];
  /** Validates what `readState` returns; a failure is reported, never thrown at the user. */
  stateSchema: z.ZodType<State>;
  /** True when the project folder looks like this plugin's layout (auto-detection). */
  detect(files: ProjectFiles): boolean;
  /** Raw state from the project folder and the session; validated with `stateSchema`. */
  readState(files: ProjectFiles, session: PluginSessionData): unknown;
  progress(state: State): PluginProgress;
  /** Markdown that tells the next session where things stand and what comes next. */
  resumptionContext(state: State): string;
}

export interface PluginProgress {
  /** 0–100. */
  percent: number;
  label: string;
}

/** Read-only access to a project folder, relative paths only. */
export interface ProjectFiles {
  /** File text, or null when it does not exist or is not a readable file. */
  read(relativePath: string): string | null;
  /** Names of the entries of a folder (sub-folders only with `dirsOnly`), sorted; [] when absent. */
  list(relativePath: string, dirsOnly?: boolean): string[];
}

/** What deja knows about the session, for plugins that work from it (generic). */
export interface PluginSessionData {
  goal: string | null;
  branch: string | null;
  status: 'active' | 'ended' | null;
  outcome: string | null;
  checkpoints: { name: string; summary: string | null; kind: 'manual' | 'auto'; createdAt: string }[];
  openQuestions: string[];
}

/** A plugin's view of a session, as session_start / session_resume report it. */
export interface PluginReport {
  name: string;
  percent: number;
  label: string;
  context: string;
  /** Set when the on-disk state could not be read or did not validate. */
  problem: string | null;
}

export function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.max(0, Math.min(100, Math.round(value)));
}
