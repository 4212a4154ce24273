import { NotFoundError, UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { formatLocal, parseWhen } from '../../core/reminders/parse-when.js';
import { nextOccurrence } from '../../core/reminders/recurrence.js';
import type {
  ReminderCancelInput,
  ReminderCreateInput,
  ReminderListInput,
} from '../../core/reminders/reminder-schemas.js';
import type { Reminder } from '../../core/reminders/reminder-types.js';
import type { AppDeps } from '../deps.js';
import { timeZoneOf } from '../search/search-filters.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';

/** Where a reminder use case runs: the folder that names the current project. */
export interface ReminderContext {
  cwd: string;
}

/** At most this many reminders are delivered in one result; the rest wait for the next. */
export const MAX_DELIVERED = 20;

/**
 * The project a reminder belongs to: the one named, null for "global", else
 * the project of the working folder (null when there is none).
 */
export async function reminderProject(
  deps: AppDeps,
  ref: string | undefined,
  ctx: ReminderContext,
): Promise<string | null> {
  if (ref === 'global') return null;
  if (ref !== undefined) return (await findProjectByRef(deps, ref, 'project')).id;
  try {
    return (await ensureProject(deps, ctx.cwd, 'project')).project.id;
  } catch (error) {
    deps.logger.debug({ err: error, cwd: ctx.cwd }, 'no project for the reminder: global');
    return null;
  }
}

/** Creates a reminder from a natural-language `when` (read in the configured time zone). */
export async function createReminder(
  deps: AppDeps,
  input: ReminderCreateInput,
  ctx: ReminderContext,
): Promise<Reminder> {
  const now = deps.clock.now();
  const timeZone = timeZoneOf(deps);
  let parsed: ReturnType<typeof parseWhen>;
  try {
    parsed = parseWhen(input.when, { now, timeZone });
  } catch (error) {
    if (error instanceof RangeError) throw new UserError('when', error.message);
    throw error;
  }
  const projectId = await reminderProject(deps, input.project, ctx);
  const at = now.toISOString();
  const reminder: Reminder = {
    id: newId(now),
    projectId,
    text: input.text,
    when: input.when.trim(),
    rule: parsed.kind === 'recurring' ? parsed.rule : null,
    timeZone,
    nextDueAt: parsed.dueAt.toISOString(),
    status: 'pending',
    lastDeliveredAt: null,
    deliveredCount: 0,
    createdAt: at,
    updatedAt: at,
  };
  await deps.store.insertReminder(reminder);
  return (await deps.store.getReminder(reminder.id)) ?? reminder;
}

export async function listReminders(
  deps: AppDeps,
  input: ReminderListInput,
  ctx: ReminderContext,
): Promise<Reminder[]> {
  const projectId = await reminderProject(deps, input.project, ctx);
  return deps.store.listReminders({
    projectId,
    includeDone: input.include_done ?? false,
    limit: input.limit ?? 100,
  });
}

export async function cancelReminder(deps: AppDeps, input: ReminderCancelInput): Promise<Reminder> {
  const reminder = await deps.store.getReminder(input.id);
  if (!reminder)
    throw new NotFoundError('id', `reminder ${JSON.stringify(input.id)}`, 'list them with reminder_list');
  if (reminder.status !== 'pending')
    throw new UserError('id', `reminder ${reminder.id} is already ${reminder.status}`);
  const cancelled = await deps.store.cancelReminder(reminder.id, deps.clock.now().toISOString());
  if (!cancelled) throw new UserError('id', `reminder ${reminder.id} was delivered or cancelled meanwhile`);
  return (await deps.store.getReminder(reminder.id)) ?? reminder;
}

/**
 * Claims the reminders due in a project (and the global ones) exactly once
 * and moves recurring ones to their next occurrence after now. Safe to call
 * from any number of processes: the store claims each occurrence once.
 */
export async function claimDueReminders(deps: AppDeps, projectId: string | null): Promise<Reminder[]> {
  const now = deps.clock.now();
  const claim = { projectId, now: now.toISOString() };
  if (!(await deps.store.hasDueReminders(claim))) return [];
  return deps.store.claimDueReminders({ ...claim, limit: MAX_DELIVERED }, (reminder) => {
    if (reminder.rule === null) return null;
    try {
      const due = reminder.nextDueAt ? new Date(reminder.nextDueAt) : now;
      const after = due.getTime() > now.getTime() ? due : now;
      return nextOccurrence(reminder.rule, after)?.toISOString() ?? null;
    } catch (error) {
      deps.logger.warn(
        { err: error, reminder: reminder.id },
        'unreadable reminder rule: delivered once, then done',
      );
      return null;
    }
  });
}

/** How a reminder is shown to tools and the CLI (snake_case, instants in UTC and local). */
export function toReminderView(reminder: Reminder) {
  return {
    id: reminder.id,
    text: reminder.text,
    when: reminder.when,
    project: reminder.projectId,
    status: reminder.status,
    next_due_at: reminder.nextDueAt,
    next_due_local: reminder.nextDueAt ? formatLocal(new Date(reminder.nextDueAt), reminder.timeZone) : null,
    time_zone: reminder.timeZone,
    recurrence: reminder.rule,
    last_delivered_at: reminder.lastDeliveredAt,
    delivered_count: reminder.deliveredCount,
  };
}
export type ReminderView = ReturnType<typeof toReminderView>;

/** The due reminders as a text block (for the welcome and tool results). */
export function renderDueReminders(reminders: Reminder[]): string {
  if (reminders.length === 0) return '';
  const lines = reminders.map((reminder) => {
    const due = reminder.nextDueAt ? formatLocal(new Date(reminder.nextDueAt), reminder.timeZone) : 'now';
    const repeat = reminder.rule ? `, repeats ${reminder.when}` : '';
    return `- ${reminder.text} (due ${due}${repeat}; ${reminder.id})`;
  });
  return [`⏰ Reminder${reminders.length === 1 ? '' : 's'} due:`, ...lines].join('\n');
}

/** One line about a reminder: what, when next (local), and how it repeats. */
export function reminderLine(reminder: Reminder): string {
  const due = reminder.nextDueAt
    ? `next ${formatLocal(new Date(reminder.nextDueAt), reminder.timeZone)}`
    : reminder.status;
  const repeat = reminder.rule ? ` — repeats "${reminder.when}"` : '';
  return `${reminder.id}  ${due}${repeat}  ${reminder.text}`;
}
