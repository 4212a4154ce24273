import { words } from '../../core/ranking/tokenize.js';
import { completionsFromTexts } from '../../core/search/complete-word.js';
import { facetToken, normaliseTag } from '../../core/search/facets.js';
import { buildIndexEntry, type SourceDocument } from '../../core/search/index-entry.js';
import { visibilityMember } from '../../core/teams/acting-member.js';
import type { SearchSource } from '../../core/types.js';
import { type HitRow, SOURCE_TABLES, toHit } from '../rows/search-rows.js';
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
import type { PgContext, Queryable } from './pg-context.js';

/** Newest documents sampled for word completions. */
const VOCABULARY_SAMPLE = 200;
/**
 * A tsvector holds at most 1 MB: the indexed words of one document are capped
 * at this many characters (a huge tool output is found by its first ~40k words).
 */
const MAX_BODY_CHARS = 300_000;

/** The indexed words of a body, as FTS5's unicode61 tokenizer would split them, one space apart. */
function indexWords(body: string): string {
  const joined = words(body).join(' ');
  if (joined.length <= MAX_BODY_CHARS) return joined;
  const cut = joined.lastIndexOf(' ', MAX_BODY_CHARS);
  return joined.slice(0, cut > 0 ? cut : MAX_BODY_CHARS);
}

/**
 * Adds source rows (as RETURNING gave them) to the search index, inside the
 * caller's transaction, which holds the sequence lock.
 */
export async function indexRows(db: Queryable, source: SearchSource, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const reader = SOURCE_TABLES[source];
  const cols: unknown[][] = Array.from({ length: 12 }, () => []);
  for (const row of rows) {
    const doc = reader.toDocument(row);
    const entry = buildIndexEntry(doc);
    const values = [
      doc.source,
      doc.ref,
      doc.projectId,
      doc.sessionId,
      doc.kind,
      doc.createdAt,
      doc.confidence ?? null,
      entry.files.join('\n'),
      indexWords(entry.body),
      entry.facets,
      // Teams: a memory's author and team; other documents take their session's member.
      (row.owner_member as string | null | undefined) ?? null,
      (row.team_id as string | null | undefined) ?? null,
    ];
    values.forEach((value, i) => {
      cols[i]?.push(value);
    });
  }
  await db.query(
    `INSERT INTO search_docs (source, ref, project_id, session_id, kind, created_at, confidence, files, body, facets,
       owner_member, team_id)
     SELECT s, r, p, se, k, c, conf, f, to_tsvector('deja_text', b), string_to_array(fa, ' '),
       CASE WHEN s = 'memory' THEN o ELSE (SELECT so.owner_member FROM sessions so WHERE so.id = se) END, tm
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       WITH ORDINALITY AS t(s, r, p, se, k, c, conf, f, b, fa, o, tm, ord)
     ORDER BY ord
     ON CONFLICT (source, ref) DO NOTHING`,
    cols,
  );
}

