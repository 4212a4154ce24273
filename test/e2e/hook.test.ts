import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio } from '../support/stdio-client.js';

/** The script Claude Code's hooks run (what `deja install` writes into settings.json). */
const HOOK_ENTRY = fileURLToPath(new URL('../../dist/install/hook-entry.js', import.meta.url));
const require = createRequire(import.meta.url);

const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DEJA_LOG_LEVEL: 'silent',
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a hook the way Claude Code does: a command, the event JSON on stdin, then stdin closed. */
function hook(
  home: string,
  event: string,
  input: unknown,
  options: { cli?: boolean; cwd?: string } = {},
): Run {
  const args = options.cli ? [DEJA_BIN, '--home', home, 'hook', event] : [HOOK_ENTRY, '--home', home, event];
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? home,
    env: baseEnv(),
    input: typeof input === 'string' ? input : JSON.stringify(input),
    encoding: 'utf8',
    timeout: 15_000,
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: performance.now() - started,
  };
}

function deja(args: string[], cwd: string, home: string) {
  const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
    cwd,
    env: { ...baseEnv(), DEJA_HOME: home },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`deja ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function context(run: Run): string {
  expect(run.code).toBe(0);
  const output = JSON.parse(run.stdout) as {
    hookSpecificOutput: { hookEventName: string; additionalContext: string };
  };
  expect(output.hookSpecificOutput.hookEventName).toBe('SessionStart');
  return output.hookSpecificOutput.additionalContext;
}

/** A project with one finished session (a hand-off, a decision, an open question). */
function seededProject() {
  const repo = makeGitRepo('hook-project');
  const home = tempHome();
  deja(['start', '--goal', 'Wire the hooks'], repo, home);
  deja(['record', 'decision', 'Hooks exit 0 whatever happens'], repo, home);
  deja(['record', 'question', 'Should Stop end the session?'], repo, home);
  deja(['end', '--notes', 'Next: measure the hook latency'], repo, home);
  return { repo, home };
}

function readStore<T>(home: string, read: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore({ path: join(home, 'deja.db') });
  return read(store).finally(() => store.close());
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('deja hook (real processes, JSON on stdin)', () => {
  it('runs its child from one bundled file, which imports no module of ours by path', () => {
    const bundle = fileURLToPath(new URL('../../dist/install/hook-runner.bundle.js', import.meta.url));
    expect(existsSync(bundle), 'npm run build makes it (scripts/bundle-hook.mjs)').toBe(true);
    const code = readFileSync(bundle, 'utf8');
    // Every module of ours is inside: a relative import would resolve from dist/install/ and could miss.
    expect(code.match(/(?:from\s*|import\s*\(\s*)["']\.{1,2}\//g)).toBeNull();
    expect(code).toContain('function runHookChild');
  });

  it('session-start puts the welcome into the context, through the hook entry and through `deja hook`', () => {
    const { repo, home } = seededProject();
    const input = { session_id: 'cc-1', cwd: repo, hook_event_name: 'SessionStart', source: 'startup' };
    const fast = hook(home, 'session-start', input);
    expect(fast.stderr).toBe('');
    const welcome = context(fast);
    expect(welcome).toMatch(/^deja: welcome back to hook-project on main/);
    expect(welcome).toContain('Next: measure the hook latency');
    expect(welcome).toContain('Hooks exit 0 whatever happens');
    expect(welcome).toContain('Should Stop end the session?');
    expect(context(hook(home, 'session-start', input, { cli: true }))).toBe(welcome);

    // The cwd comes from the input, not from where the command runs; an unknown folder gets nothing.
    const elsewhere = makeGitRepo('never-seen');
    expect(hook(home, 'session-start', { ...input, cwd: elsewhere })).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('imports the conversation’s own transcript on session-end and pre-compact, only what is new', async () => {
    const { repo, home } = seededProject();
    const transcript = join(tempHome(), 'conversation.jsonl');
    const lines = readFileSync(
      fileURLToPath(
        new URL(
          '../fixtures/transcripts/claude-code/episodic-memory_long-conversation.jsonl',
          import.meta.url,
        ),
      ),
      'utf8',
    )
      .split('\n')
      .filter(Boolean);
    writeFileSync(transcript, `${lines.slice(0, 100).join('\n')}\n`);
    const messages = () => readStore(home, (store) => store.usageTotals({}, 'model'));
    const compact = hook(home, 'pre-compact', {
      cwd: repo,
      hook_event_name: 'PreCompact',
      trigger: 'auto',
      transcript_path: transcript,
    });
    expect(compact).toMatchObject({ code: 0, stderr: '' });
    const before = (await messages()).reduce((sum, row) => sum + row.responses, 0);
    expect(before).toBeGreaterThan(0);
    writeFileSync(transcript, `${lines.join('\n')}\n`);
    const end = hook(home, 'session-end', {
      cwd: repo,
      hook_event_name: 'SessionEnd',
      reason: 'prompt_input_exit',
      transcript_path: transcript,
    });
    expect(end).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const after = (await messages()).reduce((sum, row) => sum + row.responses, 0);
    expect(after).toBeGreaterThan(before);
    const again = hook(home, 'session-end', {
      cwd: repo,
      hook_event_name: 'SessionEnd',
      transcript_path: transcript,
    });
    expect(again.code).toBe(0);
    expect((await messages()).reduce((sum, row) => sum + row.responses, 0)).toBe(after);
  });

  it('reuses the MCP server’s session, ends it on session-end, and checkpoints it before compaction', async () => {
    const { repo, home } = seededProject();
    const server = await connectStdio(repo, { DEJA_HOME: home });
    try {
      const status = await server.call('session_start', {});
      const sessionId = (status.structuredContent as { session: { id: string } }).session.id;
      const welcome = context(
        hook(home, 'session-start', { cwd: repo, hook_event_name: 'SessionStart', source: 'startup' }),
      );
      expect(welcome).toContain(`deja: session ${sessionId} started for hook-project`);

      const compact = hook(home, 'pre-compact', {
        cwd: repo,
        hook_event_name: 'PreCompact',
        trigger: 'auto',
      });
      expect(compact).toMatchObject({ code: 0, stdout: '', stderr: '' });
      const checkpoints = await readStore(home, (store) => store.listCheckpoints({ sessionId, limit: 10 }));
      expect(checkpoints.map((checkpoint) => [checkpoint.name, checkpoint.kind])).toEqual([
        ['pre-compact (auto)', 'manual'],
      ]);

      // Stop fires after every turn: it must not end the session, even if wired to session-end.
      expect(hook(home, 'session-end', { cwd: repo, hook_event_name: 'Stop' })).toMatchObject({
        code: 0,
        stdout: '',
      });
      expect((await readStore(home, (store) => store.getSession(sessionId)))?.status).toBe('active');

      const end = hook(home, 'session-end', {
        cwd: repo,
        hook_event_name: 'SessionEnd',
        reason: 'prompt_input_exit',
      });
      expect(end).toMatchObject({ code: 0, stdout: '', stderr: '' });
      const ended = await readStore(home, (store) => store.getSession(sessionId));
      expect(ended).toMatchObject({ status: 'ended', outcome: 'success', endReason: 'explicit' });
      expect(
        existsSync((await readStore(home, (store) => store.getHandoffBySession(sessionId)))?.path ?? ''),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('on session-end, imports the conversation first so the hand-off lists its size and the files its tools touched', async () => {
    const { repo, home } = seededProject();
    const transcript = join(tempHome(), 'conversation.jsonl');
    const fixture = readFileSync(
      fileURLToPath(
        new URL(
          '../fixtures/transcripts/claude-code/episodic-memory_long-conversation.jsonl',
          import.meta.url,
        ),
      ),
      'utf8',
    );
    const server = await connectStdio(repo, { DEJA_HOME: home });
    try {
      const status = await server.call('session_start', {});
      // The conversation happens during the session: its lines are stamped after the start.
      const later = new Date(Date.now() + 1000).toISOString();
      writeFileSync(transcript, fixture.replace(/"timestamp":"[^"]+"/g, `"timestamp":"${later}"`));
      const sessionId = (status.structuredContent as { session: { id: string } }).session.id;
      const end = hook(home, 'session-end', {
        cwd: repo,
        hook_event_name: 'SessionEnd',
        reason: 'prompt_input_exit',
        session_id: '9a9eadc8-c1f1-493e-a0f1-884aa996b05b',
        transcript_path: transcript,
      });
      expect(end).toMatchObject({ code: 0, stdout: '', stderr: '' });
      const handoff = (await readStore(home, (store) => store.getHandoffBySession(sessionId)))?.content ?? '';
      expect(handoff).toMatch(/- Conversation: \d+ messages, \d+ tool calls \(imported from the transcript/);
      // Relative to the folder the conversation ran in.
      expect(handoff).toContain('\n- src/agent/scenario-agent.ts\n');
      // No goal was given: the conversation's first request stands in for it.
      expect(handoff).toMatch(/## Goal\n\(not stated; the conversation began with: “.+”\)/);
      expect((await readStore(home, (store) => store.getSession(sessionId)))?.status).toBe('ended');
    } finally {
      await server.close();
    }
  });

  it('after /clear, session-start opens the next session itself (the MCP server is already connected)', async () => {
    const { repo, home } = seededProject();
    const welcome = context(
      hook(home, 'session-start', { cwd: repo, hook_event_name: 'SessionStart', source: 'clear' }),
    );
    const id = /deja: session (\S+) started/.exec(welcome)?.[1] as string;
    expect(id).toBeTruthy();
    const session = await readStore(home, (store) => store.getSession(id));
    expect(session).toMatchObject({ status: 'active', context: 'foreground', clientName: 'claude-code' });
    expect(
      hook(home, 'session-end', { cwd: repo, hook_event_name: 'SessionEnd', reason: 'clear' }).code,
    ).toBe(0);
    expect((await readStore(home, (store) => store.getSession(id)))?.status).toBe('ended');
  });

  it('exits 0 and prints nothing for a corrupt store, a missing data folder, and garbage on stdin', () => {
    const { repo, home } = seededProject();
    const input = { cwd: repo, hook_event_name: 'SessionStart', source: 'startup' };

    const missing = join(tempHome(), 'does', 'not', 'exist');
    for (const event of ['session-start', 'session-end', 'pre-compact']) {
      expect(hook(missing, event, input, { cwd: repo })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
    expect(existsSync(missing)).toBe(false);

    for (const garbage of ['not json at all', '[1, 2, 3]', '{"cwd": ', '\u0000\u0001binary']) {
      const run = hook(home, 'session-start', garbage);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^deja hook session-start: the hook input on stdin is not (a )?JSON/);
    }

    const corrupt = tempHome();
    writeFileSync(join(corrupt, 'deja.db'), randomBytes(64 * 1024));
    const before = readFileSync(join(corrupt, 'deja.db'));
    for (const event of ['session-start', 'session-end', 'pre-compact']) {
      const run = hook(corrupt, event, input);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^deja hook ${event}: .*not a database`));
      expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    }
    expect(readFileSync(join(corrupt, 'deja.db')).equals(before)).toBe(true);

    const unknown = hook(home, 'session-middle', input);
    expect(unknown).toMatchObject({ code: 0, stdout: '' });
    expect(unknown.stderr).toContain('unknown hook "session-middle"');
    const cliUnknown = spawnSync(process.execPath, [DEJA_BIN, 'hook', 'session-middle'], {
      encoding: 'utf8',
      input: '{}',
    });
    expect(cliUnknown.status).toBe(1);
    expect(cliUnknown.stderr).toContain('`event` must be one of session-start, session-end, pre-compact');
  });

  it('gives up within the budget when another process holds the store’s write lock', async () => {
    const { repo, home } = seededProject();
    // Open a foreground session to end, then lock the database from another process.
    expect(context(hook(home, 'session-start', { cwd: repo, source: 'clear' }))).toContain('started for');
    const locker = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new Database(${JSON.stringify(join(home, 'deja.db'))});
         db.exec('BEGIN EXCLUSIVE');
         process.stdout.write('locked\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(locker);
    await new Promise<void>((resolve) => locker.stdout?.once('data', () => resolve()));

    for (const event of ['session-start', 'session-end', 'pre-compact']) {
      const run = hook(home, event, { cwd: repo, hook_event_name: 'SessionEnd' });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `deja hook ${event}: gave up after 2000 ms (is the store locked by another process?)\n`,
      );
      expect(run.ms).toBeLessThan(3500);
    }
    locker.kill('SIGKILL');
    await new Promise((resolve) => locker.once('exit', resolve));
    // Nothing was half-done: the session is still open, and ends once the lock is gone.
    expect(hook(home, 'session-end', { cwd: repo, hook_event_name: 'SessionEnd' })).toMatchObject({
      code: 0,
      stderr: '',
    });
  });

  it('does not wait for stdin to close: a complete JSON object is enough, and silence ends after a short wait', async () => {
    const { repo, home } = seededProject();
    const runOpen = (write: string | null) =>
      new Promise<Run>((resolve) => {
        const started = performance.now();
        const child = spawn(process.execPath, [HOOK_ENTRY, '--home', home, 'session-start'], {
          cwd: repo,
          env: baseEnv(),
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        children.push(child);
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk) => {
          stdout += chunk;
        });
        child.stderr?.on('data', (chunk) => {
          stderr += chunk;
        });
        if (write !== null) child.stdin?.write(write); // …and never end it
        child.on('exit', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
      });

    const withInput = await runOpen(JSON.stringify({ cwd: repo, source: 'startup' }));
    expect(context(withInput)).toContain('welcome back to hook-project');
    expect(withInput.ms).toBeLessThan(2500);

    // Nothing ever arrives: after a short wait the hook goes on with the folder it runs in.
    const silent = await runOpen(null);
    expect(context(silent)).toContain('welcome back to hook-project');
    expect(silent.ms).toBeLessThan(2500);

    const partial = await runOpen('{"cwd": "');
    expect(partial).toMatchObject({ code: 0, stdout: '' });
    expect(partial.ms).toBeLessThan(2500);
  });

  it('runs from the command deja install writes into Claude Code’s settings, through a shell', () => {
    const { repo, home } = seededProject();
    const userHome = tempHome();
    const installed = spawnSync(
      process.execPath,
      [DEJA_BIN, '--home', home, 'install', '--client', 'claude-code'],
      {
        cwd: repo,
        env: { ...baseEnv(), HOME: userHome, DEJA_USER_HOME: userHome },
        encoding: 'utf8',
      },
    );
    expect(installed.status).toBe(0);
    const settings = JSON.parse(readFileSync(join(userHome, '.claude', 'settings.json'), 'utf8')) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    const command = settings.hooks.SessionStart?.[0]?.hooks[0]?.command as string;
    const run = spawnSync('/bin/sh', ['-c', command], {
      cwd: repo,
      env: baseEnv(),
      input: JSON.stringify({
        session_id: 'x',
        cwd: repo,
        hook_event_name: 'SessionStart',
        source: 'startup',
      }),
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(context({ code: run.status, stdout: run.stdout, stderr: run.stderr, ms: 0 })).toContain(
      'Wire the hooks',
    );
  });
});
