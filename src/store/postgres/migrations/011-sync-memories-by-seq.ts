/**
 * Kept in step with SQLite's migration 011 (which stops tracking memory
 * changes through `sync_changes`, since every change there moves a memory to a
 * new sequence). PostgreSQL updates memories in place and keeps its triggers,
 * so nothing changes here: the number stays the same on both backends.
 */
export const syncMemoriesBySeqSchema = 'SELECT 1;';
