import type {
  Checkpoint,
  EndReason,
  EventCategory,
  EventRecord,
  ExecutionContext,
  Handoff,
  Outcome,
  Project,
  Session,
} from '../core/types.js';
import type { GraphStore } from './graph-port.js';
import type { PermissionStore } from './permissions-port.js';
import type { ProjectsStore } from './projects-port.js';
import type { QualityStore } from './quality-port.js';
import type { ReminderStore } from './reminders-port.js';
import type { MemorySearchStore } from './search-port.js';
import type { TeamsStore } from './teams-port.js';
import type { TrackingStore } from './tracking-port.js';
import type { TranscriptStore } from './transcript-port.js';

/** The one storage port. Every backend passes `store/contract/`. */
export interface Store
  extends MemorySearchStore,
    TranscriptStore,
    TrackingStore,
    QualityStore,
    ReminderStore,
    PermissionStore,
    GraphStore,
    ProjectsStore,
    TeamsStore {
  readonly backend: 'sqlite' | 'postgres';
  /** File path, `:memory:`, or a connection URL without its password. */
  readonly location: string;

  /** Inserts or refreshes a project by `identity`; an existing row keeps its id. */
  upsertProject(project: Project): Promise<Project>;
  getProject(id: string): Promise<Project | null>;
  /** Looks a project up by id, identity, exact root path or name. */
  findProject(ref: string): Promise<Project | null>;
  listProjects(): Promise<Project[]>;

  insertSession(session: Session): Promise<void>;
  getSession(id: string): Promise<Session | null>;
  /** Newest first. */
  findSessions(filter: SessionFilter): Promise<Session[]>;
  /**
   * Ends an active session and stores its hand-off in one transaction.
   * Returns false (and stores nothing) when the session was already ended.
   */
  endSession(id: string, end: SessionEnd, handoff: Handoff | null): Promise<boolean>;
  /**
   * Moves a session to another worktree of its project (same id, same history):
   * sets `workdir` and `branch`. Returns false when there is no such session.
   */
  updateSessionWorkdir(id: string, move: SessionMove): Promise<boolean>;

  /** Appends an event and marks its session active at `createdAt`. */
  appendEvent(event: NewEvent): Promise<EventRecord>;
  /** Newest first by store sequence, unless `ascending`. */
  queryEvents(filter: EventFilter): Promise<EventRecord[]>;
  countEvents(filter: { sessionId?: string; projectId?: string }): Promise<EventCounts>;

  /** Inserts a checkpoint, then keeps only the newest `keepAuto` automatic ones of its session. */
  insertCheckpoint(checkpoint: Checkpoint, keepAuto: number): Promise<{ pruned: number }>;
  /** Newest first. */
  listCheckpoints(filter: CheckpointFilter): Promise<Checkpoint[]>;

  getHandoffBySession(sessionId: string): Promise<Handoff | null>;
  /** The newest hand-off of a project, optionally excluding one session's. */
  latestHandoff(projectId: string, excludeSessionId?: string): Promise<Handoff | null>;

  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export interface SessionFilter {
  projectId?: string;
  status?: Session['status'];
  context?: ExecutionContext;
  /** Only the sessions this member owns (teams). */
  member?: string;
  limit: number;
}

export interface SessionEnd {
  endedAt: string;
  outcome: Outcome;
  endReason: EndReason;
  notes: string | null;
}

export interface SessionMove {
  workdir: string;
  branch: string | null;
  /** When the move happened (the row's `updated_at`). */
  at: string;
}

export type NewEvent = Omit<EventRecord, 'seq'>;

export interface EventFilter {
  sessionId?: string;
  projectId?: string;
  category?: EventCategory;
  type?: string;
  /** Words that must all occur in the event text. */
  keyword?: string;
  /** Inclusive lower bound on `createdAt`. */
  since?: string;
  /** Exclusive upper bound on `createdAt`. */
  until?: string;
  /** Only events with a smaller sequence (cursor of a newest-first listing). */
  beforeSeq?: number;
  /** Only events with a larger sequence (cursor of an oldest-first listing). */
  afterSeq?: number;
  /** Oldest first instead of newest first. */
  ascending?: boolean;
  limit: number;
}

export type EventCounts = Partial<Record<EventCategory, number>>;

export interface CheckpointFilter {
  sessionId?: string;
  projectId?: string;
  name?: string;
  limit: number;
}

export interface StoreHealth {
  ok: boolean;
  backend: Store['backend'];
  schemaVersion: number;
  detail: string;
}
