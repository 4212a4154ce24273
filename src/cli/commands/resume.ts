import type { Command } from 'commander';
import { ensureProject } from '../../app/sessions/ensure-project.js';
import { resumeSession } from '../../app/sessions/resume-session.js';
import { toResumeView } from '../../app/views.js';
import { sessionResumeInput } from '../../core/schemas.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerResume(program: Command) {
  program
    .command('resume')
    .argument('[target]', '"latest", a checkpoint name, or a session id', 'latest')
    .description('print the context needed to continue earlier work')
    .option('--project <path>', 'project folder (default: current folder)')
    .option('--json', 'print JSON')
    .action((target: string, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = sessionResumeInput.parse({ target, project_path: options.project });
        const { project } = await ensureProject(deps, input.project_path ?? process.cwd());
        const result = await resumeSession(deps, project, input.target ?? 'latest', null);
        const context = result.plugin ? `\n\n${result.plugin.context}` : '';
        printResult(options.json, toResumeView(result), `${result.handoff}${context}`);
        return 0;
      }),
    );
}
