/**
 * Teams: trusted operations belong to whoever granted them (`owner_key`: the
 * member, or '' in single-user mode), so on a store several members share, a
 * grant made by one never lets deja run a command for another. The table is
 * rebuilt because its uniqueness now includes the owner; existing grants keep
 * their ids and become the single-user owner's ('').
 */
export const memberTrustSchema = `
CREATE TABLE trusted_operations_by_owner (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_key TEXT NOT NULL,
  operation TEXT NOT NULL,
  created_at TEXT NOT NULL,
  owner_key TEXT NOT NULL DEFAULT '',
  UNIQUE (project_key, operation, owner_key)
);
INSERT INTO trusted_operations_by_owner (seq, id, project_key, operation, created_at)
  SELECT seq, id, project_key, operation, created_at FROM trusted_operations;
DROP TABLE trusted_operations;
ALTER TABLE trusted_operations_by_owner RENAME TO trusted_operations;
`;
