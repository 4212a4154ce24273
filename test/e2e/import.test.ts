import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/transcripts/', import.meta.url));
const CLAUDE_FIXTURE = 'episodic-memory_long-conversation.jsonl';

interface Summary {
  files: number;
  filesChanged: number;
  sessions: number;
  messages: number;
  toolCalls: number;
  responses: number;
  tokens: { input: number; output: number; cacheWrite: number; cacheRead: number };
  skippedLines: number;
  archived: number;
  warnings: string[];
}

/** A user home with the fixtures where Claude Code and Codex keep their transcripts. */
function userHomeWithFixtures(): string {
  const home = tempHome();
  const claude = join(home, '.claude', 'projects', '-home-user-demo');
  mkdirSync(claude, { recursive: true });
  for (const name of readdirSync(join(FIXTURES, 'claude-code')))
    cpSync(join(FIXTURES, 'claude-code', name), join(claude, name));
  const codex = join(home, '.codex', 'sessions', '2026', '02', '23');
  mkdirSync(codex, { recursive: true });
  for (const name of readdirSync(join(FIXTURES, 'codex'))) {
    const target = name.startsWith('rollout-') ? name : name.replace(/^[^_]+_/, '');
    cpSync(join(FIXTURES, 'codex', name), join(codex, target));
  }
  return home;
}

