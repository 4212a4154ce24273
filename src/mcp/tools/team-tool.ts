import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { manageTeams, teamsText } from '../../app/teams/manage-teams.js';
import { TEAM_ACTIONS, teamInput } from '../../core/teams/team-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

/** team: teams, members and roles, statistics and votes, in one tool. */
export function registerTeamTool(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: (name: string) => boolean,
) {
  if (!enabled('team')) return;
  server.registerTool(
    'team',
    {
      description:
        "Teams: create; add_member/remove_member/set_role (owners and admins; roles owner|admin|member|viewer); list (teams, or a team's members); stats (members, memories per member, votes, top-voted, activity); vote up/down/none on a memory (ranks it higher or lower). Share a memory with memory_store `team`.",
      inputSchema: teamInput.shape,
      outputSchema: outputShape({
        action: z.enum(TEAM_ACTIONS),
        team: z.looseObject({}).nullable(),
        teams: z.array(z.looseObject({})),
        members: z.array(z.looseObject({})),
        stats: z.looseObject({}).nullable(),
        vote: z.looseObject({}).nullable(),
        acting_as: z.string().nullable(),
        count: z.number(),
      }),
    },
    (input) =>
      runTool(deps.logger, 'team', async () => {
        await connection.ready;
        const result = await manageTeams(deps, input);
        return toolOk({ ...result }, teamsText(result));
      }),
  );
}
