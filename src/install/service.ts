import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { Launcher } from './launcher.js';
import type { Platform, UserLocations } from './locations.js';
import type { Manifest } from './manifest.js';
import { type FilePlan, planFile, planRemoval } from './plan.js';
import {
  launchdPlist,
  SERVICE_LABEL,
  type ServiceSpec,
  SYSTEMD_UNIT,
  systemdUnit,
  TASK_NAME,
  taskSchedulerXml,
  toUtf16Task,
} from './service-files.js';

/** `deja service`: one background `deja serve --http`, run by the platform's service manager. */

export const DEFAULT_SERVICE_ARGS = ['serve', '--http'];

/** Where the service definition goes on each platform. */
export function serviceFile(platform: Platform, user: UserLocations, dataHome: string): string {
  if (platform === 'linux') return join(user.appConfig, 'systemd', 'user', SYSTEMD_UNIT);
  if (platform === 'darwin') return join(user.home, 'Library', 'LaunchAgents', `${SERVICE_LABEL}.plist`);
  return join(dataHome, 'service', 'deja-task.xml');
}

export function serviceContent(platform: Platform, spec: ServiceSpec): string {
  if (platform === 'linux') return systemdUnit(spec);
  if (platform === 'darwin') return launchdPlist(spec);
  return taskSchedulerXml(spec);
}

export function serviceSpec(launcher: Launcher, dataHome: string, args: string[]): ServiceSpec {
  return {
    node: launcher.node,
    cli: launcher.cli,
    home: dataHome,
    args,
    logFile: join(dataHome, 'service.log'),
  };
}

export function planServiceInstall(
  platform: Platform,
  user: UserLocations,
  dataHome: string,
  spec: ServiceSpec,
  manifest: Manifest,
  now: Date,
): FilePlan {
  const path = serviceFile(platform, user, dataHome);
  return planFile(
    {
      kind: 'owned',
      path,
      id: 'service',
      content: serviceContent(platform, spec),
      onConflict: 'replace',
      label: `${platform === 'linux' ? 'systemd user unit' : platform === 'darwin' ? 'launchd agent' : 'Task Scheduler task'}`,
    },
    manifest.files.find((record) => record.path === path),
    { client: 'service', scope: 'user', project: null, home: user.home, now },
  );
}

/** The service files a manifest records (all platforms, or one). */
export function planServiceUninstall(
  manifest: Manifest,
  user: UserLocations,
  only: string | null,
): FilePlan[] {
  return manifest.files
    .filter((record) => record.client === 'service' && (only === null || record.path === only))
    .map((record) => planRemoval(record, user.home));
}

export type ServiceAction = 'start' | 'stop' | 'status';

/** The service manager commands for an action, in order. */
export function managerCommands(
  platform: Platform,
  action: ServiceAction,
  file: string,
  uid: number,
  taskXml?: string,
): string[][] {
  if (platform === 'linux') {
    if (action === 'start')
      return [
        ['systemctl', '--user', 'daemon-reload'],
        ['systemctl', '--user', 'enable', '--now', SYSTEMD_UNIT],
      ];
    if (action === 'stop') return [['systemctl', '--user', 'disable', '--now', SYSTEMD_UNIT]];
    return [['systemctl', '--user', 'status', SYSTEMD_UNIT, '--no-pager']];
  }
  if (platform === 'darwin') {
    if (action === 'start') return [['launchctl', 'bootstrap', `gui/${uid}`, file]];
    if (action === 'stop') return [['launchctl', 'bootout', `gui/${uid}/${SERVICE_LABEL}`]];
    return [['launchctl', 'print', `gui/${uid}/${SERVICE_LABEL}`]];
  }
  if (action === 'start')
    return [
      ['schtasks', '/Create', '/TN', TASK_NAME, '/XML', taskXml ?? file, '/F'],
      ['schtasks', '/Run', '/TN', TASK_NAME],
    ];
  if (action === 'stop')
    return [
      ['schtasks', '/End', '/TN', TASK_NAME],
      ['schtasks', '/Delete', '/TN', TASK_NAME, '/F'],
    ];
  return [['schtasks', '/Query', '/TN', TASK_NAME, '/V', '/FO', 'LIST']];
}

export interface ManagerRun {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

const TOOL_HELP: Record<Platform, string> = {
  linux: "systemd's user manager (systemctl --user)",
  darwin: 'launchd (launchctl)',
  win32: 'Task Scheduler (schtasks)',
};

/**
 * Runs the service manager for an action. A missing tool is a user error that
 * says which tool, where the service file is, and how to run deja without it.
 */
export function runManager(
  platform: Platform,
  action: ServiceAction,
  file: string,
  fallback: string,
  env: NodeJS.ProcessEnv = process.env,
): ManagerRun[] {
  if (action !== 'status' && !existsSync(file)) {
    throw new UserError(
      null,
      `the service is not installed (no ${file})`,
      'run `deja service install` first',
    );
  }
  let temp: string | null = null;
  let taskXml: string | undefined;
  if (platform === 'win32' && action === 'start') {
    temp = mkdtempSync(join(tmpdir(), 'deja-task-'));
    taskXml = join(temp, 'deja-task.xml');
    writeFileSync(taskXml, toUtf16Task(readFileSync(file, 'utf8')));
  }
  try {
    const runs: ManagerRun[] = [];
    for (const [tool, ...args] of managerCommands(platform, action, file, process.getuid?.() ?? 0, taskXml)) {
      const result = spawnSync(tool as string, args, { encoding: 'utf8', env, timeout: 30_000 });
      const error = result.error as NodeJS.ErrnoException | undefined;
      if (error?.code === 'ENOENT') {
        throw new UserError(
          null,
          `${tool} was not found on PATH: deja's service needs ${TOOL_HELP[platform]}`,
          `the service file is ${file}; without a service manager, run deja yourself: ${fallback}`,
        );
      }
      if (error) throw new UserError(null, `${tool} failed: ${error.message}`);
      runs.push({
        command: [tool, ...args].join(' '),
        code: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
      });
      if (result.status !== 0) break;
    }
    return runs;
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
