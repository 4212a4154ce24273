import type { Memory, MemoryKind, Message, SearchSource } from '../core/types.js';

/** Filters of an index query; every one narrows inside the store's query. */
export interface IndexFilters {
  /** Any of these projects (the caller resolved names to ids). */
  projectIds?: string[];
  sessionId?: string;
  sources?: SearchSource[];
  /** Memory kind, event category, message role, `checkpoint` or `handoff`. */
  kinds?: string[];
  /** Every one of these tags. */
  tags?: string[];
  category?: string;
  role?: string;
  /** Inclusive ISO lower bound on the document time. */
  since?: string;
  /** Exclusive ISO upper bound. */
  until?: string;
  minConfidence?: number;
  /** A fragment of a file path the document mentions. */
  file?: string;
  /** Only documents flagged as code at index time. */
  code?: boolean;
  /** true: only documents flagged as errors; false: none of them. */
  errors?: boolean;
  /**
   * Teams: only documents this member may see (their own, and memories shared
   * with their teams). Absent: the acting member of the work (core/teams/acting-member.ts);
   * null or no member at all: single-user mode, no restriction.
   */
  visibleTo?: string | null;
  /** Teams: only documents this member wrote (`owner_member`), e.g. what they may delete. */
  ownedBy?: string;
}

export interface IndexQuery {
  /** Lowercase alphanumeric terms (already tokenised). Empty means "every document" (filters only). */
  terms: string[];
  /** `any`: ranked OR (search); `all`: every term; `prefix`: every term as a prefix; `prefix-any`: any term as a prefix. */
  match: 'any' | 'all' | 'prefix' | 'prefix-any';
  filters: IndexFilters;
  limit: number;
  /** Only the newest `recentWindow` documents of the index (bounds the cost of broad queries). */
  recentWindow?: number;
}

export interface IndexHit {
  docId: number;
  source: SearchSource;
  ref: string;
  projectId: string | null;
  sessionId: string | null;
  kind: string;
  createdAt: string;
  /** The same instant in epoch ms, when the index holds it that way (the in-memory one). */
  createdAtMs?: number;
  confidence: number | null;
  /** BM25 as a positive number (higher is better); 0 for filter-only queries. */
  bm25: number;
}

/** One indexed document as an in-memory index loads it: its hit fields and its indexed body. */
export type IndexedRow = Omit<IndexHit, 'bm25'> & {
  /** The same text the full-text index holds (with code-aware extra terms). */
  body: string;
  /** Teams: the document's member (memory author or session owner) and team, when it has them. */
  ownerMember?: string | null;
  teamId?: string | null;
};

export interface IndexedDocument {
  source: SearchSource;
  ref: string;
  text: string;
  title: string | null;
  tags: string[];
  category: string | null;
  role: string | null;
  files: string[];
}

export interface FacetCounts {
  source: Record<string, number>;
  kind: Record<string, number>;
  project: Record<string, number>;
  session: Record<string, number>;
  tag: Record<string, number>;
}

export interface SearchLogEntry {
  mode: string;
  terms: number;
  results: number;
  latencyMs: number;
  createdAt: string;
}

export interface SearchMetrics {
  searches: number;
  zeroResults: number;
  p50Ms: number | null;
  p95Ms: number | null;
  byMode: Record<string, number>;
  indexedDocuments: number;
  pendingDocuments: number;
}

export interface MemoryStats {
  total: number;
  byKind: Partial<Record<MemoryKind, number>>;
  byProject: Record<string, number>;
  bySource: Record<string, number>;
  oldest: string | null;
  newest: string | null;
}

export interface MemoryFilter {
  projectId?: string | null;
  kind?: MemoryKind;
  /** Memories stored during this session (hand-offs). */
  sessionId?: string;
  /** Memories after this store sequence (export pages). */
  afterSeq?: number;
  /** Teams: only memories this member may see (absent: the acting member; null: no restriction). */
  visibleTo?: string | null;
  limit: number;
}

