import { UserError } from '../../core/errors.js';
import { analyzeQuery } from '../../core/ranking/analyze.js';
import { rankCandidates } from '../../core/ranking/rank-hits.js';
import { makeSnippet } from '../../core/ranking/snippet.js';
import { queryTerms, words } from '../../core/ranking/tokenize.js';
import { RANKING, SNIPPET_BUDGET } from '../../core/ranking/weights.js';
import { redactString } from '../../core/redact/redact-secrets.js';
import { type ParsedSearchInput, type SearchInput, searchInput } from '../../core/search-schemas.js';
import type { SearchSource } from '../../core/types.js';
import type {
  FacetCounts,
  IndexFilters,
  IndexHit,
  IndexQuery,
  SearchMetrics,
} from '../../store/search-port.js';
import type { AppDeps } from '../deps.js';
import { actingMember } from '../teams/acting-member.js';
import type { EmbeddingProgress } from './embed-documents.js';
import { lexicalCandidates } from './lexical-candidates.js';
import { decodeSearchCursor, encodeSearchCursor, searchFingerprint } from './search-cursor.js';
import { resolveFilters } from './search-filters.js';
import { findResolutions, type Resolution } from './search-resolutions.js';
import { type VectorHit, vectorCandidates } from './vector-candidates.js';

export interface SearchResultItem {
  id: string;
  source: SearchSource;
  kind: string;
  title: string | null;
  snippet: string;
  score: number;
  project: string | null;
  project_id: string | null;
  session_id: string | null;
  created_at: string;
  tags: string[];
  files: string[];
  resolution?: Resolution | null;
}

export interface SearchOutput {
  mode: ParsedSearchInput['mode'];
  /** The words searched for, after a time phrase was taken out. */
  query: string;
  results: SearchResultItem[];
  /** Number of matching documents, when known without extra cost (quick and summary always count). */
  total: number | null;
  next_cursor: string | null;
  /** The time range applied: a filter (since/until), or with `preference` a ranking preference from the query. */
  time_filter: {
    since: string | null;
    until: string | null;
    phrase: string | null;
    preference?: boolean;
  } | null;
  summary?: FacetCounts;
  suggestions?: string[];
  metrics?: SearchMetrics & {
    embedding: EmbeddingProgress | null;
    /** This process: documents in its in-memory index, and its memory use. */
    server: { inMemoryDocuments: number | null; rssMb: number; heapUsedMb: number; arrayBuffersMb: number };
  };
  /** What ranked the results: BM25 fused with vectors, the in-memory BM25 index, or the store's full-text index. */
  ranker?: 'hybrid' | 'memory' | 'store';
  took_ms: number;
}

/** The `search` use case: one entry point for every search mode (PRODUCT.md §3). */
export async function search(deps: AppDeps, rawInput: SearchInput): Promise<SearchOutput> {
  const started = performance.now();
  const input = searchInput.parse(rawInput);
  const output = await runMode(deps, input);
  output.took_ms = Math.round((performance.now() - started) * 1000) / 1000;
  await deps.store
    .logSearch({
      mode: input.mode,
      terms: queryTerms(output.query).terms.length,
      results: output.total ?? output.results.length,
      latencyMs: output.took_ms,
      createdAt: deps.clock.now().toISOString(),
    })
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not log the search'));
  return output;
}

