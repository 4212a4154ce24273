import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

const FIXTURE = fileURLToPath(
  new URL('../fixtures/transcripts/claude-code/episodic-memory_long-conversation.jsonl', import.meta.url),
);
const FIXTURE_ROOT = '/Users/testuser/Documents/GitHub/example-org/example-project';

interface EntityView {
  id: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  distance: number | null;
}
interface GraphOutput {
  action: string;
  project: string;
  entities: EntityView[];
  relations: { id: string; from: string; to: string; type: string; weight: number }[];
  path: string[] | null;
  count: number;
}

/** The graph tool over MCP stdio (a real `deja serve`), and `deja graph` / `deja import` as child processes. */
describe('knowledge graph over stdio and the CLI', () => {
  let harness: StdioHarness;
  let repo: string;
  let home: string;

  const cli = (args: string[]) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
      cwd: repo,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const graph = async (args: Record<string, unknown>) =>
    structured<GraphOutput>(await harness.call('graph', args));
  const names = (output: GraphOutput) => output.entities.map((e) => `${e.type}:${e.name}`);

  beforeAll(async () => {
    repo = makeGitRepo('graph-demo');
    home = tempHome();
    harness = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard', DEJA_AUTO_SESSION: '0' });
    structured(await harness.call('session_start', { goal: 'map the code' }));
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lists graph in standard with an output schema, and keeps it out of core', async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((tool) => tool.name === 'graph')?.outputSchema).toBeDefined();
    expect(TOOL_PROFILE_MEMBERS.core).not.toContain('graph');
    expect(TOOL_PROFILE_MEMBERS.full).toContain('graph');
  });

  it('extracts the file, its folder and the symbols of a recorded Edit tool call', async () => {
    structured(
      await harness.call('session_record', {
        category: 'tool_call',
        data: {
          tool: 'Edit',
          file_path: join(repo, 'src/server/router.ts'),
          old_string: 'export function oldRoute() {}',
          new_string: 'export function handleRequest() {}\nexport class Router {}',
        },
      }),
    );
    structured(
      await harness.call('session_record', {
        category: 'tool_call',
        data: { tool: 'Read', file_path: 'src/server/router.ts' },
      }),
    );
    const files = await graph({ action: 'find', type: 'file' });
    expect(files.entities).toEqual([
      expect.objectContaining({
        name: 'src/server/router.ts',
        properties: expect.objectContaining({ touched_in: 2 }),
      }),
    ]);
    const around = await graph({ action: 'neighbours', entity: 'file:src/server/router.ts' });
    expect(names(around).sort()).toEqual([
      'class:Router',
      'file:src/server/router.ts',
      'function:handleRequest',
      'function:oldRoute',
      'module:src/server',
    ]);
    expect(around.relations.every((relation) => relation.type === 'contains')).toBe(true);
  });

  it('adds, links, walks, finds paths, unlinks and deletes entities', async () => {
    const decision = await graph({
      action: 'add_entity',
      type: 'decision',
      name: 'use SQLite',
      properties: { why: 'embedded' },
    });
    const id = decision.entities[0]?.id as string;
    const again = await graph({
      action: 'add_entity',
      type: 'decision',
      name: 'use SQLite',
      properties: { by: 'ana' },
    });
    expect(again.entities[0]).toMatchObject({ id, properties: { why: 'embedded', by: 'ana' } });
    await graph({ action: 'add_entity', type: 'person', name: 'ana' });
    await graph({ action: 'add_entity', type: 'concept', name: 'storage' });
    await graph({ action: 'link', from: 'file:src/server/router.ts', relation: 'depends_on', to: id });
    await graph({ action: 'link', from: id, relation: 'decided_by', to: 'person:ana' });
    await graph({
      action: 'link',
      from: 'person:ana',
      relation: 'related_to',
      to: 'concept:storage',
      weight: 2,
    });
    await graph({
      action: 'link',
      from: 'concept:storage',
      relation: 'references',
      to: 'file:src/server/router.ts',
    });

    const one = await graph({ action: 'neighbours', entity: id, depth: 1, direction: 'out' });
    expect(names(one)).toEqual(['decision:use SQLite', 'person:ana']);
    const three = await graph({ action: 'neighbours', entity: id, depth: 3, direction: 'out' });
    expect(three.entities.map((e) => [e.name, e.distance])).toEqual([
      ['use SQLite', 0],
      ['ana', 1],
      ['storage', 2],
      ['src/server/router.ts', 3],
    ]);
    // The cycle router → decision → ana → storage → router is walked once.
    const around = await graph({ action: 'neighbours', entity: id, depth: 5, direction: 'out' });
    expect(around.entities.slice(4).map((e) => [e.name, e.distance])).toEqual([
      ['handleRequest', 4],
      ['oldRoute', 4],
      ['Router', 4],
    ]);
    expect(around.count).toBe(6);

    const path = await graph({
      action: 'path',
      from: 'person:ana',
      to: 'file:src/server/router.ts',
      direction: 'out',
    });
    expect(names(path)).toEqual(['person:ana', 'concept:storage', 'file:src/server/router.ts']);
    expect(path.count).toBe(2);
    expect(path.relations.map((relation) => relation.type)).toEqual(['related_to', 'references']);
    const short = await graph({
      action: 'path',
      from: 'person:ana',
      to: 'file:src/server/router.ts',
      depth: 1,
      direction: 'out',
    });
    expect(short.path).toBeNull();

    expect(
      (await graph({ action: 'find', name: 'sql', match: 'substring' })).entities.map((e) => e.name),
    ).toEqual(['use SQLite']);
    expect(names(await graph({ action: 'find', name: 'src/', match: 'prefix' }))).toEqual([
      'module:src/server',
      'file:src/server/router.ts',
    ]);

    const unlinked = await graph({ action: 'unlink', from: 'person:ana', to: 'concept:storage' });
    expect(unlinked.count).toBe(1);
    const deleted = await graph({ action: 'delete', entity: 'person:ana' });
    expect(deleted.count).toBe(1);
    expect((await graph({ action: 'find', type: 'person' })).entities).toEqual([]);
  });

  it('builds file entities from an imported transcript (deja import --path), once per tool call', async () => {
    const imported = cli(['import', '--path', FIXTURE, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const find = (args: string[]) => {
      const result = cli(['graph', 'find', ...args, '--project', FIXTURE_ROOT, '--json']);
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as GraphOutput;
    };
    const files = find(['--type', 'file', '--limit', '500']);
    const report = files.entities.find((e) => e.name === 'research/scenario-testing-report.md');
    expect(report?.properties).toMatchObject({
      touched_in: 1,
      last_touched_at: expect.stringMatching(/^2025-10-08/),
    });
    expect(files.entities.map((e) => e.name)).toContain('src/agent/scenario-agent.ts');
    // Paths are project-relative: none starts with the transcript's root.
    expect(files.entities.some((e) => e.name.startsWith('/'))).toBe(false);
    const folder = cli(['graph', 'neighbours', 'module:research', '--project', FIXTURE_ROOT, '--json']);
    expect(names(JSON.parse(folder.stdout) as GraphOutput)).toEqual([
      'module:research',
      'file:research/scenario-testing-report.md',
    ]);
    // Importing again adds nothing: the counts stay.
    expect(cli(['import', '--path', FIXTURE, '--json']).code).toBe(0);
    const after = find(['scenario-testing-report']);
    expect(after.entities[0]?.properties.touched_in).toBe(1);
  });

  it('answers bad input with isError naming the field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ action: 'neighbours', entity: 'file:src/server/router.ts', depth: 0 }, 'depth', /at least 1/],
      [{ action: 'neighbours', entity: 'file:src/server/router.ts', depth: 6 }, 'depth', /at most 5/],
      [
        { action: 'link', from: 'class:Router', relation: 'loves', to: 'function:handleRequest' },
        'relation',
        /one of/,
      ],
      [{ action: 'link', from: 'class:Router', relation: 'uses', to: 'function:nowhere' }, 'to', /not found/],
      [{ action: 'link', from: 'class:Router', to: 'function:handleRequest' }, 'relation', /required/],
      [{ action: 'add_entity', type: 'planet', name: 'mars' }, 'type', /one of/],
      [{ action: 'add_entity', type: 'concept' }, 'name', /required/],
      [{ action: 'path', from: 'class:Router', to: 'class:Router', depth: 9 }, 'depth', /at most 5/],
      [{ action: 'neighbours' }, 'entity', /required/],
      [{ action: 'find' }, 'name', /required/],
    ];
    for (const [args, field, rule] of cases) {
      const result = await harness.call('graph', args);
      const label = JSON.stringify(args);
      expect(result.isError, label).toBe(true);
      expect(errorText(result), label).toContain(field);
      expect(errorText(result), label).toMatch(rule);
    }
    const fromCli = cli(['graph', 'neighbours', 'class:Router', '--depth', '6']);
    expect(fromCli.code).toBe(1);
    expect(fromCli.stderr).toMatch(/depth/);
  });
});
