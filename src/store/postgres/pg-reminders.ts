import type { Reminder } from '../../core/reminders/reminder-types.js';
import { currentMember } from '../../core/teams/acting-member.js';
import type { DueClaim, ReminderFilter } from '../reminders-port.js';
import { type ReminderRow, toReminder } from '../rows/reminder-rows.js';
import { readableOwn } from '../rows/session-visibility.js';
import type { PgContext } from './pg-context.js';

/** $1 = now, $2 = project id (or null: global reminders only), $3 = the acting member (null: single-user). */
const DUE_WHERE = `status = 'pending' AND next_due_at <= $1 AND (project_id IS NULL OR project_id = $2)
  AND ${readableOwn('$3::text')}`;

/**
 * Reminders in PostgreSQL: a claim locks the due rows it takes with
 * `FOR UPDATE SKIP LOCKED` and advances them in the same transaction, so
 * concurrent claimers (other servers) take disjoint rows and each occurrence
 * is delivered exactly once.
 */
export class PgReminders {
  constructor(private readonly ctx: PgContext) {}

  async insert(reminder: Reminder): Promise<void> {
    await this.ctx.query(
      `INSERT INTO reminders (id, project_id, text, when_text, rule, time_zone, next_due_at, status,
         last_delivered_at, delivered_count, created_at, updated_at, owner_member)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        reminder.id,
        reminder.projectId,
        reminder.text,
        reminder.when,
        reminder.rule,
        reminder.timeZone,
        reminder.nextDueAt,
        reminder.status,
        reminder.lastDeliveredAt,
        reminder.deliveredCount,
        reminder.createdAt,
        reminder.updatedAt,
        currentMember(),
      ],
    );
  }

  async get(id: string): Promise<Reminder | null> {
    const [row] = await this.ctx.query<ReminderRow>(
      `SELECT * FROM reminders WHERE id = $1 AND ${readableOwn('$2::text')}`,
      [id, currentMember()],
    );
    return row ? toReminder(row) : null;
  }

  async list(filter: ReminderFilter): Promise<Reminder[]> {
    const params: unknown[] = [filter.limit, currentMember()];
    const where: string[] = [readableOwn('$2::text')];
    if (filter.projectId !== undefined) {
      if (filter.projectId === null) where.push('project_id IS NULL');
      else {
        params.push(filter.projectId);
        where.push('(project_id IS NULL OR project_id = $3)');
      }
    }
    if (!filter.includeDone) where.push(`status = 'pending'`);
    const rows = await this.ctx.query<ReminderRow>(
      `SELECT * FROM reminders WHERE ${where.join(' AND ')}
       ORDER BY (status = 'pending') DESC, CASE WHEN status = 'pending' THEN next_due_at END ASC,
         updated_at DESC, seq DESC LIMIT $1`,
      params,
    );
    return rows.map(toReminder);
  }

  async cancel(id: string, at: string): Promise<boolean> {
    const rows = await this.ctx.query(
      `UPDATE reminders SET status = 'cancelled', next_due_at = NULL, updated_at = $2
       WHERE id = $1 AND status = 'pending' AND ${readableOwn('$3::text')} RETURNING id`,
      [id, at, currentMember()],
    );
    return rows.length === 1;
  }

  async hasDue(claim: Omit<DueClaim, 'limit'>): Promise<boolean> {
    const rows = await this.ctx.query(`SELECT 1 AS due FROM reminders WHERE ${DUE_WHERE} LIMIT 1`, [
      claim.now,
      claim.projectId,
      currentMember(),
    ]);
    return rows.length > 0;
  }

  async claimDue(claim: DueClaim, next: (reminder: Reminder) => string | null): Promise<Reminder[]> {
    return this.ctx.transaction(async (db) => {
      const { rows } = await db.query<ReminderRow>(
        `SELECT * FROM reminders WHERE ${DUE_WHERE} ORDER BY next_due_at, seq LIMIT $4
         FOR UPDATE SKIP LOCKED`,
        [claim.now, claim.projectId, currentMember(), claim.limit],
      );
      const claimed: Reminder[] = [];
      for (const row of rows) {
        const reminder = toReminder(row);
        const following = reminder.rule === null ? null : next(reminder);
        // Guarded on the occurrence it read, as in SQLite (the row lock already makes it ours).
        const result = await db.query(
          `UPDATE reminders SET next_due_at = $2::text,
             status = CASE WHEN $2::text IS NULL THEN 'done' ELSE 'pending' END,
             last_delivered_at = $3, delivered_count = delivered_count + 1, updated_at = $3
           WHERE id = $1 AND status = 'pending' AND next_due_at = $4`,
          [reminder.id, following, claim.now, reminder.nextDueAt],
        );
        if (result.rowCount === 1) claimed.push(reminder);
      }
      return claimed;
    });
  }
}