/** Memories, messages and the search index: the part of the Store that search builds on. */
export interface MemorySearchStore {
  /**
   * Inserts a memory unless one with the same content hash exists in the same
   * project; returns the stored memory and whether it was a duplicate.
   */
  insertMemory(memory: Memory): Promise<{ memory: Memory; deduplicated: boolean }>;
  /** Batch insert in one transaction; duplicates are skipped and counted. */
  insertMemories(memories: Memory[]): Promise<{ inserted: number; duplicates: number }>;
  /** `visibleTo`: null unless this member may see it (absent: the acting member; null: no restriction). */
  getMemory(id: string, visibleTo?: string | null): Promise<Memory | null>;
  listMemories(filter: MemoryFilter): Promise<(Memory & { seq: number })[]>;
  /**
   * Deletes memories by id; returns how many were deleted. Teams: `ownedBy`
   * (absent: the acting member; null: no restriction) deletes only that
   * member's own memories — a team's shared memory is its writer's to delete.
   */
  deleteMemories(ids: string[], ownedBy?: string | null): Promise<number>;
  /** Deletes every memory (of one project when given, of `ownedBy` as above); returns how many. */
  deleteAllMemories(projectId?: string | null, ownedBy?: string | null): Promise<number>;
  /** Counts over the memories `visibleTo` may see (absent: the acting member; null: all). */
  memoryStats(projectId?: string, visibleTo?: string | null): Promise<MemoryStats>;

  /** Appends messages; one whose `sourceRef` is already stored is skipped. */
  appendMessages(messages: Message[]): Promise<{ inserted: number; skipped: number }>;
  getMessages(ids: string[]): Promise<Message[]>;
  /** The first messages of a conversation in the order they were stored, of one role and from an instant on when given. */
  sessionMessages(
    sessionId: string,
    options: { role?: Message['role']; since?: string; limit: number },
  ): Promise<Message[]>;

  /** Adds every document written since the last batch to the search index; returns how many. */
  indexPending(): Promise<number>;
  /**
   * A value that changes whenever the search index may have changed, here or in
   * another process (one cheap read); null when the store cannot tell, and
   * callers then look for changes each time.
   */
  indexVersion(): Promise<string | null>;
  /** About how many documents the index holds (cheap; exact when nothing was deleted). */
  indexSize(): Promise<number>;
  /** Indexed documents after a search rowid, oldest first, with what an in-memory index needs. */
  indexedDocuments(afterRowid: number, limit: number): Promise<IndexedRow[]>;
  /** Search rowids deleted after a tombstone sequence, oldest first. */
  deletedDocuments(afterSeq: number, limit: number): Promise<{ seq: number; docId: number }[]>;
  /** The highest tombstone sequence (0 when none). */
  lastTombstone(): Promise<number>;
  /** Indexed documents after `afterRowid` that have no vector from this embedder yet, with the text to embed. */
  documentsToEmbed(
    embedderId: string,
    afterRowid: number,
    limit: number,
  ): Promise<{ docId: number; text: string }[]>;
  /** Stores vectors (replacing another embedder's vector for the same document). */
  storeEmbeddings(
    embedderId: string,
    vectors: { docId: number; vector: Float32Array }[],
    at: string,
  ): Promise<void>;
  /** Vectors of one embedder after a rowid, oldest first (for an in-memory vector index). */
  embeddings(
    embedderId: string,
    afterRowid: number,
    limit: number,
  ): Promise<{ docId: number; vector: Float32Array }[]>;
  embeddingProgress(embedderId: string): Promise<{ embedded: number; total: number }>;
  /** Rowids of the documents that pass filters only (no terms), for filters an in-memory index does not hold. */
  matchingDocIds(filters: IndexFilters): Promise<Set<number>>;
  searchIndex(query: IndexQuery): Promise<IndexHit[]>;
  countMatches(query: Omit<IndexQuery, 'limit'>): Promise<number>;
  facetCounts(query: Omit<IndexQuery, 'limit'>, top: number): Promise<FacetCounts>;
  /** The stored texts of hits, keyed by `source:ref`. */
  documents(hits: Pick<IndexHit, 'source' | 'ref'>[]): Promise<Map<string, IndexedDocument>>;
  /** Words starting with `prefix` in recent matching documents, most frequent first. */
  vocabulary(
    prefix: string,
    limit: number,
    visibleTo?: string | null,
  ): Promise<{ term: string; documents: number }[]>;
  logSearch(entry: SearchLogEntry): Promise<void>;
  searchMetrics(since?: string): Promise<SearchMetrics>;
}
