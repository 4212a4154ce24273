/** Domain types shared by every layer. Times are UTC ISO-8601 strings. */

export const EXECUTION_CONTEXTS = ['foreground', 'background'] as const;
export type ExecutionContext = (typeof EXECUTION_CONTEXTS)[number];

export const OUTCOMES = ['success', 'partial', 'failed', 'abandoned'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Why a session ended: the user said so, or deja closed it on their behalf. */
export const END_REASONS = [
  'explicit',
  'disconnect',
  'superseded',
  'max_duration',
  'shutdown',
  'stale',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export const EVENT_CATEGORIES = [
  'tool_call',
  'tool_response',
  'decision',
  'finding',
  'question',
  'phase',
  'checkpoint',
  'custom',
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Project {
  id: string;
  /** Stable identity: `git:<first commit>` survives renames and worktrees; `path:<abs>` outside git. */
  identity: string;
  name: string;
  rootPath: string;
  languages: string[];
  packageManager: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  id: string;
  projectId: string;
  context: ExecutionContext;
  status: 'active' | 'ended';
  goal: string | null;
  skill: string | null;
  type: string | null;
  model: string | null;
  estimateMinutes: number | null;
  branch: string | null;
  /** Worktree or checkout the session ran in (several worktrees share one project). */
  workdir: string;
  clientName: string | null;
  startedAt: string;
  lastActivityAt: string;
  endedAt: string | null;
  outcome: Outcome | null;
  endReason: EndReason | null;
  notes: string | null;
}

export interface EventRecord {
  id: string;
  /** Store-local insertion order; the basis of cursors. */
  seq: number;
  sessionId: string;
  projectId: string;
  category: EventCategory;
  type: string;
  data: JsonObject;
  /** Flattened searchable text of `data`. */
  text: string;
  createdAt: string;
}

export type CheckpointKind = 'manual' | 'auto';

export interface CheckpointState {
  eventCounts: Partial<Record<EventCategory, number>>;
  git: GitState | null;
  recentEvents: { category: EventCategory; type: string; text: string }[];
  /** The quality score computed with the checkpoint (absent when it could not be, and before it was kept). */
  quality?: { score: number; components: { name: string; points: number; max: number }[] };
}

export interface Checkpoint {
  id: string;
  sessionId: string;
  projectId: string;
  name: string;
  summary: string | null;
  kind: CheckpointKind;
  gitCommit: string | null;
  state: CheckpointState;
  createdAt: string;
}

export interface Handoff {
  id: string;
  sessionId: string;
  projectId: string;
  content: string;
  path: string | null;
  projectCopyPath: string | null;
  createdAt: string;
}

export interface GitState {
  branch: string | null;
  head: string | null;
  /** Changed files, untracked ones included (`git status --porcelain` lines). */
  dirtyFiles: number;
  /** The untracked part of `dirtyFiles` (absent in states recorded before it was counted). */
  untrackedFiles?: number;
  lastCommitAt: string | null;
}

export const MEMORY_KINDS = ['reflection', 'insight', 'learning', 'decision'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];
export type MemorySource = 'tool' | 'cli' | 'insight' | 'import';

export interface Memory {
  id: string;
  /** Null for a memory that belongs to no project (global). */
  projectId: string | null;
  sessionId: string | null;
  kind: MemoryKind;
  content: string;
  /** SHA-256 of the normalised content: the deduplication key within a project. */
  contentHash: string;
  /** Learnings have a title and a category. */
  title: string | null;
  category: string | null;
  tags: string[];
  /** 0..1, when the writer gave one. */
  confidence: number | null;
  source: MemorySource;
  createdAt: string;
  updatedAt: string;
}

export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** One message of a conversation (an imported transcript turn). */
export interface Message {
  id: string;
  sessionId: string;
  projectId: string;
  role: MessageRole;
  content: string;
  /** Position in its conversation, when known. */
  turn: number | null;
  /** Where it came from (e.g. `file:line` or a transcript uuid); unique, so re-imports add nothing. */
  sourceRef: string | null;
  meta: JsonObject;
  createdAt: string;
}

/** Every kind of document the search index holds. */
export const SEARCH_SOURCES = ['memory', 'event', 'message', 'checkpoint', 'handoff'] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];
