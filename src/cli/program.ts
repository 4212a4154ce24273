import { Command, Option } from 'commander';
import { VERSION } from '../version.js';

type Register = (program: Command) => void;

/**
 * Each command module with the top-level commands (and aliases) it registers,
 * in the order `deja --help` lists them. `deja <command>` loads only its own
 * module, so a command does not pay for importing every other one (the whole
 * set takes ~250 ms to load); help, an unknown word or no command loads all.
 * program.test.ts checks this table against what each module registers.
 */
export const COMMAND_MODULES: readonly { names: readonly string[]; load: () => Promise<Register> }[] = [
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['start'], load: async () => (await import('./commands/start.js')).registerStart },
  { names: ['checkpoint'], load: async () => (await import('./commands/checkpoint.js')).registerCheckpoint },
  { names: ['end'], load: async () => (await import('./commands/end.js')).registerEnd },
  { names: ['status'], load: async () => (await import('./commands/status.js')).registerStatus },
  { names: ['resume'], load: async () => (await import('./commands/resume.js')).registerResume },
  { names: ['record'], load: async () => (await import('./commands/record.js')).registerRecord },
  { names: ['query'], load: async () => (await import('./commands/query.js')).registerQuery },
  { names: ['export'], load: async () => (await import('./commands/export.js')).registerExport },
  { names: ['search'], load: async () => (await import('./commands/search.js')).registerSearch },
  { names: ['memory'], load: async () => (await import('./commands/memory.js')).registerMemory },
  { names: ['models'], load: async () => (await import('./commands/models.js')).registerModels },
  { names: ['llm'], load: async () => (await import('./commands/llm.js')).registerLlm },
  {
    names: ['install', 'uninstall'],
    load: async () => (await import('./commands/install.js')).registerInstall,
  },
  { names: ['hook'], load: async () => (await import('./commands/hook.js')).registerHook },
  { names: ['service'], load: async () => (await import('./commands/service.js')).registerService },
  { names: ['import'], load: async () => (await import('./commands/import.js')).registerImport },
  { names: ['log'], load: async () => (await import('./commands/log.js')).registerLog },
  { names: ['activity'], load: async () => (await import('./commands/activity.js')).registerActivity },
  { names: ['context'], load: async () => (await import('./commands/context.js')).registerContext },
  { names: ['dashboard'], load: async () => (await import('./commands/dashboard.js')).registerDashboard },
  { names: ['report'], load: async () => (await import('./commands/report.js')).registerReport },
  { names: ['quality'], load: async () => (await import('./commands/quality.js')).registerQuality },
  { names: ['worktree'], load: async () => (await import('./commands/worktree.js')).registerWorktree },
  {
    names: ['compact-advice'],
    load: async () => (await import('./commands/compact-advice.js')).registerCompactAdvice,
  },
  {
    names: ['reminders', 'remind'],
    load: async () => (await import('./commands/reminders.js')).registerReminders,
  },
  {
    names: ['permissions'],
    load: async () => (await import('./commands/permissions.js')).registerPermissions,
  },
  { names: ['graph'], load: async () => (await import('./commands/graph.js')).registerGraph },
  { names: ['projects'], load: async () => (await import('./commands/projects.js')).registerProjects },
  { names: ['sync'], load: async () => (await import('./commands/sync.js')).registerSync },
  { names: ['team'], load: async () => (await import('./commands/team.js')).registerTeam },
];

/** Global options that take a value, so the word after them is not the command. */
const GLOBALS_WITH_VALUE = new Set(['--home', '--log-level']);

/** The command word of a `deja` command line (arguments after node and the script), if any. */
export function commandWord(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return args[i + 1] ?? null;
    if (GLOBALS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return null;
}

/**
 * The `deja` command line: one thin command per use case. Given the
 * arguments, only the module of the command they name is loaded.
 */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
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
  const word = args ? commandWord(args) : null;
  const own = word === null ? undefined : COMMAND_MODULES.find((module) => module.names.includes(word));
  const versionOnly = word === null && (args ?? []).some((arg) => arg === '-v' || arg === '--version');
  const modules = own ? [own] : versionOnly ? [] : COMMAND_MODULES;
  for (const register of await Promise.all(modules.map((module) => module.load()))) register(program);
  return program;
}
