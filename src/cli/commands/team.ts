import type { Command } from 'commander';
import { claimOwnerless, claimText } from '../../app/teams/claim-ownerless.js';
import { manageTeams, teamsText } from '../../app/teams/manage-teams.js';
import { issueMemberToken } from '../../app/teams/member-tokens.js';
import { memberName, teamInput } from '../../core/teams/team-schemas.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

/** Runs one team action from the CLI and prints its result. */
function run(command: Command, raw: Record<string, unknown>, json: boolean) {
  return runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
    const input = teamInput.parse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
    const result = await manageTeams(deps, input);
    printResult(json, result, teamsText(result));
    return 0;
  });
}

export function registerTeam(program: Command) {
  const team = program
    .command('team')
    .description(
      'teams: members and roles, statistics, votes, and member tokens for the HTTP face (acts as DEJA_MEMBER)',
    );
  const json = (sub: Command) => sub.option('--json', 'print JSON');

  json(team.command('create').description('create a team (you become its owner)').argument('<team>')).action(
    (name: string, options, command: Command) => run(command, { action: 'create', team: name }, options.json),
  );
  json(
    team
      .command('add')
      .description('add a member (owners and admins)')
      .argument('<team>')
      .argument('<member>')
      .option('--role <role>', 'owner, admin, member (default) or viewer'),
  ).action((name: string, member: string, options, command: Command) =>
    run(command, { action: 'add_member', team: name, member, role: options.role }, options.json),
  );
  json(team.command('remove').description('remove a member').argument('<team>').argument('<member>')).action(
    (name: string, member: string, options, command: Command) =>
      run(command, { action: 'remove_member', team: name, member }, options.json),
  );
  json(
    team
      .command('role')
      .description("change a member's role")
      .argument('<team>')
      .argument('<member>')
      .argument('<role>'),
  ).action((name: string, member: string, role: string, options, command: Command) =>
    run(command, { action: 'set_role', team: name, member, role }, options.json),
  );
  json(team.command('list').description("teams, or one team's members").argument('[team]')).action(
    (name: string | undefined, options, command: Command) =>
      run(command, { action: 'list', team: name }, options.json),
  );
  json(
    team
      .command('stats')
      .description('members, memories per member, votes, top-voted memories, activity')
      .argument('<team>')
      .option('--top <n>', 'top-voted memories to show', Number)
      .option('--days <n>', 'activity window in days', Number),
  ).action((name: string, options, command: Command) =>
    run(command, { action: 'stats', team: name, top: options.top, days: options.days }, options.json),
  );
  json(
    team
      .command('vote')
      .description('vote on a memory: up, down or none')
      .argument('<memory-id>')
      .argument('<vote>'),
  ).action((memoryId: string, vote: string, options, command: Command) =>
    run(command, { action: 'vote', memory_id: memoryId, vote }, options.json),
  );
  json(
    team
      .command('claim')
      .description(
        'take the sessions, memories, reminders and grants recorded before this store had members',
      ),
  ).action((options, command: Command) =>
    runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
      const claimed = await claimOwnerless(deps);
      printResult(options.json, claimed, claimText(claimed));
      return 0;
    }),
  );
  json(
    team
      .command('token')
      .description('issue a token for the HTTP face that acts as <member> (shown once; stored hashed)')
      .argument('<member>'),
  ).action((member: string, options, command: Command) =>
    runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
      const issued = await issueMemberToken(deps, memberName.parse(member));
      printResult(
        options.json,
        issued,
        `Token for ${issued.member} (shown once; send it as Authorization: Bearer <token>):\n${issued.token}`,
      );
      return 0;
    }),
  );
}
