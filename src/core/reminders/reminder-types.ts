export const REMINDER_STATUSES = ['pending', 'done', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** A reminder; all instants are UTC ISO-8601. */
export interface Reminder {
  id: string;
  /** null: delivered in whichever project is active (global). */
  projectId: string | null;
  text: string;
  /** The phrase it was created with ("every Monday at 10"). */
  when: string;
  /** DTSTART + RRULE lines for recurring reminders; null for one-off ones. */
  rule: string | null;
  /** The IANA zone the phrase was read in. */
  timeZone: string;
  /** When it is next due; null once done or cancelled. */
  nextDueAt: string | null;
  status: ReminderStatus;
  lastDeliveredAt: string | null;
  deliveredCount: number;
  createdAt: string;
  updatedAt: string;
}
