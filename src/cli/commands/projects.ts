import type { Command } from 'commander';
import { manageProjects, projectsText, toProjectsView } from '../../app/projects/manage-projects.js';
import { projectsInput } from '../../core/projects/project-schemas.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

/** Runs one projects action from the CLI and prints its result. */
function run(command: Command, raw: Record<string, unknown>, json: boolean) {
  return runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
    const input = projectsInput.parse(
      Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
    );
    const result = await manageProjects(deps, input, { cwd: process.cwd() });
    printResult(json, toProjectsView(result), projectsText(result));
    return 0;
  });
}

export function registerProjects(program: Command) {
  const projects = program
    .command('projects')
    .description('projects: list, groups, dependencies, insights and cross-project search');
  const common = (sub: Command) =>
    sub
      .option('--project <ref>', 'project id, name or path (default: this folder)')
      .option('--json', 'print JSON');

  common(projects.command('list').description('every project, with its groups and dependencies')).action(
    (options, command: Command) => run(command, { action: 'list' }, options.json),
  );

  common(
    projects
      .command('group')
      .description('add projects (default: this one) to a group, creating it')
      .argument('<group>')
      .argument('[projects...]', 'project ids, names or paths')
      .option('--description <text>'),
  ).action((group: string, members: string[], options, command: Command) =>
    run(
      command,
      {
        action: 'group',
        group,
        projects: members.length > 0 ? members : undefined,
        description: options.description,
        project: options.project,
      },
      options.json,
    ),
  );

  common(
    projects
      .command('ungroup')
      .description('remove projects from a group (without projects: delete the group)')
      .argument('<group>')
      .argument('[projects...]'),
  ).action((group: string, members: string[], options, command: Command) =>
    run(
      command,
      { action: 'ungroup', group, projects: members.length > 0 ? members : undefined },
      options.json,
    ),
  );

  for (const action of ['depend', 'undepend'] as const) {
    common(
      projects
        .command(action)
        .description(
          action === 'depend'
            ? 'record that this project (or --project) depends on another'
            : 'remove dependencies of this project (or --project) on another',
        )
        .argument('<on>', 'the project depended on')
        .option('--type <type>', 'uses (default), extends, references or shares_code'),
    ).action((on: string, options, command: Command) =>
      run(command, { action, on, type: options.type, project: options.project }, options.json),
    );
  }

  common(
    projects
      .command('insights')
      .description('activity over time, top topics and recurring errors')
      .option('--days <n>', 'window in days (default 30)', Number),
  ).action((options, command: Command) =>
    run(command, { action: 'insights', days: options.days, project: options.project }, options.json),
  );

  common(
    projects
      .command('search')
      .description('search this project and its dependencies (nearest first), or a whole group')
      .argument('<query...>')
      .option('--group <name>', 'search the members of this group')
      .option('--depth <n>', 'dependency hops to follow, 1–5 (default 2)', Number)
      .option('--limit <n>', 'at most this many results', Number),
  ).action((query: string[], options, command: Command) =>
    run(
      command,
      {
        action: 'search',
        query: query.join(' '),
        group: options.group,
        depth: options.depth,
        limit: options.limit,
        project: options.project,
      },
      options.json,
    ),
  );
}
