/**
 * Teams (issue 8): teams, members with roles, member tokens (SHA-256 only),
 * votes, and who may see what. A memory carries its author (`owner_member`)
 * and the team it is shared with (`team_id`); a session carries its member.
 * The search index copies both onto each document (`search_docs`), so a
 * visibility condition is part of every index query. Rows written before this
 * migration have neither: they are visible in single-user mode only.
 *
 * Deduplication becomes per visibility scope: the same text stored privately
 * by two members, or shared with two teams, is two memories.
 */
export const teamsSchema = `
CREATE TABLE teams (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE team_members (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  added_at TEXT NOT NULL,
  PRIMARY KEY (team_id, member)
);
CREATE INDEX team_members_member ON team_members(member, team_id);

CREATE TABLE member_tokens (
  member TEXT PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE memory_votes (
  memory_id TEXT NOT NULL,
  member TEXT NOT NULL,
  vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (memory_id, member)
);
CREATE INDEX memory_votes_member ON memory_votes(member);
CREATE TRIGGER memories_votes_delete AFTER DELETE ON memories BEGIN
  DELETE FROM memory_votes WHERE memory_id = old.id;
END;

ALTER TABLE memories ADD COLUMN owner_member TEXT;
ALTER TABLE memories ADD COLUMN team_id TEXT;
DROP INDEX memories_dedupe;
CREATE UNIQUE INDEX memories_dedupe ON memories(
  COALESCE(project_id, ''), content_hash, COALESCE(team_id, ''),
  (CASE WHEN team_id IS NULL THEN COALESCE(owner_member, '') ELSE '' END)
);
CREATE INDEX memories_team ON memories(team_id, owner_member);

ALTER TABLE sessions ADD COLUMN owner_member TEXT;

ALTER TABLE search_docs ADD COLUMN owner_member TEXT;
ALTER TABLE search_docs ADD COLUMN team_id TEXT;
`;
