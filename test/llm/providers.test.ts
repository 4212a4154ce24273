/**
 * Both LLM providers against a real local HTTP server that speaks each API: generate,
 * chat, test, 401 (the key never in the message), 500 then success (one retry), timeout,
 * unreachable port.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LlmConfig, parseLlmConfig } from '../../src/llm/config.js';
import { createLlm } from '../../src/llm/create-llm.js';
import { type Llm, LlmRequestError } from '../../src/llm/llm.js';
import { type LlmServer, startLlmServer } from '../support/llm-server.js';

const KEY = 'sk-test-llm-9f8e7d6c5b4a3210';

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer({ apiKey: KEY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

function llmFor(provider: 'openai' | 'anthropic', overrides: Record<string, unknown> = {}): Llm {
  const config = parseLlmConfig({
    provider,
    baseUrl: provider === 'openai' ? server.openaiUrl : server.anthropicUrl,
    model: provider === 'openai' ? 'llama3.2' : 'claude-test',
    apiKey: KEY,
    timeoutMs: 5000,
    ...overrides,
  });
  const llm = createLlm(config);
  if (!llm) throw new Error('no llm');
  return llm;
}

async function failure(promise: Promise<unknown>): Promise<LlmRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmRequestError);
  return error as LlmRequestError;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.each(['openai', 'anthropic'] as const)('%s provider against a local server', (provider) => {
  it('generates: the prompt and options go out in the API shape, the text comes back', async () => {
    const llm = llmFor(provider);
    const result = await llm.generate('Say hi', { system: 'Be brief.', maxTokens: 42, temperature: 0 });
    expect(result.text).toBe('Echo: Say hi');
    expect(result.provider).toBe(provider);
    expect(result.finishReason).toBe(provider === 'openai' ? 'stop' : 'end_turn');
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 5 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    if (provider === 'openai') {
      expect(request?.path).toBe('/v1/chat/completions');
      expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(request?.body).toMatchObject({
        model: 'llama3.2',
        max_tokens: 42,
        temperature: 0,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hi' },
        ],
      });
    } else {
      expect(request?.path).toBe('/v1/messages');
      expect(request?.headers['x-api-key']).toBe(KEY);
      expect(request?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.body).toMatchObject({
        model: 'claude-test',
        max_tokens: 42,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'Say hi' }],
      });
    }
  });

  it('chats: system messages are folded in, turns keep their order', async () => {
    const result = await llmFor(provider).chat([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'second' },
    ]);
    expect(result.text).toBe('Echo: second');
    const messages = server.requests[0]?.body.messages as { role: string }[];
    expect(messages.map((m) => m.role)).toEqual(
      provider === 'openai' ? ['system', 'user', 'assistant', 'user'] : ['user', 'assistant', 'user'],
    );
    if (provider === 'anthropic') expect(server.requests[0]?.body.system).toBe('You are terse.');
  });

  it('tests: ok, latency, model', async () => {
    const result = await llmFor(provider).test();
    expect(result).toMatchObject({
      ok: true,
      provider,
      model: provider === 'openai' ? 'llama3.2' : 'claude-test',
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.baseUrl).toContain('127.0.0.1');
  });

  it('reports 401 clearly, without the key (neither the configured nor the one the server echoes)', async () => {
    const wrong = 'sk-wrong-key-0123456789abcdef';
    const llm = llmFor(provider, { apiKey: wrong });
    const error = await failure(llm.generate('hi'));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('DEJA_LLM_API_KEY');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(KEY);
    expect(server.requests).toHaveLength(1); // 401 is not retried
    const tested = await llm.test();
    expect(tested.ok).toBe(false);
    expect(tested.error).toContain('401');
    expect(JSON.stringify(tested)).not.toContain(wrong);
  });

  it('retries once after a 500, then succeeds', async () => {
    server.script({ status: 500, headers: { 'retry-after-ms': '10' } });
    const result = await llmFor(provider).generate('again');
    expect(result.text).toBe('Echo: again');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 429 once, then gives up with a clear error', async () => {
    const limited = { status: 429, headers: { 'retry-after-ms': '10' } };
    server.script(limited, limited);
    const error = await failure(llmFor(provider).generate('busy'));
    expect(error.kind).toBe('rate_limit');
    expect(error.message).toContain('HTTP 429');
    expect(server.requests).toHaveLength(2);
  });

  it('times out: the deadline covers the whole call', async () => {
    server.script('hang');
    const started = Date.now();
    const error = await failure(llmFor(provider).generate('slow', { timeoutMs: 400 }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('timed out after 400 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says so when nothing listens on the port', async () => {
    const port = await closedPort();
    const url = provider === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`;
    const error = await failure(llmFor(provider, { baseUrl: url }).generate('anyone?'));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/could not reach the server/);
    expect(error.message).not.toContain(KEY);
  });
});

describe('without a key', () => {
  it('sends no Authorization header (local Ollama, LM Studio, vLLM)', async () => {
    const open = await startLlmServer();
    try {
      const llm = createLlm(
        parseLlmConfig({ provider: 'ollama', baseUrl: open.openaiUrl, model: 'llama3.2' }),
      );
      expect((await llm?.generate('hi'))?.text).toBe('Echo: hi');
      expect(open.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  it('creates nothing for provider none, and creating one contacts nothing', () => {
    expect(createLlm(parseLlmConfig(undefined))).toBeNull();
    expect(createLlm({ provider: 'none' } satisfies LlmConfig)).toBeNull();
    const before = server.requests.length;
    createLlm(parseLlmConfig({ provider: 'openai', baseUrl: server.openaiUrl, model: 'm' }));
    expect(server.requests.length).toBe(before);
  });
});
