import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { forgetMemories, resetMemories } from '../../src/app/memory/forget-memory.js';
import { memoryStats } from '../../src/app/memory/memory-stats.js';
import { storeMemory } from '../../src/app/memory/store-memory.js';
import { search } from '../../src/app/search/search.js';
import { manageTeams } from '../../src/app/teams/manage-teams.js';
import { newId } from '../../src/core/ids.js';
import { contentHash } from '../../src/core/memory/content-hash.js';
import { runAsMember } from '../../src/core/teams/acting-member.js';
import type { MemoryVisibility } from '../../src/core/teams/team-types.js';
import type { Memory } from '../../src/core/types.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { type HttpHarness, startHttpServer } from '../support/http-server.js';
import { connectInMemory, testDeps } from '../support/in-memory.js';
import { DEJA_BIN } from '../support/paths.js';

const TEAMS = ['alpha', 'beta', 'gamma'] as const;
const WORD = { alpha: 'zorblax', beta: 'quintaro', gamma: 'vexmoor' } as const;
const MEMBERSHIP: Record<string, (typeof TEAMS)[number][]> = {
  alice: ['alpha'],
  bob: ['beta'],
  carol: ['gamma'],
  dave: ['alpha', 'beta'],
  erin: [],
};
const MEMBERS = Object.keys(MEMBERSHIP);
const PER_TEAM = 1000;

/** Runs a use case as a member: the acting member of the work, as the HTTP face does per request. */
const as = <T>(member: string | null, work: () => Promise<T>) => runAsMember(member, work);