async function runMode(deps: AppDeps, input: ParsedSearchInput): Promise<SearchOutput> {
  if (input.mode === 'metrics') {
    const since = input.since
      ? (await resolveFilters(deps, { ...input, query: '' })).filters.since
      : undefined;
    const metrics = await deps.store.searchMetrics(since);
    const embedding = deps.embeddingJob ? await deps.embeddingJob.progress() : null;
    const memory = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    const server = {
      inMemoryDocuments: deps.lexical?.ready ? deps.lexical.documents : null,
      rssMb: mb(memory.rss),
      heapUsedMb: mb(memory.heapUsed),
      arrayBuffersMb: mb(memory.arrayBuffers),
    };
    return { ...empty(input, ''), metrics: { ...metrics, embedding, server } };
  }
  if (!input.query || input.query.trim().length === 0) {
    throw new UserError('query', 'must not be empty', 'pass the words to search for');
  }
  if (input.mode === 'suggest') return suggest(deps, input);

  const resolved = await resolveFilters(deps, input);
  const { terms } = queryTerms(resolved.query);
  if (terms.length === 0) {
    throw new UserError(
      'query',
      'must contain at least one letter or digit',
      `you sent ${JSON.stringify(input.query)}`,
    );
  }
  const matchTerms = input.mode === 'concept' ? conceptTerms(terms) : terms;
  const base: Omit<IndexQuery, 'limit'> = {
    terms: matchTerms,
    match: input.mode === 'concept' ? 'prefix-any' : 'any',
    filters: resolved.filters,
  };
  const hint = resolved.timeHint;
  const timeFilter =
    resolved.filters.since || resolved.filters.until
      ? { since: resolved.filters.since ?? null, until: resolved.filters.until ?? null, phrase: null }
      : hint
        ? { since: hint.start, until: hint.end, phrase: hint.phrase, preference: true }
        : null;

  if (input.mode === 'summary') {
    const [total, facets, projects] = await Promise.all([
      deps.store.countMatches(base),
      deps.store.facetCounts(base, 10),
      deps.store.listProjects(),
    ]);
    const names = new Map(projects.map((project) => [project.id, project.name]));
    const project = Object.fromEntries(
      Object.entries(facets.project).map(([id, n]) => [names.get(id) ?? id, n]),
    );
    return {
      ...empty(input, resolved.query),
      total,
      summary: { ...facets, project },
      time_filter: timeFilter,
    };
  }

  const fingerprint = searchFingerprint([input.mode, resolved.query, resolved.filters]);
  const offset = input.cursor ? decodeSearchCursor(input.cursor, fingerprint) : 0;
  const limit = input.mode === 'quick' ? Math.min(input.limit, 3) : input.limit;
  const pool = RANKING.candidatePool(offset + limit);
  const inMemory =
    input.mode === 'concept' || !deps.lexical || !(await deps.lexical.prepare())
      ? null
      : await deps.lexical.search(analyzeQuery(resolved.query), resolved.filters, pool);
  const lexicalHits = inMemory ?? (await lexicalCandidates(deps, { ...base, limit: pool }));
  const similar =
    input.mode === 'concept' ? null : await vectorCandidates(deps, resolved.query, resolved.filters, pool);
  const hits = mergeCandidates(lexicalHits, similar);
  const hintStart = hint?.start ? Date.parse(hint.start) : null;
  const hintEnd = hint?.end ? Date.parse(hint.end) : null;
  const inHint = (at: number) =>
    hint !== null && (hintStart === null || at >= hintStart) && (hintEnd === null || at < hintEnd);
  const memoryRefs = hits.filter((hit) => hit.source === 'memory').map((hit) => hit.ref);
  const votes = memoryRefs.length > 0 ? await deps.store.voteScores(memoryRefs) : new Map<string, number>();
  // One object of one shape per candidate (a spread of each hit costs ~1.7 µs, a third of a search).
  const ranked = rankCandidates(
    hits.map((hit) => {
      const createdAtMs = hit.createdAtMs ?? Date.parse(hit.createdAt);
      return {
        hit,
        key: `${hit.source}:${hit.ref}`,
        source: hit.source,
        kind: hit.kind,
        createdAtMs,
        confidence: hit.confidence,
        bm25: hit.bm25,
        similarity: hit.similarity,
        inTimeHint: inHint(createdAtMs),
        voteScore: hit.source === 'memory' ? votes.get(hit.ref) : undefined,
      };
    }),
    deps.clock.now(),
  );
  const exhausted = lexicalHits.length < pool;
  const page = ranked.slice(offset, offset + limit);
  const total =
    input.mode === 'quick' ? await deps.store.countMatches(base) : exhausted && !similar ? hits.length : null;
  const more = offset + limit < ranked.length;
  const budget =
    input.mode === 'quick'
      ? SNIPPET_BUDGET.quickTokens
      : Math.max(
          SNIPPET_BUDGET.minPerResultTokens,
          Math.floor((input.max_tokens ?? SNIPPET_BUDGET.defaultTotalTokens) / Math.max(1, page.length)),
        );
  const results = await hydrate(
    deps,
    page.map((entry) => ({ hit: entry.candidate.hit, score: entry.score })),
    terms,
    budget,
  );
  if (input.mode === 'errors') {
    const resolutions = await findResolutions(deps, results, terms);
    for (const result of results) result.resolution = resolutions.get(result.id) ?? null;
  }
  return {
    ...empty(input, resolved.query),
    results,
    total,
    next_cursor: more ? encodeSearchCursor(fingerprint, offset + limit) : null,
    time_filter: timeFilter,
    ranker: similar ? 'hybrid' : inMemory ? 'memory' : 'store',
  };
}

