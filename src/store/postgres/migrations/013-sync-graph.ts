/**
 * The knowledge graph syncs (SQLite's 013): change entries for its entities
 * and relations through the change trigger of 010, which takes the sequence
 * lock, so positions follow commit order. Deletions are not tracked.
 */
const GRAPH_TABLES = ['graph_entities', 'graph_relations'];

export const syncGraphSchema = `
${GRAPH_TABLES.map(
  (table) => `INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT nextval('sync_seq'), '${table}', id FROM (SELECT id FROM ${table} ORDER BY seq) g;`,
).join('\n')}
${GRAPH_TABLES.map(
  (table) => `CREATE TRIGGER ${table}_sync_change AFTER INSERT OR UPDATE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION deja_sync_change('${table}');`,
).join('\n')}
`;
