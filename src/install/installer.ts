import { type AppliedFile, applyPlans } from './apply.js';
import { type ClientId, clientFiles, type Scope } from './clients.js';
import { unifiedDiff } from './diff.js';
import type { Launcher } from './launcher.js';
import { displayPath, type UserLocations } from './locations.js';
import type { Manifest } from './manifest.js';
import { type FilePlan, planFile, planRemoval } from './plan.js';

export interface InstallRequest {
  clients: readonly ClientId[];
  scope: Scope;
  /** The project folder for project scope. */
  cwd: string;
  user: UserLocations;
  launcher: Launcher;
  now: Date;
}

/** Everything `deja install` would change, for each client; reads only. */
export function planInstall(request: InstallRequest, manifest: Manifest): FilePlan[] {
  const plans: FilePlan[] = [];
  const project = request.scope === 'project' ? request.cwd : null;
  for (const client of request.clients) {
    const specs = clientFiles({
      client,
      scope: request.scope,
      user: request.user,
      cwd: request.cwd,
      launcher: request.launcher,
    });
    const ctx = { client, scope: request.scope, project, home: request.user.home, now: request.now };
    for (const spec of specs) {
      plans.push(
        planFile(
          spec,
          manifest.files.find((record) => record.path === spec.path),
          ctx,
        ),
      );
    }
    // Files an earlier install wrote for this client that it no longer wants.
    for (const record of manifest.files) {
      const mine = record.client === client && record.scope === request.scope && record.project === project;
      if (mine && !specs.some((spec) => spec.path === record.path))
        plans.push(planRemoval(record, request.user.home));
    }
  }
  return plans;
}

export interface UninstallFilter {
  clients?: readonly string[];
  scope?: Scope;
  /** For project scope: only this project's files. */
  cwd: string;
  /** `deja service uninstall` passes ['service']; `deja uninstall` never touches service files. */
  service?: boolean;
}

/** Everything `deja uninstall` would change: the records the filter selects, undone. */
export function planUninstall(manifest: Manifest, filter: UninstallFilter, home: string): FilePlan[] {
  return manifest.files
    .filter((record) => (filter.service ? record.client === 'service' : record.client !== 'service'))
    .filter((record) => !filter.clients || filter.clients.includes(record.client))
    .filter((record) => !filter.scope || record.scope === filter.scope)
    .filter((record) => filter.scope !== 'project' || record.project === filter.cwd)
    .reverse()
    .map((record) => planRemoval(record, home));
}

/** Plans that change something on disk or in the manifest. */
export function changing(plans: FilePlan[]): FilePlan[] {
  return plans.filter((plan) => plan.before !== plan.after);
}

/** The unified diff of every planned change. */
export function plansDiff(plans: FilePlan[], home: string): string {
  return changing(plans)
    .map((plan) => {
      const label = displayPath(plan.path, home);
      return unifiedDiff(plan.before, plan.after, { before: label, after: label });
    })
    .join('');
}

export function applyInstallPlans(
  plans: FilePlan[],
  manifest: Manifest,
  dataHome: string,
  now: Date,
): AppliedFile[] {
  return applyPlans(plans, manifest, dataHome, now);
}
