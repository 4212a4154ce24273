import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { applyInstallPlans, changing, plansDiff } from '../../install/installer.js';
import { cliCommand, currentLauncher } from '../../install/launcher.js';
import {
  currentPlatform,
  displayPath,
  PLATFORMS,
  type Platform,
  userLocations,
} from '../../install/locations.js';
import { readManifest } from '../../install/manifest.js';
import {
  DEFAULT_SERVICE_ARGS,
  planServiceInstall,
  planServiceUninstall,
  runManager,
  type ServiceAction,
  serviceFile,
  serviceSpec,
} from '../../install/service.js';
import { splitWords } from '../../install/service-files.js';
import { printJson, printText } from '../output.js';
import { EXIT_OK, EXIT_USER_ERROR, type GlobalOptions } from '../run-command.js';
import { runWithoutStore } from './install.js';

interface ServiceOptions {
  platform?: string;
  command?: string;
  dryRun?: boolean;
  json?: boolean;
}

function parsePlatform(raw: string | undefined): Platform {
  if (raw === undefined) return currentPlatform();
  if (!(PLATFORMS as readonly string[]).includes(raw)) {
    throw new UserError(
      '--platform',
      `must be one of ${PLATFORMS.join(', ')}`,
      `you sent ${JSON.stringify(raw)}`,
    );
  }
  return raw as Platform;
}

const platformOption = `service manager to target: ${PLATFORMS.join(' | ')} (default: this machine's)`;

export function registerService(program: Command) {
  const service = program
    .command('service')
    .description(
      'run `deja serve --http` in the background: systemd user unit, launchd agent or Task Scheduler task',
    );

  service
    .command('install')
    .description('write the service definition (systemd unit, launchd plist, or Task Scheduler XML)')
    .option('--platform <platform>', platformOption)
    .option('--command <args>', 'deja arguments the service runs', DEFAULT_SERVICE_ARGS.join(' '))
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'print JSON')
    .action((options: ServiceOptions, command: Command) =>
      runWithoutStore(command.optsWithGlobals<GlobalOptions>(), (config) => {
        const platform = parsePlatform(options.platform);
        const args = splitWords(options.command ?? '');
        if (args.length === 0)
          throw new UserError('--command', 'must not be empty', 'for example --command "serve --http"');
        const user = userLocations(process.env, platform);
        const manifest = readManifest(config.home);
        const now = new Date();
        const spec = serviceSpec(currentLauncher(config.home), config.home, args);
        const plan = planServiceInstall(platform, user, config.home, spec, manifest, now);
        return finish([plan], options, config.home, user.home, manifest, now, [
          `Start it with: deja service start${options.platform ? ` --platform ${platform}` : ''}`,
        ]);
      }),
    );

  service
    .command('uninstall')
    .description('remove the service definition deja service install wrote (stop the service first)')
    .option('--platform <platform>', `${platformOption}; default: every platform's file deja wrote`)
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'print JSON')
    .action((options: ServiceOptions, command: Command) =>
      runWithoutStore(command.optsWithGlobals<GlobalOptions>(), (config) => {
        const platform = options.platform === undefined ? null : parsePlatform(options.platform);
        const user = userLocations(process.env, platform ?? currentPlatform());
        const manifest = readManifest(config.home);
        const only = platform ? serviceFile(platform, user, config.home) : null;
        const plans = planServiceUninstall(manifest, user, only);
        return finish(plans, options, config.home, user.home, manifest, new Date(), []);
      }),
    );

  for (const action of ['start', 'stop', 'status'] as const) {
    service
      .command(action)
      .description(
        action === 'start'
          ? 'enable and start the service (systemctl --user, launchctl or schtasks)'
          : action === 'stop'
            ? 'stop and disable the service'
            : 'show what the service manager says about the service',
      )
      .option('--platform <platform>', platformOption)
      .option('--json', 'print JSON')
      .action((options: ServiceOptions, command: Command) =>
        runWithoutStore(command.optsWithGlobals<GlobalOptions>(), (config) =>
          control(action, options, config.home),
        ),
      );
  }
}

function finish(
  plans: ReturnType<typeof planServiceUninstall>,
  options: ServiceOptions,
  dataHome: string,
  home: string,
  manifest: ReturnType<typeof readManifest>,
  now: Date,
  next: string[],
): number {
  const diff = plansDiff(plans, home);
  const applied = options.dryRun ? [] : applyInstallPlans(plans, manifest, dataHome, now);
  const warnings = plans.flatMap((plan) => plan.warnings);
  if (options.json) {
    printJson({
      dry_run: options.dryRun === true,
      files: plans.map((plan) => ({
        path: plan.path,
        changes: plan.changes,
        backup: applied.find((file) => file.path === plan.path)?.backup ?? null,
      })),
      warnings,
      ...(options.dryRun ? { diff } : {}),
    });
    return EXIT_OK;
  }
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  if (options.dryRun) {
    if (diff) printText(diff);
    else process.stderr.write('nothing to change.\n');
    return EXIT_OK;
  }
  const changed = changing(plans);
  const lines = changed.length
    ? changed.map((plan) => `${displayPath(plan.path, home)}: ${plan.changes.join('; ') || 'updated'}`)
    : [plans.length ? 'nothing to change.' : 'no service file deja wrote is recorded; nothing to do.'];
  if (changed.length) lines.push(...next);
  printText(lines.join('\n'));
  return EXIT_OK;
}

function control(action: ServiceAction, options: ServiceOptions, dataHome: string): number {
  const platform = parsePlatform(options.platform);
  const user = userLocations(process.env, platform);
  const file = serviceFile(platform, user, dataHome);
  const launcher = currentLauncher(dataHome);
  const fallback = `${cliCommand({ ...launcher, home: dataHome }, platform)} serve --http`;
  const installed = existsSync(file);
  if (action === 'status' && !installed) {
    const message = `deja service is not installed (no ${displayPath(file, user.home)}); install it with: deja service install`;
    if (options.json) printJson({ installed: false, file, runs: [] });
    else printText(message);
    return EXIT_OK;
  }
  const runs = runManager(platform, action, file, fallback);
  const failed = runs.find((run) => run.code !== 0);
  // `systemctl status` exits 3 for a unit that is installed but not running: an answer, not a failure.
  const statusAnswer = action === 'status' && failed !== undefined && failed.code !== null && failed.code < 5;
  if (options.json) {
    printJson({ installed, file, ok: !failed || statusAnswer, runs });
  } else {
    for (const run of runs) {
      if (run.stdout.trim()) printText(run.stdout.trimEnd());
      if (run.code !== 0 && run.stderr.trim()) process.stderr.write(`${run.stderr.trimEnd()}\n`);
    }
    if (failed && !statusAnswer)
      process.stderr.write(
        `deja service ${action}: \`${failed.command}\` failed (exit code ${failed.code}).\n`,
      );
    else if (action !== 'status')
      printText(`deja service ${action}: done (${displayPath(file, user.home)}).`);
  }
  return failed && !statusAnswer ? EXIT_USER_ERROR : EXIT_OK;
}
