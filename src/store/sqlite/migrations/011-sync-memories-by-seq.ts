/**
 * Sync reads memories by their own sequence instead of through `sync_changes`:
 * every change of a memory (an insert, or a sync update, which moves the row
 * to a new top sequence so the indexer sees its new text) already gives it a
 * new `seq`, so the per-row trigger was bookkeeping twice — and it halved the
 * speed of a batched memory import. Deletions still go to `sync_tombstones`.
 */
export const syncMemoriesBySeqSchema = `
DROP TRIGGER memories_sync_insert;
DROP TRIGGER memories_sync_update;
DELETE FROM sync_changes WHERE tbl = 'memories';
`;
