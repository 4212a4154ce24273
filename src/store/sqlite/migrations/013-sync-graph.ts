/**
 * The knowledge graph syncs (`deja sync`): its entities and relations get
 * change entries like the other mutable rows (see 010), every existing row
 * first, then one per insert or update. Deletions are not tracked: a removed
 * entity or link is removed on this store only.
 */
const GRAPH_TABLES = ['graph_entities', 'graph_relations'];

export const syncGraphSchema = `
${GRAPH_TABLES.map(
  (table) => `INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT (SELECT COALESCE(MAX(seq), 0) FROM sync_changes) + ROW_NUMBER() OVER (ORDER BY seq), '${table}', id
  FROM ${table};`,
).join('\n')}
${GRAPH_TABLES.flatMap((table) =>
  ['INSERT', 'UPDATE'].map(
    (op) => `CREATE TRIGGER ${table}_sync_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN
  INSERT INTO sync_changes (seq, tbl, row_id)
    VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_changes), '${table}', new.id)
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;`,
  ),
).join('\n')}
`;
