import { Argument, type Command, Option } from 'commander';
import { managePermissions, permissionsText, toGrantView } from '../../app/permissions/permissions.js';
import { permissionsInput } from '../../core/permissions/permission-schemas.js';
import { PERMISSION_SCOPES } from '../../core/permissions/permission-types.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerPermissions(program: Command) {
  program
    .command('permissions')
    .description(
      'trusted operations: grant, revoke, list or reset (e.g. deja permissions grant "command:npm *")',
    )
    .addArgument(new Argument('<action>', 'what to do').choices(['grant', 'revoke', 'list', 'reset']))
    .argument(
      '[operation...]',
      'kind:subject — command:npm test, command:npm *, git:commit, tool:quality_run',
    )
    .addOption(new Option('--scope <scope>', 'project (default) or global').choices([...PERMISSION_SCOPES]))
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--yes', 'confirm reset')
    .option('--json', 'print JSON')
    .action((action: string, operation: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = permissionsInput.parse({
          action,
          operation: operation.length > 0 ? operation.join(' ') : undefined,
          scope: options.scope,
          project: options.project,
          confirm: options.yes === true ? true : undefined,
        });
        const result = await managePermissions(deps, input, { cwd: process.cwd() });
        printResult(
          options.json,
          {
            action: result.action,
            scope: result.scope,
            project: result.projectId,
            count: result.count,
            grants: result.grants.map(toGrantView),
          },
          permissionsText(result),
        );
        return 0;
      }),
    );
}
