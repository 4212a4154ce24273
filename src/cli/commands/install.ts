import type { Command } from 'commander';
import { ZodError } from 'zod';
import { type DejaConfig, loadConfig } from '../../config.js';
import { isUserError } from '../../core/errors.js';
import { formatZodError } from '../../core/validation.js';
import type { AppliedFile } from '../../install/apply.js';
import { CLIENTS, type ClientId, parseClients, parseScope, SCOPES } from '../../install/clients.js';
import {
  applyInstallPlans,
  changing,
  planInstall,
  plansDiff,
  planUninstall,
} from '../../install/installer.js';
import { currentLauncher } from '../../install/launcher.js';
import { displayPath, userLocations } from '../../install/locations.js';
import { manifestPath, readManifest } from '../../install/manifest.js';
import type { FilePlan } from '../../install/plan.js';
import { printError, printJson, printText } from '../output.js';
import { EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_USER_ERROR, type GlobalOptions } from '../run-command.js';

/**
 * `deja install` / `deja uninstall`: write (or take back) the MCP entry, hooks,
 * slash commands and instructions of each client. These commands never open
 * the store; they only need the data folder for the manifest and backups.
 */

interface InstallOptions {
  client?: string;
  scope?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** Runs a command that needs the configuration but not the store, with the CLI's exit codes. */
export async function runWithoutStore(
  global: GlobalOptions,
  body: (config: DejaConfig) => Promise<number | undefined> | number | undefined,
): Promise<void> {
  let code = EXIT_OK;
  try {
    const config = loadConfig({
      defaults: { logLevel: 'warn' },
      flags: {
        ...(global.home ? { home: global.home } : {}),
        ...(global.logLevel ? { logLevel: global.logLevel } : {}),
      },
    });
    code = (await body(config)) ?? EXIT_OK;
  } catch (error) {
    if (isUserError(error) || error instanceof ZodError) {
      printError(error instanceof ZodError ? formatZodError(error) : error.message);
      code = EXIT_USER_ERROR;
    } else {
      printError(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      code = EXIT_INTERNAL_ERROR;
    }
  }
  process.exitCode = code;
}

export function registerInstall(program: Command) {
  program
    .command('install')
    .description(
      'configure an assistant to use deja: MCP server entry, and for Claude Code hooks and slash commands',
    )
    .option('--client <names>', `${CLIENTS.join(' | ')} (comma-separated, or all)`, 'claude-code')
    .option(
      '--scope <scope>',
      `${SCOPES.join(' | ')}: the user's configuration, or the current folder's`,
      'user',
    )
    .option('--dry-run', 'print the diff of every change and write nothing')
    .option('--json', 'print JSON')
    .action((options: InstallOptions, command: Command) =>
      runWithoutStore(command.optsWithGlobals<GlobalOptions>(), (config) => {
        const clients = parseClients(options.client, ['claude-code']);
        const scope = parseScope(options.scope) ?? 'user';
        const user = userLocations();
        const manifest = readManifest(config.home);
        const now = new Date();
        const plans = planInstall(
          { clients, scope, cwd: process.cwd(), user, launcher: currentLauncher(config.home), now },
          manifest,
        );
        return report('install', plans, { clients, scope, options, config, user, manifest, now });
      }),
    );

  program
    .command('uninstall')
    .description('remove exactly what deja install added (recorded in DEJA_HOME/install-manifest.json)')
    .option(
      '--client <names>',
      `${CLIENTS.join(' | ')} (comma-separated, or all; default: every client installed)`,
    )
    .option('--scope <scope>', `${SCOPES.join(' | ')} (default: both; project means the current folder's)`)
    .option('--dry-run', 'print the diff of every change and write nothing')
    .option('--json', 'print JSON')
    .action((options: InstallOptions, command: Command) =>
      runWithoutStore(command.optsWithGlobals<GlobalOptions>(), (config) => {
        const clients = options.client === undefined ? undefined : parseClients(options.client, []);
        const scope = parseScope(options.scope);
        const user = userLocations();
        const manifest = readManifest(config.home);
        const plans = planUninstall(
          manifest,
          { ...(clients ? { clients } : {}), ...(scope ? { scope } : {}), cwd: process.cwd() },
          user.home,
        );
        return report('uninstall', plans, {
          clients,
          scope,
          options,
          config,
          user,
          manifest,
          now: new Date(),
        });
      }),
    );
}

interface ReportContext {
  clients: ClientId[] | undefined;
  scope: string | undefined;
  options: InstallOptions;
  config: DejaConfig;
  user: { home: string };
  manifest: ReturnType<typeof readManifest>;
  now: Date;
}

function report(verb: 'install' | 'uninstall', plans: FilePlan[], ctx: ReportContext): number {
  const { options, user } = ctx;
  const shown = (path: string) => displayPath(path, user.home);
  const warnings = plans.flatMap((plan) => plan.warnings);
  const diff = plansDiff(plans, user.home);
  let applied: AppliedFile[] = [];
  if (!options.dryRun) applied = applyInstallPlans(plans, ctx.manifest, ctx.config.home, ctx.now);
  if (options.json) {
    printJson({
      command: verb,
      dry_run: options.dryRun === true,
      clients: ctx.clients ?? null,
      scope: ctx.scope ?? null,
      files: plans.map((plan) => ({
        path: plan.path,
        action: actionOf(plan),
        changes: plan.changes,
        warnings: plan.warnings,
        backup: applied.find((file) => file.path === plan.path)?.backup ?? null,
      })),
      warnings,
      manifest: manifestPath(ctx.config.home),
      ...(options.dryRun ? { diff } : {}),
    });
    return EXIT_OK;
  }
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  if (options.dryRun) {
    if (diff) printText(diff);
    else process.stderr.write(`deja ${verb}: nothing to change.\n`);
    return EXIT_OK;
  }
  const lines: string[] = [];
  const changed = changing(plans);
  if (verb === 'uninstall' && plans.length === 0)
    lines.push('deja uninstall: nothing deja installed is recorded here; nothing to do.');
  else if (changed.length === 0) lines.push(`deja ${verb}: nothing to change.`);
  for (const plan of plans) {
    if (plan.before === plan.after && plan.changes.length === 0) continue;
    const verbDone =
      { create: 'created', update: 'updated', delete: 'deleted' }[actionOf(plan)] ?? actionOf(plan);
    lines.push(`${verbDone} ${shown(plan.path)}${plan.changes.length ? `: ${plan.changes.join('; ')}` : ''}`);
  }
  const backups = applied.filter((file) => file.backup).map((file) => file.backup as string);
  if (backups.length)
    lines.push(`Backups of the files before the change: ${shown(dirnameOf(backups[0] as string))}`);
  if (verb === 'install' && changed.length) {
    lines.push(
      `Recorded in ${shown(manifestPath(ctx.config.home))}; \`deja uninstall\` removes exactly this.`,
    );
    lines.push('Restart the assistant (or reload its MCP servers) to pick up the change.');
  }
  printText(lines.join('\n'));
  return EXIT_OK;
}

function actionOf(plan: FilePlan): string {
  if (plan.before === plan.after) return plan.warnings.length ? 'skipped' : 'unchanged';
  if (plan.before === null) return 'create';
  if (plan.after === null) return 'delete';
  return 'update';
}

function dirnameOf(path: string): string {
  return path.replace(/[\\/][^\\/]*$/, '');
}
