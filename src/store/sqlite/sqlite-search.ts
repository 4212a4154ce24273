import { ftsTerm } from '../../core/ranking/tokenize.js';
import { completionsFromTexts } from '../../core/search/complete-word.js';
import { facetToken, normaliseTag } from '../../core/search/facets.js';
import { buildIndexEntry, type IndexEntry, type SourceDocument } from '../../core/search/index-entry.js';
import { visibilityMember } from '../../core/teams/acting-member.js';
import { SEARCH_SOURCES, type SearchSource } from '../../core/types.js';
import { type HitRow, SOURCE_TABLES, type SourceTable, toHit } from '../rows/search-rows.js';
import type {
  FacetCounts,
  IndexedDocument,
  IndexedRow,
  IndexFilters,
  IndexHit,
  IndexQuery,
  SearchLogEntry,
  SearchMetrics,
} from '../search-port.js';
import { IndexEntryPipeline } from './index-entry-pipeline.js';
import type { SqliteContext } from './sqlite-context.js';

const INDEX_BATCH = 2000;
/** Rows waiting to be indexed before their entries are built on a second core (its start costs ~50 ms). */
const PIPELINE_MIN_BACKLOG = 5000;
/** Rows per batch once the entries are built on a second core: fewer documents in flight, less memory. */
const PIPELINE_BATCH = 500;
/** Rows indexed per write transaction (a multiple of INDEX_BATCH and PIPELINE_BATCH). */
const INDEX_TRANSACTION_ROWS = 20_000;
/** Newest documents sampled for word completions. */
const VOCABULARY_SAMPLE = 200;

/** The column new rows of each source increase (the indexer's watermark). */
const POSITION: Record<SearchSource, string> = {
  event: 'seq',
  memory: 'seq',
  message: 'seq',
  checkpoint: 'rowid',
  handoff: 'rowid',
};

/** Rows past the watermark, in position order (the indexer). */
const sourceRowsAfter = (source: SearchSource) => {
  const { table, columns } = SOURCE_TABLES[source];
  const position = POSITION[source];
  return `SELECT ${position} AS pos, ${columns} FROM ${table} WHERE ${position} > ? ORDER BY ${position} LIMIT ?`;
};
/** Rows past the watermark, counted up to a cap: whether a backlog is worth a second core. */
const backlogAtLeast = (source: SearchSource) => {
  const { table } = SOURCE_TABLES[source];
  const position = POSITION[source];
  return `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${position} > ? LIMIT ?)`;
};
/** Rows by id, given as a JSON array (hydrating hits). */
const sourceRowsByIds = ({ table, columns }: SourceTable) =>
  `SELECT ${columns} FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`;

/** What a search answer shows of a document. */
function toIndexedDocument(doc: SourceDocument): IndexedDocument {
  return {
    source: doc.source,
    ref: doc.ref,
    text: doc.text,
    title: doc.title ?? null,
    tags: doc.tags ?? [],
    category: doc.category ?? null,
    role: doc.role ?? null,
    files: doc.files ?? [],
  };
}

/**
 * Teams: a document is visible to a member when it is theirs (a memory they
 * wrote, a document of their session) or a memory shared with one of their teams.
 */
const VISIBLE_TO = `(d.owner_member = @visibleTo
  OR d.team_id IN (SELECT team_id FROM team_members WHERE member = @visibleTo))`;

const PENDING_SQL = `SELECT
  (SELECT COALESCE(MAX(seq), 0) FROM events) > (SELECT seq FROM fts_watermark WHERE name = 'event')
  OR (SELECT COALESCE(MAX(seq), 0) FROM memories) > (SELECT seq FROM fts_watermark WHERE name = 'memory')
  OR (SELECT COALESCE(MAX(seq), 0) FROM messages) > (SELECT seq FROM fts_watermark WHERE name = 'message')
  OR (SELECT COALESCE(MAX(rowid), 0) FROM checkpoints) > (SELECT seq FROM fts_watermark WHERE name = 'checkpoint')
  OR (SELECT COALESCE(MAX(rowid), 0) FROM handoffs) > (SELECT seq FROM fts_watermark WHERE name = 'handoff')
  AS pending`;

/** The search index in SQLite: batched indexing, ranked matching, facets, vocabulary and metrics. */
export class SqliteSearch {
  private readonly pendingLog: SearchLogEntry[] = [];
  /** Row changes of this connection that cannot touch the index (the search log's). */
  private neutralChanges = 0;
  /** Builds index entries on a second core for large backlogs (undefined: not started yet; null: none). */
  private pipeline: IndexEntryPipeline | null | undefined = undefined;

