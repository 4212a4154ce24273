import type { Team, TeamMember, TeamRole, TeamStats, Vote } from '../../core/teams/team-types.js';
import { type ClaimCounts, claimStatements } from '../rows/claim-ownerless.js';
import { type MemberRow, type TeamRow, toMember, toTeam } from '../rows/team-rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Teams, members, member tokens and votes in SQLite. */
export class SqliteTeams {
  constructor(private readonly ctx: SqliteContext) {}

  insertTeam(team: Team): boolean {
    return this.ctx.write(
      () =>
        this.ctx
          .stmt(
            'INSERT INTO teams (id, name, created_at) VALUES (@id, @name, @createdAt) ON CONFLICT DO NOTHING',
          )
          .run(team).changes > 0,
    );
  }

  getTeam(ref: string): Team | null {
    const row = this.ctx.read(() =>
      this.ctx
        .stmt('SELECT * FROM teams WHERE id = @ref OR name = @ref ORDER BY id = @ref DESC LIMIT 1')
        .get({ ref }),
    ) as TeamRow | undefined;
    return row ? toTeam(row) : null;
  }

  listTeams(member?: string): Team[] {
    const rows = this.ctx.read(() =>
      member === undefined
        ? this.ctx.stmt('SELECT * FROM teams ORDER BY name').all()
        : this.ctx
            .stmt(
              'SELECT t.* FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.member = ? ORDER BY t.name',
            )
            .all(member),
    ) as TeamRow[];
    return rows.map(toTeam);
  }