describe('teams: search with access control through the search use case', () => {
  let deps: AppDeps;
  const teamIds = new Map<string, string>();
  const visibility = new Map<string, MemoryVisibility>();

  beforeAll(async () => {
    deps = testDeps(tempHome());
    const project = await deps.store.upsertProject({
      id: 'prj_teams',
      identity: 'git:teams',
      name: 'teams',
      rootPath: '/tmp/teams',
      languages: [],
      packageManager: null,
      createdAt: '2026-11-24T09:00:00.000Z',
      updatedAt: '2026-11-24T09:00:00.000Z',
    });
    // Each team is created by its first member (who becomes owner), who adds the others.
    for (const name of TEAMS) {
      const members = MEMBERS.filter((m) => MEMBERSHIP[m]?.includes(name));
      const [owner, ...rest] = members as [string, ...string[]];
      const created = await as(owner, () => manageTeams(deps, { action: 'create', team: name }));
      teamIds.set(name, created.team?.id as string);
      for (const member of rest) {
        await as(owner, () => manageTeams(deps, { action: 'add_member', team: name, member }));
      }
    }
    // 3 teams × 1,000 memories, in batches of 200, written by the team's members in turn.
    for (const name of TEAMS) {
      const authors = MEMBERS.filter((m) => MEMBERSHIP[m]?.includes(name));
      for (let from = 0; from < PER_TEAM; from += 200) {
        const batch: (Memory & MemoryVisibility)[] = [];
        for (let i = from; i < from + 200; i++) {
          const content = `${name} team note ${i} mentions ${WORD[name]} and shared words`;
          const scope = {
            ownerMember: authors[i % authors.length] as string,
            teamId: teamIds.get(name) as string,
          };
          const id = newId();
          visibility.set(id, scope);
          batch.push({
            id,
            projectId: project.id,
            sessionId: null,
            kind: 'decision',
            content,
            contentHash: contentHash(content),
            title: null,
            category: null,
            tags: [],
            confidence: null,
            source: 'tool',
            createdAt: '2026-11-24T08:00:00.000Z',
            updatedAt: '2026-11-24T08:00:00.000Z',
            ...scope,
          });
        }
        await deps.store.insertMemories(batch);
      }
    }
    // Private memories through memory_store's use case (acting as each member), holding every team word.
    for (const member of MEMBERS) {
      for (let i = 0; i < 3; i++) {
        const { memory } = await as(member, () =>
          storeMemory(
            deps,
            {
              content: `${member} private ${i}: hushword ${Object.values(WORD).join(' ')}`,
              project: project.id,
            },
            { cwd: '/tmp/teams', source: 'tool' },
          ),
        );
        visibility.set(memory.id, { ownerMember: member });
      }
    }
  }, 120_000);

  afterAll(async () => {
    await deps.store.close();
  });

  const allowed = (member: string, id: string) => {
    const scope = visibility.get(id);
    if (!scope) return false;
    if (scope.ownerMember === member) return true;
    return (MEMBERSHIP[member] ?? []).some((name) => teamIds.get(name) === scope.teamId);
  };

  for (const ranker of ['memory', 'store'] as const) {
    it(`every member finds only their teams' and their own memories (${ranker} index)`, async () => {
      const d: AppDeps = ranker === 'memory' ? deps : { ...deps, lexical: null };
      for (const member of MEMBERS) {
        for (const name of TEAMS) {
          const output = await as(member, () => search(d, { query: WORD[name], limit: 50 }));
          expect(output.ranker).toBe(ranker);
          const ids = output.results.map((r) => r.id);
          expect(
            ids.filter((id) => !allowed(member, id)),
            `${member} searching ${name}`,
          ).toEqual([]);
          const inTeam = MEMBERSHIP[member]?.includes(name) ?? false;
          // Not in the team: only their own three private notes come back.
          if (!inTeam)
            expect(ids.sort()).toEqual(ids.filter((id) => visibility.get(id)?.ownerMember === member).sort());
          expect(ids.length).toBe(inTeam ? 50 : 3);
          const counted = await as(member, () => search(d, { query: WORD[name], mode: 'summary' }));
          expect(counted.total).toBe((inTeam ? PER_TEAM : 0) + 3);
        }
        const own = await as(member, () => search(d, { query: 'hushword', limit: 50 }));
        expect(own.results.map((r) => visibility.get(r.id)?.ownerMember)).toEqual([member, member, member]);
        const suggested = await as(member, () => search(d, { query: 'hush', mode: 'suggest' }));
        expect(suggested.suggestions).toEqual(['hushword']);
      }
      // Single-user mode (no member): everything, as before.
      const all = await as(null, () => search(d, { query: WORD.alpha, mode: 'summary' }));
      expect(all.total).toBe(PER_TEAM + MEMBERS.length * 3);
    }, 120_000);
  }

  it('votes change the order of two otherwise equal results', async () => {
    const stored = [];
    for (const text of ['ballot pending first', 'ballot pending other']) {
      stored.push(
        (
          await as('alice', () =>
            storeMemory(
              deps,
              { content: text, team: 'alpha', project: 'prj_teams' },
              { cwd: '/tmp', source: 'tool' },
            ),
          )
        ).memory.id,
      );
    }
    const order = async () =>
      (await as('dave', () => search(deps, { query: 'ballot pending' }))).results.map((r) => r.id);
    const before = await order();
    expect(before.sort()).toEqual([...stored].sort());
    const [first, second] = before as [string, string];
    await as('dave', () => manageTeams(deps, { action: 'vote', memory_id: second, vote: 'up' }));
    expect(await order()).toEqual([second, first]);
    // Changeable: down instead of up, and the other one up, flips it back.
    await as('dave', () => manageTeams(deps, { action: 'vote', memory_id: second, vote: 'down' }));
    await as('alice', () => manageTeams(deps, { action: 'vote', memory_id: first, vote: 'up' }));
    expect(await order()).toEqual([first, second]);
    // bob is not in alpha: the memory is not there for him to vote on.
    await expect(
      as('bob', () => manageTeams(deps, { action: 'vote', memory_id: first, vote: 'up' })),
    ).rejects.toThrow(/memory_id/);
    const stats = await as('alice', () => manageTeams(deps, { action: 'stats', team: 'alpha' }));
    expect(stats.stats?.votes).toEqual({ up: 1, down: 1 });
    expect(stats.stats?.topVoted[0]?.id).toBe(first);
    expect(stats.stats?.members.map((m) => m.member)).toEqual(['alice', 'dave']);
  });

  it('forget, reset and stats act only on what the member may: their own to delete, visible to count', async () => {
    const write = (member: string, content: string, team?: string) =>
      as(member, () =>
        storeMemory(
          deps,
          { content, project: 'prj_teams', ...(team ? { team } : {}) },
          { cwd: '/tmp', source: 'tool' },
        ),
      );
    const alicePrivate = (await write('alice', 'gleamwort private note of alice')).memory.id;
    const aliceShared = (await write('alice', 'gleamwort shared note of alice', 'alpha')).memory.id;
    const davePrivate = (await write('dave', 'gleamwort private note of dave')).memory.id;

    // "Written by" is the same filter in the store's full text and the server's in-memory index.
    const ownedBy = { sources: ['memory' as const], ownedBy: 'alice' };
    const inStore = await deps.store.searchIndex({
      terms: ['gleamwort'],
      match: 'any',
      filters: ownedBy,
      limit: 10,
    });
    const inMemory = await deps.lexical?.search(['gleamwort'], ownedBy, 10);
    expect(inStore.map((hit) => hit.ref).sort()).toEqual([alicePrivate, aliceShared].sort());
    expect(inMemory?.map((hit) => hit.ref).sort()).toEqual([alicePrivate, aliceShared].sort());

    // dave (in alpha) sees alice's shared note, but it is not his to forget, by id or by query.
    const byId = await as('dave', () => forgetMemories(deps, { ids: [alicePrivate, aliceShared] }));
    expect(byId.deleted).toBe(0);
    const preview = await as('dave', () => forgetMemories(deps, { query: 'gleamwort' }));
    expect(preview).toMatchObject({ matched: [davePrivate], preview: true });
    const confirmed = await as('dave', () => forgetMemories(deps, { query: 'gleamwort', confirm: true }));
    expect(confirmed).toMatchObject({ matched: [davePrivate], deleted: 1 });
    expect(await deps.store.getMemory(aliceShared, null)).not.toBeNull();
    expect(await deps.store.getMemory(alicePrivate, null)).not.toBeNull();

    // Counts are of what the member may see; bob (not in alpha) does not count alpha's notes.
    const everything = (await as(null, () => memoryStats(deps, {}))).total;
    const forBob = (await as('bob', () => memoryStats(deps, {}))).total;
    expect(forBob).toBeLessThan(everything);
    expect(forBob).toBe(PER_TEAM + 3); // beta's notes and his own three

    // A reset by bob deletes only bob's own memories.
    const before = (await as(null, () => memoryStats(deps, {}))).total;
    const reset = await as('bob', () => resetMemories(deps, { confirm: true }));
    expect(reset.deleted).toBe(PER_TEAM / 2 + 3); // the half of beta's notes he wrote (dave wrote the rest), and his own
    expect((await as(null, () => memoryStats(deps, {}))).total).toBe(before - reset.deleted);
    expect((await as('bob', () => memoryStats(deps, {}))).total).toBe(forBob - reset.deleted);
    expect(await deps.store.getMemory(aliceShared, null)).not.toBeNull();
  });

  it('only owners and admins manage members', async () => {
    await expect(
      as('dave', () => manageTeams(deps, { action: 'add_member', team: 'alpha', member: 'mallory' })),
    ).rejects.toThrow(/`team` dave may not manage members of alpha/);
    await as('alice', () =>
      manageTeams(deps, { action: 'set_role', team: 'alpha', member: 'dave', role: 'admin' }),
    );
    await as('dave', () =>
      manageTeams(deps, { action: 'add_member', team: 'alpha', member: 'frank', role: 'viewer' }),
    );
    await expect(
      as('dave', () =>
        manageTeams(deps, { action: 'set_role', team: 'alpha', member: 'alice', role: 'member' }),
      ),
    ).rejects.toThrow(/`role` only an owner/);
    await expect(
      as('alice', () => manageTeams(deps, { action: 'remove_member', team: 'alpha', member: 'alice' })),
    ).rejects.toThrow(/last owner/);
    await expect(
      as('frank', () =>
        storeMemory(
          deps,
          { content: 'viewer note', team: 'alpha', project: 'prj_teams' },
          { cwd: '/tmp', source: 'tool' },
        ),
      ),
    ).rejects.toThrow(/`team` frank may not share with team alpha/);
  });
});

