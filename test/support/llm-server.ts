/**
 * A real local HTTP server that speaks the two LLM APIs deja uses: OpenAI chat completions
 * (`POST /v1/chat/completions`, the response shape the `openai` client expects) and the
 * Anthropic messages API (`POST /v1/messages`, checking `x-api-key` and `anthropic-version`).
 * Each request takes the next scripted behaviour (default: answer), so tests can make it
 * fail once, refuse the key, or hang.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readBody, sendJson } from './http.js';

export type Behaviour = 'ok' | 'hang' | { status: number; body?: unknown; headers?: Record<string, string> };

export interface RecordedRequest {
  api: 'openai' | 'anthropic' | 'other';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface LlmServerOptions {
  /** When set, requests must carry it (`Authorization: Bearer` for OpenAI, `x-api-key` for Anthropic). */
  apiKey?: string;
  /** The reply text for a request (default: "Echo: " + the last user message). */
  respond?: (request: RecordedRequest) => string;
}

export interface LlmServer {
  /** Base URL for the OpenAI-compatible provider (`…/v1`). */
  openaiUrl: string;
  /** Base URL for the Anthropic provider (the SDK adds `/v1`). */
  anthropicUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Queue behaviours for the next requests, in order. */
  script(...behaviours: Behaviour[]): void;
  /** Forget recorded requests and behaviours not used yet. */
  reset(): void;
  close(): Promise<void>;
}

export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  const requests: RecordedRequest[] = [];
  const queue: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const api = path.endsWith('/chat/completions')
      ? 'openai'
      : path.endsWith('/messages')
        ? 'anthropic'
        : 'other';
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // keep {}
    }
    const request: RecordedRequest = { api, method: req.method ?? '', path, headers: req.headers, body };
    requests.push(request);
    if (req.method !== 'POST' || api === 'other') {
      sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
      return;
    }
    const behaviour = queue.shift() ?? 'ok';
    if (behaviour === 'hang') return; // never answers; the client's deadline must fire
    if (behaviour !== 'ok') {
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      res.end(JSON.stringify(behaviour.body ?? errorBody(api, 'server_error', `status ${behaviour.status}`)));
      return;
    }
    if (api === 'anthropic') answerAnthropic(request, res, options);
    else answerOpenAi(request, res, options);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    openaiUrl: `http://127.0.0.1:${port}/v1`,
    anthropicUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    script: (...behaviours) => queue.push(...behaviours),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function answerOpenAi(request: RecordedRequest, res: ServerResponse, options: LlmServerOptions): void {
  const auth = request.headers.authorization;
  if (options.apiKey && auth !== `Bearer ${options.apiKey}`) {
    // Like OpenAI, echo what was sent: the client must not pass it on.
    sendJson(
      res,
      401,
      errorBody(
        'openai',
        'invalid_api_key',
        `Incorrect API key provided: ${auth?.replace(/^Bearer /, '') ?? '(none)'}`,
      ),
    );
    return;
  }
  const text = (options.respond ?? echo)(request);
  sendJson(res, 200, {
    id: `chatcmpl-${requestsId()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(request.body.model ?? 'unknown'),
    system_fingerprint: 'fp_test',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  });
}

function answerAnthropic(request: RecordedRequest, res: ServerResponse, options: LlmServerOptions): void {
  if (!request.headers['anthropic-version']) {
    sendJson(
      res,
      400,
      errorBody('anthropic', 'invalid_request_error', 'anthropic-version: header is required'),
    );
    return;
  }
  const key = request.headers['x-api-key'];
  if (options.apiKey && key !== options.apiKey) {
    sendJson(
      res,
      401,
      errorBody('anthropic', 'authentication_error', `invalid x-api-key ${String(key ?? '(none)')}`),
    );
    return;
  }
  if (typeof request.body.max_tokens !== 'number') {
    sendJson(res, 400, errorBody('anthropic', 'invalid_request_error', 'max_tokens: Field required'));
    return;
  }
  const text = (options.respond ?? echo)(request);
  sendJson(res, 200, {
    id: `msg_${requestsId()}`,
    type: 'message',
    role: 'assistant',
    model: String(request.body.model ?? 'unknown'),
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 5 },
  });
}

/** The error body of each API. */
export function errorBody(api: RecordedRequest['api'], type: string, message: string): unknown {
  return api === 'anthropic'
    ? { type: 'error', error: { type, message } }
    : { error: { message, type, param: null, code: type } };
}

function echo(request: RecordedRequest): string {
  const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return `Echo: ${typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content)}`;
}

let counter = 0;
function requestsId(): string {
  counter++;
  return String(counter).padStart(6, '0');
}