  /**
   * `secondCore`: build a large backlog's index entries on a worker thread. For
   * processes that index at close (an import): a server indexes in the background
   * and searches its in-memory index meanwhile, so it does not pay the thread's memory.
   */
  constructor(
    private readonly ctx: SqliteContext,
    private readonly options: { secondCore: boolean } = { secondCore: false },
  ) {}

  /** Cheap check (one read) whether any source has rows past its watermark. */
  hasPending(): boolean {
    const row = this.ctx.read(() => this.ctx.stmt(PENDING_SQL).get()) as { pending: number };
    return row.pending === 1;
  }

  /**
   * Indexes every document past the watermarks, in write transactions of at
   * most INDEX_TRANSACTION_ROWS rows: large enough for FTS5 to merge little,
   * small enough that a big backlog (after a bulk import) never holds the
   * write lock for long.
   */
  indexPending(): number {
    if (!this.ctx.db.open || !this.hasPending()) return 0;
    let total = 0;
    for (const source of SEARCH_SOURCES) {
      if (!this.sourcePending(source)) continue;
      for (;;) {
        const indexed = this.ctx.write(() => this.indexSource(source, INDEX_TRANSACTION_ROWS));
        total += indexed;
        if (indexed < INDEX_TRANSACTION_ROWS) break;
      }
    }
    return total;
  }

  private sourcePending(source: SearchSource): boolean {
    const { table } = SOURCE_TABLES[source];
    const position = POSITION[source];
    const row = this.ctx.read(() =>
      this.ctx
        .stmt(
          `SELECT (SELECT COALESCE(MAX(${position}), 0) FROM ${table}) >
             (SELECT seq FROM fts_watermark WHERE name = ?) AS pending`,
        )
        .get(source),
    ) as { pending: number };
    return row.pending === 1;
  }

  private indexSource(source: SearchSource, maxRows: number): number {
    const reader = SOURCE_TABLES[source];
    const selectAfter = this.ctx.stmt(sourceRowsAfter(source));
    const watermark = this.ctx.stmt('SELECT seq FROM fts_watermark WHERE name = ?');
    const advance = this.ctx.stmt('UPDATE fts_watermark SET seq = ? WHERE name = ?');
    const insertDoc = this.ctx.stmt(
      `INSERT INTO search_docs (source, ref, project_id, session_id, kind, created_at, confidence, files,
         owner_member, team_id)
       VALUES (@source, @ref, @projectId, @sessionId, @kind, @createdAt, @confidence, @files,
         CASE WHEN @source = 'memory' THEN @ownerMember
           ELSE (SELECT owner_member FROM sessions WHERE id = @sessionId) END, @teamId)
       ON CONFLICT (source, ref) DO NOTHING`,
    );
    const insertFts = this.ctx.stmt('INSERT INTO search_fts (rowid, body, facets) VALUES (?, ?, ?)');
    const read = (after: number, limit: number) => {
      const rows = selectAfter.all(after, limit) as Record<string, unknown>[];
      return { rows, limit, docs: rows.map((row) => reader.toDocument(row)) };
    };
    const lastPosition = (rows: Record<string, unknown>[]) => (rows[rows.length - 1] as { pos: number }).pos;

    const from = (watermark.get(source) as { seq: number }).seq;
    let batch = read(from, INDEX_BATCH);
    if (batch.rows.length === 0) return 0;
    // A large backlog's entries are built on a second core, one (smaller) batch ahead.
    const large =
      this.options.secondCore &&
      batch.rows.length === INDEX_BATCH &&
      (this.ctx.stmt(backlogAtLeast(source)).get(from, PIPELINE_MIN_BACKLOG) as { n: number }).n >=
        PIPELINE_MIN_BACKLOG;
    const pipeline = large ? this.entryPipeline() : null;
    const limit = pipeline ? PIPELINE_BATCH : INDEX_BATCH;
    let ticket = pipeline?.submit(batch.docs);
    let total = 0;
    for (;;) {
      const full = batch.rows.length === batch.limit && total + batch.rows.length < maxRows;
      const next = full
        ? read(lastPosition(batch.rows), Math.min(limit, maxRows - total - batch.rows.length))
        : null;
      const nextTicket = pipeline && next && next.rows.length > 0 ? pipeline.submit(next.docs) : undefined;
      const entries =
        pipeline && ticket !== undefined
          ? pipeline.take(ticket, batch.docs)
          : batch.docs.map((doc) => buildIndexEntry(doc));
      batch.rows.forEach((row, index) => {
        const doc = batch.docs[index] as SourceDocument;
        const entry = entries[index] as IndexEntry;
        const result = insertDoc.run({
          source: doc.source,
          ref: doc.ref,
          projectId: doc.projectId,
          sessionId: doc.sessionId,
          kind: doc.kind,
          createdAt: doc.createdAt,
          confidence: doc.confidence ?? null,
          files: entry.files.join('\n'),
          // Teams: a memory's author and team; other documents take their session's member.
          ownerMember: (row.owner_member as string | null | undefined) ?? null,
          teamId: (row.team_id as string | null | undefined) ?? null,
        });
        if (result.changes > 0) insertFts.run(result.lastInsertRowid, entry.body, entry.facets);
      });
      advance.run(lastPosition(batch.rows), source);
      total += batch.rows.length;
      if (!next || next.rows.length === 0) return total;
      batch = next;
      ticket = nextTicket;
    }
  }

