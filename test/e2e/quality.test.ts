import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

/** Test-runner stand-ins: real processes with vitest-like output. */
const SCRIPTS: Record<string, string> = {
  'pass.js': `console.log(' ✓ src/cache.test.ts (3 tests) 4ms');
console.log('      Tests  3 passed (3)');`,
  // Fails while state.txt says "broken", with paths, positions and durations that differ per run.
  'flaky.js': `const fs = require('node:fs');
if (fs.readFileSync('state.txt', 'utf8').includes('broken')) {
  const n = Date.now() % 1000;
  console.log(' FAIL  ' + process.cwd() + '/src/cache.test.ts > cache > evicts the oldest entry ' + n + 'ms');
  console.log('AssertionError: expected ' + n + ' to be 4 at ' + process.cwd() + '/src/cache.test.ts:12:' + n);
  console.log('      Tests  1 failed | 2 passed (3)');
  process.exit(1);
}
console.log('      Tests  3 passed (3)');`,
  // Starts a grandchild, records both pids, then never ends.
  'hang.js': `const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
require('node:fs').writeFileSync('hang.pids', process.pid + ' ' + child.pid);
console.log('started');
setInterval(() => {}, 1000);`,
  // About 50 MB of output, written with back-pressure.
  'loud.js': `const line = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz-quality-run-output-line-of-text\\n');
const chunk = Buffer.concat(Array.from({ length: 1000 }, () => line));
let left = Math.ceil(50 * 1024 * 1024 / chunk.length);
function write() {
  while (left > 0) {
    left--;
    if (!process.stdout.write(chunk)) return process.stdout.once('drain', write);
  }
}
write();`,
};

interface RunView {
  run: {
    id: string;
    kind: string;
    command: string;
    passed_run: boolean;
    exit_code: number | null;
    timed_out: boolean;
    passed: number | null;
    failed: number | null;
    failures: string[];
    dropped_bytes: number;
    session_id: string | null;
  };
  output_head: string;
  output_tail: string;
  total_bytes: number;
  trend: string[];
  source: string;
}
interface ReportView {
  runs: RunView['run'][];
  commands: { command: string; runs: number; passed: number; latest_passed: boolean }[];
  recurring: {
    signature: string;
    runs: number;
    open: boolean;
    resolved: { fixed_run_id: string; events: { category: string; text: string }[] }[];
  }[];
}
interface CheckpointView {
  quality?: { score: number; recommendations: string[]; components: { name: string; points: number }[] };
}

function writeScripts(repo: string) {
  for (const [name, body] of Object.entries(SCRIPTS)) writeFileSync(join(repo, name), body);
  writeFileSync(join(repo, 'state.txt'), 'ok\n');
}

/** Grants `command:node *` in every project, as the permissions tool would. */
async function trustNode(home: string) {
  const store = new SqliteStore({ path: join(home, 'deja.db') });
  await store.grantPermission({
    id: newId(),
    operation: 'command:node *',
    projectId: null,
    createdAt: new Date().toISOString(),
  });
  await store.close();
}

const commitAll = (repo: string) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-qam', 'work'], {
    cwd: repo,
  });

