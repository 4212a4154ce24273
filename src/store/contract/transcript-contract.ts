import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Project, Session } from '../../core/types.js';
import type { Store } from '../port.js';
import type { TokenUsage, TranscriptFileState } from '../transcript-port.js';
import { project, type StoreFactory, session } from './store-contract.js';

function usage(s: Session, key: string, overrides: Partial<TokenUsage> = {}): TokenUsage {
  return {
    key,
    source: 'claude-code',
    sessionId: s.id,
    projectId: s.projectId,
    model: 'claude-sonnet-4-5',
    sidechain: false,
    createdAt: '2026-11-24T09:00:00.000Z',
    inputTokens: 10,
    outputTokens: 2,
    cacheWriteTokens: 100,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 1000,
    reasoningTokens: 0,
    ...overrides,
  };
}

const fileState = (overrides: Partial<TranscriptFileState> = {}): TranscriptFileState => ({
  path: '/home/u/.claude/projects/-tmp-demo/abc.jsonl',
  source: 'claude-code',
  identity: '2049:12345',
  headHash: 'f'.repeat(64),
  headBytes: 4096,
  offset: 8192,
  lineNumber: 17,
  parserState: { model: 'claude-sonnet-4-5' },
  importedAt: '2026-11-24T09:00:00.000Z',
  ...overrides,
});

/** Transcript import bookkeeping and token usage: the same on every backend. */
export function runTranscriptContract(factory: StoreFactory): void {
  describe(`Transcript contract: ${factory.name}`, () => {
    let store: Store;
    let demo: Project;
    let live: Session;
    beforeEach(async () => {
      store = await factory.open();
      demo = await store.upsertProject(project());
      live = session(demo.id, { status: 'ended', lastActivityAt: '2026-11-24T09:00:00.000Z' });
      await store.insertSession(live);
    });
    afterEach(async () => {
      if (factory.dispose) await factory.dispose(store);
      else await store.close();
    });

    it('keeps where the import of each file stands, and replaces it', async () => {
      expect(await store.getTranscriptFile('/nowhere.jsonl')).toBeNull();
      await store.saveTranscriptFile(fileState());
      expect(await store.getTranscriptFile(fileState().path)).toEqual(fileState());
      await store.saveTranscriptFile(fileState({ offset: 9000, lineNumber: 20, parserState: {} }));
      expect(await store.getTranscriptFile(fileState().path)).toMatchObject({ offset: 9000, lineNumber: 20 });
    });

    it('counts a response once and keeps the field-wise maximum of its lines', async () => {
      const first = await store.recordUsage([
        usage(live, 'claude-code:msg_1:req_1', { outputTokens: 2 }),
        usage(live, 'claude-code:msg_1:req_1', { outputTokens: 195 }),
        usage(live, 'claude-code:msg_2:req_2', { model: 'claude-opus-4-1', inputTokens: 5 }),
      ]);
      expect(first).toEqual({ inserted: 2, updated: 1 });
      const again = await store.recordUsage([usage(live, 'claude-code:msg_1:req_1', { outputTokens: 7 })]);
      expect(again).toEqual({ inserted: 0, updated: 1 });
      const byModel = await store.usageTotals({}, 'model');
      expect(byModel).toEqual([
        expect.objectContaining({
          group: 'claude-sonnet-4-5',
          responses: 1,
          inputTokens: 10,
          outputTokens: 195,
        }),
        expect.objectContaining({ group: 'claude-opus-4-1', responses: 1, inputTokens: 5, outputTokens: 2 }),
      ]);
      const [total] = await store.usageTotals({ sessionId: live.id }, 'session');
      expect(total).toMatchObject({ responses: 2, cacheWriteTokens: 200, cacheReadTokens: 2000 });
    });

    it('groups usage by day and project and filters by time', async () => {
      await store.recordUsage([
        usage(live, 'k1', { createdAt: '2026-11-23T23:59:00.000Z', model: null }),
        usage(live, 'k2', { createdAt: '2026-11-24T00:01:00.000Z' }),
      ]);
      expect((await store.usageTotals({}, 'day')).map((row) => row.group).sort()).toEqual([
        '2026-11-23',
        '2026-11-24',
      ]);
      expect(await store.usageTotals({}, 'project')).toEqual([
        expect.objectContaining({ group: demo.id, responses: 2 }),
      ]);
      expect((await store.usageTotals({}, 'model')).map((row) => row.group)).toContain('unknown');
      const later = await store.usageTotals({ since: '2026-11-24T00:00:00.000Z' }, 'day');
      expect(later).toEqual([expect.objectContaining({ group: '2026-11-24', responses: 1 })]);
      expect(await store.usageTotals({ projectId: 'prj_other' }, 'day')).toEqual([]);
    });

    it('moves an imported session later, never earlier', async () => {
      await store.extendSession(live.id, '2026-11-24T10:00:00.000Z');
      await store.extendSession(live.id, '2026-11-24T08:00:00.000Z');
      const moved = await store.getSession(live.id);
      expect(moved?.lastActivityAt).toBe('2026-11-24T10:00:00.000Z');
      expect(moved?.endedAt).toBe('2026-11-24T10:00:00.000Z');
    });
  });
}
