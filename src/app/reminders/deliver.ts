import type { Reminder } from '../../core/reminders/reminder-types.js';
import type { AppDeps } from '../deps.js';
import { currentDeliveryScope } from './delivery-scope.js';
import { claimDueReminders, renderDueReminders } from './reminders.js';

/**
 * For the welcome: inside a delivery scope (the result reaches the assistant),
 * claims the project's due reminders, records them in the scope and returns
 * their text; outside one, returns '' and leaves them pending.
 */
export async function welcomeReminders(deps: AppDeps, projectId: string): Promise<string> {
  const scope = currentDeliveryScope();
  if (!scope) return '';
  let claimed: Reminder[];
  try {
    claimed = await claimDueReminders(deps, projectId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'delivering reminders in the welcome failed');
    return '';
  }
  scope.delivered.push(...claimed);
  return renderDueReminders(claimed);
}
