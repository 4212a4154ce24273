import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { type DeliveryScope, runWithDelivery } from '../../app/reminders/delivery-scope.js';
import {
  cancelReminder,
  claimDueReminders,
  createReminder,
  listReminders,
  reminderLine,
  renderDueReminders,
  toReminderView,
} from '../../app/reminders/reminders.js';
import { ensureProject } from '../../app/sessions/ensure-project.js';
import {
  reminderCancelInput,
  reminderCreateInput,
  reminderListInput,
} from '../../core/reminders/reminder-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

const reminderView = z.object({
  id: z.string(),
  text: z.string(),
  when: z.string(),
  project: z.string().nullable(),
  status: z.enum(['pending', 'done', 'cancelled']),
  next_due_at: z.string().nullable(),
  next_due_local: z.string().nullable(),
  time_zone: z.string(),
  recurrence: z.string().nullable(),
  last_delivered_at: z.string().nullable(),
  delivered_count: z.number(),
});

/** reminder_create, reminder_list, reminder_cancel. */
export function registerReminderTools(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  const context = async () => {
    await connection.ready;
    return { cwd: connection.cwd };
  };

  if (enabled('reminder_create')) {
    server.registerTool(
      'reminder_create',
      {
        description:
          'Set a reminder in natural language ("in 2 hours", "tomorrow at 9am", "every Monday at 10"); it is shown once in the next deja tool result or welcome after it is due.',
        inputSchema: reminderCreateInput.shape,
        outputSchema: outputShape(reminderView.shape),
      },
      (input) =>
        runTool(deps.logger, 'reminder_create', async () => {
          const reminder = await createReminder(deps, input, await context());
          const view = toReminderView(reminder);
          const repeat = reminder.rule ? ` Repeats: ${reminder.when}.` : '';
          return toolOk(
            view,
            `Reminder ${reminder.id} due ${view.next_due_local} (${view.next_due_at}).${repeat}`,
          );
        }),
    );
  }

  if (enabled('reminder_list')) {
    server.registerTool(
      'reminder_list',
      {
        description:
          "List the current project's reminders (and global ones), next due first; include_done adds delivered and cancelled ones.",
        inputSchema: reminderListInput.shape,
        outputSchema: outputShape({ reminders: z.array(reminderView) }),
      },
      (input) =>
        runTool(deps.logger, 'reminder_list', async () => {
          const reminders = await listReminders(deps, input, await context());
          const text =
            reminders.length === 0
              ? 'No reminders.'
              : reminders.map((reminder) => reminderLine(reminder)).join('\n');
          return toolOk({ reminders: reminders.map(toReminderView) }, text);
        }),
    );
  }

  if (enabled('reminder_cancel')) {
    server.registerTool(
      'reminder_cancel',
      {
        description: 'Cancel a pending reminder (a recurring one stops for good).',
        inputSchema: reminderCancelInput.shape,
        outputSchema: outputShape(reminderView.shape),
      },
      (input) =>
        runTool(deps.logger, 'reminder_cancel', async () => {
          const reminder = await cancelReminder(deps, input);
          return toolOk(toReminderView(reminder), `Cancelled reminder ${reminder.id}: ${reminder.text}`);
        }),
    );
  }
}

/** The project whose reminders a connection receives, cached per session (or per folder without one). */
const projectCache = new WeakMap<Connection, { key: string; projectId: string | null }>();

async function connectionProject(deps: AppDeps, connection: Connection): Promise<string | null> {
  const key = connection.sessionId ?? `cwd:${connection.cwd}`;
  const cached = projectCache.get(connection);
  if (cached?.key === key) return cached.projectId;
  let projectId: string | null = null;
  if (connection.sessionId) {
    projectId = (await deps.store.getSession(connection.sessionId))?.projectId ?? null;
  } else {
    try {
      projectId = (await ensureProject(deps, connection.cwd)).project.id;
    } catch {
      projectId = null;
    }
  }
  projectCache.set(connection, { key, projectId });
  return projectId;
}

type ToolCallback = (...args: unknown[]) => CallToolResult | Promise<CallToolResult>;

/**
 * Delivery of due reminders: every tool registered after this call runs in a
 * delivery scope, and a successful result gets the due reminders of the
 * connection's project (and global ones) appended — claimed in the store, so
 * each occurrence reaches exactly one result. They go into the text (a second
 * content item) and into `_meta.reminders`; not into `structuredContent`,
 * whose advertised output schemas are closed objects.
 */
export function installReminderDelivery(server: McpServer, deps: AppDeps, connection: Connection): void {
  const register = server.registerTool.bind(server) as (...args: unknown[]) => unknown;
  const wrapped = (name: unknown, config: unknown, callback: ToolCallback) =>
    register(name, config, (...args: unknown[]) => {
      const scope: DeliveryScope = { delivered: [] };
      return runWithDelivery(scope, async () => {
        const result = await callback(...args);
        return deliver(deps, connection, scope, result);
      });
    });
  server.registerTool = wrapped as unknown as typeof server.registerTool;
}

async function deliver(
  deps: AppDeps,
  connection: Connection,
  scope: DeliveryScope,
  result: CallToolResult,
): Promise<CallToolResult> {
  if (result.isError) return result;
  try {
    const fresh = await claimDueReminders(deps, await connectionProject(deps, connection));
    const all = [...scope.delivered, ...fresh];
    if (all.length === 0) return result;
    const content =
      fresh.length > 0
        ? [...result.content, { type: 'text' as const, text: renderDueReminders(fresh) }]
        : result.content;
    return { ...result, content, _meta: { ...result._meta, reminders: all.map(toReminderView) } };
  } catch (error) {
    deps.logger.warn({ err: error }, 'delivering reminders failed');
    return result;
  }
}
