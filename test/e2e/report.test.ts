import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observability } from '../../src/app/report/observability.js';
import type { Session } from '../../src/core/types.js';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { startHttpServer } from '../support/http-server.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/transcripts/', import.meta.url));

/**
 * A Claude Code transcript in the repo, in January 2026: one Sonnet response whose
 * cost is exact ($3 input + $1.5 output + $2.4 1-hour and $1.5 5-minute cache writes
 * + $0.3 cache reads = $8.70) and one of a model the price table does not know.
 */
function transcript(repo: string): string {
  const base = { parentUuid: null, isSidechain: false, userType: 'external', cwd: repo, version: '1.0.0' };
  const sessionId = 'report-demo';
  const assistant = (uuid: string, timestamp: string, model: string, usage: Record<string, unknown>) => ({
    ...base,
    sessionId,
    type: 'assistant',
    timestamp,
    uuid,
    requestId: `req_${uuid}`,
    message: {
      id: `msg_${uuid}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: `answer ${uuid}` }],
      usage,
    },
  });
  const lines = [
    {
      ...base,
      sessionId,
      type: 'user',
      timestamp: '2026-01-06T10:00:00Z',
      uuid: 'report-u1',
      message: { role: 'user', content: 'measure the cost' },
    },
    assistant('report-a1', '2026-01-06T10:01:00Z', 'claude-sonnet-4-5-20250929', {
      input_tokens: 1_000_000,
      output_tokens: 100_000,
      cache_creation_input_tokens: 800_000,
      cache_creation: { ephemeral_5m_input_tokens: 400_000, ephemeral_1h_input_tokens: 400_000 },
      cache_read_input_tokens: 1_000_000,
    }),
    assistant('report-a2', '2026-01-06T10:02:00Z', 'mystery-model-1', {
      input_tokens: 200,
      output_tokens: 300,
    }),
  ];
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

const session = (id: string, projectId: string, workdir: string, over: Partial<Session>): Session => ({
  id,
  projectId,
  context: 'foreground',
  status: 'ended',
  goal: id,
  skill: null,
  type: null,
  model: null,
  estimateMinutes: null,
  branch: null,
  workdir,
  clientName: null,
  startedAt: '2026-01-05T09:00:00.000Z',
  lastActivityAt: '2026-01-05T10:00:00.000Z',
  endedAt: '2026-01-05T10:00:00.000Z',
  outcome: 'success',
  endReason: 'explicit',
  notes: null,
  ...over,
});

/** `deja report`, `GET`-free: the CLI as a child process and get_observability over stdio. */
describe('ROI report: deja report and get_observability', () => {
  let repo: string;
  let home: string;
  let projectId: string;
  let harness: StdioHarness;

  const cli = (args: string[]) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
      cwd: repo,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const json = <T = Observability>(args: string[]): T => {
    const result = cli([...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  beforeAll(async () => {
    repo = makeGitRepo('report-demo');
    home = tempHome();
    // A live session with an estimate, interactions and issues, through the CLI.
    const started = json<{ session: { id: string }; project: { id: string } }>([
      'start',
      '--estimate',
      '90',
      '--goal',
      'cli session',
    ]);
    projectId = started.project.id;
    const id = started.session.id;
    json([
      'log',
      'interaction',
      'add',
      'caching',
      '--summary',
      'added an LRU',
      '--rating',
      '4',
      '--session',
      id,
    ]);
    json(['log', 'interaction', 'rename', 'x', '--summary', 'renamed', '--rating', '2', '--session', id]);
    json(['log', 'interaction', 'explain', '--summary', 'explained', '--session', id]);
    json([
      'log',
      'issue',
      'invented',
      'an',
      'API',
      '--type',
      'hallucination',
      '--severity',
      'high',
      '--session',
      id,
    ]);
    json([
      'log',
      'issue',
      'flaky',
      'test',
      'runner',
      '--type',
      'tooling',
      '--severity',
      'low',
      '--session',
      id,
    ]);
    json(['log', 'issue', 'lost', 'the', 'plan', '--type', 'tooling', '--severity', 'low', '--session', id]);
    json(['end', '--outcome', 'success', '--session', id]);
    // Token usage: the shared fixtures (other projects) and a transcript of this repo.
    const transcriptPath = join(home, 'report-demo.jsonl');
    writeFileSync(transcriptPath, transcript(repo));
    json(['import', '--path', FIXTURES]);
    json(['import', '--path', transcriptPath]);
    // Sessions with exact times, in January 2026, written to the same database in-process.
    const store = new SqliteStore({ path: join(home, 'deja.db') });
    try {
      await store.insertSession(session('jan-1', projectId, repo, { estimateMinutes: 120 })); // 120 vs 60
      await store.insertSession(
        session('jan-2', projectId, repo, {
          estimateMinutes: 30,
          outcome: 'partial',
          startedAt: '2026-01-07T13:00:00.000Z',
          endedAt: '2026-01-07T13:45:00.000Z',
        }),
      ); // 30 vs 45
      await store.insertSession(
        session('jan-3', projectId, repo, {
          estimateMinutes: 60,
          outcome: 'failed',
          startedAt: '2026-01-13T08:00:00.000Z',
          endedAt: '2026-01-13T08:20:00.000Z',
        }),
      ); // 60 vs 20
    } finally {
      await store.close();
    }
    harness = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard', DEJA_AUTO_SESSION: '0' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('deja report --json: exact time, cost and unpriced figures for one project and month', () => {
    const report = json(['report', '--project', repo, '--since', '2026-01-01', '--until', '2026-01-31']);
    expect(report.sections).toEqual(['summary', 'cost', 'roi', 'quality']);
    expect(report.scope).toMatchObject({
      project: { id: projectId },
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z',
    });
    // jan-1..3 plus the imported conversation (no estimate): 210 estimated vs 125 actual.
    expect(report.summary).toMatchObject({
      sessions: 4,
      comparable_sessions: 3,
      estimated_minutes: 210,
      actual_minutes: 125,
      time_saved_minutes: 85,
      multiplier: 1.68,
      cost_usd: null,
      priced_cost_usd: 8.7,
      unpriced_models: ['mystery-model-1'],
      interactions: 0,
      issues: 0,
    });
    expect(report.roi?.totals).toMatchObject({
      success_rate: 0.33,
      outcomes: { success: 1, partial: 1, failed: 1, abandoned: 0 },
    });
    const sonnet = report.cost?.by_model.find((row) => row.group.startsWith('claude-sonnet-4-5'));
    expect(sonnet).toMatchObject({
      input_tokens: 1_000_000,
      output_tokens: 100_000,
      cache_write_tokens: 800_000,
      cache_write_1h_tokens: 400_000,
      cache_read_tokens: 1_000_000,
      cost_usd: 8.7,
    });
    expect(report.cost?.unpriced_models).toEqual([
      expect.objectContaining({
        model: 'mystery-model-1',
        input_tokens: 200,
        output_tokens: 300,
        total_tokens: 500,
      }),
    ]);
    expect(report.cost?.by_day.map((row) => [row.group, row.cost_usd])).toEqual([['2026-01-06', null]]);
    expect(report.quality?.trend.map((week) => [week.week, week.sessions])).toEqual([
      ['2026-W02', 3],
      ['2026-W03', 1],
    ]);
    expect(report.gaps.map((gap) => gap.figure)).toEqual(
      expect.arrayContaining(['cost_usd', 'interactions, average_rating']),
    );
  });

  it('deja report --json over all time and projects: CLI-logged ratings and issues, fixture cost', () => {
    const report = json(['report']);
    expect(report.scope.project).toBeNull();
    expect(report.summary.sessions).toBeGreaterThan(10);
    expect(report.summary).toMatchObject({ interactions: 3, average_rating: 3, issues: 3 });
    expect(report.quality).toMatchObject({
      rated_interactions: 2,
      issues_by_type: { hallucination: 1, tooling: 2 },
      issues_by_severity: { high: 1, low: 2 },
    });
    // The CLI session (estimate 90) ended within seconds: it is comparable too.
    expect(report.summary.comparable_sessions).toBe(4);
    // Cost: the fixtures' models are priced; the unknown one keeps the total null.
    expect(report.summary.priced_cost_usd).toBeGreaterThan(8.7);
    const byModel = report.cost?.by_model ?? [];
    const summed = byModel.reduce((sum, row) => sum + row.priced_cost_usd, 0);
    expect(summed).toBeCloseTo(report.summary.priced_cost_usd, 4);
    expect(byModel.filter((row) => row.cost_usd === null).map((row) => row.group)).toEqual([
      'mystery-model-1',
    ]);
  });

  it('deja report prints a readable text report, and names the field on bad input', () => {
    const text = cli(['report', '--project', repo, '--since', '2026-01-01', '--until', '2026-01-31']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Estimated vs actual: 210 min vs 125 min; saved 85 min; multiplier 1.68×');
    expect(text.stdout).toContain('unpriced: mystery-model-1');
    expect(text.stdout).toContain('2026-W02');
    const bad = cli(['report', '--since', '2026-02-01', '--until', '2026-01-01']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/`until`/);
  });

  it('get_observability is in standard and full, not core, with an output schema', async () => {
    expect(TOOL_PROFILE_MEMBERS.core).not.toContain('get_observability');
    expect(TOOL_PROFILE_MEMBERS.standard).toContain('get_observability');
    expect(TOOL_PROFILE_MEMBERS.full).toContain('get_observability');
    const { tools } = await harness.client.listTools();
    expect(tools.find((tool) => tool.name === 'get_observability')?.outputSchema).toBeDefined();
  });

  it('get_observability over stdio: the summary by default, sections on request', async () => {
    const args = { project: repo, since: '2026-01-01', until: '2026-01-31' };
    const summary = await harness.call('get_observability', args);
    const body = structured<Observability>(summary);
    expect(body.sections).toEqual(['summary']);
    expect(body.summary).toMatchObject({ multiplier: 1.68, time_saved_minutes: 85, priced_cost_usd: 8.7 });
    expect(body.cost).toBeUndefined();
    expect(errorText(summary)).toContain('multiplier 1.68×');

    const roi = structured<Observability>(
      await harness.call('get_observability', { ...args, section: 'roi' }),
    );
    expect(roi.roi?.sessions.map((row) => [row.session_id, row.multiplier])).toEqual(
      expect.arrayContaining([
        ['jan-1', 2],
        ['jan-2', 0.67],
        ['jan-3', 3],
      ]),
    );
    const quality = structured<Observability>(
      await harness.call('get_observability', { section: 'quality' }),
    );
    expect(quality.quality?.issues_by_type.tooling).toBe(2);
    const cost = structured<Observability>(
      await harness.call('get_observability', { ...args, section: 'cost' }),
    );
    expect(cost.cost?.prices.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('GET /api/report and the /roi page over HTTP; bad input is a 400 naming the field', async () => {
    const server = await startHttpServer({ home, userHome: home, cwd: repo });
    try {
      const get = (path: string) =>
        fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
      const api = await get(
        `/api/report?project=${encodeURIComponent(repo)}&since=2026-01-01&until=2026-01-31`,
      );
      expect(api.status).toBe(200);
      const body = (await api.json()) as Observability;
      expect(body.summary).toMatchObject({ multiplier: 1.68, priced_cost_usd: 8.7 });
      expect(body.sections).toEqual(['summary', 'cost', 'roi', 'quality']);
      const bad = await get('/api/report?since=2026-02-01&until=2026-01-01');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('until');
      const unknown = await get('/api/report?colour=blue');
      expect(unknown.status).toBe(400);
      const page = await get('/roi?since=2026-01-01&until=2026-01-31');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('id="chart-trend"');
      expect(html).toContain('href="/roi" aria-current="page"');
      expect(html).toContain('mystery-model-1');
      const script = await get('/roi/chart.js');
      expect(script.headers.get('content-type')).toContain('javascript');
    } finally {
      await server.stop();
    }
  });

  it.each([
    ['since after until', { since: '2026-02-01', until: '2026-01-01' }, /`until`/],
    ['unknown section', { section: 'gossip' }, /section/],
    ['bad date', { since: 'the day after never' }, /since/],
    ['unknown project', { project: 'no-such-project' }, /project/],
  ])('get_observability: %s → isError naming the field', async (_label, args, field) => {
    const result = await harness.call('get_observability', args);
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(field);
  });
});
