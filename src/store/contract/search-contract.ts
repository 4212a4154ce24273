import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { contentHash } from '../../core/memory/content-hash.js';
import { queryTerms } from '../../core/ranking/tokenize.js';
import type { Memory, Message, Project, Session } from '../../core/types.js';
import type { Store } from '../port.js';
import type { IndexQuery } from '../search-port.js';
import { event, project, type StoreFactory, session } from './store-contract.js';

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

export function memory(projectId: string | null, content: string, overrides: Partial<Memory> = {}): Memory {
  return {
    id: newId(),
    projectId,
    sessionId: null,
    kind: 'decision',
    content,
    contentHash: contentHash(content),
    title: null,
    category: null,
    tags: [],
    confidence: null,
    source: 'tool',
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function message(s: Session, content: string, turn: number, overrides: Partial<Message> = {}): Message {
  return {
    id: newId(),
    sessionId: s.id,
    projectId: s.projectId,
    role: 'user',
    content,
    turn,
    sourceRef: `${s.id}:${turn}`,
    meta: {},
    createdAt: at(turn),
    ...overrides,
  };
}

const ranked = (text: string, filters: IndexQuery['filters'] = {}, limit = 20): IndexQuery => ({
  terms: queryTerms(text).terms,
  match: 'any',
  filters,
  limit,
});

/** Memories, messages and the search index: what every backend must do the same way. */
export function runSearchContract(factory: StoreFactory): void {
  describe(`Search store contract: ${factory.name}`, () => {
    let store: Store;
    let p: Project;
    let other: Project;
    let s: Session;

    beforeEach(async () => {
      store = await factory.open();
      p = await store.upsertProject(project({ name: 'alpha' }));
      other = await store.upsertProject(project({ name: 'beta' }));
      s = session(p.id);
      await store.insertSession(s);
    });
    afterEach(async () => {
      await (factory.dispose ? factory.dispose(store) : store.close());
    });

    it('deduplicates memories by content hash within a project, not across projects', async () => {
      const first = await store.insertMemory(memory(p.id, 'Use WAL mode'));
      const again = await store.insertMemory(memory(p.id, 'Use WAL mode'));
      const elsewhere = await store.insertMemory(memory(other.id, 'Use WAL mode'));
      expect(first.deduplicated).toBe(false);
      expect(again).toEqual({ memory: first.memory, deduplicated: true });
      expect(elsewhere.deduplicated).toBe(false);
      expect(elsewhere.memory.id).not.toBe(first.memory.id);
    });

    it('batch-inserts memories and counts duplicates', async () => {
      const result = await store.insertMemories([
        memory(p.id, 'one'),
        memory(p.id, 'two'),
        memory(p.id, 'one'),
        memory(null, 'global note'),
      ]);
      expect(result).toEqual({ inserted: 3, duplicates: 1 });
      expect((await store.memoryStats()).total).toBe(3);
      expect((await store.memoryStats(p.id)).total).toBe(2);
    });

    it('lists the memories of one session, in the order they were stored', async () => {
      const later = session(p.id);
      await store.insertSession(later);
      await store.insertMemories([
        memory(p.id, 'chose WAL mode', { sessionId: s.id }),
        memory(p.id, 'another session', { sessionId: later.id }),
        memory(p.id, 'no session'),
        memory(p.id, 'learned the lock order', { sessionId: s.id, kind: 'learning', title: 'locks' }),
      ]);
      const listed = await store.listMemories({ sessionId: s.id, limit: 10 });
      expect(listed.map((m) => m.content)).toEqual(['chose WAL mode', 'learned the lock order']);
      expect(await store.listMemories({ sessionId: s.id, kind: 'learning', limit: 10 })).toHaveLength(1);
      expect(await store.listMemories({ sessionId: 'no-such-session', limit: 10 })).toEqual([]);
    });

    it('finds memories, events, messages, checkpoints and hand-offs in one ranked index', async () => {
      await store.insertMemory(memory(p.id, 'The retry loop in parseConfigFile swallowed errors'));
      await store.appendEvent(
        event(s, { text: 'decision\nretry with exponential backoff', createdAt: at(2) }),
      );
      await store.appendMessages([message(s, 'why does the retry loop hang?', 3)]);
      await store.insertCheckpoint(
        {
          id: newId(),
          sessionId: s.id,
          projectId: p.id,
          name: 'retry fixed',
          summary: 'loop now exits',
          kind: 'manual',
          gitCommit: null,
          state: { eventCounts: {}, git: null, recentEvents: [] },
          createdAt: at(4),
        },
        10,
      );
      const hits = await store.searchIndex(ranked('retry loop'));
      expect(new Set(hits.map((hit) => hit.source))).toEqual(
        new Set(['memory', 'event', 'message', 'checkpoint']),
      );
      expect(hits[0]?.bm25).toBeGreaterThan(0);
      const scores = hits.map((hit) => hit.bm25);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('matches identifiers by their parts and file paths by fragments', async () => {
      const stored = await store.insertMemory(
        memory(p.id, 'parseConfigFile reads src/config/load-config.ts'),
      );
      const byParts = await store.searchIndex(ranked('config file parse'));
      expect(byParts[0]?.ref).toBe(stored.memory.id);
      const byFile = await store.searchIndex({ ...ranked('reads'), filters: { file: 'load-config' } });
      expect(byFile.map((hit) => hit.ref)).toEqual([stored.memory.id]);
    });

    it('applies every filter inside the query', async () => {
      const a = await store.insertMemory(
        memory(p.id, 'cache invalidation plan', {
          tags: ['perf'],
          kind: 'learning',
          confidence: 0.9,
          createdAt: at(10),
        }),
      );
      await store.insertMemory(memory(other.id, 'cache invalidation elsewhere', { createdAt: at(20) }));
      await store.insertMemory(
        memory(p.id, 'cache invalidation guess', { confidence: 0.2, kind: 'learning' }),
      );
      const refs = async (filters: IndexQuery['filters']) =>
        (await store.searchIndex(ranked('cache invalidation', filters))).map((hit) => hit.ref).sort();
      expect(await refs({ projectIds: [p.id], tags: ['perf'] })).toEqual([a.memory.id]);
      expect(await refs({ kinds: ['learning'], minConfidence: 0.5 })).toEqual([a.memory.id]);
      expect(await refs({ since: at(5), until: at(15) })).toEqual([a.memory.id]);
      expect(await refs({ projectIds: [other.id] })).toHaveLength(1);
      expect(await refs({ sources: ['event'] })).toEqual([]);
    });

    it('counts, facets and hydrates matches', async () => {
      await store.insertMemories([
        memory(p.id, 'deploy to staging', { tags: ['ops'] }),
        memory(p.id, 'deploy to production', { tags: ['ops', 'prod'] }),
      ]);
      await store.appendEvent(event(s, { text: 'phase\ndeploy started', category: 'phase', type: 'phase' }));
      const query = { terms: ['deploy'], match: 'any' as const, filters: {} };
      expect(await store.countMatches(query)).toBe(3);
      const facets = await store.facetCounts(query, 10);
      expect(facets.source).toEqual({ memory: 2, event: 1 });
      expect(facets.tag).toEqual({ ops: 2, prod: 1 });
      const hits = await store.searchIndex({ ...query, limit: 10 });
      const docs = await store.documents(hits);
      expect([...docs.values()].map((doc) => doc.text).sort()).toEqual([
        'deploy to production',
        'deploy to staging',
        'phase\ndeploy started',
      ]);
    });

    it('forgets deleted memories from the index', async () => {
      const kept = await store.insertMemory(memory(p.id, 'keep this note'));
      const gone = await store.insertMemory(memory(p.id, 'drop this note'));
      await store.indexPending();
      expect(await store.deleteMemories([gone.memory.id, 'no-such-id'])).toBe(1);
      expect((await store.searchIndex(ranked('note'))).map((hit) => hit.ref)).toEqual([kept.memory.id]);
      expect(await store.deleteAllMemories(p.id)).toBe(1);
      expect(await store.searchIndex(ranked('note'))).toEqual([]);
    });

    it('indexes a memory stored after the newest one was deleted (sequence numbers are never reused)', async () => {
      await store.insertMemory(memory(p.id, 'first note'));
      const newest = await store.insertMemory(memory(p.id, 'second note'));
      await store.indexPending();
      await store.deleteMemories([newest.memory.id]);
      const next = await store.insertMemory(memory(p.id, 'third note'));
      const refs = (await store.searchIndex(ranked('note'))).map((hit) => hit.ref);
      expect(refs).toContain(next.memory.id);
      expect(refs).not.toContain(newest.memory.id);
      const rows = await store.indexedDocuments(0, 10);
      expect(rows.map((row) => row.ref)).toContain(next.memory.id);
      expect(await store.deletedDocuments(0, 10)).toHaveLength(1);
    });

    it('lists the first messages of a conversation in stored order, of one role when asked', async () => {
      const other = session(p.id);
      await store.insertSession(other);
      await store.appendMessages([
        message(s, 'first question', 1),
        message(s, 'an answer', 2, { role: 'assistant' }),
        message(other, 'elsewhere', 1),
        message(s, 'second question', 3),
        message(s, 'third question', 4),
      ]);
      const text = (list: Message[]) => list.map((m) => m.content);
      expect(text(await store.sessionMessages(s.id, { role: 'user', limit: 2 }))).toEqual([
        'first question',
        'second question',
      ]);
      expect(text(await store.sessionMessages(s.id, { limit: 10 }))).toEqual([
        'first question',
        'an answer',
        'second question',
        'third question',
      ]);
      expect(await store.sessionMessages('no-such-session', { limit: 10 })).toEqual([]);
      // From an instant on (a conversation resumed in a later deja session); message(…, turn) is at minute `turn`.
      expect(text(await store.sessionMessages(s.id, { role: 'user', since: at(3), limit: 10 }))).toEqual([
        'second question',
        'third question',
      ]);
    });

    it('skips messages already imported (same source ref)', async () => {
      expect(await store.appendMessages([message(s, 'hello', 1), message(s, 'world', 2)])).toEqual({
        inserted: 2,
        skipped: 0,
      });
      expect(await store.appendMessages([message(s, 'hello', 1), message(s, 'again', 3)])).toEqual({
        inserted: 1,
        skipped: 1,
      });
    });

    it('offers vocabulary by prefix, most frequent first', async () => {
      await store.insertMemories([
        memory(p.id, 'parser parses'),
        memory(p.id, 'parser again'),
        memory(p.id, 'partial'),
      ]);
      const terms = await store.vocabulary('par', 10);
      expect(terms[0]).toEqual({ term: 'parser', documents: 2 });
      expect(terms.map((entry) => entry.term)).toEqual(expect.arrayContaining(['parses', 'partial']));
    });

    it('moves its index version with every change to the index, not with searching (or has none)', async () => {
      const first = await store.indexVersion();
      if (first === null) {
        await store.insertMemory(memory(p.id, 'a note'));
        expect(await store.indexVersion()).toBeNull(); // no version: callers look for changes every time
        return;
      }
      expect(await store.indexVersion()).toBe(first);
      const stored = await store.insertMemory(memory(p.id, 'a versioned note'));
      expect(await store.indexVersion()).not.toBe(first);
      await store.indexPending();
      const indexed = await store.indexVersion();
      await store.searchIndex(ranked('versioned note'));
      await store.logSearch({ mode: 'ranked', terms: 2, results: 1, latencyMs: 1, createdAt: at(0) });
      await store.searchMetrics(); // writes the search log
      expect(await store.indexVersion()).toBe(indexed);
      await store.deleteMemories([stored.memory.id]);
      expect(await store.indexVersion()).not.toBe(indexed);
    });

    it('logs searches and reports metrics', async () => {
      await store.logSearch({ mode: 'ranked', terms: 2, results: 3, latencyMs: 1.5, createdAt: at(0) });
      await store.logSearch({ mode: 'quick', terms: 1, results: 0, latencyMs: 0.5, createdAt: at(1) });
      const metrics = await store.searchMetrics();
      expect(metrics).toMatchObject({ searches: 2, zeroResults: 1, byMode: { ranked: 1, quick: 1 } });
    });
  });
}
