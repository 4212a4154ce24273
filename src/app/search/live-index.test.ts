import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../core/ranking/analyze.js';
import { memory } from '../../store/contract/search-contract.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { LiveLexicalIndex } from './live-index.js';

/** The in-memory index follows the store, whoever writes: this connection or another process's. */
describe('live lexical index', () => {
  let folder: string;
  let here: SqliteStore;
  let elsewhere: SqliteStore;
  let index: LiveLexicalIndex;
  const found = async (query: string) =>
    ((await index.search(analyzeQuery(query), {}, 10)) ?? []).map((hit) => hit.ref);

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'deja-live-index-'));
    here = new SqliteStore({ path: join(folder, 'deja.db'), backgroundIndexing: false });
    elsewhere = new SqliteStore({ path: join(folder, 'deja.db'), backgroundIndexing: false });
    index = new LiveLexicalIndex(here);
    expect(await index.prepare({ wait: true })).toBe(true);
  });
  afterEach(async () => {
    await here.close();
    await elsewhere.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('finds what this connection stored since the last search, and forgets what it deleted', async () => {
    expect(await found('kestrel')).toEqual([]);
    const first = await here.insertMemory(memory(null, 'kestrel nests on the roof'));
    expect(await found('kestrel')).toEqual([first.memory.id]);
    expect(await found('kestrel')).toEqual([first.memory.id]); // nothing changed: the same answer
    await here.deleteMemories([first.memory.id]);
    expect(await found('kestrel')).toEqual([]);
  });

  it('finds what another connection stored and indexed, and forgets what it deleted', async () => {
    expect(await found('osprey')).toEqual([]);
    const stored = await elsewhere.insertMemory(memory(null, 'osprey dives for fish'));
    expect(await found('osprey')).toEqual([stored.memory.id]); // indexed by this side's catch-up
    const second = await elsewhere.insertMemory(memory(null, 'osprey again'));
    await elsewhere.indexPending(); // indexed by the other side this time
    expect((await found('osprey')).sort()).toEqual([stored.memory.id, second.memory.id].sort());
    await elsewhere.deleteMemories([stored.memory.id]);
    expect(await found('osprey')).toEqual([second.memory.id]);
  });
});
