import type { Team, TeamMember, TeamRole, TeamStats, Vote } from '../../core/teams/team-types.js';
import { type ClaimCounts, claimStatements } from '../rows/claim-ownerless.js';
import { type MemberRow, type TeamRow, toMember, toTeam } from '../rows/team-rows.js';
import type { PgContext } from './pg-context.js';

/** Teams, members, member tokens and votes in PostgreSQL (the same reads as SQLite). */
export class PgTeams {
  constructor(private readonly ctx: PgContext) {}

  async insertTeam(team: Team): Promise<boolean> {
    const rows = await this.ctx.query(
      'INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id',
      [team.id, team.name, team.createdAt],
    );
    return rows.length > 0;
  }

  async getTeam(ref: string): Promise<Team | null> {
    const [row] = await this.ctx.query<TeamRow>(
      'SELECT * FROM teams WHERE id = $1 OR name = $1 ORDER BY (id = $1) DESC LIMIT 1',
      [ref],
    );
    return row ? toTeam(row) : null;
  }

  async listTeams(member?: string): Promise<Team[]> {
    const rows =
      member === undefined
        ? await this.ctx.query<TeamRow>('SELECT * FROM teams ORDER BY name')
        : await this.ctx.query<TeamRow>(
            'SELECT t.* FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.member = $1 ORDER BY t.name',
            [member],
          );
    return rows.map(toTeam);
  }

  async upsertTeamMember(member: TeamMember): Promise<void> {
    await this.ctx.query(
      `INSERT INTO team_members (team_id, member, role, added_at, updated_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (team_id, member) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at`,
      [member.teamId, member.member, member.role, member.addedAt],
    );
  }

  async removeTeamMember(teamId: string, member: string): Promise<boolean> {
    const rows = await this.ctx.query(
      'DELETE FROM team_members WHERE team_id = $1 AND member = $2 RETURNING member',
      [teamId, member],
    );
    return rows.length > 0;
  }

  async listTeamMembers(teamId: string): Promise<TeamMember[]> {
    const rows = await this.ctx.query<MemberRow>(
      'SELECT * FROM team_members WHERE team_id = $1 ORDER BY member',
      [teamId],
    );
    return rows.map(toMember);
  }

  async memberTeams(member: string): Promise<{ teamId: string; role: TeamRole }[]> {
    const rows = await this.ctx.query<{ team_id: string; role: TeamRole }>(
      'SELECT team_id, role FROM team_members WHERE member = $1 ORDER BY team_id',
      [member],
    );
    return rows.map((row) => ({ teamId: row.team_id, role: row.role }));
  }

  async setSessionOwner(sessionId: string, member: string): Promise<void> {
    await this.ctx.query('UPDATE sessions SET owner_member = $1 WHERE id = $2 AND owner_member IS NULL', [
      member,
      sessionId,
    ]);
  }

  async claimOwnerless(member: string): Promise<ClaimCounts> {
    return this.ctx.transaction(async (db) => {
      const counts: ClaimCounts = { sessions: 0, memories: 0, reminders: 0, grants: 0 };
      for (const { part, sql } of claimStatements('$1::text')) {
        const changed = (await db.query(sql, [member])).rowCount ?? 0;
        if (part) counts[part] += changed;
      }
      return counts;
    });
  }

  async setMemberToken(member: string, tokenSha256: string, at: string): Promise<void> {
    await this.ctx.query(
      `INSERT INTO member_tokens (member, token_sha256, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (member) DO UPDATE SET token_sha256 = excluded.token_sha256, created_at = excluded.created_at`,
      [member, tokenSha256, at],
    );
  }

  async memberForToken(tokenSha256: string): Promise<string | null> {
    const [row] = await this.ctx.query<{ member: string }>(
      'SELECT member FROM member_tokens WHERE token_sha256 = $1',
      [tokenSha256],
    );
    return row?.member ?? null;
  }

