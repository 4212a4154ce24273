import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { registerActivity } from './commands/activity.js';
import { registerCheckpoint } from './commands/checkpoint.js';
import { registerCompactAdvice } from './commands/compact-advice.js';
import { registerContext } from './commands/context.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerEnd } from './commands/end.js';
import { registerExport } from './commands/export.js';
import { registerGraph } from './commands/graph.js';
import { registerHook } from './commands/hook.js';
import { registerImport } from './commands/import.js';
import { registerInstall } from './commands/install.js';
import { registerLlm } from './commands/llm.js';
import { registerLog } from './commands/log.js';
import { registerMemory } from './commands/memory.js';
import { registerModels } from './commands/models.js';
import { registerPermissions } from './commands/permissions.js';
import { registerProjects } from './commands/projects.js';
import { registerQuality } from './commands/quality.js';
import { registerQuery } from './commands/query.js';
import { registerRecord } from './commands/record.js';
import { registerReminders } from './commands/reminders.js';
import { registerReport } from './commands/report.js';
import { registerResume } from './commands/resume.js';
import { registerSearch } from './commands/search.js';
import { registerServe } from './commands/serve.js';
import { registerService } from './commands/service.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerTeam } from './commands/team.js';
import { registerWorktree } from './commands/worktree.js';

/** The `deja` command line: one thin command per use case. */
export function buildProgram(): Command {
  const program = new Command('deja')
    .description('Session lifecycle and long-term memory for AI coding assistants')
    .version(VERSION, '-v, --version')
    .option('--home <dir>', 'data folder (env DEJA_HOME, default ~/.deja)')
    .addOption(
      new Option('--log-level <level>', 'log level on stderr').choices([
        'silent',
        'error',
        'warn',
        'info',
        'debug',
      ]),
    )
    .showHelpAfterError()
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : 1);
    });
  for (const register of [
    registerServe,
    registerStart,
    registerCheckpoint,
    registerEnd,
    registerStatus,
    registerResume,
    registerRecord,
    registerQuery,
    registerExport,
    registerSearch,
    registerMemory,
    registerModels,
    registerLlm,
    registerInstall,
    registerHook,
    registerService,
    registerImport,
    registerLog,
    registerActivity,
    registerContext,
    registerDashboard,
    registerReport,
    registerQuality,
    registerWorktree,
    registerCompactAdvice,
    registerReminders,
    registerPermissions,
    registerGraph,
    registerProjects,
    registerSync,
    registerTeam,
  ]) {
    register(program);
  }
  return program;
}
