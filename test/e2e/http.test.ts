import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempHome } from '../support/git-repo.js';
import { type HttpHarness, rawRequest, startHttpServer } from '../support/http-server.js';
import { DEJA_BIN } from '../support/paths.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/transcripts/', import.meta.url));

interface ApiError {
  error: { field: string | null; rule: string; message: string };
}

let server: HttpHarness;
const harnesses: HttpHarness[] = [];

async function api<T = Record<string, unknown>>(
  path: string,
  init: RequestInit & { auth?: boolean } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (init.auth) headers.set('authorization', `Bearer ${server.token}`);
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const response = await fetch(`${server.url}${path}`, { ...init, headers, redirect: 'manual' });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body: body as T, headers: response.headers };
}

async function connectMcp(harness: HttpHarness) {
  const transport = new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${harness.token}` } },
  });
  const client = new Client({ name: 'deja-http-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

beforeAll(async () => {
  const user = tempHome();
  server = await startHttpServer({ home: join(tempHome(), 'deja'), userHome: user, cwd: user });
  harnesses.push(server);
});

afterAll(async () => {
  await Promise.all(harnesses.map((harness) => harness.stop()));
});

describe('deja serve --http: MCP over Streamable HTTP', () => {
  it('initializes a session, lists the same tools as stdio, stores a memory and finds it with search', async () => {
    const { client, transport } = await connectMcp(server);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.getServerVersion()?.name).toBe('deja');
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['memory_store', 'search', 'session_start']));
    expect(tools.find((tool) => tool.name === 'search')?.outputSchema).toBeDefined();

    const stored = (await client.callTool({
      name: 'memory_store',
      arguments: { content: 'The flux capacitor needs 1.21 gigawatts over HTTP', tags: ['physics'] },
    })) as CallToolResult;
    expect(stored.isError).toBeFalsy();
    const { id } = stored.structuredContent as { id: string };
    const found = (await client.callTool({
      name: 'search',
      arguments: { query: 'flux capacitor gigawatts' },
    })) as CallToolResult;
    const results = (found.structuredContent as { results: { id: string }[] }).results;
    expect(results.map((result) => result.id)).toContain(id);

    const bad = (await client.callTool({
      name: 'search',
      arguments: { query: 'x', limit: 1000 },
    })) as CallToolResult;
    expect(bad.isError).toBe(true);

    await transport.terminateSession();
    await client.close();
  });

  it('refuses MCP without the token, and an unknown Mcp-Session-Id', async () => {
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    };
    const headers = { accept: 'application/json, text/event-stream' };
    const noToken = await api<ApiError>('/mcp', { method: 'POST', headers, body: JSON.stringify(init) });
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.field).toBe('Authorization');
    const unknown = await api('/mcp', {
      method: 'POST',
      auth: true,
      headers: { ...headers, 'mcp-session-id': '00000000-0000-4000-8000-000000000000' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
  });
});

describe('deja serve --http: JSON API', () => {
  it('answers the read routes with the use cases’ data', async () => {
    const stored = await api<{ id: string; deduplicated: boolean }>('/api/memories', {
      method: 'POST',
      auth: true,
      body: JSON.stringify({
        content: 'Prefer WAL mode for SQLite in the API test',
        kind: 'decision',
        tags: ['db'],
      }),
    });
    expect(stored.status).toBe(201);
    const again = await api<{ id: string; deduplicated: boolean }>('/api/memories', {
      method: 'POST',
      auth: true,
      body: JSON.stringify({ content: 'Prefer WAL mode for SQLite in the API test' }),
    });
    expect(again.body).toEqual({ id: stored.body.id, deduplicated: true });

    const projects = await api<{ projects: { id: string; name: string }[] }>('/api/projects');
    expect(projects.status).toBe(200);
    expect(projects.body.projects.length).toBeGreaterThan(0);

    const search = await api<{ results: { id: string; kind: string }[] }>(
      '/api/search?query=WAL%20SQLite&limit=5',
    );
    expect(search.status).toBe(200);
    expect(search.body.results.map((r) => r.id)).toContain(stored.body.id);

    const memories = await api<{ memories: { id: string; content: string }[]; next_cursor: string | null }>(
      '/api/memories?kind=decision&limit=10',
    );
    expect(memories.body.memories.map((m) => m.id)).toContain(stored.body.id);
    const stats = await api<{ total: number; byKind: Record<string, number> }>('/api/memories/stats');
    expect(stats.body.total).toBeGreaterThanOrEqual(1);
    expect(stats.body.byKind.decision).toBeGreaterThanOrEqual(1);

    const sessions = await api<{ sessions: unknown[]; next_cursor: string | null }>('/api/sessions?limit=5');
    expect(sessions.status).toBe(200);
    expect(Array.isArray(sessions.body.sessions)).toBe(true);
    const usage = await api<{ group: string; rows: unknown[] }>('/api/usage?group=model');
    expect(usage.body.group).toBe('model');
    const status = await api<{ store: { ok: boolean } }>('/api/status');
    expect(status.body.store.ok).toBe(true);
  });

  it('answers bad input with 400 naming the field and the rule', async () => {
    const cases: [string, string][] = [
      ['/api/sessions?limit=abc', 'limit'],
      ['/api/sessions?limit=1000', 'limit'],
      ['/api/sessions?status=sleeping', 'status'],
      ['/api/sessions?cursor=garbage', 'cursor'],
      ['/api/sessions?colour=blue', 'input'],
      ['/api/search?query=x&mode=psychic', 'mode'],
      ['/api/search?query=x&limit=0', 'limit'],
      ['/api/search?query=', 'query'],
      ['/api/search?query=x&colour=blue', 'colour'],
      ['/api/memories?kind=poem', 'kind'],
      ['/api/usage?group=planet', 'group'],
      ['/api/usage?since=the%20day%20after%20never', 'since'],
    ];
    for (const [path, field] of cases) {
      const response = await api<ApiError>(path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.field, path).toBe(field);
      expect(response.body.error.rule.length, path).toBeGreaterThan(0);
      expect(response.body.error.message.length, path).toBeGreaterThan(0);
    }
    const content = await api<ApiError>('/api/memories', {
      method: 'POST',
      auth: true,
      body: '{"content": 42}',
    });
    expect(content.status).toBe(400);
    expect(content.body.error.field).toBe('content');
    const json = await api<ApiError>('/api/memories', { method: 'POST', auth: true, body: '{not json' });
    expect(json.status).toBe(400);
    expect(json.body.error.field).toBe('body');
    const missing = await api<ApiError>('/api/sessions/no-such-session');
    expect(missing.status).toBe(404);
    expect(missing.body.error.field).toBe('id');
    const route = await api<ApiError>('/api/nothing-here');
    expect(route.status).toBe(404);
  });

  it('shows each checkpoint with its quality score on the session page', async () => {
    const { client } = await connectMcp(server);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
    const started = await call('session_start', { goal: 'score on the dashboard' });
    const sessionId = (started.structuredContent as { session: { id: string } }).session.id;
    const made = await call('session_checkpoint', { name: 'scored here' });
    const score = (made.structuredContent as { checkpoint: { quality_score: number | null } }).checkpoint
      .quality_score;
    expect(score).toEqual(expect.any(Number));
    const page = await api<string>(`/sessions/${encodeURIComponent(sessionId)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<th class="num">Quality</th>');
    expect(page.body).toContain(`<td>scored here</td><td>manual</td><td class="num">${score}</td>`);
    await client.close();
  });

  it('lists reminders and trusted operations of every project on a page and at /api/reminders', async () => {
    const empty = await api<string>('/reminders');
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('No reminders.');
    const cli = (...args: string[]) => {
      const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
        cwd: server.home,
        env: { ...process.env, DEJA_HOME: server.home, DEJA_LOG_LEVEL: 'error' },
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
    };
    cli('remind', 'add', 'rotate the <b>staging</b> keys', '--when', 'in 2 hours', '--project', 'global');
    cli('remind', 'add', 'weekly review', '--when', 'every Monday at 10', '--project', 'global');
    cli('permissions', 'grant', 'command:npm test', '--scope', 'global');

    const listed = await api<{
      reminders: { text: string; project: string | null; status: string; recurrence: string | null }[];
      grants: { operation: string; project: string | null }[];
    }>('/api/reminders');
    expect(listed.status).toBe(200);
    expect(listed.body.reminders.map((r) => r.text).sort()).toEqual([
      'rotate the <b>staging</b> keys',
      'weekly review',
    ]);
    expect(listed.body.reminders.every((r) => r.project === null && r.status === 'pending')).toBe(true);
    expect(listed.body.grants).toEqual([
      expect.objectContaining({ operation: 'command:npm test', project: null }),
    ]);

    const page = await api<string>('/reminders');
    expect(page.body).toContain('rotate the &lt;b&gt;staging&lt;/b&gt; keys'); // text, not markup
    expect(page.body).toContain('<span class="badge">repeats</span>');
    expect(page.body).toContain('<code>command:npm test</code></td><td>global</td>');
    expect((await api<ApiError>('/api/reminders?all=yes')).body.error.field).toBe('all');
  });

  it('imports transcripts from a POST with progress readable at /api/import/status', async () => {
    const refused = await api('/api/import', { method: 'POST', body: JSON.stringify({ path: FIXTURES }) });
    expect(refused.status).toBe(401);
    const started = await api<{ status: string; id: number }>('/api/import', {
      method: 'POST',
      auth: true,
      body: JSON.stringify({ path: FIXTURES }),
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const seen: string[] = [];
    let state: { status: string; progress: { files: number } | null; summary: { messages: number } | null } =
      {
        status: 'running',
        progress: null,
        summary: null,
      };
    const deadline = Date.now() + 60_000;
    while (state.status === 'running' && Date.now() < deadline) {
      state = (await api<typeof state>('/api/import/status')).body;
      seen.push(state.status);
      if (state.status === 'running') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state.status).toBe('done');
    expect(state.progress?.files).toBeGreaterThan(0);
    expect(state.summary?.messages).toBeGreaterThan(500);

    const usage = await api<{ rows: { label: string; totalTokens: number; costUsd: number | null }[] }>(
      '/api/usage?group=model',
    );
    expect(usage.body.rows.length).toBeGreaterThan(1);
    expect(usage.body.rows.some((row) => row.costUsd !== null && row.costUsd > 0)).toBe(true);
    const byDay = await api<{ rows: { group: string }[] }>('/api/usage?group=day');
    expect(byDay.body.rows[0]?.group).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const sessions = await api<{
      sessions: { id: string; type: string | null }[];
      next_cursor: string | null;
    }>('/api/sessions?limit=3');
    expect(sessions.body.sessions).toHaveLength(3);
    expect(sessions.body.next_cursor).not.toBeNull();
    const next = await api<{ sessions: { id: string }[] }>(
      `/api/sessions?limit=3&cursor=${encodeURIComponent(sessions.body.next_cursor ?? '')}`,
    );
    expect(next.body.sessions[0]?.id).not.toBe(sessions.body.sessions[0]?.id);
    const imported = sessions.body.sessions.find((s) => s.type === 'imported') ?? sessions.body.sessions[0];
    const detail = await api<{ session: { id: string }; messages: unknown[]; usage: unknown[] }>(
      `/api/sessions/${encodeURIComponent(imported?.id ?? '')}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.session.id).toBe(imported?.id);
    expect(Array.isArray(detail.body.messages)).toBe(true);
  });
});

describe('deja serve --http: security', () => {
  it('keeps the token in DEJA_HOME/http-token with mode 0600', async () => {
    const mode = statSync(join(server.home, 'http-token')).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    await vi.waitFor(() => expect(server.stderr()).toContain(join(server.home, 'http-token')));
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403', async () => {
    const badHost = await rawRequest(server.url, {
      path: '/api/projects',
      headers: { host: 'evil.example:80' },
    });
    expect(badHost.status).toBe(403);
    expect(JSON.parse(badHost.body).error.field).toBe('Host');
    const otherPort = await rawRequest(server.url, {
      path: '/',
      headers: { host: `127.0.0.1:${server.port + 1}` },
    });
    expect(otherPort.status).toBe(403);
    const rebindMcp = await rawRequest(server.url, {
      method: 'POST',
      path: '/mcp',
      headers: {
        host: 'attacker.test',
        authorization: `Bearer ${server.token}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(rebindMcp.status).toBe(403);
    const badOrigin = await api<ApiError>('/api/memories', {
      method: 'POST',
      auth: true,
      headers: { origin: 'http://evil.example' },
      body: JSON.stringify({ content: 'from another site' }),
    });
    expect(badOrigin.status).toBe(403);
    expect(badOrigin.body.error.field).toBe('Origin');
    const goodOrigin = await api('/api/projects', { headers: { origin: server.url } });
    expect(goodOrigin.status).toBe(200);
    const localhost = await rawRequest(server.url, {
      path: '/api/projects',
      headers: { host: `localhost:${server.port}` },
    });
    expect(localhost.status).toBe(200);
  });

  it('needs the token to change data: none → 401, wrong → 401, right → 2xx, cookie from ?token= → 2xx', async () => {
    const body = JSON.stringify({ content: 'token check memory' });
    expect((await api('/api/memories', { method: 'POST', body })).status).toBe(401);
    const wrong = await api('/api/memories', {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token' },
      body,
    });
    expect(wrong.status).toBe(401);
    expect((await api('/api/memories', { method: 'POST', auth: true, body })).status).toBe(201);

    const handshake = await api(`/?token=${encodeURIComponent(server.token)}`);
    expect(handshake.status).toBe(303);
    expect(handshake.headers.get('location')).toBe('/');
    const cookie = handshake.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const viaCookie = await api('/api/memories', {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0] ?? '' },
      body: JSON.stringify({ content: 'stored with the dashboard cookie' }),
    });
    expect(viaCookie.status).toBe(201);
    const badHandshake = await api('/?token=wrong');
    expect(badHandshake.status).toBe(200);
    expect(badHandshake.headers.get('set-cookie')).toBeNull();
    // Reads stay open on loopback.
    expect((await api('/api/sessions')).status).toBe(200);
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const big = JSON.stringify({ content: 'x'.repeat(1024 * 1024 + 10) });
    const api413 = await api<ApiError>('/api/memories', { method: 'POST', auth: true, body: big });
    expect(api413.status).toBe(413);
    expect(api413.body.error.field).toBe('body');
    const mcp413 = await api('/mcp', {
      method: 'POST',
      auth: true,
      headers: { accept: 'application/json, text/event-stream' },
      body: big,
    });
    expect(mcp413.status).toBe(413);
  });

  it('serves static files by name only: traversal in any encoding is 404', async () => {
    const ok = await rawRequest(server.url, { path: '/assets/uplot.min.js' });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/javascript/);
    for (const path of [
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/%252e%252e%252fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fnode_modules%2fuplot%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/http-token',
      '/assets/style.css%00.js',
    ]) {
      const response = await rawRequest(server.url, { path });
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain('"name"');
      expect(response.body, path).not.toContain(server.token);
    }
  });

  it("imports the assistants' transcripts in the background as they are written", async () => {
    const user = tempHome();
    const codex = join(user, '.codex', 'sessions', '2026', '02', '23');
    mkdirSync(codex, { recursive: true });
    const [rollout] = readdirSync(join(FIXTURES, 'codex'));
    // Codex names its transcripts rollout-<time>-<id>.jsonl (the fixture's name has a prefix).
    copyFileSync(
      join(FIXTURES, 'codex', rollout ?? ''),
      join(codex, (rollout ?? '').replace(/^.*?rollout-/, 'rollout-')),
    );
    const watching = await startHttpServer({
      home: join(tempHome(), 'deja'),
      userHome: user,
      cwd: user,
      env: { DEJA_WATCH_TRANSCRIPTS: '0.2' },
    });
    harnesses.push(watching);
    await vi.waitFor(() =>
      expect(watching.stderr()).toContain(
        'importing new lines of Claude Code and Codex transcripts every 0.2 s',
      ),
    );
    const importedSessions = async () => {
      const response = await fetch(`${watching.url}/api/sessions?limit=50`);
      const body = (await response.json()) as { sessions: { type: string | null }[] };
      return body.sessions.filter((session) => session.type === 'imported').length;
    };
    await vi.waitFor(async () => expect(await importedSessions()).toBe(1), {
      timeout: 30_000,
      interval: 200,
    });
    // A conversation written later is picked up by a later round.
    const claude = join(user, '.claude', 'projects', '-work-demo');
    mkdirSync(claude, { recursive: true });
    copyFileSync(
      join(FIXTURES, 'claude-code', 'episodic-memory_short-conversation.jsonl'),
      join(claude, 'b5c0e1a2-0000-4000-8000-000000000001.jsonl'),
    );
    await vi.waitFor(async () => expect(await importedSessions()).toBe(2), {
      timeout: 30_000,
      interval: 200,
    });
  });

  it('bound beyond loopback, every request needs the token', async () => {
    const user = tempHome();
    const wide = await startHttpServer({
      home: join(tempHome(), 'deja'),
      userHome: user,
      cwd: user,
      args: ['--host', '0.0.0.0'],
    });
    harnesses.push(wide);
    await vi.waitFor(() => expect(wide.stderr()).toMatch(/beyond loopback/));
    const local = wide.url;
    expect((await fetch(`${local}/api/projects`)).status).toBe(401);
    expect((await fetch(`${local}/`)).status).toBe(401);
    const withToken = await fetch(`${local}/api/projects`, {
      headers: { authorization: `Bearer ${wide.token}` },
    });
    expect(withToken.status).toBe(200);
    const { client } = await connectMcp({ ...wide, url: local });
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });
});
