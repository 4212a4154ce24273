/**
 * The local embedder with the real @huggingface/transformers and onnxruntime-node, on a
 * tiny model folder the test writes itself (see tiny-model.ts): one-hot token embeddings,
 * so every sentence vector is known exactly. Nothing is downloaded; `pullModel` is tested
 * against a hub-shaped HTTP server on 127.0.0.1 serving the same tiny files.
 */
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/embedders/create-embedder.js';
import type { Embedder } from '../../src/embedders/embedder.js';
import {
  LocalTransformersEmbedder,
  missingModelFiles,
  pullModel,
  REQUIRED_MODEL_FILES,
} from '../../src/embedders/local-transformers.js';
import { cosine, l2Norm } from '../../src/embedders/vectors.js';
import { expectedVector, TINY_DIM, tokenId, writeTinyModel } from './tiny-model.js';

let root: string;
const opened: LocalTransformersEmbedder[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'deja-embedders-'));
});

afterAll(async () => {
  for (const embedder of opened) await embedder.dispose();
  rmSync(root, { recursive: true, force: true });
});

function modelFolder(name: string, options?: Parameters<typeof writeTinyModel>[1]): string {
  const dir = join(root, name);
  writeTinyModel(dir, options);
  return dir;
}

function local(modelDir: string, options?: ConstructorParameters<typeof LocalTransformersEmbedder>[1]) {
  const embedder = new LocalTransformersEmbedder({ provider: 'local', modelDir }, options);
  opened.push(embedder);
  return embedder;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

function ids(...tokens: Parameters<typeof tokenId>[0][]): number[] {
  return ['[CLS]' as const, ...tokens, '[SEP]' as const].map(tokenId);
}

describe('local transformers.js embedder (tiny ONNX model)', () => {
  let modelDir: string;
  let embedder: Embedder;

  beforeAll(() => {
    modelDir = modelFolder('tiny-encoder');
    const made = createEmbedder({ provider: 'local', modelDir });
    if (!(made instanceof LocalTransformersEmbedder)) throw new Error('expected a local embedder');
    opened.push(made);
    embedder = made;
  });

  it('knows its id and dimension before loading anything', () => {
    expect(embedder.id).toBe('local:tiny-encoder');
    expect(embedder.dimensions).toBe(TINY_DIM);
  });

  it('embeds with mean pooling and normalisation, exactly as the model defines', async () => {
    const texts = ['The cat sat on the mat', 'searching the SQLite index', 'rocket zebra'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(TINY_DIM);
      expect(l2Norm(vector)).toBeCloseTo(1, 5);
    }
    // Lower-cased, WordPiece-split ("searching" → search ##ing), unknown words → [UNK];
    // the padding of the shorter texts is masked out of the mean.
    const expected = [
      ids('the', 'cat', 'sat', 'on', 'the', 'mat'),
      ids('search', '##ing', 'the', 'sqlite', 'index'),
      ids('rocket', '[UNK]'),
    ].map(expectedVector);
    vectors.forEach((vector, i) => {
      expect(Array.from(vector).map((x) => Number(x.toFixed(5)))).toEqual(
        Array.from(expected[i] as Float32Array).map((x) => Number(x.toFixed(5))),
      );
    });
  });

  it('puts texts that share words closer than unrelated ones', async () => {
    const [query, near, far] = await embedder.embed([
      'database migration failed',
      'the migration of the database failed',
      'the cat sat on the mat',
    ]);
    const nearScore = cosine(query as Float32Array, near as Float32Array);
    const farScore = cosine(query as Float32Array, far as Float32Array);
    expect(nearScore).toBeGreaterThan(0.6);
    expect(farScore).toBeLessThan(0.45);
    expect(nearScore).toBeGreaterThan(farScore);
  });

  it('gives the same vector alone or in a padded batch, in input order across batches', async () => {
    const texts = ['cat', 'the dog sat on the mat on the mat', 'sqlite index', '', 'searching', 'dog'];
    const small = local(modelDir, { batchSize: 4 });
    const batched = await small.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      expect(cosine(batched[i] as Float32Array, alone as Float32Array)).toBeCloseTo(1, 5);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('never lets transformers.js reach the network', async () => {
    await embedder.embed(['cat']);
    const transformers = await import('@huggingface/transformers');
    expect(transformers.env.allowRemoteModels).toBe(false);
  });
});

describe('local embedder errors', () => {
  it('explains a missing model folder and how to fix it', async () => {
    const dir = join(root, 'not-pulled-yet');
    const error = await rejection(
      createEmbedder({ provider: 'local', modelDir: dir })?.embed(['x']) as Promise<unknown>,
    );
    expect(error.message).toBe(
      `The local embedding model folder "${dir}" does not exist. Run \`deja models pull\` to download the model into it (needs network access once), or set the embedder to "none" (lexical search only).`,
    );
    expect(missingModelFiles(dir)).toEqual([...REQUIRED_MODEL_FILES]);
  });

  it('names the files an incomplete folder lacks', async () => {
    const dir = modelFolder('no-weights', { omit: 'onnx/model.onnx' });
    const error = await rejection(local(dir).embed(['x']));
    expect(error.message).toContain(`"${dir}" is incomplete: missing onnx/model.onnx.`);
    expect(error.message).toContain('deja models pull');
    const noTokenizer = modelFolder('no-tokenizer', { omit: 'tokenizer.json' });
    expect((await rejection(local(noTokenizer).embed(['x']))).message).toContain('missing tokenizer.json');
  });

  it('refuses a file where a folder should be', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a model');
    expect((await rejection(local(file).embed(['x']))).message).toContain(`"${file}" is not a folder`);
  });

  it('retries after a failed load (the user pulled the model meanwhile)', async () => {
    const dir = join(root, 'pulled-later');
    const embedder = local(dir);
    expect(embedder.dimensions).toBe(0);
    await rejection(embedder.embed(['cat']));
    writeTinyModel(dir);
    const [vector] = await embedder.embed(['cat']);
    expect(vector).toHaveLength(TINY_DIM);
    expect(embedder.dimensions).toBe(TINY_DIM);
  });

  it('says when the ONNX file is not a model', async () => {
    const dir = modelFolder('corrupt');
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'this is not protobuf');
    const error = await rejection(local(dir).embed(['x']));
    expect(error.message).toMatch(
      new RegExp(`^Could not load the embedding model from "${escapeRegExp(dir)}": .+`),
    );
    expect(error.message).toContain('deja models pull');
  });

  it('checks the output size against config.json', async () => {
    const dir = modelFolder('lying-config', { hiddenSize: 8 });
    const embedder = local(dir);
    expect(embedder.dimensions).toBe(8);
    expect((await rejection(embedder.embed(['cat']))).message).toBe(
      `The local model in "${dir}" returned ${TINY_DIM}-dimensional vectors, but its config.json says hidden_size 8`,
    );
  });

  it('says when the optional package is not installed, and how to fix it', async () => {
    const dir = modelFolder('no-package');
    const embedder = local(dir, { packageName: '@deja-test/transformers-not-installed' });
    const error = await rejection(embedder.embed(['x']));
    expect(error.message).toMatch(
      /^The local embedder needs the optional package @deja-test\/transformers-not-installed, which is not installed\./,
    );
    expect(error.message).toContain('npm install @deja-test/transformers-not-installed');
    expect(error.message).toContain('set the embedder to "none"');
  });
});

describe('pullModel (against a hub-shaped server on 127.0.0.1)', () => {
  let hub: Server;
  let hubUrl: string;
  const fetched: string[] = [];
  const MODEL = 'deja-test/tiny-encoder';

  beforeAll(async () => {
    const source = modelFolder('hub-source');
    hub = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://hub');
      fetched.push(url.pathname);
      const prefix = `/${MODEL}/resolve/main/`;
      const file = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
      const path = file === null ? null : join(source, ...file.split('/'));
      if (path === null || file?.includes('..') || !existsSync(path)) {
        res.writeHead(404).end('Entry not found');
        return;
      }
      const body = readFileSync(path);
      res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
      res.end(body);
    });
    hub.listen(0, '127.0.0.1');
    await once(hub, 'listening');
    hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    hub.closeAllConnections();
    hub.close();
    await once(hub, 'close');
  });

  it('downloads once into the folder, which then works offline', async () => {
    const target = join(root, 'models', 'tiny-encoder');
    const first = await pullModel(target, MODEL, { remoteHost: hubUrl });
    expect(first).toEqual({ dir: target, downloaded: true });
    expect(missingModelFiles(target)).toEqual([]);
    expect(fetched.some((path) => path.endsWith('/onnx/model.onnx'))).toBe(true);
    expect(existsSync(`${target}.partial-${process.pid}`)).toBe(false);

    const transformers = await import('@huggingface/transformers');
    expect(transformers.env.allowRemoteModels).toBe(false);
    // Nothing was cached inside the package (often read-only, shared by every user).
    expect(existsSync(join(String(transformers.env.cacheDir), 'deja-test'))).toBe(false);

    fetched.length = 0;
    expect(await pullModel(target, MODEL, { remoteHost: hubUrl })).toEqual({
      dir: target,
      downloaded: false,
    });
    expect(fetched).toEqual([]);

    const embedder = local(target);
    const [vector] = await embedder.embed(['the cat']);
    expect(Array.from(vector ?? []).map((x) => Number(x.toFixed(5)))).toEqual(
      Array.from(expectedVector(ids('the', 'cat'))).map((x) => Number(x.toFixed(5))),
    );
  });

  it('leaves a non-empty folder that is not a model alone', async () => {
    const target = join(root, 'my-notes');
    mkdirSync(target);
    writeFileSync(join(target, 'todo.txt'), 'keep me');
    const error = await rejection(pullModel(target, MODEL, { remoteHost: hubUrl }));
    expect(error.message).toContain(`"${target}" exists but is not a complete model folder`);
    expect(readFileSync(join(target, 'todo.txt'), 'utf8')).toBe('keep me');
  });

  it('reports a model the hub does not have', async () => {
    const error = await rejection(
      pullModel(join(root, 'models', 'nope'), 'deja-test/nope', { remoteHost: hubUrl }),
    );
    expect(error.message).toMatch(
      /^Could not download the model "deja-test\/nope" from http:\/\/127\.0\.0\.1:\d+\/: /,
    );
    expect(existsSync(join(root, 'models', 'nope'))).toBe(false);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
