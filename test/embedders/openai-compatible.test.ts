/**
 * The OpenAI-compatible embedder against a real HTTP server on 127.0.0.1 that speaks
 * the `/embeddings` API with deterministic hashed bag-of-words vectors. The first path
 * segment of the base URL picks the server's behaviour (ok, unauthorized, broken, ...).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/embedders/create-embedder.js';
import type { Embedder, OpenAiEmbedderConfig } from '../../src/embedders/embedder.js';
import { EmbeddingRequestError, OpenAiCompatibleEmbedder } from '../../src/embedders/openai-compatible.js';
import { cosine, l2Norm, normalize } from '../../src/embedders/vectors.js';
import { readBody, sendJson } from '../support/http.js';

const NATIVE_DIM = 32;
const API_KEY = 'sk-test-4f9a2c7e1b8d';

/** Hashed bag of words (FNV-1a into `dim` buckets), deliberately not normalised. */
function bagOfWords(text: string, dim: number): number[] {
  const out = new Array<number>(dim).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    out[hash % dim] = (out[hash % dim] ?? 0) + 1;
  }
  out[dim - 1] = (out[dim - 1] ?? 0) + 0.5; // never all-zero, even for ""
  return out;
}

interface Recorded {
  scenario: string;
  authorization: string | undefined;
  body: { model?: string; input?: string[]; dimensions?: number };
}

let server: Server;
let origin: string;
const requests: Recorded[] = [];

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, scenario = '', endpoint] = (req.url ?? '').split('/');
  if (req.method !== 'POST' || endpoint !== 'embeddings') {
    sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    return;
  }
  const body = JSON.parse(await readBody(req)) as Recorded['body'];
  requests.push({ scenario, authorization: req.headers.authorization, body });
  const input = body.input ?? [];
  const dim = body.dimensions ?? NATIVE_DIM;
  // Reverse order and scale each vector differently: the client must re-order and normalise.
  const data = input
    .map((text, index) => ({
      object: 'embedding',
      index,
      embedding: bagOfWords(text, dim).map((x) => x * (index + 2)),
    }))
    .reverse();
  switch (scenario) {
    case 'ok':
      sendJson(res, 200, {
        object: 'list',
        model: body.model,
        data,
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
      return;
    case 'auth':
      if (req.headers.authorization !== `Bearer ${API_KEY}`) {
        sendJson(res, 401, {
          error: {
            message: `Incorrect API key provided: ${req.headers.authorization?.slice(7) ?? '(none)'}`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        });
        return;
      }
      sendJson(res, 200, { data });
      return;
    case 'ollama-error':
      sendJson(res, 500, { error: 'model "nomic-embed-text" not found, try pulling it first' });
      return;
    case 'plain-500':
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('upstream exploded\n');
      return;
    case 'garbage':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
      return;
    case 'no-data':
      sendJson(res, 200, { object: 'list', results: [] });
      return;
    case 'wrong-dim':
      sendJson(res, 200, { data: data.map((item) => ({ ...item, embedding: item.embedding.slice(0, 16) })) });
      return;
    case 'short':
      sendJson(res, 200, { data: data.slice(1) });
      return;
    case 'dup-index':
      sendJson(res, 200, { data: data.map((item) => ({ ...item, index: 0 })) });
      return;
    case 'zero':
      sendJson(res, 200, { data: data.map((item) => ({ ...item, embedding: item.embedding.map(() => 0) })) });
      return;
    case 'base64':
      sendJson(res, 200, {
        data: data.map((item) => ({
          ...item,
          embedding: Buffer.from(Float32Array.from(item.embedding).buffer).toString('base64'),
        })),
      });
      return;
    case 'slow':
      setTimeout(() => {
        if (!res.destroyed) sendJson(res, 200, { data });
      }, 3000).unref();
      return;
    case 'slow-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data": [');
      return; // never finishes
    default:
      sendJson(res, 404, { error: { message: `unknown scenario ${scenario}` } });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  requests.length = 0;
});

function embedder(scenario: string, extra: Partial<OpenAiEmbedderConfig> = {}): Embedder {
  const made = createEmbedder({
    provider: 'openai',
    baseUrl: `${origin}/${scenario}`,
    model: 'hash-bow',
    ...extra,
  });
  if (made === null) throw new Error('expected an embedder');
  return made;
}

async function failure(promise: Promise<unknown>): Promise<EmbeddingRequestError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmbeddingRequestError);
  return error as EmbeddingRequestError;
}