  /** The second core's entry builder, started on the first backlog; none once it failed. */
  private entryPipeline(): IndexEntryPipeline | null {
    if (this.pipeline === undefined) this.pipeline = IndexEntryPipeline.start();
    if (this.pipeline && !this.pipeline.working) {
      void this.pipeline.stop();
      this.pipeline = null;
    }
    return this.pipeline;
  }

  /** Stops the entry builder's thread (the store is closing). */
  async stopWorkers(): Promise<void> {
    const pipeline = this.pipeline;
    this.pipeline = null;
    await pipeline?.stop();
  }

  indexSize(): number {
    return (
      this.ctx.read(() => this.ctx.stmt('SELECT COALESCE(MAX(rowid), 0) AS n FROM search_docs').get()) as {
        n: number;
      }
    ).n;
  }

  indexedDocuments(afterRowid: number, limit: number): IndexedRow[] {
    return this.ctx.read(() => {
      const rows = this.ctx
        .stmt(
          `SELECT rowid AS doc_id, source, ref, project_id, session_id, kind, created_at, confidence,
             owner_member, team_id
           FROM search_docs WHERE rowid > ? ORDER BY rowid LIMIT ?`,
        )
        .all(afterRowid, limit) as (HitRow & { owner_member: string | null; team_id: string | null })[];
      const docs = this.sourceDocuments(rows);
      return rows.flatMap((row) => {
        const doc = docs.get(`${row.source}:${row.ref}`);
        if (!doc) return [];
        const { bm25: _unranked, ...hit } = toHit({ ...row, bm25: 0 });
        return [
          { ...hit, body: buildIndexEntry(doc).body, ownerMember: row.owner_member, teamId: row.team_id },
        ];
      });
    });
  }

  documentsToEmbed(embedderId: string, afterRowid: number, limit: number): { docId: number; text: string }[] {
    return this.ctx.read(() => {
      const rows = this.ctx
        .stmt(
          `SELECT d.rowid AS docId, d.source, d.ref FROM search_docs d
           LEFT JOIN embeddings e ON e.doc_rowid = d.rowid AND e.embedder = ?
           WHERE d.rowid > ? AND e.doc_rowid IS NULL ORDER BY d.rowid LIMIT ?`,
        )
        .all(embedderId, afterRowid, limit) as { docId: number; source: SearchSource; ref: string }[];
      const docs = this.documents(rows);
      return rows.flatMap((row) => {
        const doc = docs.get(`${row.source}:${row.ref}`);
        return doc ? [{ docId: row.docId, text: [doc.title, doc.text].filter(Boolean).join('\n') }] : [];
      });
    });
  }

  storeEmbeddings(embedderId: string, vectors: { docId: number; vector: Float32Array }[], at: string): void {
    this.ctx.write(() => {
      const statement = this.ctx.stmt(
        `INSERT INTO embeddings (doc_rowid, embedder, vector, created_at)
         SELECT @docId, @embedder, @vector, @at WHERE EXISTS (SELECT 1 FROM search_docs WHERE rowid = @docId)
         ON CONFLICT (doc_rowid) DO UPDATE SET embedder = excluded.embedder, vector = excluded.vector,
           created_at = excluded.created_at`,
      );
      for (const { docId, vector } of vectors) {
        statement.run({
          docId,
          embedder: embedderId,
          vector: Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
          at,
        });
      }
    });
  }

