/**
 * `deja llm …` and summarised hand-offs through the built CLI (real child processes),
 * with the provider pointing at a real local server that speaks the OpenAI and
 * Anthropic APIs. The API key must never reach the database file, stdout or the hand-off.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { type LlmServer, startLlmServer } from '../support/llm-server.js';
import { DEJA_BIN } from '../support/paths.js';

const KEY = 'sk-e2e-llm-secret-5a4b3c2d1e0f';
const SUMMARY = 'The session chose Commander for the CLI; the daemon question stays open.';

/** Runs the CLI asynchronously (the test's HTTP server must keep answering meanwhile). */
function deja(args: string[], cwd: string, env: Record<string, string>, input?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const { OPENAI_API_KEY: _o, ANTHROPIC_API_KEY: _a, ...base } = process.env;
    const child = spawn(process.execPath, [DEJA_BIN, ...args], { cwd, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer({
    apiKey: KEY,
    respond: (request) => {
      const messages = request.body.messages as { role: string; content: string }[];
      const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      return user.includes('Session record') ? SUMMARY : `Echo: ${user}`;
    },
  });
});
afterAll(() => server.close());

describe('deja llm (CLI)', { timeout: 60_000 }, () => {
  const home = tempHome();
  const env = { DEJA_HOME: home };

  it('configure (key from stdin, 0600), list (masked), test', async () => {
    const configured = await deja(
      [
        'llm',
        'configure',
        '--provider',
        'openai',
        '--base-url',
        server.openaiUrl,
        '--model',
        'tiny',
        '--api-key',
        '-',
      ],
      home,
      env,
      `${KEY}\n`,
    );
    expect(configured.code).toBe(0);
    expect(configured.stdout).toMatch(/API key was written to .*config\.toml \(file mode 0600/);
    expect(configured.stdout).not.toContain(KEY);
    expect(statSync(join(home, 'config.toml')).mode & 0o777).toBe(0o600);

    const listed = await deja(['llm', 'list'], home, env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('API key: set (from config file)');
    expect(listed.stdout).not.toContain(KEY);
    const listedJson = await deja(['llm', 'list', '--json'], home, env);
    expect(JSON.parse(listedJson.stdout).configured).toMatchObject({ model: 'tiny', apiKey: '***' });

    const tested = await deja(['llm', 'test', '--json'], home, env);
    expect(tested.code).toBe(0);
    expect(JSON.parse(tested.stdout)).toMatchObject({ ok: true, model: 'tiny', provider: 'openai' });
  });

  it('generate and chat, OpenAI-compatible and Anthropic; clear errors', async () => {
    const generated = await deja(['llm', 'generate', 'hello', 'there'], home, env);
    expect(generated).toMatchObject({ code: 0, stdout: 'Echo: hello there\n' });
    const chatted = await deja(
      [
        'llm',
        'chat',
        '--messages',
        JSON.stringify([
          { role: 'user', content: 'one' },
          { role: 'assistant', content: 'a' },
          { role: 'user', content: 'two' },
        ]),
        '--json',
      ],
      home,
      env,
    );
    expect(JSON.parse(chatted.stdout)).toMatchObject({ text: 'Echo: two' });

    // Anthropic through the environment, overriding the file.
    const anthropicEnv = {
      ...env,
      DEJA_LLM: 'anthropic',
      DEJA_LLM_URL: server.anthropicUrl,
      DEJA_LLM_MODEL: 'claude-test',
      DEJA_LLM_API_KEY: KEY,
    };
    const viaAnthropic = await deja(['llm', 'generate', 'bonjour'], home, anthropicEnv);
    expect(viaAnthropic).toMatchObject({ code: 0, stdout: 'Echo: bonjour\n' });
    const last = server.requests.at(-1);
    expect(last?.headers['x-api-key']).toBe(KEY);
    expect(last?.headers['anthropic-version']).toBeDefined();

    const wrong = await deja(['llm', 'test'], home, {
      ...anthropicEnv,
      DEJA_LLM_API_KEY: 'sk-not-the-right-one-42',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('HTTP 401');
    expect(wrong.stdout + wrong.stderr).not.toContain('sk-not-the-right-one-42');

    const none = await deja(['llm', 'generate', 'hi'], tempHome(), { DEJA_HOME: tempHome() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no LLM is configured');
    const bad = await deja(['llm', 'list'], home, { ...env, DEJA_LLM_URL: 'not a url' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('llm.baseUrl');
  });

  it('summarised hand-off on deja end: the summary is on top; the key is nowhere', async () => {
    const repo = makeGitRepo('llm-project');
    const home = tempHome();
    writeFileSync(
      join(home, 'config.toml'),
      `[llm]\nprovider = "openai"\nbaseUrl = "${server.openaiUrl}"\nmodel = "tiny"\n\n[session]\nsummarisedHandoffs = true\n`,
    );
    const env = { DEJA_HOME: home, DEJA_LLM_API_KEY: KEY };
    expect((await deja(['start', '--goal', 'Wire the CLI'], repo, env)).code).toBe(0);
    expect((await deja(['record', 'decision', 'Commander for the CLI'], repo, env)).code).toBe(0);
    expect((await deja(['record', 'question', 'Do we need a daemon?'], repo, env)).code).toBe(0);
    const ended = await deja(['end', '--outcome', 'partial', '--json'], repo, env);
    expect(ended.code).toBe(0);
    const { handoff, handoff_path } = JSON.parse(ended.stdout) as { handoff: string; handoff_path: string };
    const file = readFileSync(handoff_path, 'utf8');
    expect(file).toContain(`## Summary\n_Written by tiny from this session's record._\n\n${SUMMARY}`);
    expect(file.indexOf('## Summary')).toBeLessThan(file.indexOf('## Goal'));
    expect(handoff).toBe(file);
    for (const text of [ended.stdout, ended.stderr, file]) expect(text).not.toContain(KEY);
    for (const path of filesUnder(home).filter((p) => !p.endsWith('config.toml'))) {
      expect(readFileSync(path).includes(Buffer.from(KEY)), path).toBe(false);
    }
  });

  it('with the server down, deja end writes the normal hand-off and exits 0 (warning on stderr only)', async () => {
    const down = await startLlmServer();
    const url = down.openaiUrl;
    await down.close();
    const repo = makeGitRepo('llm-down');
    const home = tempHome();
    writeFileSync(
      join(home, 'config.toml'),
      `[llm]\nprovider = "openai"\nbaseUrl = "${url}"\nmodel = "tiny"\n\n[session]\nsummarisedHandoffs = true\n`,
    );
    const env = { DEJA_HOME: home, DEJA_LLM_API_KEY: KEY };
    expect((await deja(['start', '--goal', 'Offline work'], repo, env)).code).toBe(0);
    expect((await deja(['record', 'decision', 'Keep it local'], repo, env)).code).toBe(0);
    const ended = await deja(['end', '--json'], repo, env);
    expect(ended.code).toBe(0);
    const { handoff, handoff_path } = JSON.parse(ended.stdout) as { handoff: string; handoff_path: string };
    expect(handoff).not.toContain('## Summary');
    expect(handoff).toContain('## Decisions\n- Keep it local');
    expect(readFileSync(handoff_path, 'utf8')).toBe(handoff);
    expect(ended.stderr).toContain('summarised hand-off skipped');
    expect(ended.stderr).not.toContain(KEY);
    expect(ended.stdout).not.toContain(KEY);
  });

  it('with no provider configured, the session works exactly as before (no warning)', async () => {
    const repo = makeGitRepo('llm-none');
    const home = tempHome();
    writeFileSync(join(home, 'config.toml'), '[session]\nsummarisedHandoffs = true\n');
    const env = { DEJA_HOME: home };
    expect((await deja(['start'], repo, env)).code).toBe(0);
    const ended = await deja(['end', '--json'], repo, env);
    expect(ended).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ended.stdout).handoff).not.toContain('## Summary');
  });
});