function deja(args: string[], env: { home: string; user: string }) {
  const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
    cwd: env.user,
    env: { ...process.env, DEJA_HOME: env.home, DEJA_USER_HOME: env.user, DEJA_LOG_LEVEL: 'error' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function importJson(args: string[], env: { home: string; user: string }): Summary {
  const result = deja(['import', '--json', ...args], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

function count(home: string, sql: string): number {
  const db = new Database(join(home, 'deja.db'), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('deja import (real transcripts, real child processes)', () => {
  it('imports every fixture without a crash, and a second run adds nothing', () => {
    const env = { home: tempHome(), user: userHomeWithFixtures() };
    const first = importJson([], env);
    expect(first.files).toBe(14);
    expect(first.messages).toBeGreaterThan(500);
    expect(first.toolCalls).toBeGreaterThan(50);
    expect(first.tokens.output).toBeGreaterThan(0);
    expect(first.sessions).toBeGreaterThanOrEqual(10);
    const stored = count(env.home, 'SELECT COUNT(*) AS n FROM messages');
    expect(stored).toBe(first.messages);
    const responses = count(env.home, 'SELECT COUNT(*) AS n FROM token_usage');
    expect(responses).toBe(first.responses);

    const again = importJson([], env);
    expect(again).toMatchObject({ messages: 0, toolCalls: 0, responses: 0, filesChanged: 0 });
    expect(count(env.home, 'SELECT COUNT(*) AS n FROM messages')).toBe(stored);
  });

  it('stores exactly what the transcript holds: messages, tool calls, and tokens counted once per response', () => {
    // Counts worked out by hand from the file (see src/importers/claude-code/parse-claude-code.test.ts):
    // 2 assistant texts, 2 tool calls, 2 tool results; 4 usage lines for 3 responses, whose
    // field-wise maxima sum to 9 input, 738 output, 164,054 cache-write and 141,272 cache-read tokens.
    const user = tempHome();
    const env = { home: tempHome(), user };
    const folder = join(user, '.claude', 'projects', '-tmp-s');
    mkdirSync(folder, { recursive: true });
    cpSync(join(FIXTURES, 'claude-code', 'sidechain_integrated.jsonl'), join(folder, 'sidechain.jsonl'));
    const summary = importJson([], env);
    expect(summary).toMatchObject({ messages: 6, toolCalls: 2, responses: 3 });
    expect(summary.tokens).toEqual({ input: 9, output: 738, cacheWrite: 164_054, cacheRead: 141_272 });
    expect(
      count(
        env.home,
        `SELECT COUNT(*) AS n FROM messages WHERE json_extract(meta, '$.type') = 'tool_result'`,
      ),
    ).toBe(2);
    expect(count(env.home, 'SELECT SUM(output_tokens) AS n FROM token_usage')).toBe(738);
    expect(count(env.home, 'SELECT SUM(cache_write_tokens) AS n FROM token_usage')).toBe(164_054);
    expect(
      count(env.home, `SELECT COUNT(*) AS n FROM messages WHERE json_extract(meta, '$.sidechain') = 1`),
    ).toBe(3);
    expect(importJson([], env)).toMatchObject({ messages: 0, responses: 0 });

    // Cost by hand from src/data/model-prices.json: claude-sonnet-4-5-20250929 takes the
    // claude-sonnet-4 prices (USD per million: input 3, output 15, 5-minute cache write 3.75,
    // cache read 0.3; this file has no 1-hour cache writes):
    // 9 × 3 + 738 × 15 + 164,054 × 3.75 + 141,272 × 0.3 = 27 + 11,070 + 615,202.5 + 42,381.6
    // = 668,681.1 per million = $0.6686811.
    const report = deja(['report', '--json'], env);
    expect(report.code, report.stderr).toBe(0);
    const costed = (JSON.parse(report.stdout) as { summary: { cost_usd: number | null } }).summary;
    expect(costed.cost_usd).toBeCloseTo(0.6686811, 6);
  });

  it('adds only the lines appended since the last import, and a half-written line waits', () => {
    const user = tempHome();
    const env = { home: tempHome(), user };
    const source = readFileSync(join(FIXTURES, 'claude-code', CLAUDE_FIXTURE), 'utf8')
      .split('\n')
      .filter(Boolean);
    const folder = join(user, '.claude', 'projects', '-tmp-x');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'conversation.jsonl');
    const half = Math.floor(source.length / 2);
    writeFileSync(file, `${source.slice(0, half).join('\n')}\n`);
    const first = importJson([], env);

    const whole = { home: tempHome(), user: tempHome() };
    const wholeFolder = join(whole.user, '.claude', 'projects', '-tmp-x');
    mkdirSync(wholeFolder, { recursive: true });
    writeFileSync(join(wholeFolder, 'conversation.jsonl'), `${source.join('\n')}\n`);
    const all = importJson([], whole);

    // The rest arrives in two writes; the first ends in the middle of a line.
    const rest = `${source.slice(half).join('\n')}\n`;
    const cut = rest.length - Math.floor((source[source.length - 1] ?? '').length / 2) - 1;
    appendFileSync(file, rest.slice(0, cut));
    const second = importJson([], env);
    appendFileSync(file, rest.slice(cut));
    const third = importJson([], env);
    expect(first.messages + second.messages + third.messages).toBe(all.messages);
    expect(second.skippedLines + third.skippedLines).toBe(0);
    expect(count(env.home, 'SELECT COUNT(*) AS n FROM messages')).toBe(all.messages);
    expect(count(env.home, 'SELECT COALESCE(SUM(output_tokens), 0) AS n FROM token_usage')).toBe(
      count(whole.home, 'SELECT COALESCE(SUM(output_tokens), 0) AS n FROM token_usage'),
    );
  });

  it('reads a file that shrank or was replaced from the start, loses nothing, and says so', () => {
    const user = tempHome();
    const env = { home: tempHome(), user };
    const folder = join(user, '.claude', 'projects', '-tmp-y');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'conversation.jsonl');
    cpSync(join(FIXTURES, 'claude-code', CLAUDE_FIXTURE), file);
    const first = importJson([], env);
    expect(first.messages).toBeGreaterThan(0);

    truncateSync(file, 200);
    const shrunk = importJson([], env);
    expect(shrunk.warnings.join('\n')).toMatch(/read again from the start \(the file shrank/);
    expect(count(env.home, 'SELECT COUNT(*) AS n FROM messages')).toBe(first.messages);

    writeFileSync(file, readFileSync(join(FIXTURES, 'claude-code', 'sidechain_integrated.jsonl')));
    const replaced = importJson([], env);
    expect(replaced.messages).toBeGreaterThan(0);
    expect(count(env.home, 'SELECT COUNT(*) AS n FROM messages')).toBe(first.messages + replaced.messages);
  });

  it('makes imported messages searchable with role and session facets', () => {
    const env = { home: tempHome(), user: userHomeWithFixtures() };
    importJson(['--source', 'claude-code'], env);
    const word = mostCommonLongWord(env.home);
    const result = deja(['search', word, '--role', 'assistant', '--json'], env);
    expect(result.code).toBe(0);
    const found = JSON.parse(result.stdout) as {
      results: { source: string; kind: string; session_id: string }[];
    };
    expect(found.results.length).toBeGreaterThan(0);
    for (const hit of found.results) expect(hit).toMatchObject({ source: 'message', kind: 'assistant' });
    const session = found.results[0]?.session_id ?? '';
    expect(session).toMatch(/^imp_/);
    const inSession = JSON.parse(deja(['search', word, '--session', session, '--json'], env).stdout) as {
      results: { session_id: string }[];
    };
    for (const hit of inSession.results) expect(hit.session_id).toBe(session);
    const grouped = JSON.parse(deja(['search', word, '--by-session', '--json'], env).stdout) as {
      sessions: { session_id: string; score: number; results: { session_id: string }[] }[];
    };
    expect(grouped.sessions.length).toBeGreaterThan(0);
    for (const group of grouped.sessions)
      for (const hit of group.results) expect(hit.session_id).toBe(group.session_id);
    const scores = grouped.sessions.map((group) => group.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('indexes a large import on a second core: every message findable, by its words and its identifiers', () => {
    const user = tempHome();
    const folder = join(user, '.claude', 'projects', '-work-big');
    mkdirSync(folder, { recursive: true });
    const lines: string[] = [];
    // 6,000 messages: a backlog of three full indexing batches, built by the entry worker one batch ahead.
    for (let i = 0; i < 6000; i++) {
      const user = i % 2 === 0;
      const text = user
        ? `question ${i}: why does loadWidget${i}Config fail in src/widgets/widget_${i}.ts`
        : `answer ${i}: the deploy step marker${i}x misses max_retry_count`;
      lines.push(
        JSON.stringify({
          type: user ? 'user' : 'assistant',
          timestamp: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
          sessionId: 'big-1',
          cwd: '/work/big',
          uuid: `u${i}`,
          message: user
            ? { role: 'user', content: [{ type: 'text', text }] }
            : { role: 'assistant', model: 'claude-x', id: `msg_${i}`, content: [{ type: 'text', text }] },
        }),
      );
    }
    writeFileSync(join(folder, 'big.jsonl'), `${lines.join('\n')}\n`);
    const env = { home: tempHome(), user };
    expect(importJson(['--source', 'claude-code'], env).messages).toBe(6000);
    const db = new Database(join(env.home, 'deja.db'), { readonly: true });
    const indexed = db.prepare("SELECT COUNT(*) AS n FROM search_docs WHERE source = 'message'").get() as {
      n: number;
    };
    db.close();
    expect(indexed.n).toBe(6000);
    const search = (query: string) =>
      (JSON.parse(deja(['search', query, '--json'], env).stdout) as { results: { snippet: string }[] })
        .results;
    // The first batch, a middle one and the last: camelCase parts, a path, a joined identifier.
    expect(search('widget 4 config load')[0]?.snippet).toContain('loadWidget4Config');
    expect(search('widget_3000.ts')[0]?.snippet).toContain('src/widgets/widget_3000.ts');
    expect(search('loadwidget5998config')[0]?.snippet).toContain('loadWidget5998Config');
    expect(search('marker5999x')[0]?.snippet).toContain('answer 5999');
  });

  it('warns about hostile input and keeps what it stored: a 10 MB line, invalid UTF-8, deep nesting, a symlink out', () => {
    const user = tempHome();
    const env = { home: tempHome(), user };
    const folder = join(user, '.claude', 'projects', '-tmp-z');
    mkdirSync(folder, { recursive: true });
    cpSync(join(FIXTURES, 'claude-code', CLAUDE_FIXTURE), join(folder, 'good.jsonl'));
    const before = importJson([], env).messages;
    writeFileSync(join(env.home, 'config.toml'), '[transcripts]\nmaxLineBytes = 1048576\n');

    const good = readFileSync(join(FIXTURES, 'claude-code', 'representative_messages.jsonl'));
    writeFileSync(
      join(folder, 'hostile.jsonl'),
      Buffer.concat([
        Buffer.from(`{"type":"user","text":"${'x'.repeat(10 * 1024 * 1024)}"}\n`),
        Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
        Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}\n`),
        Buffer.from(`{"type":"user","message":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}\n`),
        good,
      ]),
    );
    const outside = tempHome();
    cpSync(join(FIXTURES, 'claude-code', 'todowrite_examples.jsonl'), join(outside, 'secret.jsonl'));
    symlinkSync(join(outside, 'secret.jsonl'), join(folder, 'link.jsonl'));

    const result = deja(['import', '--json'], { ...env });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    const warnings = summary.warnings.join('\n');
    expect(warnings).toMatch(/hostile\.jsonl:1: .*longer than/);
    expect(warnings).toMatch(/hostile\.jsonl:2: .*UTF-8/);
    expect(warnings).toMatch(/hostile\.jsonl:3: /);
    expect(warnings).toMatch(/link\.jsonl/);
    expect(summary.messages).toBeGreaterThan(0);
    expect(count(env.home, 'SELECT COUNT(*) AS n FROM messages')).toBe(before + summary.messages);
  });

  it('keeps a compressed copy when archiving is on', () => {
    const env = { home: tempHome(), user: userHomeWithFixtures() };
    const summary = importJson(['--source', 'codex', '--archive'], env);
    expect(summary.archived).toBe(6);
    const archived = join(
      env.home,
      'archive',
      'codex',
      '.codex',
      'sessions',
      '2026',
      '02',
      '23',
      'rollout-legacy-44444444-4444-4444-8444-444444444444.jsonl.gz',
    );
    expect(gunzipSync(readFileSync(archived))).toEqual(
      readFileSync(join(FIXTURES, 'codex', 'rollout-legacy-44444444-4444-4444-8444-444444444444.jsonl')),
    );
  });

  it('rejects bad options with the option and the rule', () => {
    const env = { home: tempHome(), user: tempHome() };
    const source = deja(['import', '--source', 'emacs'], env);
    expect(source.code).not.toBe(0);
    expect(source.stderr).toMatch(/--source.*claude-code, codex/s);
    const since = deja(['import', '--since', 'the day after never'], env);
    expect(since.code).toBe(1);
    expect(since.stderr).toMatch(/`--since` must be a date or a time phrase/);
    const interval = deja(['import', '--watch', '--interval', '5'], env);
    expect(interval.code).not.toBe(0);
    expect(interval.stderr).toMatch(/--interval.*100 to 60000/s);
  });

  it('--watch picks up appended lines within 2 s', async () => {
    const user = tempHome();
    const env = { home: tempHome(), user };
    const folder = join(user, '.claude', 'projects', '-tmp-w');
    mkdirSync(folder, { recursive: true });
    const lines = readFileSync(join(FIXTURES, 'claude-code', CLAUDE_FIXTURE), 'utf8')
      .split('\n')
      .filter(Boolean);
    const file = join(folder, 'live.jsonl');
    writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`);
    const child = spawn(process.execPath, [DEJA_BIN, 'import', '--watch', '--interval', '250', '--json'], {
      cwd: user,
      env: { ...process.env, DEJA_HOME: env.home, DEJA_USER_HOME: user, DEJA_LOG_LEVEL: 'error' },
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => output.includes('"files"'), 10_000);
    const storedBefore = count(env.home, 'SELECT COUNT(*) AS n FROM messages');
    appendFileSync(file, `${lines.slice(3).join('\n')}\n`);
    const appendedAt = Date.now();
    await waitFor(() => count(env.home, 'SELECT COUNT(*) AS n FROM messages') > storedBefore, 5_000);
    expect(Date.now() - appendedAt).toBeLessThan(2_000);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(existsSync(join(env.home, 'deja.db'))).toBe(true);
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (check()) return;
    } catch {
      // The database may not exist yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms`);
}

/** A long word the imported assistant messages use often (read from the store, not hard-coded). */
function mostCommonLongWord(home: string): string {
  const db = new Database(join(home, 'deja.db'), { readonly: true });
  const rows = db.prepare(`SELECT content FROM messages WHERE role = 'assistant'`).all() as {
    content: string;
  }[];
  db.close();
  const counts = new Map<string, number>();
  for (const { content } of rows)
    for (const word of content.toLowerCase().match(/\b[a-z]{9,14}\b/g) ?? [])
      counts.set(word, (counts.get(word) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!best) throw new Error('no assistant text was imported');
  return best[0];
}
