/**
 * Teams: work recorded before a store had members has no owner and is seen in
 * single-user mode only. `deja team claim` gives it to the acting member: the
 * statements below (both backends; `member` is the driver's placeholder for
 * the member) in one transaction, each counted. A memory whose text the member
 * already holds privately stays ownerless (it is a duplicate of theirs); so
 * does a grant they already have.
 */
export interface ClaimCounts {
  sessions: number;
  memories: number;
  reminders: number;
  grants: number;
}

export function claimStatements(member: string): { part: keyof ClaimCounts | null; sql: string }[] {
  return [
    { part: 'sessions', sql: `UPDATE sessions SET owner_member = ${member} WHERE owner_member IS NULL` },
    {
      part: 'memories',
      sql: `UPDATE memories SET owner_member = ${member}
        WHERE owner_member IS NULL AND team_id IS NULL AND NOT EXISTS (
          SELECT 1 FROM memories o WHERE o.owner_member = ${member} AND o.team_id IS NULL
            AND COALESCE(o.project_id, '') = COALESCE(memories.project_id, '')
            AND o.content_hash = memories.content_hash)`,
    },
    {
      // The index documents copy their owner (see docs/teams.md): memories' from the memory, the rest from the session.
      part: null,
      sql: `UPDATE search_docs SET owner_member = ${member} WHERE owner_member IS NULL AND (
          (source = 'memory' AND ref IN (SELECT id FROM memories WHERE owner_member = ${member}))
          OR (source <> 'memory' AND session_id IN (SELECT id FROM sessions WHERE owner_member = ${member})))`,
    },
    { part: 'reminders', sql: `UPDATE reminders SET owner_member = ${member} WHERE owner_member IS NULL` },
    {
      part: 'grants',
      sql: `UPDATE trusted_operations SET owner_key = ${member} WHERE owner_key = '' AND NOT EXISTS (
          SELECT 1 FROM trusted_operations o WHERE o.owner_key = ${member}
            AND o.project_key = trusted_operations.project_key AND o.operation = trusted_operations.operation)`,
    },
  ];
}