  upsertTeamMember(member: TeamMember): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO team_members (team_id, member, role, added_at, updated_at)
           VALUES (@teamId, @member, @role, @addedAt, @addedAt)
           ON CONFLICT (team_id, member) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at`,
        )
        .run(member),
    );
  }

  removeTeamMember(teamId: string, member: string): boolean {
    return this.ctx.write(
      () =>
        this.ctx.stmt('DELETE FROM team_members WHERE team_id = ? AND member = ?').run(teamId, member)
          .changes > 0,
    );
  }

  listTeamMembers(teamId: string): TeamMember[] {
    const rows = this.ctx.read(() =>
      this.ctx.stmt('SELECT * FROM team_members WHERE team_id = ? ORDER BY member').all(teamId),
    ) as MemberRow[];
    return rows.map(toMember);
  }

  memberTeams(member: string): { teamId: string; role: TeamRole }[] {
    const rows = this.ctx.read(() =>
      this.ctx.stmt('SELECT team_id, role FROM team_members WHERE member = ? ORDER BY team_id').all(member),
    ) as { team_id: string; role: TeamRole }[];
    return rows.map((row) => ({ teamId: row.team_id, role: row.role }));
  }

  setSessionOwner(sessionId: string, member: string): void {
    this.ctx.write(() =>
      this.ctx
        .stmt('UPDATE sessions SET owner_member = ? WHERE id = ? AND owner_member IS NULL')
        .run(member, sessionId),
    );
  }

  claimOwnerless(member: string): ClaimCounts {
    return this.ctx.write(() => {
      const counts: ClaimCounts = { sessions: 0, memories: 0, reminders: 0, grants: 0 };
      for (const { part, sql } of claimStatements('@member')) {
        const changed = this.ctx.stmt(sql).run({ member }).changes;
        if (part) counts[part] += changed;
      }
      return counts;
    });
  }

  setMemberToken(member: string, tokenSha256: string, at: string): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO member_tokens (member, token_sha256, created_at) VALUES (?, ?, ?)
           ON CONFLICT (member) DO UPDATE SET token_sha256 = excluded.token_sha256, created_at = excluded.created_at`,
        )
        .run(member, tokenSha256, at),
    );
  }

  memberForToken(tokenSha256: string): string | null {
    const row = this.ctx.read(() =>
      this.ctx.stmt('SELECT member FROM member_tokens WHERE token_sha256 = ?').get(tokenSha256),
    ) as { member: string } | undefined;
    return row?.member ?? null;
  }

  setVote(memoryId: string, member: string, vote: Vote | null, at: string): void {
    this.ctx.write(() => {
      if (vote === null) {
        this.ctx.stmt('DELETE FROM memory_votes WHERE memory_id = ? AND member = ?').run(memoryId, member);
        return;
      }
      this.ctx
        .stmt(
          `INSERT INTO memory_votes (memory_id, member, vote, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (memory_id, member) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at`,
        )
        .run(memoryId, member, vote, at);
    });
  }

  voteScores(memoryIds: string[]): Map<string, number> {
    if (memoryIds.length === 0) return new Map();
    // Most stores have no votes at all: one indexed probe instead of joining every candidate.
    const anyVote = this.ctx.read(() => this.ctx.stmt('SELECT 1 FROM memory_votes LIMIT 1').get());
    if (anyVote === undefined) return new Map();
    const rows = this.ctx.read(() =>
      this.ctx
        .stmt(
          `SELECT memory_id, SUM(vote) AS score FROM memory_votes
           WHERE memory_id IN (SELECT value FROM json_each(?)) GROUP BY memory_id`,
        )
        .all(JSON.stringify(memoryIds)),
    ) as { memory_id: string; score: number }[];
    return new Map(rows.map((row) => [row.memory_id, row.score]));
  }

  teamStats(teamId: string, options: { top: number; since: string }): TeamStats | null {
    return this.ctx.read(() => {
      const team = this.ctx.stmt('SELECT * FROM teams WHERE id = ?').get(teamId) as TeamRow | undefined;
      if (!team) return null;
      const members = this.ctx
        .stmt(
          `SELECT m.*,
             (SELECT COUNT(*) FROM memories x WHERE x.team_id = m.team_id AND x.owner_member = m.member) AS memories,
             (SELECT COUNT(*) FROM memory_votes v JOIN memories x ON x.id = v.memory_id
               WHERE x.team_id = m.team_id AND v.member = m.member) AS votes_cast,
             MAX(COALESCE((SELECT MAX(x.created_at) FROM memories x
                 WHERE x.team_id = m.team_id AND x.owner_member = m.member), ''),
               COALESCE((SELECT MAX(v.updated_at) FROM memory_votes v JOIN memories x ON x.id = v.memory_id
                 WHERE x.team_id = m.team_id AND v.member = m.member), '')) AS last_activity
           FROM team_members m WHERE m.team_id = ? ORDER BY m.member`,
        )
        .all(teamId) as (MemberRow & { memories: number; votes_cast: number; last_activity: string })[];
      const totals = this.ctx
        .stmt(
          `SELECT (SELECT COUNT(*) FROM memories WHERE team_id = @teamId) AS memories,
             (SELECT COUNT(*) FROM memory_votes v JOIN memories x ON x.id = v.memory_id
               WHERE x.team_id = @teamId AND v.vote = 1) AS up,
             (SELECT COUNT(*) FROM memory_votes v JOIN memories x ON x.id = v.memory_id
               WHERE x.team_id = @teamId AND v.vote = -1) AS down`,
        )
        .get({ teamId }) as { memories: number; up: number; down: number };
      const top = this.ctx
        .stmt(
          `SELECT x.id, x.title, x.content, x.owner_member AS owner, SUM(v.vote) AS score,
             SUM(v.vote = 1) AS ups, SUM(v.vote = -1) AS downs
           FROM memories x JOIN memory_votes v ON v.memory_id = x.id
           WHERE x.team_id = ? GROUP BY x.id ORDER BY score DESC, ups DESC, x.id LIMIT ?`,
        )
        .all(teamId, options.top) as TeamStats['topVoted'];
      const activity = this.ctx
        .stmt(
          `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS memories FROM memories
           WHERE team_id = ? AND created_at >= ? GROUP BY day ORDER BY day DESC`,
        )
        .all(teamId, options.since) as TeamStats['activity'];
      return {
        team: toTeam(team),
        members: members.map((row) => ({
          ...toMember(row),
          memories: row.memories,
          votesCast: row.votes_cast,
          lastActivity: row.last_activity || null,
        })),
        memories: totals.memories,
        votes: { up: totals.up, down: totals.down },
        topVoted: top,
        activity,
      };
    });
  }
}
