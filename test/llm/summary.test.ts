/**
 * Summarised hand-offs in process, and the `llm` MCP tool, against a real local server.
 * With no provider (or the flag off) nothing changes and nothing is contacted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordEvent } from '../../src/app/events/record-event.js';
import { endSession } from '../../src/app/sessions/end-session.js';
import { startSession } from '../../src/app/sessions/start-session.js';
import { createLogger } from '../../src/logger.js';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { connectInMemory, testDeps } from '../support/in-memory.js';
import { type LlmServer, startLlmServer } from '../support/llm-server.js';

const KEY = 'sk-summary-secret-abcdef123456';
let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer({
    apiKey: KEY,
    respond: (request) => {
      const messages = request.body.messages as { role: string; content: string }[];
      const prompt = messages.find((m) => m.role === 'user')?.content ?? '';
      return prompt.includes('Session record')
        ? 'Chose FTS5 for search; the index question is still open.'
        : 'OK';
    },
  });
});
afterAll(() => server.close());

let deps: ReturnType<typeof testDeps> | null = null;
let repo: string;
beforeEach(() => {
  server.reset();
  repo = makeGitRepo('summary-project');
});
afterEach(async () => {
  await deps?.store.close();
  deps = null;
});

function homeWith(toml: string): string {
  const home = tempHome();
  writeFileSync(join(home, 'config.toml'), toml);
  return home;
}

const llmSection = () =>
  `[llm]\nprovider = "openai"\nbaseUrl = "${server.openaiUrl}"\nmodel = "tiny-model"\napiKey = "${KEY}"\n`;

async function runSession(home: string, logFile?: string) {
  deps = testDeps(home, logFile ? { logger: createLogger({ logLevel: 'warn', logFile }) } : {});
  const { session } = await startSession(
    deps,
    { goal: 'Pick a search engine' },
    { context: 'background', cwd: repo },
  );
  await recordEvent(deps, session, { category: 'decision', data: { text: 'Use FTS5 with BM25' } });
  await recordEvent(deps, session, { category: 'question', data: 'Should we index tool output?' });
  const ended = await endSession(deps, session.id, { outcome: 'partial', notes: 'Benchmark next' });
  return ended.handoff?.content ?? '';
}

describe('summarised hand-offs', () => {
  it('puts the LLM summary at the top of the hand-off when turned on', async () => {
    const handoff = await runSession(homeWith(`${llmSection()}\n[session]\nsummarisedHandoffs = true\n`));
    const summaryAt = handoff.indexOf('## Summary');
    expect(summaryAt).toBeGreaterThan(0);
    expect(summaryAt).toBeLessThan(handoff.indexOf('## Goal'));
    expect(handoff).toContain('Chose FTS5 for search; the index question is still open.');
    expect(handoff).toContain('_Written by tiny-model');
    expect(handoff).toContain('## Decisions\n- Use FTS5 with BM25'); // the normal hand-off is all there
    expect(handoff).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]?.body as {
      messages: { role: string; content: string }[];
      max_tokens: number;
    };
    expect(body.max_tokens).toBe(300);
    const prompt = body.messages.find((m) => m.role === 'user')?.content ?? '';
    expect(prompt).toContain('Goal: Pick a search engine');
    expect(prompt).toContain('- Use FTS5 with BM25');
    expect(prompt).toContain('Notes for the next session: Benchmark next');
  });

  it('does nothing with the flag off, even with a provider configured', async () => {
    const handoff = await runSession(homeWith(llmSection()));
    expect(handoff).not.toContain('## Summary');
    expect(server.requests).toHaveLength(0);
  });

  it('works exactly as before with no provider configured', async () => {
    const plain = await runSession(tempHome());
    await deps?.store.close();
    const flagged = await runSession(homeWith('[session]\nsummarisedHandoffs = true\n'));
    const stable = (text: string) =>
      text.replace(/Session: \w+/, 'Session: X').replace(/\[q:\w+\]/g, '[q:X]');
    expect(stable(flagged)).toBe(stable(plain));
    expect(flagged).not.toContain('## Summary');
    expect(server.requests).toHaveLength(0);
  });

  it('falls back to the normal hand-off on a server error, with a warning in the log (no key)', async () => {
    server.script({ status: 500 }, { status: 503 });
    const log = join(tempHome(), 'deja.log');
    const handoff = await runSession(
      homeWith(`${llmSection()}\n[session]\nsummarisedHandoffs = true\n`),
      log,
    );
    expect(handoff).not.toContain('## Summary');
    expect(handoff).toContain('## Decisions\n- Use FTS5 with BM25');
    const logged = readFileSync(log, 'utf8');
    expect(logged).toContain('summarised hand-off skipped');
    expect(logged).toContain('HTTP 503');
    expect(logged).not.toContain(KEY);
  });

  it('falls back when the LLM does not answer in time', async () => {
    server.script('hang');
    const started = Date.now();
    const home = homeWith(`${llmSection()}timeoutMs = 500\n\n[session]\nsummarisedHandoffs = true\n`);
    const handoff = await runSession(home);
    expect(handoff).not.toContain('## Summary');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the llm MCP tool', () => {
  it('is in standard and full, never core', () => {
    expect(TOOL_PROFILE_MEMBERS.core).not.toContain('llm');
    expect(TOOL_PROFILE_MEMBERS.standard).toContain('llm');
    expect(TOOL_PROFILE_MEMBERS.full).toContain('llm');
  });

  it('lists (key masked), tests, generates and chats', async () => {
    deps = testDeps(homeWith(llmSection()));
    const { call, client } = await connectInMemory(deps, repo, 'standard');
    const listed = await call('llm', { action: 'list' });
    expect(listed.isError).toBeFalsy();
    expect(listed.structuredContent).toMatchObject({ configured: { model: 'tiny-model', apiKey: '***' } });
    expect(JSON.stringify(listed)).not.toContain(KEY);
    const tested = await call('llm', { action: 'test' });
    expect(tested.structuredContent).toMatchObject({ ok: true, model: 'tiny-model' });
    const generated = await call('llm', { action: 'generate', prompt: 'hello', max_tokens: 20 });
    expect(generated.structuredContent).toMatchObject({ text: 'OK', provider: 'openai' });
    const chatted = await call('llm', { action: 'chat', messages: [{ role: 'user', content: 'hi' }] });
    expect(chatted.structuredContent).toMatchObject({ text: 'OK' });
    const missing = await call('llm', { action: 'generate' });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain('prompt');
    await client.close();
  });

  it('reports a clear error without a provider, and configure turns one on', async () => {
    const home = tempHome();
    deps = testDeps(home);
    const { call, client } = await connectInMemory(deps, repo, 'full');
    const none = await call('llm', { action: 'generate', prompt: 'hi' });
    expect(none.isError).toBe(true);
    expect(JSON.stringify(none.content)).toContain('no LLM is configured');
    const configured = await call('llm', {
      action: 'configure',
      provider: 'openai',
      base_url: server.openaiUrl,
      model: 'tiny-model',
      api_key: KEY,
    });
    expect(configured.isError).toBeFalsy();
    expect(JSON.stringify(configured)).not.toContain(KEY);
    expect(JSON.stringify(configured.content)).toContain('mode 0600');
    const generated = await call('llm', { action: 'generate', prompt: 'hello' });
    expect(generated.structuredContent).toMatchObject({ text: 'OK' });
    await client.close();
  });
});
