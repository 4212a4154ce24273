/**
 * The background embedding job and the live vector index against real components: an
 * in-memory SQLite store (memories written through `storeMemory`), the real
 * OpenAI-compatible embedder, and a real HTTP server on 127.0.0.1 that speaks the
 * `/embeddings` API with deterministic vectors — a hashed bag of words in which
 * synonyms ("automobile", "car") share a dimension. The server can be told to fail,
 * to refuse one text, or to answer slowly.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeMemory } from '../../src/app/memory/store-memory.js';
import { EmbeddingJob, type EmbeddingProgress } from '../../src/app/search/embed-documents.js';
import { LiveVectorIndex } from '../../src/app/search/live-vectors.js';
import { createEmbedder } from '../../src/embedders/create-embedder.js';
import type { Embedder } from '../../src/embedders/embedder.js';
import { vectorOf } from '../support/embedding-server.js';
import { tempHome } from '../support/git-repo.js';
import { readBody, sendJson } from '../support/http.js';
import { testDeps } from '../support/in-memory.js';

const DIM = 256;

interface Behaviour {
  /** Requests answered normally before every later one fails (null: never fail). */
  failAfter: number | null;
  failStatus: number;
  failMessage: string;
  /** Texts containing this are refused with HTTP 400. */
  refuse: string | null;
  delayMs: number;
}

const behaviour: Behaviour = { failAfter: null, failStatus: 503, failMessage: '', refuse: null, delayMs: 0 };
let answered = 0;
/** Every text the server embedded successfully, with the model it was asked for. */
const embedded: { model: string; input: string }[] = [];
const batches: number[] = [];

let server: Server;
let origin: string;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = JSON.parse(await readBody(req)) as { model: string; input: string[] };
  if (behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
  if (behaviour.failAfter !== null && answered >= behaviour.failAfter) {
    sendJson(res, behaviour.failStatus, { error: { message: behaviour.failMessage } });
    return;
  }
  const refuse = behaviour.refuse;
  if (refuse !== null && body.input.some((text) => text.includes(refuse))) {
    sendJson(res, 400, {
      error: { message: 'input contains forbidden text', type: 'invalid_request_error' },
    });
    return;
  }
  answered++;
  batches.push(body.input.length);
  for (const input of body.input) embedded.push({ model: body.model, input });
  sendJson(res, 200, {
    object: 'list',
    model: body.model,
    data: body.input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text, DIM) })),
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

function embedder(model = 'hash-bow'): Embedder {
  const made = createEmbedder({ provider: 'openai', baseUrl: origin, model });
  if (made === null) throw new Error('expected an embedder');
  return made;
}

