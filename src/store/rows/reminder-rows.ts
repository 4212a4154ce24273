import type { Reminder } from '../../core/reminders/reminder-types.js';

/** Rows of the reminder tables as both backends read them, and their mapping to domain values. */
export interface ReminderRow {
  id: string;
  project_id: string | null;
  text: string;
  when_text: string;
  rule: string | null;
  time_zone: string;
  next_due_at: string | null;
  status: Reminder['status'];
  last_delivered_at: string | null;
  delivered_count: number;
  created_at: string;
  updated_at: string;
}

export function toReminder(row: ReminderRow): Reminder {
  return {
    id: row.id,
    projectId: row.project_id,
    text: row.text,
    when: row.when_text,
    rule: row.rule,
    timeZone: row.time_zone,
    nextDueAt: row.next_due_at,
    status: row.status,
    lastDeliveredAt: row.last_delivered_at,
    deliveredCount: row.delivered_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
