import { isoFromEpoch } from '../../core/dates/iso-from-epoch.js';
import { analyzeDocument } from '../../core/ranking/analyze.js';
import { type LexicalDocMeta, LexicalIndex } from '../../core/ranking/lexical-index.js';
import { visibilityMember } from '../../core/teams/acting-member.js';
import type { SearchSource } from '../../core/types.js';
import type { Store } from '../../store/port.js';
import type { IndexFilters, IndexHit } from '../../store/search-port.js';
import { collectGarbage } from './collect-garbage.js';

const PAGE = 2000;
const BACKGROUND_PAGE = 50;
/** A bulk load collects its garbage every this many documents (see collect-garbage.ts). */
const COLLECT_EVERY = 10_000;
/** Indexes up to this size are built on the spot by the first search (well under a second). */
const BUILD_ON_DEMAND_LIMIT = 20_000;

/**
 * The in-memory BM25 index of one process, kept in step with the store's
 * search index: new documents by rowid, deletions by tombstone. Whoever wrote
 * them (this process, another server, the CLI) — each search first catches up,
 * which costs two small queries when nothing changed.
 */
export class LiveLexicalIndex {
  private readonly index = new LexicalIndex();
  /** Teams: the member and team of each live document that has either (documents without are single-user). */
  private readonly visibility = new Map<number, { owner: string | null; team: string | null }>();
  private tombstoneSeq = 0;
  /** The store's index version when this index last caught up (null: look next time). */
  private caughtUpAt: string | null = null;
  private state: 'empty' | 'building' | 'ready' = 'empty';
  private building: Promise<void> | null = null;

  constructor(private readonly store: Store) {}

  get ready(): boolean {
    return this.state === 'ready';
  }

  get documents(): number {
    return this.index.size;
  }

  /**
   * Makes the index usable: small indexes are loaded now; a large one is loaded
   * in the background (searches fall back to the store until it is ready) —
   * or awaited, when `wait` is set.
   */
  async prepare(options: { wait?: boolean } = {}): Promise<boolean> {
    if (this.state === 'ready') return true;
    if (!this.building) {
      const small = (await this.store.indexSize()) <= BUILD_ON_DEMAND_LIMIT;
      this.building = this.load(!small && !options.wait);
      if (!small && !options.wait) {
        this.building.catch(() => {
          this.building = null;
          this.state = 'empty';
        });
        return false;
      }
    }
    await this.building;
    return this.ready;
  }

  private async load(yieldBetweenPages: boolean): Promise<void> {
    this.state = 'building';
    this.tombstoneSeq = await this.store.lastTombstone();
    await this.catchUp(yieldBetweenPages);
    // (no compact() here: it would briefly hold the old and the new postings at once)
    this.state = 'ready';
  }

  /**
   * Catches up unless the store says nothing changed since the last time: the
   * version is read before catching up, so a write made meanwhile is seen next time.
   */
  private async catchUpIfChanged(): Promise<void> {
    const version = await this.store.indexVersion();
    if (version !== null && version === this.caughtUpAt) return;
    await this.catchUp();
    this.caughtUpAt = version;
  }

  /** Adds what was indexed and forgets what was deleted since the last call. */
  async catchUp(yieldBetweenPages = false): Promise<void> {
    // In the background, small pages with a yield between them keep requests answered while loading.
    const page = yieldBetweenPages ? BACKGROUND_PAGE : PAGE;
    let sinceCollection = 0;
    for (;;) {
      const rows = await this.store.indexedDocuments(this.index.lastDocId, page);
      for (const row of rows) {
        this.index.add(row.docId, analyzeDocument(row.body), toMeta(row));
        if (row.ownerMember || row.teamId) {
          this.visibility.set(row.docId, { owner: row.ownerMember ?? null, team: row.teamId ?? null });
        }
      }
      sinceCollection += rows.length;
      if (sinceCollection >= COLLECT_EVERY) {
        collectGarbage();
        sinceCollection = 0;
      }
      if (rows.length < page) break;
      if (yieldBetweenPages) await new Promise((resolve) => setImmediate(resolve));
    }
    for (;;) {
      const deleted = await this.store.deletedDocuments(this.tombstoneSeq, PAGE);
      for (const tombstone of deleted) {
        this.index.remove(tombstone.docId);
        this.visibility.delete(tombstone.docId);
        this.tombstoneSeq = tombstone.seq;
      }
      if (deleted.length < PAGE) break;
    }
  }

