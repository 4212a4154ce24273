import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

const TRACKING_TOOLS = [
  'log_interaction',
  'flag_issue',
  'log_code_metrics',
  'context_preserve',
  'context_restore',
  'activity',
  'tracking_list',
];

// A fake credential, assembled at run time so no secret-shaped literal sits in the source.
const SECRET = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

// complexity: f = 1 + if + || = 3; g = 1 + for…of = 2; total 5, max 3, average 2.5; docs: f only → 1 of 2
const TS_FILE = `/** Doc. */
export function f(a: number, b: number): number {
  if (a > b || a < 0) return a;
  return b;
}

export function g(xs: number[]): number {
  let n = 0;
  for (const x of xs) n += x;
  return n;
}
`;
// complexity: h = 1 + while + and = 3; C (class, documented), m = 1 + except = 2; total 5, max 3, average 2.5;
// docs: h yes, C yes, m no → 2 of 3
const PY_FILE = `def h(n):
    """Count down."""
    while n > 0 and n < 100:
        n -= 1
    return n


class C:
    """A class."""

    def m(self):
        try:
            return 1
        except ValueError:
            return 0
`;

/** A Claude Code transcript: tool calls on two files, idle 45 and 72 minutes. */
function transcript(repo: string): string {
  const base = {
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: repo,
    sessionId: 'tracking-demo',
    version: '1.0.0',
  };
  const assistant = (uuid: string, timestamp: string, name: string, input: Record<string, unknown>) => ({
    ...base,
    type: 'assistant',
    timestamp,
    uuid,
    requestId: `req_${uuid}`,
    message: {
      id: `msg_${uuid}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'tool_use', id: `tu_${uuid}`, name, input }],
      usage: { input_tokens: 1, output_tokens: 1 },
    },
  });
  const lines = [
    {
      ...base,
      type: 'user',
      timestamp: '2026-11-20T10:00:00Z',
      uuid: 'u1',
      message: { role: 'user', content: 'refactor the parser' },
    },
    assistant('a1', '2026-11-20T10:01:00Z', 'Read', { file_path: join(repo, 'src/parser.ts') }),
    {
      ...base,
      type: 'user',
      timestamp: '2026-11-20T10:02:00Z',
      uuid: 'u2',
      message: {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'tu_a1', content: 'export {}' }],
      },
    },
    assistant('a2', '2026-11-20T10:47:00Z', 'Edit', {
      file_path: join(repo, 'src/parser.ts'),
      old_string: 'a',
      new_string: 'b',
    }),
    assistant('a3', '2026-11-20T10:48:00Z', 'Write', {
      file_path: join(repo, 'src/new.py'),
      content: 'x = 1',
    }),
    {
      ...base,
      type: 'user',
      timestamp: '2026-11-20T12:00:00Z',
      uuid: 'u3',
      message: { role: 'user', content: 'thanks' },
    },
  ];
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

interface Activity {
  files_touched: { path: string; count: number; last_at: string }[];
  interruptions: { session_id: string; from: string; to: string; minutes: number }[];
  sessions: number;
  idle_minutes: number;
}
interface Listed {
  kind: string;
  items: Record<string, unknown>[];
}

/** Tracking tools over MCP stdio with a real client and a real `deja serve`, and the CLI as child processes. */
describe('tracking over stdio and the CLI', () => {
  let harness: StdioHarness;
  let repo: string;
  let home: string;

  const cli = (args: string[]) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
      cwd: repo,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const list = async (kind: string, extra: Record<string, unknown> = {}) =>
    structured<Listed>(await harness.call('tracking_list', { kind, limit: 500, ...extra }));
  const everything = async () =>
    JSON.stringify(
      await Promise.all(['interactions', 'issues', 'metrics', 'snapshots'].map((kind) => list(kind))),
    );

  beforeAll(async () => {
    repo = makeGitRepo('tracking-demo');
    home = tempHome();
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'sample.ts'), TS_FILE);
    writeFileSync(join(repo, 'src', 'sample.py'), PY_FILE);
    writeFileSync(join(repo, 'main.go'), 'package main\n');
    symlinkSync('/etc/hostname', join(repo, 'escape.py'));
    harness = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard', DEJA_AUTO_SESSION: '0' });
    structured(await harness.call('session_start', { goal: 'track productivity' }));
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lists the tracking tools in standard with output schemas, and keeps them out of core', async () => {
    const { tools } = await harness.client.listTools();
    for (const name of TRACKING_TOOLS) {
      const tool = tools.find((candidate) => candidate.name === name);
      expect(tool?.outputSchema, name).toBeDefined();
      expect(TOOL_PROFILE_MEMBERS.core).not.toContain(name);
    }
  });

  it('logs interactions and issues in the session, lists them, and redacts secrets', async () => {
    const logged = structured<{ id: string; session_id: string }>(
      await harness.call('log_interaction', {
        prompt: `add caching (token ${SECRET})`,
        response_summary: 'added an LRU cache',
        rating: 4,
        files: ['src/cache.ts'],
      }),
    );
    expect(logged.session_id).toMatch(/\w+/);
    structured(await harness.call('log_interaction', { prompt: 'rename x', response_summary: 'renamed' }));
    const issue = structured<{ id: string }>(
      await harness.call('flag_issue', {
        type: 'hallucination',
        description: 'invented fs.readJson',
        severity: 'high',
      }),
    );
    const interactions = await list('interactions');
    expect(interactions.items).toHaveLength(2);
    expect(interactions.items[1]).toMatchObject({
      id: logged.id,
      session_id: logged.session_id,
      rating: 4,
      files: ['src/cache.ts'],
      response_summary: 'added an LRU cache',
    });
    expect(JSON.stringify(interactions)).not.toContain(SECRET);
    expect((await list('issues')).items).toEqual([
      expect.objectContaining({ id: issue.id, type: 'hallucination', severity: 'high' }),
    ]);
    expect((await list('issues', { session_id: logged.session_id })).items).toHaveLength(1);
  });

  it('measures TypeScript and Python exactly, skips other languages, and reports per-file errors', async () => {
    const result = await harness.call('log_code_metrics', {
      files: [
        'src/sample.ts',
        join(repo, 'src/sample.py'),
        'main.go',
        '/etc/passwd',
        'missing.ts',
        'escape.py',
      ],
    });
    const body = structured<{
      files: Record<string, unknown>[];
      skipped: { path: string }[];
      errors: { field: string; reason: string }[];
    }>(result);
    expect(body.files).toEqual([
      expect.objectContaining({
        path: 'src/sample.ts',
        language: 'typescript',
        lines: 11,
        functions: 2,
        classes: 0,
        complexity: { total: 5, max: 3, average: 2.5 },
        documentation: { documented: 1, documentable: 2, coverage: 0.5 },
      }),
      expect.objectContaining({
        path: 'src/sample.py',
        language: 'python',
        lines: 15,
        functions: 2,
        classes: 1,
        complexity: { total: 5, max: 3, average: 2.5 },
        documentation: { documented: 2, documentable: 3, coverage: 0.667 },
      }),
    ]);
    expect(body.skipped).toEqual([
      { path: 'main.go', reason: expect.stringMatching(/unsupported language/) },
    ]);
    expect(body.errors).toEqual([
      expect.objectContaining({
        field: 'files[3]',
        reason: expect.stringMatching(/outside the project root/),
      }),
      expect.objectContaining({
        field: 'files[4]',
        reason: expect.stringMatching(/cannot be read \(ENOENT\)/),
      }),
      expect.objectContaining({ field: 'files[5]', reason: expect.stringMatching(/links outside/) }),
    ]);
    // A second measurement of the same file is kept beside the first: a trend.
    structured(await harness.call('log_code_metrics', { files: ['src/sample.ts'] }));
    expect((await list('metrics', { path: 'src/sample.ts' })).items).toHaveLength(2);
  });

  it('reports files touched from recorded events and imported tool calls, and interruptions', async () => {
    for (const data of [
      { tool: 'Edit', file_path: 'src/app.ts' },
      { tool: 'Edit', file_path: join(repo, 'src/app.ts') },
      { files: ['src/app.ts', 'README.md'] },
    ]) {
      structured(await harness.call('session_record', { category: 'tool_call', data }));
    }
    const file = join(home, 'transcript.jsonl');
    writeFileSync(file, transcript(repo));
    const imported = cli(['import', '--path', file, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    const all = structured<Activity>(await harness.call('activity', {}));
    expect(all.files_touched.slice(0, 2)).toEqual([
      expect.objectContaining({ path: 'src/app.ts', count: 3 }),
      { path: 'src/parser.ts', count: 2, last_at: '2026-11-20T10:47:00.000Z' },
    ]);
    expect(all.files_touched.map((touch) => touch.path).sort()).toEqual([
      'README.md',
      'src/app.ts',
      'src/new.py',
      'src/parser.ts',
    ]);
    expect(all.interruptions).toEqual([
      expect.objectContaining({
        from: '2026-11-20T10:48:00.000Z',
        to: '2026-11-20T12:00:00.000Z',
        minutes: 72,
      }),
      expect.objectContaining({
        from: '2026-11-20T10:02:00.000Z',
        to: '2026-11-20T10:47:00.000Z',
        minutes: 45,
      }),
    ]);
    expect(all.idle_minutes).toBe(117);

    const importedSession = all.interruptions[0]?.session_id as string;
    const longGaps = structured<Activity>(
      await harness.call('activity', { session_id: importedSession, gap_minutes: 60 }),
    );
    expect(longGaps.interruptions.map((gap) => gap.minutes)).toEqual([72]);
    expect(longGaps.files_touched.map((touch) => touch.path)).toEqual(['src/parser.ts', 'src/new.py']);
    const window = structured<Activity>(
      await harness.call('activity', { since: '2026-11-20T10:30:00Z', until: '2026-11-20T11:00:00Z' }),
    );
    expect(window.files_touched.map((touch) => touch.path)).toEqual(['src/new.py', 'src/parser.ts']);

    const fromCli = cli(['activity', '--json']);
    expect(fromCli.code).toBe(0);
    expect(JSON.parse(fromCli.stdout)).toMatchObject({ files_touched: all.files_touched, idle_minutes: 117 });
  });

  it('preserves the session context and restores it by name and by id', async () => {
    structured(
      await harness.call('session_record', { category: 'decision', data: 'keep SQLite as the store' }),
    );
    structured(await harness.call('session_record', { category: 'question', data: 'cache TTL?' }));
    const kept = structured<{ id: string; name: string }>(
      await harness.call('context_preserve', { name: 'before-refactor', content: 'next: split the parser' }),
    );
    const restored = await harness.call('context_restore', { name: 'before-refactor' });
    const body = structured<{
      id: string;
      content: string;
      markdown: string;
      state: { goal: string; decisions: string[]; questions: string[]; files_touched: string[] };
    }>(restored);
    expect(body.id).toBe(kept.id);
    expect(body.content).toBe('next: split the parser');
    expect(body.state.goal).toBe('track productivity');
    expect(body.state.decisions).toEqual(['keep SQLite as the store']);
    expect(body.state.questions).toEqual(['cache TTL?']);
    expect(body.state.files_touched).toContain('src/app.ts');
    expect(body.markdown).toContain('keep SQLite as the store');
    expect(structured<{ name: string }>(await harness.call('context_restore', { id: kept.id })).name).toBe(
      'before-refactor',
    );
    const viaCli = cli(['context', 'restore', 'before-refactor']);
    expect(viaCli.code).toBe(0);
    expect(viaCli.stdout).toContain('next: split the parser');
  });

  it('answers bad input with isError naming the field and the rule, and stores nothing', async () => {
    const before = await everything();
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['log_interaction', { prompt: 'p', response_summary: 's', rating: 0 }, 'rating', /at least 1/],
      ['log_interaction', { prompt: 'p', response_summary: 's', rating: 6 }, 'rating', /at most 5/],
      ['log_interaction', { prompt: 'p', response_summary: 's', rating: 2.5 }, 'rating', /integer|int/],
      ['log_interaction', { prompt: '   ', response_summary: 's' }, 'prompt', /must not be empty/],
      ['log_interaction', { prompt: 'p' }, 'response_summary', /required/],
      [
        'log_interaction',
        { prompt: 'p', response_summary: 's', session_id: 'nope' },
        'session_id',
        /not found/,
      ],
      ['flag_issue', { type: 'gossip', description: 'd' }, 'type', /must be one of "hallucination"/],
      ['flag_issue', { type: 'tooling', description: 'd', severity: 'huge' }, 'severity', /must be one of/],
      ['log_code_metrics', { files: [] }, 'files', /at least 1 items/],
      [
        'log_code_metrics',
        { files: Array.from({ length: 10_000 }, (_, i) => `f${i}.ts`) },
        'files',
        /at most 500 items/,
      ],
      ['log_code_metrics', { files: ['/etc/passwd'] }, 'files[0]', /outside the project root/],
      ['log_code_metrics', { files: ['../../outside.py'] }, 'files[0]', /outside the project root/],
      ['context_restore', {}, 'name', /or `id` is required/],
      ['context_restore', { name: 'never-saved' }, 'name', /not found/],
      ['context_restore', { id: 'nope' }, 'id', /not found/],
      ['activity', { gap_minutes: 0 }, 'gap_minutes', /at least 1/],
      ['activity', { since: 'when pigs fly' }, 'since', /./],
      ['activity', { project: 'no-such-project' }, 'project', /not found/],
      ['tracking_list', { kind: 'everything' }, 'kind', /must be one of/],
    ];
    for (const [tool, args, field, rule] of cases) {
      const result = await harness.call(tool, args);
      const label = `${tool} ${JSON.stringify(args).slice(0, 80)}`;
      expect(result.isError, label).toBe(true);
      expect(errorText(result), label).toContain(field);
      expect(errorText(result), label).toMatch(rule);
    }
    const rating = cli(['log', 'interaction', 'p', '--summary', 's', '--rating', '6']);
    expect(rating.code).toBe(1);
    expect(rating.stderr).toMatch(/rating/);
    expect(await everything()).toBe(before);
  });
});