describe('OpenAI-compatible embedder', () => {
  it('returns one normalised vector per text, in input order', async () => {
    const texts = ['the database migration failed', 'rocket launch window', '', 'database migration'];
    const vectors = await embedder('ok').embed(texts);
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(NATIVE_DIM);
      expect(l2Norm(vector)).toBeCloseTo(1, 5);
      const expected = normalize(bagOfWords(texts[i] as string, NATIVE_DIM)) as Float32Array;
      expect(cosine(vector, expected)).toBeCloseTo(1, 5);
    });
    const [migrationFailed, rocket, , migration] = vectors as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    expect(cosine(migrationFailed, migration)).toBeGreaterThan(cosine(migrationFailed, rocket));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toEqual({ model: 'hash-bow', input: texts });
  });

  it('sends nothing for no texts', async () => {
    expect(await embedder('ok').embed([])).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it('batches 64 texts per request by default, and by batchSize when set', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `note ${i} about topic${i % 7}`);
    const vectors = await embedder('ok').embed(texts);
    expect(requests.map((r) => r.body.input?.length)).toEqual([64, 64, 22]);
    expect(requests.flatMap((r) => r.body.input)).toEqual(texts);
    texts.forEach((text, i) => {
      expect(
        cosine(vectors[i] as Float32Array, normalize(bagOfWords(text, NATIVE_DIM)) as Float32Array),
      ).toBeCloseTo(1, 5);
    });

    requests.length = 0;
    await embedder('ok', { batchSize: 10 }).embed(texts.slice(0, 25));
    expect(requests.map((r) => r.body.input?.length)).toEqual([10, 10, 5]);
  });

  it('sends the bearer token only when a key is set', async () => {
    await embedder('auth', { apiKey: API_KEY }).embed(['hello']);
    expect(requests[0]?.authorization).toBe(`Bearer ${API_KEY}`);

    requests.length = 0;
    await embedder('ok').embed(['hello']);
    await embedder('ok', { apiKey: '' }).embed(['hello']);
    expect(requests.map((r) => r.authorization)).toEqual([undefined, undefined]);
  });

  it('asks for reduced dimensions and puts them in the id', async () => {
    const reduced = embedder('ok', { dimensions: 8 });
    expect(reduced.id).toBe('openai:hash-bow@8');
    expect(reduced.dimensions).toBe(8);
    const [vector] = await reduced.embed(['hello world']);
    expect(requests[0]?.body.dimensions).toBe(8);
    expect(vector).toHaveLength(8);
  });

  it('learns the dimension of an unknown model from the first answer', async () => {
    const unknown = embedder('ok');
    expect(unknown.id).toBe('openai:hash-bow');
    expect(unknown.dimensions).toBe(0);
    await unknown.embed(['hello']);
    expect(unknown.dimensions).toBe(NATIVE_DIM);
  });

  it('accepts base64-encoded embeddings', async () => {
    const [vector] = await embedder('base64').embed(['database migration']);
    const expected = normalize(bagOfWords('database migration', NATIVE_DIM)) as Float32Array;
    expect(cosine(vector as Float32Array, expected)).toBeCloseTo(1, 5);
  });

  it('reports 401 with the URL, status and server message, never the key', async () => {
    const wrongKey = 'sk-wrong-key-0123456789';
    const error = await failure(embedder('auth', { apiKey: wrongKey }).embed(['hello']));
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      `Embedding request to ${origin}/auth/embeddings failed: HTTP 401 Unauthorized: Incorrect API key provided: ***`,
    );
    expect(error.message).not.toContain(wrongKey);
    expect(String(error.stack)).not.toContain(wrongKey);

    const noKey = await failure(embedder('auth').embed(['hello']));
    expect(noKey.message).toContain('HTTP 401 Unauthorized: Incorrect API key provided: (none)');
  });

  it('reports 500 with the server message (JSON or text)', async () => {
    const ollama = await failure(embedder('ollama-error').embed(['hello']));
    expect(ollama.message).toBe(
      `Embedding request to ${origin}/ollama-error/embeddings failed: HTTP 500 Internal Server Error: model "nomic-embed-text" not found, try pulling it first`,
    );
    const plain = await failure(embedder('plain-500').embed(['hello']));
    expect(plain.status).toBe(500);
    expect(plain.message).toContain(`${origin}/plain-500/embeddings`);
    expect(plain.message).toContain('HTTP 500 Internal Server Error: upstream exploded');
    const missing = await failure(embedder('ok/v1').embed(['hello']));
    expect(missing.message).toContain('HTTP 404 Not Found: no route POST /ok/v1/embeddings');
  });

  it('reports a body that is not JSON or not the embeddings shape', async () => {
    const garbage = await failure(embedder('garbage').embed(['hello']));
    expect(garbage.message).toBe(
      `Embedding request to ${origin}/garbage/embeddings failed: HTTP 200 but the body is not JSON: <html><body>Welcome to nginx!</body></html>`,
    );
    expect((await failure(embedder('no-data').embed(['a']))).message).toContain(
      'the body has no "data" array',
    );
    expect((await failure(embedder('short').embed(['a', 'b']))).message).toContain(
      'sent 2 texts but got 1 embeddings back',
    );
    expect((await failure(embedder('dup-index').embed(['a', 'b']))).message).toContain(
      'index 0 appears twice in "data"',
    );
    expect((await failure(embedder('zero').embed(['a']))).message).toContain(
      'got an all-zero or non-finite embedding for input #0',
    );
  });

  it('reports vectors of the wrong dimension', async () => {
    const configured = await failure(embedder('wrong-dim', { dimensions: 32 }).embed(['hello']));
    expect(configured.message).toBe(
      `Embedding request to ${origin}/wrong-dim/embeddings failed: got a 16-dimensional embedding for input #0, but the embedder is configured for dimensions=32`,
    );
    const known = await failure(embedder('wrong-dim', { model: 'text-embedding-3-small' }).embed(['hello']));
    expect(known.message).toContain(
      'got a 16-dimensional embedding for input #0, but the model "text-embedding-3-small" is expected to give 1536',
    );
    // A learned dimension is enforced on later calls too.
    const learning = embedder('ok') as OpenAiCompatibleEmbedder;
    await learning.embed(['a']);
    const drift = new OpenAiCompatibleEmbedder({
      provider: 'openai',
      baseUrl: `${origin}/wrong-dim`,
      model: 'hash-bow',
      dimensions: learning.dimensions,
    });
    expect((await failure(drift.embed(['a']))).message).toContain('16-dimensional');
  });

  it('times out waiting for headers or for the body', async () => {
    const started = Date.now();
    const slow = await failure(embedder('slow', { timeoutMs: 200 }).embed(['hello']));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(slow.status).toBeNull();
    expect(slow.message).toBe(
      `Embedding request to ${origin}/slow/embeddings failed: timed out after 200 ms`,
    );

    const body = await failure(embedder('slow-body', { timeoutMs: 200 }).embed(['hello']));
    expect(body.message).toBe(
      `Embedding request to ${origin}/slow-body/embeddings failed: timed out after 200 ms (HTTP 200, while reading the body)`,
    );
  });

  it('reports a server that is not there', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, 'close');
    const error = await failure(
      createEmbedder({ provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1/`, model: 'm' })?.embed([
        'x',
      ]) as Promise<unknown>,
    );
    expect(error.message).toMatch(
      new RegExp(
        `^Embedding request to http://127\\.0\\.0\\.1:${port}/v1/embeddings failed: could not reach the server: .*ECONNREFUSED`,
      ),
    );
  });

  it('keeps credentials in the base URL out of messages', async () => {
    const error = await failure(
      createEmbedder({
        provider: 'openai',
        baseUrl: `http://user:hunter2@${origin.slice('http://'.length)}/plain-500`,
        model: 'm',
      })?.embed(['x']) as Promise<unknown>,
    );
    expect(error.message).toContain(`${origin}/plain-500/embeddings`);
    expect(error.message).not.toContain('hunter2');
    expect(requests.at(-1)?.authorization).toBe(`Basic ${Buffer.from('user:hunter2').toString('base64')}`);
  });
});