/** The tsquery text of alphanumeric terms: any (OR) or all (AND), each optionally a prefix. */
export function tsQueryText(terms: string[], match: IndexQuery['match']): string | null {
  const clean = terms.map((term) => term.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  if (clean.length === 0) return null;
  const prefix = match === 'prefix' || match === 'prefix-any';
  const any = match === 'any' || match === 'prefix-any';
  return clean.map((term) => `'${term}'${prefix ? ':*' : ''}`).join(any ? ' | ' : ' & ');
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

/** Collects positional parameters while a statement is built. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

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
 * WHERE clauses of an index query over `search_docs d`: the tsquery, one
 * `facets && ARRAY[…]` per filter group, and range filters on the row.
 */
export function indexConditions(
  query: Omit<IndexQuery, 'limit'>,
  params: Params,
): { where: string[]; tsq: string | null } {
  const where: string[] = [];
  let tsq: string | null = null;
  if (query.terms.length > 0) {
    const text = tsQueryText(query.terms, query.match);
    if (text === null) where.push('false');
    else {
      tsq = `to_tsquery('deja_text', ${params.add(text)})`;
      where.push(`d.body @@ ${tsq}`);
    }
  }
  for (const group of facetGroups(query.filters)) where.push(`d.facets && ${params.add(group)}::text[]`);
  const { filters } = query;
  if (filters.errors === false)
    where.push(`NOT (d.facets @> ARRAY[${params.add(facetToken.error())}::text])`);
  if (filters.since !== undefined) where.push(`d.created_at >= ${params.add(filters.since)}`);
  if (filters.until !== undefined) where.push(`d.created_at < ${params.add(filters.until)}`);
  if (filters.minConfidence !== undefined) where.push(`d.confidence >= ${params.add(filters.minConfidence)}`);
  if ('recentWindow' in query && query.recentWindow !== undefined) {
    where.push(
      `d.doc_id > (SELECT COALESCE(MAX(doc_id), 0) FROM search_docs) - ${params.add(query.recentWindow)}`,
    );
  }
  if (filters.file !== undefined) {
    where.push(
      `d.files LIKE ${params.add(`%${filters.file.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`,
    );
  }
  const member = visibilityMember(filters.visibleTo);
  if (member !== null) where.push(visibleTo(params.add(member)));
  if (filters.ownedBy !== undefined) where.push(`d.owner_member = ${params.add(filters.ownedBy)}`);
  return { where, tsq };
}

/**
 * Teams: a document is visible to a member when it is theirs (a memory they
 * wrote, a document of their session) or a memory shared with one of their teams.
 */
const visibleTo = (param: string) =>
  `(d.owner_member = ${param} OR d.team_id IN (SELECT team_id FROM team_members WHERE member = ${param}))`;

const whereClause = (where: string[]) => (where.length > 0 ? `WHERE ${where.join(' AND ')}` : '');

/** The search index in PostgreSQL: ranked matching, facets, vocabulary, vectors and metrics. */
export class PgSearch {
  constructor(private readonly ctx: PgContext) {}

  async indexSize(): Promise<number> {
    const [row] = await this.ctx.query<{ n: number }>(
      'SELECT COALESCE(MAX(doc_id), 0) AS n FROM search_docs',
    );
    return row?.n ?? 0;
  }

  async indexedDocuments(afterRowid: number, limit: number): Promise<IndexedRow[]> {
    const rows = await this.ctx.query<HitRow & { owner_member: string | null; team_id: string | null }>(
      `SELECT doc_id, source, ref, project_id, session_id, kind, created_at, confidence, owner_member, team_id
       FROM search_docs WHERE doc_id > $1 ORDER BY doc_id LIMIT $2`,
      [afterRowid, limit],
    );
    const docs = await this.sourceDocuments(rows);
    return rows.flatMap((row) => {
      const doc = docs.get(`${row.source}:${row.ref}`);
      if (!doc) return [];
      const { bm25: _unranked, ...hit } = toHit({ ...row, bm25: 0 });
      return [
        { ...hit, body: buildIndexEntry(doc).body, ownerMember: row.owner_member, teamId: row.team_id },
      ];
    });
  }

  async documentsToEmbed(embedderId: string, afterRowid: number, limit: number) {
    const rows = await this.ctx.query<{ doc_id: number; source: SearchSource; ref: string }>(
      `SELECT d.doc_id, d.source, d.ref FROM search_docs d
       LEFT JOIN embeddings e ON e.doc_id = d.doc_id AND e.embedder = $1
       WHERE d.doc_id > $2 AND e.doc_id IS NULL ORDER BY d.doc_id LIMIT $3`,
      [embedderId, afterRowid, limit],
    );
    const docs = await this.documents(rows);
    return rows.flatMap((row) => {
      const doc = docs.get(`${row.source}:${row.ref}`);
      return doc ? [{ docId: row.doc_id, text: [doc.title, doc.text].filter(Boolean).join('\n') }] : [];
    });
  }

  async storeEmbeddings(embedderId: string, vectors: { docId: number; vector: Float32Array }[], at: string) {
    if (vectors.length === 0) return;
    await this.ctx.transaction(async (db) => {
      for (const { docId, vector } of vectors) {
        await db.query(
          `INSERT INTO embeddings (doc_id, embedder, vector, created_at)
           SELECT $1, $2, $3::real[], $4 WHERE EXISTS (SELECT 1 FROM search_docs WHERE doc_id = $1)
           ON CONFLICT (doc_id) DO UPDATE SET embedder = excluded.embedder, vector = excluded.vector,
             created_at = excluded.created_at`,
          [docId, embedderId, Array.from(vector), at],
        );
      }
    });
  }

  async embeddings(embedderId: string, afterRowid: number, limit: number) {
    const rows = await this.ctx.query<{ doc_id: number; vector: number[] }>(
      'SELECT doc_id, vector FROM embeddings WHERE embedder = $1 AND doc_id > $2 ORDER BY doc_id LIMIT $3',
      [embedderId, afterRowid, limit],
    );
    return rows.map((row) => ({ docId: row.doc_id, vector: Float32Array.from(row.vector) }));
  }

  /**
   * Exact cosine top-k in SQL over one embedder's vectors (`real[]`), for
   * callers that do not keep vectors in memory. A sequential scan: fine to
   * roughly 100k vectors; with pgvector installed the distance runs in C.
   */
  async nearestEmbeddings(
    embedderId: string,
    query: Float32Array,
    limit: number,
    pgvectorSchema: string | null,
  ): Promise<{ docId: number; score: number }[]> {
    const vector = Array.from(query);
    if (pgvectorSchema !== null) {
      const type = `"${pgvectorSchema}".vector`;
      const rows = await this.ctx.query<{ doc_id: number; score: number }>(
        `SELECT doc_id, 1 - (vector::${type} OPERATOR("${pgvectorSchema}".<=>) $2::real[]::${type}) AS score
         FROM embeddings WHERE embedder = $1 AND cardinality(vector) = $4
         ORDER BY score DESC, doc_id DESC LIMIT $3`,
        [embedderId, vector, limit, vector.length],
      );
      return rows.map((row) => ({ docId: row.doc_id, score: row.score }));
    }
    const rows = await this.ctx.query<{ doc_id: number; score: number }>(
      `SELECT doc_id, score FROM (
         SELECT e.doc_id, (SELECT SUM(a * b) / NULLIF(SQRT(SUM(a * a)) * SQRT(SUM(b * b)), 0)
           FROM unnest(e.vector, $2::real[]) AS v(a, b)) AS score
         FROM embeddings e WHERE e.embedder = $1 AND cardinality(e.vector) = $4) s
       WHERE score IS NOT NULL ORDER BY score DESC, doc_id DESC LIMIT $3`,
      [embedderId, vector, limit, vector.length],
    );
    return rows.map((row) => ({ docId: row.doc_id, score: row.score }));
  }

  async embeddingProgress(embedderId: string) {
    const [row] = await this.ctx.query<{ embedded: number; total: number }>(
      `SELECT (SELECT COUNT(*) FROM embeddings WHERE embedder = $1) AS embedded,
         (SELECT COUNT(*) FROM search_docs) AS total`,
      [embedderId],
    );
    return { embedded: row?.embedded ?? 0, total: row?.total ?? 0 };
  }

  async deletedDocuments(afterSeq: number, limit: number) {
    const rows = await this.ctx.query<{ seq: number; doc_id: number }>(
      'SELECT seq, doc_id FROM search_tombstones WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq, limit],
    );
    return rows.map((row) => ({ seq: row.seq, docId: row.doc_id }));
  }

  async lastTombstone(): Promise<number> {
    const [row] = await this.ctx.query<{ n: number }>(
      'SELECT COALESCE(MAX(seq), 0) AS n FROM search_tombstones',
    );
    return row?.n ?? 0;
  }

  async matchingDocIds(filters: IndexFilters): Promise<Set<number>> {
    const params = new Params();
    const { where } = indexConditions({ terms: [], match: 'any', filters }, params);
    const rows = await this.ctx.query<{ doc_id: number }>(
      `SELECT d.doc_id FROM search_docs d ${whereClause(where)}`,
      params.values,
    );
    return new Set(rows.map((row) => row.doc_id));
  }

  async searchIndex(query: IndexQuery): Promise<IndexHit[]> {
    const params = new Params();
    const { where, tsq } = indexConditions(query, params);
    const score = tsq === null ? '0::float8' : `ts_rank_cd(d.body, ${tsq})::float8`;
    const order = tsq === null ? 'd.created_at DESC, d.doc_id DESC' : 'bm25 DESC, d.doc_id DESC';
    const rows = await this.ctx.query<HitRow>(
      `SELECT d.doc_id, d.source, d.ref, d.project_id, d.session_id, d.kind, d.created_at, d.confidence,
         ${score} AS bm25
       FROM search_docs d ${whereClause(where)} ORDER BY ${order} LIMIT ${params.add(query.limit)}`,
      params.values,
    );
    return rows.map(toHit);
  }

  async countMatches(query: Omit<IndexQuery, 'limit'>): Promise<number> {
    const params = new Params();
    const { where } = indexConditions(query, params);
    const [row] = await this.ctx.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM search_docs d ${whereClause(where)}`,
      params.values,
    );
    return row?.n ?? 0;
  }

  async facetCounts(query: Omit<IndexQuery, 'limit'>, top: number): Promise<FacetCounts> {
    const params = new Params();
    const { where } = indexConditions(query, params);
    const docs = `SELECT d.source, d.ref, d.kind, d.project_id, d.session_id FROM search_docs d ${whereClause(where)}`;
    const limit = Math.max(0, Math.floor(top));
    const grouped = async (column: string) =>
      Object.fromEntries(
        (
          await this.ctx.query<{ key: string | null; n: number }>(
            `SELECT ${column} AS key, COUNT(*) AS n FROM (${docs}) m0 GROUP BY ${column}
             ORDER BY n DESC, key LIMIT ${limit}`,
            params.values,
          )
        ).map((row) => [row.key ?? '(none)', row.n]),
      );
    const tags = await this.ctx.query<{ key: string; n: number }>(
      `SELECT j.value AS key, COUNT(*) AS n FROM (${docs}) m0
       JOIN memories m ON m0.source = 'memory' AND m.id = m0.ref
       CROSS JOIN LATERAL jsonb_array_elements_text(m.tags::jsonb) AS j(value)
       GROUP BY j.value ORDER BY n DESC, key LIMIT ${limit}`,
      params.values,
    );
    return {
      source: await grouped('source'),
      kind: await grouped('kind'),
      project: await grouped('project_id'),
      session: await grouped('session_id'),
      tag: Object.fromEntries(tags.map((row) => [row.key, row.n])),
    };
  }

  async documents(hits: Pick<IndexHit, 'source' | 'ref'>[]): Promise<Map<string, IndexedDocument>> {
    const out = new Map<string, IndexedDocument>();
    for (const [key, doc] of await this.sourceDocuments(hits)) out.set(key, toIndexedDocument(doc));
    return out;
  }

  /** Documents read from their own tables, keyed by `source:ref`. */
  private async sourceDocuments(
    hits: Pick<IndexHit, 'source' | 'ref'>[],
  ): Promise<Map<string, SourceDocument>> {
    const bySource = new Map<SearchSource, string[]>();
    for (const hit of hits) bySource.set(hit.source, [...(bySource.get(hit.source) ?? []), hit.ref]);
    const out = new Map<string, SourceDocument>();
    for (const [source, refs] of bySource) {
      const reader = SOURCE_TABLES[source];
      const rows = await this.ctx.query(
        `SELECT ${reader.columns} FROM ${reader.table} WHERE id = ANY($1::text[])`,
        [refs],
      );
      for (const row of rows) {
        const doc = reader.toDocument(row);
        out.set(`${source}:${doc.ref}`, doc);
      }
    }
    return out;
  }

  async vocabulary(
    prefix: string,
    limit: number,
    visibleToMember?: string | null,
  ): Promise<{ term: string; documents: number }[]> {
    const text = tsQueryText([prefix], 'prefix');
    if (text === null) return [];
    const member = visibilityMember(visibleToMember);
    const sample = await this.ctx.query<Pick<IndexHit, 'source' | 'ref'>>(
      `SELECT d.source, d.ref FROM search_docs d WHERE d.body @@ to_tsquery('deja_text', $1)
       ${member === null ? '' : `AND ${visibleTo('$2')}`}
       ORDER BY d.doc_id DESC LIMIT ${VOCABULARY_SAMPLE}`,
      member === null ? [text] : [text, member],
    );
    const texts = [...(await this.documents(sample)).values()].map((doc) =>
      [doc.title ?? '', doc.text].join('\n'),
    );
    return completionsFromTexts(texts, prefix, limit);
  }

  async logSearch(entry: SearchLogEntry): Promise<void> {
    await this.ctx.query(
      'INSERT INTO search_log (mode, terms, results, latency_ms, created_at) VALUES ($1, $2, $3, $4, $5)',
      [entry.mode, entry.terms, entry.results, entry.latencyMs, entry.createdAt],
    );
  }

  async searchMetrics(since?: string): Promise<SearchMetrics> {
    const rows = await this.ctx.query<{ mode: string; results: number; latency_ms: number }>(
      'SELECT mode, results, latency_ms FROM search_log WHERE created_at >= $1 ORDER BY latency_ms',
      [since ?? ''],
    );
    const at = (q: number) =>
      rows.length ? (rows[Math.min(rows.length - 1, Math.floor(q * rows.length))]?.latency_ms ?? null) : null;
    const byMode: Record<string, number> = {};
    for (const row of rows) byMode[row.mode] = (byMode[row.mode] ?? 0) + 1;
    const [indexed] = await this.ctx.query<{ n: number }>('SELECT COUNT(*) AS n FROM search_docs');
    return {
      searches: rows.length,
      zeroResults: rows.filter((row) => row.results === 0).length,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      byMode,
      indexedDocuments: indexed?.n ?? 0,
      // Documents are indexed in the transaction that writes them: nothing is ever pending.
      pendingDocuments: 0,
    };
  }
}

export { Params };
