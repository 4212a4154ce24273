import type { Reminder } from '../core/reminders/reminder-types.js';

export interface ReminderFilter {
  /** Reminders of this project and global ones; undefined: every reminder. */
  projectId?: string | null;
  /** Only pending ones unless true. */
  includeDone?: boolean;
  limit: number;
}

export interface DueClaim {
  /** The project in which delivery happens: its reminders and global ones; null: global ones only. */
  projectId: string | null;
  /** UTC ISO instant: everything due at or before it. */
  now: string;
  limit: number;
}

/** Reminders: the part of the Store that src/app/reminders builds on. */
export interface ReminderStore {
  insertReminder(reminder: Reminder): Promise<void>;
  getReminder(id: string): Promise<Reminder | null>;
  /** Pending first by next due time, then the others newest first. */
  listReminders(filter: ReminderFilter): Promise<Reminder[]>;
  /** Cancels a pending reminder; false when it was not pending (or does not exist). */
  cancelReminder(id: string, at: string): Promise<boolean>;
  /**
   * Claims due reminders atomically, exactly once per occurrence even with
   * several processes on one database: each claimed row is advanced in the
   * same transaction to `next(reminder)` (a recurring one's next occurrence)
   * or, when that is null, marked done. Returns the claimed reminders as they
   * were when due (with the occurrence in `nextDueAt`).
   */
  claimDueReminders(claim: DueClaim, next: (reminder: Reminder) => string | null): Promise<Reminder[]>;
  /** True when anything is due (cheap check before claiming). */
  hasDueReminders(claim: Omit<DueClaim, 'limit'>): Promise<boolean>;
}