  async setVote(memoryId: string, member: string, vote: Vote | null, at: string): Promise<void> {
    if (vote === null) {
      await this.ctx.query('DELETE FROM memory_votes WHERE memory_id = $1 AND member = $2', [
        memoryId,
        member,
      ]);
      return;
    }
    await this.ctx.query(
      `INSERT INTO memory_votes (memory_id, member, vote, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (memory_id, member) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at`,
      [memoryId, member, vote, at],
    );
  }

  async voteScores(memoryIds: string[]): Promise<Map<string, number>> {
    if (memoryIds.length === 0) return new Map();
    const rows = await this.ctx.query<{ memory_id: string; score: number }>(
      `SELECT memory_id, SUM(vote)::int AS score FROM memory_votes
       WHERE memory_id = ANY($1::text[]) GROUP BY memory_id`,
      [memoryIds],
    );
    return new Map(rows.map((row) => [row.memory_id, row.score]));
  }

  async teamStats(teamId: string, options: { top: number; since: string }): Promise<TeamStats | null> {
    const [team] = await this.ctx.query<TeamRow>('SELECT * FROM teams WHERE id = $1', [teamId]);
    if (!team) return null;
    const members = await this.ctx.query<
      MemberRow & { memories: number; votes_cast: number; last_activity: string }
    >(
      `SELECT m.*,
         (SELECT COUNT(*)::int FROM memories x WHERE x.team_id = m.team_id AND x.owner_member = m.member) AS memories,
         (SELECT COUNT(*)::int FROM memory_votes v JOIN memories x ON x.id = v.memory_id
           WHERE x.team_id = m.team_id AND v.member = m.member) AS votes_cast,
         GREATEST(COALESCE((SELECT MAX(x.created_at) FROM memories x
             WHERE x.team_id = m.team_id AND x.owner_member = m.member), ''),
           COALESCE((SELECT MAX(v.updated_at) FROM memory_votes v JOIN memories x ON x.id = v.memory_id
             WHERE x.team_id = m.team_id AND v.member = m.member), '')) AS last_activity
       FROM team_members m WHERE m.team_id = $1 ORDER BY m.member`,
      [teamId],
    );
    const [totals] = await this.ctx.query<{ memories: number; up: number; down: number }>(
      `SELECT (SELECT COUNT(*)::int FROM memories WHERE team_id = $1) AS memories,
         (SELECT COUNT(*)::int FROM memory_votes v JOIN memories x ON x.id = v.memory_id
           WHERE x.team_id = $1 AND v.vote = 1) AS up,
         (SELECT COUNT(*)::int FROM memory_votes v JOIN memories x ON x.id = v.memory_id
           WHERE x.team_id = $1 AND v.vote = -1) AS down`,
      [teamId],
    );
    const top = await this.ctx.query<TeamStats['topVoted'][number]>(
      `SELECT x.id, x.title, x.content, x.owner_member AS owner, SUM(v.vote)::int AS score,
         COUNT(*) FILTER (WHERE v.vote = 1)::int AS ups, COUNT(*) FILTER (WHERE v.vote = -1)::int AS downs
       FROM memories x JOIN memory_votes v ON v.memory_id = x.id
       WHERE x.team_id = $1 GROUP BY x.id, x.title, x.content, x.owner_member
       ORDER BY score DESC, ups DESC, x.id LIMIT $2`,
      [teamId, options.top],
    );
    const activity = await this.ctx.query<TeamStats['activity'][number]>(
      `SELECT substr(created_at, 1, 10) AS day, COUNT(*)::int AS memories FROM memories
       WHERE team_id = $1 AND created_at >= $2 GROUP BY day ORDER BY day DESC`,
      [teamId, options.since],
    );
    return {
      team: toTeam(team),
      members: members.map((row) => ({
        ...toMember(row),
        memories: row.memories,
        votesCast: row.votes_cast,
        lastActivity: row.last_activity || null,
      })),
      memories: totals?.memories ?? 0,
      votes: { up: totals?.up ?? 0, down: totals?.down ?? 0 },
      topVoted: top,
      activity,
    };
  }
}
