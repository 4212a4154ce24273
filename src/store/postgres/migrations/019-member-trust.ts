/** Teams: trusted operations belong to whoever granted them (SQLite's 019). */
export const memberTrustSchema = `
ALTER TABLE trusted_operations ADD COLUMN owner_key text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE trusted_operations DROP CONSTRAINT trusted_operations_project_key_operation_key;
ALTER TABLE trusted_operations ADD CONSTRAINT trusted_operations_owner_unique
  UNIQUE (project_key, operation, owner_key);
`;