describe('teams over MCP: bad input names the field', () => {
  it('returns isError naming the field', async () => {
    const deps = testDeps(tempHome());
    const mcp = await connectInMemory(deps, makeGitRepo('teams-mcp'), 'standard');
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toContain('team');
    const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;
    const missing = await mcp.call('team', { action: 'add_member', member: 'ann' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('`team`');
    const badVote = await mcp.call('team', { action: 'vote', memory_id: 'x', vote: 'sideways' });
    expect(badVote.isError).toBe(true);
    expect(text(badVote)).toContain('vote');
    const badRole = await mcp.call('team', { action: 'add_member', team: 't', member: 'ann', role: 'king' });
    expect(badRole.isError).toBe(true);
    expect(text(badRole)).toContain('role');
    const badMember = await mcp.call('team', { action: 'add_member', team: 't', member: 'no spaces please' });
    expect(badMember.isError).toBe(true);
    expect(text(badMember)).toContain('member');
    const noMember = await mcp.call('memory_store', { content: 'shared', team: 'core' });
    expect(noMember.isError).toBe(true);
    expect(text(noMember)).toContain('`team` needs a member');
    const emptyTeam = await mcp.call('memory_store', { content: 'shared', team: '  ' });
    expect(text(emptyTeam)).toContain('`team`');
    const noVoter = await mcp.call('team', { action: 'vote', memory_id: 'x', vote: 'up' });
    expect(text(noVoter)).toContain('`member`');
    await mcp.client.close();
    await deps.store.close();
  });
});

describe('teams over HTTP: member tokens', () => {
  let server: HttpHarness;
  let home: string;
  const cli = (args: string[], member?: string) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        DEJA_HOME: home,
        DEJA_LOG_LEVEL: 'warn',
        ...(member ? { DEJA_MEMBER: member } : {}),
      },
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    const user = tempHome();
    home = join(tempHome(), 'deja');
    expect(cli(['team', 'create', 'red'], 'ann').code).toBe(0);
    expect(cli(['team', 'add', 'red', 'ben'], 'ann').code).toBe(0);
    server = await startHttpServer({ home, userHome: user, cwd: user, env: { DEJA_TOOLS: 'standard' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function connect(token: string) {
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: 'deja-teams-e2e', version: '1.0.0' });
    await client.connect(transport);
    return {
      client,
      call: async (name: string, args: Record<string, unknown>) =>
        (await client.callTool({ name, arguments: args })) as CallToolResult,
    };
  }
  const ids = (result: CallToolResult) =>
    (result.structuredContent as { results: { id: string }[] }).results.map((r) => r.id);

  it('acts as the member whose token was presented; the admin token stays the local owner', async () => {
    const token = (member: string) => {
      const issued = cli(['team', 'token', member, '--json']);
      expect(issued.code, issued.stderr).toBe(0);
      return (JSON.parse(issued.stdout) as { token: string }).token;
    };
    const ann = await connect(token('ann'));
    const ben = await connect(token('ben'));
    const cid = await connect(token('cid'));
    const secret = await ann.call('memory_store', { content: 'ann keeps the florpwidget private' });
    expect(secret.isError).toBeFalsy();
    const shared = await ann.call('memory_store', { content: 'red team florpwidget runbook', team: 'red' });
    expect(shared.isError, JSON.stringify(shared.content)).toBeFalsy();
    const secretId = (secret.structuredContent as { id: string }).id;
    const sharedId = (shared.structuredContent as { id: string }).id;

    expect((await ann.call('search', { query: 'florpwidget' })).structuredContent).toBeDefined();
    expect(ids(await ann.call('search', { query: 'florpwidget' })).sort()).toEqual(
      [secretId, sharedId].sort(),
    );
    expect(ids(await ben.call('search', { query: 'florpwidget' }))).toEqual([sharedId]);
    expect(ids(await cid.call('search', { query: 'florpwidget' }))).toEqual([]);
    const listed = await cid.call('team', { action: 'list' });
    expect((listed.structuredContent as { acting_as: string }).acting_as).toBe('cid');

    // The admin token (DEJA_HOME/http-token) is the local owner: single-user mode sees everything.
    const admin = await connect(server.token);
    expect(ids(await admin.call('search', { query: 'florpwidget' })).sort()).toEqual(
      [secretId, sharedId].sort(),
    );

    // An unknown token is refused where a token is needed.
    const refused = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { authorization: 'Bearer dm_not-a-real-token-at-all', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    for (const c of [ann, ben, cid, admin]) await c.client.close();
  }, 60_000);

  it('claims ownerless work for the acting member only, and says which field is missing without one', () => {
    const refused = cli(['team', 'claim', '--json']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/member/);
    const claimed = cli(['team', 'claim', '--json'], 'dora');
    expect(claimed.code, claimed.stderr).toBe(0);
    expect(JSON.parse(claimed.stdout)).toMatchObject({ member: 'dora', sessions: expect.any(Number) });
  });

  it("lists and opens a member's sessions for that member only; the local owner may list them by member", async () => {
    const token = (member: string) =>
      (JSON.parse(cli(['team', 'token', member, '--json']).stdout) as { token: string }).token;
    const tokens = { ann: token('ann'), ben: token('ben') };
    const started: Record<string, string> = {};
    for (const member of ['ann', 'ben'] as const) {
      const c = await connect(tokens[member]);
      const result = await c.call('session_start', { project_path: home, goal: `${member}'s work` });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      started[member] = (result.structuredContent as { session: { id: string } }).session.id;
      await c.client.close();
    }
    const get = async (path: string, bearer: string) => {
      const response = await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      return { status: response.status, body: (await response.json()) as { sessions?: { id: string }[] } };
    };
    const listed = async (bearer: string, query = '') =>
      ((await get(`/api/sessions${query}`, bearer)).body.sessions ?? []).map((session) => session.id);

    expect(await listed(tokens.ann)).toEqual([started.ann]);
    expect(await listed(tokens.ben)).toEqual([started.ben]);
    expect((await get(`/api/sessions/${started.ann}`, tokens.ann)).status).toBe(200);
    expect((await get(`/api/sessions/${started.ann}`, tokens.ben)).status).toBe(404);
    // The admin token is the local owner (single-user mode): everything, or one member's.
    expect((await listed(server.token)).sort()).toEqual([started.ann, started.ben].sort());
    expect(await listed(server.token, '?member=ben')).toEqual([started.ben]);
    // A member asking for someone else's sessions still sees only their own (here: none of ann's).
    expect(await listed(tokens.ben, '?member=ann')).toEqual([]);
    const bad = await get('/api/sessions?member=%20no%20spaces', server.token);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('member');

    // The dashboard's list: a member filter for the local owner, none for a member.
    const page = async (query: string, bearer: string) =>
      (await fetch(`${server.url}/${query}`, { headers: { authorization: `Bearer ${bearer}` } })).text();
    const owner = await page('', server.token);
    expect(owner).toContain('<select name="member">');
    expect(owner).toContain('<option>ann</option>');
    expect(owner).toContain(`/sessions/${started.ann}`);
    const narrowed = await page('?member=ben', server.token);
    expect(narrowed).toContain('<option selected>ben</option>');
    expect(narrowed).toContain(`/sessions/${started.ben}`);
    expect(narrowed).not.toContain(`/sessions/${started.ann}`);
    const asBen = await page('', tokens.ben);
    expect(asBen).not.toContain('name="member"');
    expect(asBen).toContain(`/sessions/${started.ben}`);
    expect(asBen).not.toContain(`/sessions/${started.ann}`);
  }, 60_000);
});
