import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, structured } from '../support/stdio-client.js';

const PER_WRITER = 1000;

function cli(
  args: string[],
  cwd: string,
  home: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [DEJA_BIN, ...args], {
      cwd,
      env: { ...process.env, DEJA_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('several processes writing one SQLite store', () => {
  it('two deja serve processes and a CLI loop record 1,000 events each: all 3,000 are stored', async () => {
    const repo = makeGitRepo();
    const home = tempHome();
    execFileSync(process.execPath, [DEJA_BIN, 'start', '--goal', 'load test'], {
      cwd: repo,
      env: { ...process.env, DEJA_HOME: home },
    });
    const lines = Array.from({ length: PER_WRITER }, (_, i) =>
      JSON.stringify({ category: 'custom', type: 'cli', data: { n: i, text: `cli event ${i}` } }),
    );
    const file = join(home, 'cli-events.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const [a, b] = await Promise.all([
      connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' }),
      connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' }),
    ]);
    const serverLoop = async (harness: typeof a, label: string) => {
      for (let i = 0; i < PER_WRITER; i++) {
        structured(
          await harness.call('session_record', {
            category: 'tool_call',
            type: label,
            data: { n: i, text: `${label} event ${i}` },
          }),
        );
      }
    };
    const [cliResult] = await Promise.all([
      cli(['record', '--from-jsonl', file, '--json'], repo, home),
      serverLoop(a, 'server-a'),
      serverLoop(b, 'server-b'),
    ]);
    expect(cliResult.stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);
    expect(cliResult.code).toBe(0);
    expect(JSON.parse(cliResult.stdout)).toMatchObject({ recorded: PER_WRITER, failed: 0 });
    await Promise.all([a.close(), b.close()]);

    const db = new Database(join(home, 'deja.db'), { readonly: true });
    const counts = db
      .prepare(
        'SELECT type, COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM events GROUP BY type ORDER BY type',
      )
      .all();
    db.close();
    expect(counts).toEqual([
      { type: 'cli', n: PER_WRITER, ids: PER_WRITER },
      { type: 'server-a', n: PER_WRITER, ids: PER_WRITER },
      { type: 'server-b', n: PER_WRITER, ids: PER_WRITER },
    ]);
  }, 120_000);

  it('a server killed with SIGKILL in the middle of writes leaves a database that passes integrity_check', async () => {
    const repo = makeGitRepo();
    const home = tempHome();
    const harness = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    const pid = harness.transport.pid;
    expect(pid).toBeTruthy();
    let written = 0;
    const writer = (async () => {
      for (;;) {
        const result = await harness
          .call('session_record', {
            category: 'finding',
            data: { text: `finding ${written}`, blob: 'y'.repeat(2000) },
          })
          .catch(() => null);
        if (!result || result.isError) return;
        written++;
      }
    })();
    while (written < 200) await new Promise((r) => setTimeout(r, 10));
    process.kill(pid as number, 'SIGKILL');
    await writer;
    await harness.close().catch(() => undefined);

    const db = new Database(join(home, 'deja.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    db.prepare("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')").run();
    db.close();
    expect(stored).toBeGreaterThanOrEqual(written);
  }, 60_000);
});
