import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { connectStdio, structured } from '../support/stdio-client.js';

interface SessionOut {
  session: { id: string; status: string; outcome: string | null };
  welcome: string;
  already_active: boolean;
}

describe('deja serve over stdio (real client, real process)', () => {
  it('start → record decision → checkpoint → end; the next connection resumes with the hand-off', async () => {
    const repo = makeGitRepo();
    const home = tempHome();
    const first = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    const tools = await first.client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain('session_record');

    const start = structured<SessionOut>(
      await first.call('session_start', { goal: 'Pick a storage engine' }),
    );
    expect(start.session.status).toBe('active');
    expect(start.welcome).toContain('demo-project');
    const recorded = structured<{ id: string }>(
      await first.call('session_record', {
        category: 'decision',
        data: { text: 'Use SQLite in WAL mode so several clients can write at once' },
      }),
    );
    expect(recorded.id).toMatch(/^[0-9A-Z]{26}$/);
    structured(
      await first.call('session_checkpoint', { name: 'after-storage-decision', summary: 'engine chosen' }),
    );
    const end = structured<{ session: { outcome: string }; handoff: string; handoff_path: string }>(
      await first.call('session_end', { outcome: 'success', notes: 'Next: write the migrations' }),
    );
    expect(end.session.outcome).toBe('success');
    expect(end.handoff).toContain('Use SQLite in WAL mode');
    expect(readFileSync(end.handoff_path, 'utf8')).toContain('Next: write the migrations');
    expect(end.handoff_path.startsWith(join(home, 'handoffs'))).toBe(true);
    await first.close();

    const second = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    const resumed = structured<{ session: { id: string }; handoff: string; decisions: string[] }>(
      await second.call('session_resume', {}),
    );
    expect(resumed.session.id).toBe(start.session.id);
    expect(resumed.handoff).toContain('Use SQLite in WAL mode');
    expect(resumed.decisions).toEqual(['Use SQLite in WAL mode so several clients can write at once']);
    const welcome = structured<SessionOut>(await second.call('session_start', {}));
    expect(welcome.already_active).toBe(true);
    expect(welcome.welcome).toContain('Use SQLite in WAL mode');
    const byCheckpoint = structured<{ checkpoint: { name: string } }>(
      await second.call('session_resume', { target: 'after-storage-decision' }),
    );
    expect(byCheckpoint.checkpoint.name).toBe('after-storage-decision');
    await second.close();
  });

  it('closes the session with a hand-off when the client dies without session_end', async () => {
    const repo = makeGitRepo();
    const home = tempHome();
    const script = fileURLToPath(new URL('../fixtures/client-then-crash.mjs', import.meta.url));
    const child = spawn(process.execPath, [script], {
      cwd: repo,
      env: { ...process.env, DEJA_HOME: home, DEJA_LOG_LEVEL: 'warn', DEJA_TOOLS: 'standard' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const signal = await new Promise<NodeJS.Signals | null>((done) =>
      child.on('exit', (_code, sig) => done(sig)),
    );
    expect(signal).toBe('SIGKILL');
    const sessionId = JSON.parse(out.trim().split('\n').at(-1) ?? '{}').session_id as string;
    expect(sessionId).toBeTruthy();

    const db = join(home, 'deja.db');
    let row: { status: string; outcome: string; end_reason: string } | undefined;
    for (let i = 0; i < 100 && row?.status !== 'ended'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const conn = new Database(db, { readonly: true, timeout: 5000 });
      row = conn
        .prepare('SELECT status, outcome, end_reason FROM sessions WHERE id = ?')
        .get(sessionId) as typeof row;
      conn.close();
    }
    expect(row).toEqual({ status: 'ended', outcome: 'partial', end_reason: 'disconnect' });
    const conn = new Database(db, { readonly: true });
    const handoff = conn
      .prepare('SELECT content, path FROM handoffs WHERE session_id = ?')
      .get(sessionId) as {
      content: string;
      path: string;
    };
    conn.close();
    expect(handoff.content).toContain('Crash-test decision: keep the event log append-only');
    expect(existsSync(handoff.path)).toBe(true);
  });
});