/** True while a process runs; a zombie (dead, not yet reaped by an init that may never reap it) is not alive. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Peak resident memory of a process (Linux), in bytes. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

describe('quality runs over stdio and the CLI', () => {
  let harness: StdioHarness;
  let repo: string;
  let home: string;
  let sessionId: string;

  const cli = (args: string[]) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
      cwd: repo,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_LOG_LEVEL: 'error' },
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    repo = makeGitRepo('quality-demo');
    home = tempHome();
    writeScripts(repo);
    execFileSync('git', ['add', '-A'], { cwd: repo });
    commitAll(repo);
    harness = await connectStdio(repo, { DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_TOOLS: 'standard' });
    await trustNode(home);
    sessionId = structured<{ session: { id: string } }>(
      await harness.call('session_start', { goal: 'keep the tests green' }),
    ).session.id;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('exposes quality_run and quality_report in standard and full, not in core', async () => {
    const names = (await harness.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['quality_run', 'quality_report']));
    for (const tool of ['quality_run', 'quality_report']) {
      expect(TOOL_PROFILE_MEMBERS.full).toContain(tool);
      expect(TOOL_PROFILE_MEMBERS.core).not.toContain(tool);
    }
  });

  it('records a passing run with its counts', async () => {
    const result = structured<RunView>(await harness.call('quality_run', { command: 'node pass.js' }));
    expect(result.run).toMatchObject({
      kind: 'test',
      passed_run: true,
      exit_code: 0,
      timed_out: false,
      passed: 3,
      failed: 0,
      failures: [],
      session_id: sessionId,
    });
    expect(result.source).toBe('explicit');
    expect(result.trend).toEqual(['pass']);
  });

  it('records a failing run with normalised failure signatures', async () => {
    writeFileSync(join(repo, 'state.txt'), 'broken\n');
    const call = await harness.call('quality_run', { command: 'node flaky.js', timeout_s: 30 });
    const result = structured<RunView>(call);
    expect(result.run).toMatchObject({ passed_run: false, exit_code: 1, passed: 2, failed: 1 });
    expect(result.run.failures).toContain('cache.test.ts > cache > evicts the oldest entry');
    expect(result.run.failures).toContain('AssertionError: expected N to be N at cache.test.ts');
    expect(errorText(call)).toContain('FAILED (exit 1)');
  });

  it('kills the whole process group of a command that hangs past its timeout', async () => {
    const started = Date.now();
    const result = structured<RunView>(
      await harness.call('quality_run', { command: 'node hang.js', timeout_s: 1 }),
    );
    expect(result.run.timed_out).toBe(true);
    expect(result.run.passed_run).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
    const pids = readFileSync(join(repo, 'hang.pids'), 'utf8').split(' ').map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(result.output_head).toContain('started');
  });

  it('caps 50 MB of output at head and tail, with the server memory flat', async () => {
    const pid = harness.transport.pid as number;
    const before = peakRss(pid);
    const result = structured<RunView>(
      await harness.call('quality_run', { command: 'node loud.js', kind: 'custom' }),
    );
    const after = peakRss(pid);
    expect(result.run.passed_run).toBe(true);
    expect(result.total_bytes).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(Buffer.byteLength(result.output_head)).toBe(64 * 1024);
    expect(Buffer.byteLength(result.output_tail)).toBe(64 * 1024);
    expect(result.run.dropped_bytes).toBe(result.total_bytes - 128 * 1024);
    // Holding the output would grow the server by more than the 50 MB it printed; streaming through a
    // capped buffer leaves only garbage-collection lag (about 30 MB here, the same for 200 MB of output).
    expect(after - before).toBeLessThan(45 * 1024 * 1024);
    const report = structured<ReportView>(await harness.call('quality_report', { limit: 1 }));
    expect(report.runs[0]?.dropped_bytes).toBe(result.run.dropped_bytes);
  });

  it('names the decision that fixed a recurring failure', async () => {
    // Fails again (same signature after normalisation), then a decision, then it passes.
    expect(
      structured<RunView>(await harness.call('quality_run', { command: 'node flaky.js' })).run.passed_run,
    ).toBe(false);
    structured(
      await harness.call('session_record', {
        category: 'decision',
        data: { decision: 'evict by insertion order, not by access time' },
      }),
    );
    writeFileSync(join(repo, 'state.txt'), 'ok\n');
    const fixed = structured<RunView>(await harness.call('quality_run', { command: 'node flaky.js' }));
    expect(fixed.run.passed_run).toBe(true);
    expect(fixed.trend).toEqual(['pass', 'fail', 'fail']);

    const call = await harness.call('quality_report', {});
    const report = structured<ReportView>(call);
    const evicts = report.recurring.find(
      (r) => r.signature === 'cache.test.ts > cache > evicts the oldest entry',
    );
    expect(evicts).toMatchObject({ runs: 2, open: false });
    expect(evicts?.resolved[0]?.fixed_run_id).toBe(fixed.run.id);
    expect(evicts?.resolved[0]?.events).toEqual([
      expect.objectContaining({ category: 'decision', text: 'evict by insertion order, not by access time' }),
    ]);
    expect(errorText(call)).toContain('decision: evict by insertion order, not by access time');
    expect(report.commands.find((c) => c.command === 'node flaky.js')).toMatchObject({
      runs: 3,
      passed: 1,
      latest_passed: true,
    });
  });

  it('runs the configured command when none is given (.deja/quality.toml, then config.toml)', async () => {
    writeFileSync(join(home, 'config.toml'), '[quality]\ncommands = { test = "node flaky.js" }\n');
    const fromConfig = cli(['quality', 'run', '--json']);
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    expect(JSON.parse(fromConfig.stdout)).toMatchObject({
      source: 'configured',
      run: { command: 'node flaky.js' },
    });

    mkdirSync(join(repo, '.deja'), { recursive: true });
    writeFileSync(
      join(repo, '.deja', 'quality.toml'),
      'commands = { test = "node pass.js", lint = "node pass.js" }\n',
    );
    const fromProject = cli(['quality', 'run', '--json']);
    expect(JSON.parse(fromProject.stdout)).toMatchObject({
      source: 'configured',
      run: { command: 'node pass.js', kind: 'test', passed_run: true },
    });
    const text = cli(['quality', 'report']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('`node flaky.js` (test)');
    const json = JSON.parse(cli(['quality', 'report', '--json', '--limit', '2']).stdout) as ReportView;
    expect(json.runs).toHaveLength(2);
  });

  it('runs a command that is neither configured nor trusted only from the CLI', async () => {
    const call = await harness.call('quality_run', { command: 'echo untrusted' });
    expect(call.isError).toBe(true);
    expect(errorText(call)).toContain('`command`');
    expect(errorText(call)).toContain('"operation": "command:echo untrusted"');
    const cliRun = cli(['quality', 'run', '--command', 'echo from a person', '--json']);
    expect(cliRun.code, cliRun.stderr).toBe(0);
    expect(JSON.parse(cliRun.stdout)).toMatchObject({
      source: 'explicit',
      run: { kind: 'custom', passed_run: true },
    });
  });

  it('rejects bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ command: 'node pass.js', timeout_s: 0 }, 'timeout_s'],
      [{ command: 'node pass.js', timeout_s: 100_000 }, 'timeout_s'],
      [{ command: '' }, 'command'],
      [{ command: '   ' }, 'command'],
      [{ command: 'node pass.js', session_id: 'ses_nope' }, 'session_id'],
    ];
    for (const [args, field] of cases) {
      const result = await harness.call('quality_run', args);
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(errorText(result)).toContain(field);
    }
    const report = await harness.call('quality_report', { limit: 0 });
    expect(report.isError).toBe(true);
    expect(errorText(report)).toContain('limit');
    const cliBad = cli(['quality', 'run', '--command', 'node pass.js', '--timeout', '0']);
    expect(cliBad.code).toBe(1);
    expect(cliBad.stderr).toContain('timeout_s');
  });
});

describe('quality score in checkpoints', () => {
  let harness: StdioHarness;
  let repo: string;
  let home: string;

  beforeAll(async () => {
    repo = makeGitRepo('score-demo');
    home = tempHome();
    harness = await connectStdio(repo, { DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_TOOLS: 'standard' });
    structured(await harness.call('session_start', { goal: 'score it' }));
  });

  afterAll(async () => {
    await harness?.close();
  });

  const checkpoint = async (name: string) =>
    structured<CheckpointView>(await harness.call('session_checkpoint', { name })).quality;

  it('rises after a commit and falls with many uncommitted files', async () => {
    const clean = await checkpoint('clean');
    for (let i = 0; i < 14; i++) writeFileSync(join(repo, `file-${i}.txt`), `${i}\n`);
    const dirty = await checkpoint('dirty');
    expect(dirty?.score).toBeLessThan(clean?.score ?? 0);
    expect(dirty?.recommendations).toContain('commit the 14 changed files');
    // New files are untracked: they count at half weight, and the detail says how many.
    expect(dirty?.components).toContainEqual(
      expect.objectContaining({ name: 'changes', detail: '14 changed files (14 untracked)' }),
    );

    execFileSync('git', ['add', '-A'], { cwd: repo });
    commitAll(repo);
    const committed = await checkpoint('committed');
    expect(committed?.score).toBeGreaterThan(dirty?.score ?? 100);
    expect(committed?.recommendations).not.toContain('commit the 14 changed files');

    for (let i = 0; i < 30; i++) writeFileSync(join(repo, `more-${i}.txt`), `${i}\n`);
    const worse = await checkpoint('worse');
    expect(worse?.score).toBeLessThan(dirty?.score ?? 0);
  });

  it('recommends running failing tests, from the latest runs of the configured command', async () => {
    writeScripts(repo);
    writeFileSync(join(repo, 'state.txt'), 'broken\n');
    mkdirSync(join(repo, '.deja'), { recursive: true });
    writeFileSync(join(repo, '.deja', 'quality.toml'), '[quality]\ncommands = { test = "node flaky.js" }\n');
    execFileSync('git', ['add', '-A'], { cwd: repo });
    commitAll(repo);
    const before = await checkpoint('never run');
    expect(before?.recommendations).toContain('no test results yet: run `node flaky.js` (quality_run)');
    expect(structured<RunView>(await harness.call('quality_run', {})).run.passed_run).toBe(false);
    const failing = await checkpoint('failing');
    expect(failing?.score).toBeLessThan(before?.score ?? 0);
    expect(failing?.recommendations[0]).toMatch(/^tests failing since \d\d:\d\d: run `node flaky\.js`$/);

    const cli = spawnSync(process.execPath, [DEJA_BIN, 'checkpoint', '--json', '--name', 'from-cli'], {
      cwd: repo,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_LOG_LEVEL: 'error' },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as CheckpointView;
    expect(fromCli.quality?.recommendations[0]).toMatch(/^tests failing since/);
  });

  it('keeps each checkpoint’s score: the report lists the trend and resume shows it', async () => {
    const older = await checkpoint('kept one');
    for (let i = 0; i < 20; i++) writeFileSync(join(repo, `later-${i}.txt`), `${i}\n`);
    const newer = await checkpoint('kept two');
    expect(newer?.score).toBeLessThan(older?.score ?? 0);

    const report = structured<{ checkpoint_scores: { name: string; score: number }[] }>(
      await harness.call('quality_report', {}),
    );
    expect(report.checkpoint_scores.slice(0, 2)).toEqual([
      expect.objectContaining({ name: 'kept two', score: newer?.score }),
      expect.objectContaining({ name: 'kept one', score: older?.score }),
    ]);
    expect(report.checkpoint_scores.length).toBeGreaterThanOrEqual(9); // every checkpoint of this suite
    const text = errorText(await harness.call('quality_report', {})); // the first text item, error or not
    expect(text).toContain(
      `Quality score at the latest checkpoints (newest first): ${newer?.score} ${older?.score}`,
    );

    const resumed = structured<{ checkpoint: { name: string; quality_score: number | null } }>(
      await harness.call('session_resume', { target: 'kept two' }),
    );
    expect(resumed.checkpoint).toMatchObject({ name: 'kept two', quality_score: newer?.score });
  });
});