  /** Top BM25 hits for analysed terms under the filters; null when the index is not ready. */
  async search(terms: string[], filters: IndexFilters, limit: number): Promise<IndexHit[] | null> {
    if (this.state !== 'ready') return null;
    await this.catchUpIfChanged();
    const accept = await this.acceptor(filters);
    return this.index
      .search(terms, { limit, accept: (meta, docId) => accept(docId, meta) })
      .map((hit) => toHit(hit.docId, hit.meta, hit.score));
  }

  /**
   * A predicate for "this live document passes these filters" (given its metadata when the
   * caller has it at hand): metadata filters
   * are answered from memory, the rest (tags, category, role, file, code, errors)
   * by one store query for the allowed documents.
   */
  async acceptor(filters: IndexFilters): Promise<(docId: number, known?: LexicalDocMeta) => boolean> {
    const allowed = needsStoreFilter(filters)
      ? await this.store.matchingDocIds(storeOnlyFilters(filters))
      : null;
    const visible = await this.visibleTo(filters.visibleTo);
    const since = filters.since === undefined ? null : Date.parse(filters.since);
    const until = filters.until === undefined ? null : Date.parse(filters.until);
    return (docId, known) => {
      const meta = known ?? this.index.meta(docId);
      return (
        meta !== undefined &&
        (visible === null || visible(docId)) &&
        (allowed === null || allowed.has(docId)) &&
        (filters.projectIds === undefined || filters.projectIds.includes(meta.projectId ?? '')) &&
        (filters.sessionId === undefined || meta.sessionId === filters.sessionId) &&
        (filters.sources === undefined || filters.sources.includes(meta.source as SearchSource)) &&
        (filters.kinds === undefined || filters.kinds.includes(meta.kind)) &&
        (since === null || meta.createdAt >= since) &&
        (until === null || meta.createdAt < until) &&
        (filters.minConfidence === undefined || (meta.confidence ?? -1) >= filters.minConfidence) &&
        (filters.ownedBy === undefined || this.visibility.get(docId)?.owner === filters.ownedBy)
      );
    };
  }

  /**
   * Teams: "this member may see this live document" — it is theirs (a memory
   * they wrote, a document of their session) or a memory shared with one of
   * their teams, read from the store on every search (membership changes take
   * effect at once). Null: single-user mode, no restriction. Applied before
   * scoring, with the same rule as the store's queries (VISIBLE_TO).
   */
  private async visibleTo(
    visibleTo: string | null | undefined,
  ): Promise<((docId: number) => boolean) | null> {
    const member = visibilityMember(visibleTo);
    if (member === null) return null;
    const teams = new Set((await this.store.memberTeams(member)).map((entry) => entry.teamId));
    return (docId) => {
      const entry = this.visibility.get(docId);
      return (
        entry !== undefined && (entry.owner === member || (entry.team !== null && teams.has(entry.team)))
      );
    };
  }

  /** The hit of a live document (for candidates another index found). */
  hit(docId: number, bm25 = 0): IndexHit | null {
    const meta = this.index.meta(docId);
    return meta ? toHit(docId, meta, bm25) : null;
  }
}

function toHit(docId: number, meta: LexicalDocMeta, bm25: number): IndexHit {
  return {
    docId,
    source: meta.source as SearchSource,
    ref: meta.ref,
    projectId: meta.projectId,
    sessionId: meta.sessionId,
    kind: meta.kind,
    createdAt: isoFromEpoch(meta.createdAt),
    createdAtMs: meta.createdAt,
    confidence: meta.confidence,
    bm25,
  };
}

function toMeta(row: {
  ref: string;
  source: string;
  kind: string;
  projectId: string | null;
  sessionId: string | null;
  createdAt: string;
  confidence: number | null;
}): LexicalDocMeta {
  return {
    ref: row.ref,
    source: row.source,
    kind: row.kind,
    projectId: row.projectId,
    sessionId: row.sessionId,
    createdAt: Date.parse(row.createdAt),
    confidence: row.confidence,
  };
}

/** Filters the in-memory metadata cannot answer; the store answers them as a set of allowed documents. */
function storeOnlyFilters(filters: IndexFilters): IndexFilters {
  return {
    ...(filters.tags ? { tags: filters.tags } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.file ? { file: filters.file } : {}),
    ...(filters.code ? { code: filters.code } : {}),
    ...(filters.errors !== undefined ? { errors: filters.errors } : {}),
    ...(filters.projectIds ? { projectIds: filters.projectIds } : {}),
  };
}

function needsStoreFilter(filters: IndexFilters): boolean {
  return (
    (filters.tags?.length ?? 0) > 0 ||
    filters.category !== undefined ||
    filters.role !== undefined ||
    filters.file !== undefined ||
    filters.code !== undefined ||
    filters.errors !== undefined
  );
}