function empty(input: ParsedSearchInput, query: string): SearchOutput {
  // The query is echoed redacted: a secret pasted into a search is not repeated into the transcript.
  return {
    mode: input.mode,
    query: redactString(query),
    results: [],
    total: null,
    next_cursor: null,
    time_filter: null,
    took_ms: 0,
  };
}

/**
 * Concept search matches word families: each term as a prefix of its first
 * letters ("config" finds configuration, configure, configs).
 */
const CONCEPT_ROOT = 5;
function conceptTerms(terms: string[]): string[] {
  return [...new Set(terms.map((term) => (term.length > CONCEPT_ROOT ? term.slice(0, CONCEPT_ROOT) : term)))];
}

async function suggest(deps: AppDeps, input: ParsedSearchInput): Promise<SearchOutput> {
  const query = input.query ?? '';
  const all = words(query);
  const last = all[all.length - 1];
  if (last === undefined) throw new UserError('query', 'must contain at least one letter or digit');
  const head = /\s$/.test(query)
    ? query.trim()
    : query.slice(0, query.toLowerCase().lastIndexOf(last)).trim();
  const prefix = /\s$/.test(query) ? '' : last;
  if (prefix.length === 0) return { ...empty(input, query), suggestions: [] };
  const vocabulary = await deps.store.vocabulary(prefix, input.limit, actingMember(deps));
  return {
    ...empty(input, query),
    suggestions: vocabulary.map((entry) => (head ? `${head} ${entry.term}` : entry.term)),
  };
}

async function hydrate(
  deps: AppDeps,
  page: {
    hit: Pick<IndexHit, 'source' | 'ref' | 'kind' | 'projectId' | 'sessionId' | 'createdAt'>;
    score: number;
  }[],
  terms: string[],
  tokensPerResult: number,
): Promise<SearchResultItem[]> {
  const documents = await deps.store.documents(page.map((entry) => entry.hit));
  const projects = new Map((await deps.store.listProjects()).map((project) => [project.id, project.name]));
  return page.map(({ hit, score }) => {
    const doc = documents.get(`${hit.source}:${hit.ref}`);
    return {
      id: hit.ref,
      source: hit.source,
      kind: hit.kind,
      title: doc?.title ?? null,
      snippet: makeSnippet(doc?.text ?? '', terms, tokensPerResult),
      score: Math.round(score * 10_000) / 10_000,
      project: hit.projectId ? (projects.get(hit.projectId) ?? null) : null,
      project_id: hit.projectId,
      session_id: hit.sessionId,
      created_at: hit.createdAt,
      tags: doc?.tags ?? [],
      files: doc?.files ?? [],
    };
  });
}

export type { IndexFilters };

/** One candidate per document: BM25 from the lexical list, similarity from the vector list, or both. */
type Candidate = Omit<IndexHit, 'bm25'> & { bm25?: number; similarity?: number };

function mergeCandidates(lexical: IndexHit[], similar: VectorHit[] | null): Candidate[] {
  if (!similar) return lexical;
  const byDoc = new Map<number, Candidate>(lexical.map((hit) => [hit.docId, { ...hit }]));
  for (const hit of similar) {
    const known = byDoc.get(hit.docId);
    if (known) known.similarity = hit.similarity;
    else {
      const { bm25: _none, ...vectorOnly } = hit;
      byDoc.set(hit.docId, vectorOnly);
    }
  }
  return [...byDoc.values()];
}
