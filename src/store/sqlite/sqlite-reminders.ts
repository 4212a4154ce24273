import type { Reminder } from '../../core/reminders/reminder-types.js';
import { currentMember } from '../../core/teams/acting-member.js';
import type { DueClaim, ReminderFilter } from '../reminders-port.js';
import { type ReminderRow, toReminder } from '../rows/reminder-rows.js';
import { readableOwn } from '../rows/session-visibility.js';
import type { SqliteContext } from './sqlite-context.js';

const DUE_WHERE = `status = 'pending' AND next_due_at <= @now
  AND (project_id IS NULL OR project_id = @projectId) AND ${readableOwn('@reader')}`;

/** Teams: acting as a member, only their own reminders (see migration 017). */
const reader = () => ({ reader: currentMember() });

/** Reminders in SQLite: claims run in one IMMEDIATE transaction, so only one process claims a row. */
export class SqliteReminders {
  constructor(private readonly ctx: SqliteContext) {}

  insert(reminder: Reminder): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO reminders (id, project_id, text, when_text, rule, time_zone, next_due_at, status,
             last_delivered_at, delivered_count, created_at, updated_at, owner_member)
           VALUES (@id, @projectId, @text, @when, @rule, @timeZone, @nextDueAt, @status,
             @lastDeliveredAt, @deliveredCount, @createdAt, @updatedAt, @reader)`,
        )
        .run({ ...reminder, ...reader() }),
    );
  }

  get(id: string): Reminder | null {
    const row = this.ctx.read(() =>
      this.ctx
        .stmt(`SELECT * FROM reminders WHERE id = @id AND ${readableOwn('@reader')}`)
        .get({ id, ...reader() }),
    ) as ReminderRow | undefined;
    return row ? toReminder(row) : null;
  }

  list(filter: ReminderFilter): Reminder[] {
    const where: string[] = [];
    if (filter.projectId !== undefined) {
      where.push(
        filter.projectId === null ? 'project_id IS NULL' : '(project_id IS NULL OR project_id = @projectId)',
      );
    }
    if (!filter.includeDone) where.push(`status = 'pending'`);
    where.push(readableOwn('@reader'));
    const sql = `SELECT * FROM reminders WHERE ${where.join(' AND ')}
      ORDER BY (status = 'pending') DESC, CASE WHEN status = 'pending' THEN next_due_at END ASC,
        updated_at DESC, seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() =>
      this.ctx.stmt(sql).all({ projectId: filter.projectId ?? null, limit: filter.limit, ...reader() }),
    ) as ReminderRow[];
    return rows.map(toReminder);
  }

  cancel(id: string, at: string): boolean {
    return this.ctx.write(
      () =>
        this.ctx
          .stmt(
            `UPDATE reminders SET status = 'cancelled', next_due_at = NULL, updated_at = @at
             WHERE id = @id AND status = 'pending' AND ${readableOwn('@reader')}`,
          )
          .run({ id, at, ...reader() }).changes === 1,
    );
  }

  hasDue(claim: Omit<DueClaim, 'limit'>): boolean {
    const row = this.ctx.read(() =>
      this.ctx
        .stmt(`SELECT 1 AS due FROM reminders WHERE ${DUE_WHERE} LIMIT 1`)
        .get({ ...claim, ...reader() }),
    );
    return row !== undefined;
  }

  claimDue(claim: DueClaim, next: (reminder: Reminder) => string | null): Reminder[] {
    return this.ctx.write(() => {
      const rows = this.ctx
        .stmt(`SELECT * FROM reminders WHERE ${DUE_WHERE} ORDER BY next_due_at, seq LIMIT @limit`)
        .all({ ...claim, ...reader() }) as ReminderRow[];
      const claimed: Reminder[] = [];
      for (const row of rows) {
        const reminder = toReminder(row);
        const following = reminder.rule === null ? null : next(reminder);
        // Guarded on the occurrence it read: a row another writer advanced is left alone.
        const changes = this.ctx
          .stmt(
            `UPDATE reminders SET next_due_at = @following,
               status = CASE WHEN @following IS NULL THEN 'done' ELSE 'pending' END,
               last_delivered_at = @now, delivered_count = delivered_count + 1, updated_at = @now
             WHERE id = @id AND status = 'pending' AND next_due_at = @due`,
          )
          .run({ id: reminder.id, following, now: claim.now, due: reminder.nextDueAt }).changes;
        if (changes === 1) claimed.push(reminder);
      }
      return claimed;
    });
  }
}
