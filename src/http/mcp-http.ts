import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { AppDeps } from '../app/deps.js';
import { attachAutoLifecycle, type Lifecycle } from '../mcp/auto-lifecycle.js';
import { type BuiltServer, buildServer } from '../mcp/server.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/** An MCP session nobody has used for this long is closed (its deja session ends with a hand-off). */
const IDLE_MS = 30 * 60_000;
const MAX_SESSIONS = 64;

interface Entry {
  transport: WebStandardStreamableHTTPServerTransport;
  built: BuiltServer;
  lifecycle: Lifecycle;
  lastSeen: number;
}

function rpcError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * MCP over Streamable HTTP, stateful: each `initialize` builds the same server
 * the stdio face builds (tools, profile, output schemas, automatic lifecycle
 * in the server's working folder) and gets its own `Mcp-Session-Id`.
 */
export class McpOverHttp {
  private readonly sessions = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly deps: AppDeps,
    private readonly cwd: string,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(request: Request): Promise<Response> {
    const id = request.headers.get('mcp-session-id');
    if (id) {
      const entry = this.sessions.get(id);
      if (!entry) return rpcError(404, -32001, 'Session not found: initialize again');
      entry.lastSeen = Date.now();
      return entry.transport.handleRequest(request);
    }
    if (request.method !== 'POST') {
      return rpcError(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    if (this.sessions.size >= MAX_SESSIONS) {
      return rpcError(503, -32000, `Too many MCP sessions (${MAX_SESSIONS}): close one with DELETE /mcp`);
    }
    return this.open(request);
  }

  private async open(request: Request): Promise<Response> {
    const built = await buildServer(this.deps, { cwd: this.cwd });
    const lifecycle = attachAutoLifecycle(this.deps, built);
    let entry: Entry | null = null;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: MAX_BODY_BYTES,
      onsessioninitialized: (sessionId) => {
        entry = { transport, built, lifecycle, lastSeen: Date.now() };
        this.sessions.set(sessionId, entry);
      },
    });
    await built.server.connect(transport);
    const ended = built.server.server.onclose;
    built.server.server.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
      ended?.();
    };
    const response = await transport.handleRequest(request);
    if (!entry) await built.server.close();
    return response;
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, entry] of this.sessions) {
      if (now - entry.lastSeen < IDLE_MS) continue;
      this.sessions.delete(id);
      await entry.built.server.close().catch(() => undefined);
    }
  }

  /** Ends every MCP session's deja session (reason `shutdown`) and closes the transports. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const entries = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(
      entries.map(async (entry) => {
        await entry.lifecycle
          .close('shutdown')
          .catch((error: unknown) => this.deps.logger.error({ err: error }, 'closing an MCP session failed'));
        await entry.built.server.close().catch(() => undefined);
      }),
    );
  }
}
