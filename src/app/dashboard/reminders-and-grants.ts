import type { AppDeps } from '../deps.js';
import { toReminderView } from '../reminders/reminders.js';

/** At most this many reminders are listed (pending first, as the store orders them). */
const MAX_REMINDERS = 200;

/**
 * What the dashboard's "Reminders & trust" page and `/api/reminders` show:
 * the reminders of every project and the global ones (pending only, or all),
 * and the trusted operations (global grants, then each project's), with
 * project names instead of ids.
 */
export async function remindersAndGrants(deps: AppDeps, options: { includeDone: boolean }) {
  const [reminders, projects, globalGrants] = await Promise.all([
    deps.store.listReminders({ includeDone: options.includeDone, limit: MAX_REMINDERS }),
    deps.store.listProjects(),
    deps.store.listPermissions({ projectId: null }),
  ]);
  const names = new Map(projects.map((project) => [project.id, project.name]));
  const projectGrants = await Promise.all(
    projects.map((project) => deps.store.listPermissions({ projectId: project.id })),
  );
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? id));
  return {
    reminders: reminders.map((reminder) => ({
      ...toReminderView(reminder),
      project: nameOf(reminder.projectId),
    })),
    grants: [...globalGrants, ...projectGrants.flat()].map((grant) => ({
      id: grant.id,
      operation: grant.operation,
      project: nameOf(grant.projectId),
      created_at: grant.createdAt,
    })),
  };
}

export type RemindersAndGrants = Awaited<ReturnType<typeof remindersAndGrants>>;