  embeddings(
    embedderId: string,
    afterRowid: number,
    limit: number,
  ): { docId: number; vector: Float32Array }[] {
    const rows = this.ctx.read(() =>
      this.ctx
        .stmt(
          'SELECT doc_rowid AS docId, vector FROM embeddings WHERE embedder = ? AND doc_rowid > ? ORDER BY doc_rowid LIMIT ?',
        )
        .all(embedderId, afterRowid, limit),
    ) as { docId: number; vector: Buffer }[];
    return rows.map((row) => ({
      docId: row.docId,
      vector: new Float32Array(
        row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength),
      ),
    }));
  }

  embeddingProgress(embedderId: string): { embedded: number; total: number } {
    return this.ctx.read(() => {
      const embedded = (
        this.ctx.stmt('SELECT COUNT(*) AS n FROM embeddings WHERE embedder = ?').get(embedderId) as {
          n: number;
        }
      ).n;
      const total = (this.ctx.stmt('SELECT COUNT(*) AS n FROM search_docs').get() as { n: number }).n;
      return { embedded, total };
    });
  }

  deletedDocuments(afterSeq: number, limit: number): { seq: number; docId: number }[] {
    return this.ctx.read(
      () =>
        this.ctx
          .stmt('SELECT seq, doc_rowid AS docId FROM search_tombstones WHERE seq > ? ORDER BY seq LIMIT ?')
          .all(afterSeq, limit) as { seq: number; docId: number }[],
    );
  }

  lastTombstone(): number {
    return (
      this.ctx.read(() =>
        this.ctx.stmt('SELECT COALESCE(MAX(seq), 0) AS n FROM search_tombstones').get(),
      ) as {
        n: number;
      }
    ).n;
  }

  matchingDocIds(filters: IndexFilters): Set<number> {
    const { sql, params } = this.select({ terms: [], match: 'any', filters }, 'ids');
    const rows = this.ctx.read(() => this.ctx.stmt(sql).pluck().all(params)) as number[];
    return new Set(rows);
  }

  searchIndex(query: IndexQuery): IndexHit[] {
    const { sql, params } = this.select(query, 'hits');
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all({ ...params, limit: query.limit })) as HitRow[];
    return rows.map(toHit);
  }

  countMatches(query: Omit<IndexQuery, 'limit'>): number {
    const { sql, params } = this.select(query, 'count');
    return (this.ctx.read(() => this.ctx.stmt(sql).get(params)) as { n: number }).n;
  }

  facetCounts(query: Omit<IndexQuery, 'limit'>, top: number): FacetCounts {
    const { sql, params } = this.select(query, 'docs');
    return this.ctx.read(() => {
      const grouped = (column: string) =>
        Object.fromEntries(
          (
            this.ctx
              .stmt(
                `SELECT ${column} AS key, COUNT(*) AS n FROM (${sql}) GROUP BY ${column} ORDER BY n DESC LIMIT ${top}`,
              )
              .all(params) as { key: string | null; n: number }[]
          ).map((row) => [row.key ?? '(none)', row.n]),
        );
      const tags = this.ctx
        .stmt(
          `SELECT j.value AS key, COUNT(*) AS n FROM (${sql}) m0 JOIN memories m ON m0.source = 'memory' AND m.id = m0.ref,
             json_each(m.tags) j GROUP BY j.value ORDER BY n DESC LIMIT ${top}`,
        )
        .all(params) as { key: string; n: number }[];
      return {
        source: grouped('source'),
        kind: grouped('kind'),
        project: grouped('project_id'),
        session: grouped('session_id'),
        tag: Object.fromEntries(tags.map((row) => [row.key, row.n])),
      };
    });
  }

  /** The SQL of one index query: FTS5 MATCH with facet tokens, plus range filters on the document row. */
  private select(query: Omit<IndexQuery, 'limit'>, shape: 'hits' | 'count' | 'docs' | 'ids') {
    const params: Record<string, unknown> = { match: matchExpression(query) };
    const where = ['search_fts MATCH @match'];
    const { filters } = query;
    if (filters.since !== undefined) {
      where.push('d.created_at >= @since');
      params.since = filters.since;
    }
    if (filters.until !== undefined) {
      where.push('d.created_at < @until');
      params.until = filters.until;
    }
    if (filters.minConfidence !== undefined) {
      where.push('d.confidence >= @minConfidence');
      params.minConfidence = filters.minConfidence;
    }
    if ('recentWindow' in query && query.recentWindow !== undefined) {
      where.push('search_fts.rowid > (SELECT COALESCE(MAX(rowid), 0) FROM search_docs) - @recentWindow');
      params.recentWindow = query.recentWindow;
    }
    if (filters.file !== undefined) {
      where.push(`d.files LIKE @file ESCAPE '\\'`);
      params.file = `%${filters.file.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const member = visibilityMember(filters.visibleTo);
    if (member !== null) {
      where.push(VISIBLE_TO);
      params.visibleTo = member;
    }
    if (filters.ownedBy !== undefined) {
      where.push('d.owner_member = @ownedBy');
      params.ownedBy = filters.ownedBy;
    }
    const from = `FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE ${where.join(' AND ')}`;
    if (shape === 'count') return { sql: `SELECT COUNT(*) AS n ${from}`, params };
    if (shape === 'ids') return { sql: `SELECT d.rowid ${from}`, params };
    if (shape === 'docs') {
      return { sql: `SELECT d.source, d.ref, d.kind, d.project_id, d.session_id ${from}`, params };
    }
    const ranked = query.terms.length > 0;
    const score = ranked ? '-bm25(search_fts, 1.0, 0.0)' : '0';
    const order = ranked ? 'bm25(search_fts, 1.0, 0.0)' : 'd.created_at DESC, d.rowid DESC';
    return {
      sql: `SELECT d.rowid AS doc_id, d.source, d.ref, d.project_id, d.session_id, d.kind, d.created_at,
              d.confidence, ${score} AS bm25 ${from} ORDER BY ${order} LIMIT @limit`,
      params,
    };
  }

  documents(hits: Pick<IndexHit, 'source' | 'ref'>[]): Map<string, IndexedDocument> {
    const out = new Map<string, IndexedDocument>();
    for (const [key, doc] of this.sourceDocuments(hits)) out.set(key, toIndexedDocument(doc));
    return out;
  }

  /** Documents read from their own tables, keyed by `source:ref`. */
  private sourceDocuments(hits: Pick<IndexHit, 'source' | 'ref'>[]): Map<string, SourceDocument> {
    const bySource = new Map<SearchSource, string[]>();
    for (const hit of hits) bySource.set(hit.source, [...(bySource.get(hit.source) ?? []), hit.ref]);
    const out = new Map<string, SourceDocument>();
    this.ctx.read(() => {
      for (const [source, refs] of bySource) {
        const reader = SOURCE_TABLES[source];
        const rows = this.ctx.stmt(sourceRowsByIds(reader)).all(JSON.stringify(refs)) as Record<
          string,
          unknown
        >[];
        for (const row of rows) {
          const doc = reader.toDocument(row);
          out.set(`${source}:${doc.ref}`, doc);
        }
      }
    });
    return out;
  }

  vocabulary(
    prefix: string,
    limit: number,
    visibleTo?: string | null,
  ): { term: string; documents: number }[] {
    const member = visibilityMember(visibleTo);
    const sample = this.ctx.read(
      () =>
        this.ctx
          .stmt(
            `SELECT d.source, d.ref FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid
             WHERE search_fts MATCH @match${member === null ? '' : ` AND ${VISIBLE_TO}`}
             ORDER BY search_fts.rowid DESC LIMIT ${VOCABULARY_SAMPLE}`,
          )
          .all({
            match: `body : ${ftsTerm(prefix)}*`,
            ...(member === null ? {} : { visibleTo: member }),
          }) as Pick<IndexHit, 'source' | 'ref'>[],
    );
    const texts = [...this.documents(sample).values()].map((doc) => [doc.title ?? '', doc.text].join('\n'));
    return completionsFromTexts(texts, prefix, limit);
  }

  /**
   * SQLite's data_version changes when another connection commits, and
   * total_changes() counts this connection's own row changes; the search log's
   * rows are taken out, so searching alone does not move the version.
   */
  indexVersion(): string {
    const row = this.ctx.read(
      () =>
        this.ctx
          .stmt(
            'SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS version',
          )
          .get() as { changes: number; version: number },
    );
    return `${row.version}:${row.changes - this.neutralChanges}`;
  }

  private totalChanges(): number {
    return (this.ctx.stmt('SELECT total_changes() AS changes').get() as { changes: number }).changes;
  }

  /** Searches are logged in batches (with the next indexing run), so a search does not pay for a write. */
  logSearch(entry: SearchLogEntry): void {
    this.pendingLog.push(entry);
    this.ctx.scheduleIndexing();
  }

  flushSearchLog(): void {
    if (this.pendingLog.length === 0 || !this.ctx.db.open) return;
    const entries = this.pendingLog.splice(0);
    const before = this.totalChanges();
    this.ctx.write(() => {
      const statement = this.ctx.stmt(
        `INSERT INTO search_log (mode, terms, results, latency_ms, created_at)
         VALUES (@mode, @terms, @results, @latencyMs, @createdAt)`,
      );
      for (const entry of entries) statement.run(entry);
    });
    this.neutralChanges += this.totalChanges() - before;
  }

  searchMetrics(since?: string): SearchMetrics {
    this.flushSearchLog();
    return this.ctx.read(() => {
      const params = { since: since ?? '' };
      const rows = this.ctx
        .stmt(
          'SELECT mode, results, latency_ms FROM search_log WHERE created_at >= @since ORDER BY latency_ms',
        )
        .all(params) as { mode: string; results: number; latency_ms: number }[];
      const at = (q: number) =>
        rows.length
          ? (rows[Math.min(rows.length - 1, Math.floor(q * rows.length))]?.latency_ms ?? null)
          : null;
      const byMode: Record<string, number> = {};
      for (const row of rows) byMode[row.mode] = (byMode[row.mode] ?? 0) + 1;
      const indexed = (this.ctx.stmt('SELECT COUNT(*) AS n FROM search_docs').get() as { n: number }).n;
      const pending = (
        this.ctx
          .stmt(
            `SELECT (SELECT COUNT(*) FROM events WHERE seq > (SELECT seq FROM fts_watermark WHERE name = 'event'))
              + (SELECT COUNT(*) FROM memories WHERE seq > (SELECT seq FROM fts_watermark WHERE name = 'memory'))
              + (SELECT COUNT(*) FROM messages WHERE seq > (SELECT seq FROM fts_watermark WHERE name = 'message')) AS n`,
          )
          .get() as { n: number }
      ).n;
      return {
        searches: rows.length,
        zeroResults: rows.filter((row) => row.results === 0).length,
        p50Ms: at(0.5),
        p95Ms: at(0.95),
        byMode,
        indexedDocuments: indexed,
        pendingDocuments: pending,
      };
    });
  }
}

/** FTS5 expression: body terms (any / all / prefix) AND one facet group per filter. */
export function matchExpression(query: Pick<IndexQuery, 'terms' | 'match' | 'filters'>): string {
  const groups: string[] = [];
  if (query.terms.length > 0) {
    const prefix = query.match === 'prefix' || query.match === 'prefix-any';
    const quoted = query.terms.map((term) => (prefix ? `${ftsTerm(term)}*` : ftsTerm(term)));
    const any = query.match === 'any' || query.match === 'prefix-any';
    groups.push(`body : (${quoted.join(any ? ' OR ' : ' AND ')})`);
  }
  for (const tokens of facetGroups(query.filters)) {
    groups.push(`facets : (${tokens.map(ftsTerm).join(' OR ')})`);
  }
  if (groups.length === 0)
    groups.push(`facets : (${SEARCH_SOURCES.map((s) => ftsTerm(facetToken.source(s))).join(' OR ')})`);
  const expression = groups.join(' AND ');
  return query.filters.errors === false
    ? `(${expression}) NOT facets : ${ftsTerm(facetToken.error())}`
    : expression;
}

function facetGroups(filters: IndexFilters): string[][] {
  const groups: string[][] = [];
  if (filters.projectIds) groups.push(filters.projectIds.map((id) => facetToken.project(id)));
  if (filters.sessionId) groups.push([facetToken.session(filters.sessionId)]);
  if (filters.sources?.length) groups.push(filters.sources.map((source) => facetToken.source(source)));
  if (filters.kinds?.length) groups.push(filters.kinds.map((kind) => facetToken.kind(kind)));
  for (const tag of filters.tags ?? []) if (normaliseTag(tag)) groups.push([facetToken.tag(tag)]);
  if (filters.category) groups.push([facetToken.category(filters.category)]);
  if (filters.role) groups.push([facetToken.role(filters.role)]);
  if (filters.code) groups.push([facetToken.code()]);
  if (filters.errors === true) groups.push([facetToken.error()]);
  return groups;
}