describe('EmbeddingJob', () => {
  let deps: ReturnType<typeof testDeps>;
  let home: string;
  const jobs: EmbeddingJob[] = [];

  const remember = async (content: string) =>
    (await storeMemory(deps, { content, project: 'embedding-job' }, { cwd: home, source: 'tool' })).memory;
  const rememberMany = async (n: number, prefix = 'note') => {
    const contents = Array.from({ length: n }, (_, i) => `${prefix} ${i} about topic${i % 5}`);
    for (const content of contents) await remember(content);
    return contents;
  };
  const job = (model?: string, options?: ConstructorParameters<typeof EmbeddingJob>[2]) => {
    const made = new EmbeddingJob(deps, embedder(model), options);
    jobs.push(made);
    return made;
  };
  /** The search rowid of each memory id. */
  const docIds = async () => {
    const rows = await deps.store.indexedDocuments(0, 10_000);
    return new Map(rows.map((row) => [row.ref, row.docId]));
  };

  beforeEach(() => {
    home = tempHome();
    deps = testDeps(home);
    Object.assign(behaviour, { failAfter: null, failStatus: 503, failMessage: '', refuse: null, delayMs: 0 });
    answered = 0;
    embedded.length = 0;
    batches.length = 0;
  });

  afterEach(async () => {
    for (const made of jobs.splice(0)) await made.stop();
    await deps.store.close();
  });

  it('embeds every document once, in batches, reporting progress; a second run embeds nothing', async () => {
    const contents = await rememberMany(70);
    const worker = job(undefined, { batchSize: 32 });
    expect(await worker.progress()).toEqual({
      embedderId: 'openai:hash-bow',
      embedded: 0,
      total: 70,
      running: false,
      lastError: null,
    });

    const updates: EmbeddingProgress[] = [];
    expect(await worker.runOnce((progress) => updates.push(progress))).toBe(70);
    expect(updates.map((u) => u.embedded)).toEqual([0, 32, 64, 70]);
    expect(updates.every((u) => u.total === 70 && u.running && u.lastError === null)).toBe(true);
    expect(batches).toEqual([32, 32, 6]);
    expect(embedded.map((e) => e.input).sort()).toEqual([...contents].sort());
    expect(await worker.progress()).toMatchObject({
      embedded: 70,
      total: 70,
      running: false,
      lastError: null,
    });

    expect(await worker.runOnce()).toBe(0);
    expect(embedded).toHaveLength(70);

    const later = await rememberMany(3, 'later');
    expect(await worker.runOnce()).toBe(3);
    expect(embedded.slice(70).map((e) => e.input)).toEqual(later);
    expect(await worker.progress()).toMatchObject({ embedded: 73, total: 73 });
  });

  it('cuts texts to maxChars before embedding, never inside a surrogate pair', async () => {
    await remember(`${'word '.repeat(1000)}end`);
    await remember(`${'a'.repeat(99)}😀 tail`);
    expect(await job().runOnce()).toBe(2);
    expect(embedded.map((e) => e.input.length)).toEqual([2000, 106]);

    const short = job('hash-bow-short', { maxChars: 100 });
    embedded.length = 0;
    expect(await short.runOnce()).toBe(2);
    expect(embedded.map((e) => e.input)).toEqual([`${'word '.repeat(20)}`, 'a'.repeat(99)]);
  });

  it('re-embeds every document when the embedder changes, replacing the old vectors', async () => {
    await rememberMany(40);
    const first = job('hash-bow');
    expect(await first.runOnce()).toBe(40);

    const second = job('hash-bow-v2', { batchSize: 16 });
    expect(second.embedderId).toBe('openai:hash-bow-v2');
    expect(await second.progress()).toMatchObject({ embedded: 0, total: 40 });
    expect(await second.runOnce()).toBe(40);
    expect(embedded.filter((e) => e.model === 'hash-bow-v2')).toHaveLength(40);
    expect(await second.progress()).toMatchObject({ embedded: 40, total: 40 });
    // One vector per document: the first embedder's are gone, so it would start over.
    expect(await first.progress()).toMatchObject({ embedded: 0, total: 40 });
  });

  it('reports a failing server in lastError, keeps what was stored, and resumes where it stopped', async () => {
    const contents = await rememberMany(40);
    Object.assign(behaviour, { failAfter: 2, failStatus: 503, failMessage: 'model is loading' });
    const worker = job(undefined, { batchSize: 10 });

    await expect(worker.runOnce()).rejects.toThrow(/HTTP 503.*model is loading/);
    const failed = await worker.progress();
    expect(failed).toMatchObject({ embedded: 20, total: 40, running: false });
    expect(failed.lastError).toMatch(/HTTP 503.*model is loading/);

    behaviour.failAfter = null;
    expect(await worker.runOnce()).toBe(20);
    expect(embedded.map((e) => e.input)).toEqual(contents);
    expect(await worker.progress()).toMatchObject({ embedded: 40, total: 40, lastError: null });
  });

  it('sets aside a document the embedder refuses and embeds the others', async () => {
    const contents = await rememberMany(9);
    await remember('this one says POISON and is refused');
    behaviour.refuse = 'POISON';
    const worker = job(undefined, { batchSize: 32 });

    expect(await worker.runOnce()).toBe(9);
    expect(embedded.map((e) => e.input).sort()).toEqual([...contents].sort());
    const progress = await worker.progress();
    expect(progress).toMatchObject({ embedded: 9, total: 10 });
    expect(progress.lastError).toMatch(/^1 document could not be embedded.*forbidden text/);

    // The refused text is not sent again by this job.
    answered = 0;
    expect(await worker.runOnce()).toBe(0);
    expect(answered).toBe(0);
  });

  it('runs in the background: picks up new documents, retries after failures, stops', async () => {
    await rememberMany(5);
    const worker = job(undefined, { idleMs: 10 });
    worker.start();
    worker.start(); // a second start is a no-op
    await vi.waitFor(async () => expect(await worker.progress()).toMatchObject({ embedded: 5, total: 5 }));

    await remember('a memory written while the job runs');
    await vi.waitFor(async () => expect(await worker.progress()).toMatchObject({ embedded: 6, total: 6 }));

    Object.assign(behaviour, { failAfter: 0, failStatus: 500, failMessage: 'GPU on fire' });
    await remember('written during an outage');
    await vi.waitFor(async () => expect((await worker.progress()).lastError).toMatch(/GPU on fire/));
    expect((await worker.progress()).embedded).toBe(6);

    behaviour.failAfter = null;
    await vi.waitFor(async () =>
      expect(await worker.progress()).toMatchObject({ embedded: 7, total: 7, lastError: null }),
    );

    await worker.stop();
    const before = embedded.length;
    await remember('written after stop');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(embedded).toHaveLength(before);
    expect(await worker.progress()).toMatchObject({ embedded: 7, total: 8, running: false });
  });

  it('never embeds a document twice when runOnce is called while the loop runs', async () => {
    const contents = await rememberMany(60);
    behaviour.delayMs = 5;
    const worker = job(undefined, { batchSize: 8, idleMs: 5 });
    worker.start();
    const counts = await Promise.all([worker.runOnce(), worker.runOnce(), worker.runOnce()]);
    await vi.waitFor(async () => expect((await worker.progress()).embedded).toBe(60));
    await worker.stop();
    expect(embedded.map((e) => e.input).sort()).toEqual([...contents].sort());
    // The two calls that queued behind the running pass share one follow-up pass.
    expect(counts[1]).toBe(counts[2]);
    expect(counts.every((n) => n <= 60)).toBe(true);
  });

  it('stop() ends a running pass after its current batch', async () => {
    await rememberMany(50);
    behaviour.delayMs = 20;
    const worker = job(undefined, { batchSize: 5 });
    const run = worker.runOnce();
    await vi.waitFor(() => expect(batches.length).toBeGreaterThan(0));
    await worker.stop();
    const stoppedAt = (await worker.progress()).embedded;
    expect(stoppedAt).toBeLessThan(50);
    expect(await run).toBe(stoppedAt);
    behaviour.delayMs = 0;
    expect(await worker.runOnce()).toBe(50 - stoppedAt);
  });

  describe('with LiveVectorIndex', () => {
    it('finds the synonym document first, respects accept, and forgets removed documents', async () => {
      const car = await remember('I parked the car in the garage overnight');
      const migration = await remember('The database migration failed on production');
      await remember('Rocket launch window opens at dawn');
      await remember('Bought fresh bread at the bakery');
      const model = embedder();
      const worker = new EmbeddingJob(deps, model);
      jobs.push(worker);
      await worker.runOnce();

      const index = new LiveVectorIndex(deps.store, model.id);
      await index.catchUp();
      expect(index.size).toBe(4);
      const ids = await docIds();
      const carDoc = ids.get(car.id) as number;

      const [automobile] = (await model.embed(['automobile'])) as [Float32Array];
      const hits = index.search(automobile, 4);
      expect(hits).toHaveLength(4);
      expect(hits[0]?.docId).toBe(carDoc);
      expect(hits[0]?.similarity).toBeGreaterThan((hits[1]?.similarity ?? 1) + 0.1);

      const [database] = (await model.embed(['database migration'])) as [Float32Array];
      expect(index.search(database, 1)[0]?.docId).toBe(ids.get(migration.id));

      const withoutCar = index.search(automobile, 4, (docId) => docId !== carDoc);
      expect(withoutCar.map((hit) => hit.docId)).not.toContain(carDoc);
      expect(withoutCar).toHaveLength(3);

      index.remove(carDoc);
      expect(index.size).toBe(3);
      expect(index.search(automobile, 4).map((hit) => hit.docId)).not.toContain(carDoc);

      // A new document is embedded by the job and loaded by the next catchUp.
      const tyres = await remember('my automobile needs new tyres');
      await worker.runOnce();
      await index.catchUp();
      expect(index.size).toBe(4);
      expect(index.search(automobile, 1)[0]?.docId).toBe((await docIds()).get(tyres.id));
    });
  });
});
