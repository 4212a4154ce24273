import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson } from './http.js';

/** Words that mean the same thing land on the same dimension, so vectors find what words miss. */
const SYNONYMS: Readonly<Record<string, string>> = {
  automobile: 'car',
  automobiles: 'car',
  cars: 'car',
  vehicle: 'car',
  freezing: 'cold',
  winter: 'cold',
};

/** Hashed bag of words (FNV-1a into `dim` buckets), synonyms folded, a small constant so it is never zero. */
export function vectorOf(text: string, dim = 128): number[] {
  const out = new Array<number>(dim).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const word = SYNONYMS[raw] ?? raw;
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    out[hash % dim] = (out[hash % dim] ?? 0) + 1;
  }
  out[dim - 1] = (out[dim - 1] ?? 0) + 0.1;
  return out;
}

/** A real local HTTP server speaking the OpenAI `/embeddings` API with deterministic vectors. */
export async function startEmbeddingServer(): Promise<{
  url: string;
  requests: () => number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests++;
    if (req.method !== 'POST' || !req.url?.endsWith('/embeddings')) {
      res.writeHead(404).end();
      return;
    }
    const { input } = JSON.parse(body) as { input: string[] };
    const data = input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text) }));
    sendJson(res, 200, { object: 'list', data, model: 'test' });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
