/** Teams, members, member tokens, votes and visibility columns: as SQLite's 009 (see there). */
export const teamsSchema = `
CREATE TABLE teams (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  name text NOT NULL UNIQUE,
  created_at text COLLATE "C" NOT NULL
);

CREATE TABLE team_members (
  team_id text COLLATE "C" NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member text COLLATE "C" NOT NULL,
  role text COLLATE "C" NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  added_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (team_id, member)
);
CREATE INDEX team_members_member ON team_members(member, team_id);

CREATE TABLE member_tokens (
  member text COLLATE "C" PRIMARY KEY,
  token_sha256 text COLLATE "C" NOT NULL UNIQUE,
  created_at text COLLATE "C" NOT NULL
);

CREATE TABLE memory_votes (
  memory_id text COLLATE "C" NOT NULL,
  member text COLLATE "C" NOT NULL,
  vote smallint NOT NULL CHECK (vote IN (-1, 1)),
  updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (memory_id, member)
);
CREATE INDEX memory_votes_member ON memory_votes(member);
CREATE FUNCTION deja_memory_votes_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM memory_votes WHERE memory_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER memories_votes_delete AFTER DELETE ON memories
  FOR EACH ROW EXECUTE FUNCTION deja_memory_votes_delete();

ALTER TABLE memories ADD COLUMN owner_member text COLLATE "C";
ALTER TABLE memories ADD COLUMN team_id text COLLATE "C";
DROP INDEX memories_dedupe;
CREATE UNIQUE INDEX memories_dedupe ON memories(
  (COALESCE(project_id, '')), content_hash, (COALESCE(team_id, '')),
  (CASE WHEN team_id IS NULL THEN COALESCE(owner_member, '') ELSE '' END)
);
CREATE INDEX memories_team ON memories(team_id, owner_member);

ALTER TABLE sessions ADD COLUMN owner_member text COLLATE "C";

ALTER TABLE search_docs ADD COLUMN owner_member text COLLATE "C";
ALTER TABLE search_docs ADD COLUMN team_id text COLLATE "C";
`;
