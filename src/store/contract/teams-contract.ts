import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { contentHash } from '../../core/memory/content-hash.js';
import { runAsMember } from '../../core/teams/acting-member.js';
import type { MemoryVisibility, Team } from '../../core/teams/team-types.js';
import type { Memory, Project } from '../../core/types.js';
import type { Store } from '../port.js';
import type { IndexQuery } from '../search-port.js';
import { reminder } from './reminders-contract.js';
import { event, project, type StoreFactory, session } from './store-contract.js';

const T0 = Date.parse('2026-12-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function memory(p: Project, content: string, minutes: number, visibility: MemoryVisibility = {}): Memory {
  return {
    id: newId(new Date(T0 + minutes * 60_000)),
    projectId: p.id,
    sessionId: null,
    kind: 'decision',
    content,
    contentHash: contentHash(content),
    title: null,
    category: null,
    tags: [],
    confidence: null,
    source: 'tool',
    createdAt: at(minutes),
    updatedAt: at(minutes),
    ...visibility,
  };
}

const PER_TEAM = 1000;
const BATCH = 250;
const TEAMS = ['alpha', 'beta', 'gamma'] as const;
/** The one word only each team's memories hold. */
const WORD = { alpha: 'zorblax', beta: 'quintaro', gamma: 'vexmoor' } as const;
/** Who is in which team (dave is in two; erin in none). */
const MEMBERSHIP: Record<string, (typeof TEAMS)[number][]> = {
  alice: ['alpha'],
  bob: ['beta'],
  carol: ['gamma'],
  dave: ['alpha', 'beta'],
  erin: [],
};
const MEMBERS = Object.keys(MEMBERSHIP);

const ranked = (word: string, visibleTo: string | null): IndexQuery => ({
  terms: [word],
  match: 'any',
  filters: { visibleTo },
  limit: 5000,
});

/** Teams: members, roles, tokens, votes, and visibility enforced by the store's own queries. */
export function runTeamsContract(factory: StoreFactory): void {
  describe(`Teams contract: ${factory.name}`, () => {
    let store: Store;
    let p: Project;
    beforeEach(async () => {
      store = await factory.open();
      p = await store.upsertProject(project({ name: 'teams' }));
    });
    afterEach(async () => {
      await (factory.dispose ?? ((s: Store) => s.close()))(store);
    });

    async function createTeam(name: string): Promise<Team> {
      const team = { id: `team_${name}_${newId().slice(-8)}`, name, createdAt: at(0) };
      expect(await store.insertTeam(team)).toBe(true);
      return team;
    }

    it('keeps teams, members and roles', async () => {
      const team = await createTeam('core');
      expect(await store.insertTeam({ ...team, id: 'other' })).toBe(false);
      expect(await store.getTeam('core')).toEqual(team);
      expect(await store.getTeam(team.id)).toEqual(team);
      await store.upsertTeamMember({ teamId: team.id, member: 'ann', role: 'owner', addedAt: at(1) });
      await store.upsertTeamMember({ teamId: team.id, member: 'ben', role: 'member', addedAt: at(2) });
      await store.upsertTeamMember({ teamId: team.id, member: 'ben', role: 'viewer', addedAt: at(3) });
      expect((await store.listTeamMembers(team.id)).map((m) => [m.member, m.role])).toEqual([
        ['ann', 'owner'],
        ['ben', 'viewer'],
      ]);
      expect(await store.memberTeams('ben')).toEqual([{ teamId: team.id, role: 'viewer' }]);
      expect((await store.listTeams('ben')).map((t) => t.name)).toEqual(['core']);
      expect(await store.listTeams('nobody')).toEqual([]);
      expect(await store.removeTeamMember(team.id, 'ben')).toBe(true);
      expect(await store.removeTeamMember(team.id, 'ben')).toBe(false);
      expect(await store.memberTeams('ben')).toEqual([]);
    });

    it('finds a member by the hash of their token; a new token replaces the old', async () => {
      await store.setMemberToken('ann', 'a'.repeat(64), at(0));
      expect(await store.memberForToken('a'.repeat(64))).toBe('ann');
      await store.setMemberToken('ann', 'b'.repeat(64), at(1));
      expect(await store.memberForToken('a'.repeat(64))).toBeNull();
      expect(await store.memberForToken('b'.repeat(64))).toBe('ann');
    });

    it('deduplicates per visibility scope: the same text private to two members is two memories', async () => {
      const team = await createTeam('dedupe');
      const a = await store.insertMemory(memory(p, 'same words', 1, { ownerMember: 'ann' }));
      const b = await store.insertMemory(memory(p, 'same words', 2, { ownerMember: 'ben' }));
      expect(b.deduplicated).toBe(false);
      const again = await store.insertMemory(memory(p, 'same words', 3, { ownerMember: 'ann' }));
      expect(again).toMatchObject({ deduplicated: true, memory: { id: a.memory.id, ownerMember: 'ann' } });
      const shared = await store.insertMemory(
        memory(p, 'same words', 4, { ownerMember: 'ann', teamId: team.id }),
      );
      expect(shared.deduplicated).toBe(false);
      const sharedAgain = await store.insertMemory(
        memory(p, 'same words', 5, { ownerMember: 'ben', teamId: team.id }),
      );
      expect(sharedAgain).toMatchObject({ deduplicated: true, memory: { id: shared.memory.id } });
      // Without members (single-user mode) deduplication is as before.
      await store.insertMemory(memory(p, 'same words', 6));
      expect((await store.insertMemory(memory(p, 'same words', 7))).deduplicated).toBe(true);
    });

    it('a member deletes and counts only what is theirs to: own memories deleted, team memories counted', async () => {
      const team = await createTeam('keepers');
      await store.upsertTeamMember({ teamId: team.id, member: 'ann', role: 'member', addedAt: at(0) });
      await store.upsertTeamMember({ teamId: team.id, member: 'ben', role: 'member', addedAt: at(0) });
      const annPrivate = await store.insertMemory(memory(p, 'ann private', 1, { ownerMember: 'ann' }));
      const annShared = await store.insertMemory(
        memory(p, 'ann shared', 2, { ownerMember: 'ann', teamId: team.id }),
      );
      const benPrivate = await store.insertMemory(memory(p, 'ben private', 3, { ownerMember: 'ben' }));
      await store.insertMemory(memory(p, 'nobody', 4));

      // Ben sees his own and the team's memory; the counts say so.
      expect((await store.memoryStats(undefined, 'ben')).total).toBe(2);
      expect((await store.memoryStats(p.id, 'ann')).total).toBe(2);
      expect((await store.memoryStats(undefined, null)).total).toBe(4);
      // What each wrote, as the index finds it (memory_forget's query preview).
      const owned = async (member: string) =>
        (
          await store.searchIndex({
            terms: ['private', 'shared'],
            match: 'any',
            filters: { ownedBy: member },
            limit: 10,
          })
        )
          .map((hit) => hit.ref)
          .sort();
      expect(await owned('ann')).toEqual([annPrivate.memory.id, annShared.memory.id].sort());
      expect(await owned('ben')).toEqual([benPrivate.memory.id]);
      // Ben cannot delete Ann's memories, private or shared with his team.
      expect(await store.deleteMemories([annPrivate.memory.id, annShared.memory.id], 'ben')).toBe(0);
      expect(await store.deleteAllMemories(p.id, 'ben')).toBe(1);
      expect(await store.getMemory(benPrivate.memory.id, null)).toBeNull();
      expect((await store.memoryStats(undefined, null)).total).toBe(3);
      // Ann can delete her shared memory; the acting member is the default.
      expect(await runAsMember('ann', () => store.deleteMemories([annShared.memory.id]))).toBe(1);
      expect(await store.deleteAllMemories(undefined, 'ann')).toBe(1);
      // Without a member (single-user mode) nothing is restricted.
      expect(await store.deleteAllMemories(undefined, null)).toBe(1);
      expect((await store.memoryStats(undefined, null)).total).toBe(0);
    });

    it(`3 teams × ${PER_TEAM} memories: every member finds only their teams' and their own`, async () => {
      const teams = new Map<string, Team>();
      for (const name of TEAMS) teams.set(name, await createTeam(name));
      for (const [member, names] of Object.entries(MEMBERSHIP)) {
        for (const name of names) {
          const team = teams.get(name);
          if (team) await store.upsertTeamMember({ teamId: team.id, member, role: 'member', addedAt: at(0) });
        }
      }
      // Team memories, written in batches by the team's members in turn.
      for (const name of TEAMS) {
        const team = teams.get(name) as Team;
        const authors = MEMBERS.filter((m) => MEMBERSHIP[m]?.includes(name));
        for (let from = 0; from < PER_TEAM; from += BATCH) {
          const batch = Array.from({ length: BATCH }, (_, k) => {
            const i = from + k;
            return memory(p, `${name} note ${i}: ${WORD[name]} decision number ${i}`, i, {
              ownerMember: authors[i % authors.length] as string,
              teamId: team.id,
            });
          });
          expect(await store.insertMemories(batch)).toEqual({ inserted: BATCH, duplicates: 0 });
        }
      }
      // Private memories: every member writes a few holding the same word, plus team words.
      for (const member of MEMBERS) {
        await store.insertMemories(
          Array.from({ length: 5 }, (_, i) =>
            memory(p, `private ${member} ${i}: hushword ${WORD.alpha} ${WORD.beta} ${WORD.gamma}`, 2000 + i, {
              ownerMember: member,
            }),
          ),
        );
      }
      // Written in single-user mode: no owner, visible only without a member.
      await store.insertMemory(memory(p, `legacy note ${WORD.alpha} hushword`, 3000));

      for (const member of MEMBERS) {
        for (const name of TEAMS) {
          const hits = await store.searchIndex(ranked(WORD[name], member));
          const inTeam = MEMBERSHIP[member]?.includes(name) ?? false;
          // Their team's 1,000 memories (or none), plus their own 5 private ones.
          expect(hits.length, `${member} searching ${name}`).toBe((inTeam ? PER_TEAM : 0) + 5);
          const refs = new Set(hits.map((hit) => hit.ref));
          const memories = await Promise.all(
            [...refs].slice(0, 50).map((ref) => store.getMemory(ref, member)),
          );
          for (const found of memories) {
            expect(found).not.toBeNull();
            const visibility = found as Memory & MemoryVisibility;
            const allowed =
              visibility.ownerMember === member ||
              [...(MEMBERSHIP[member] ?? [])].some((n) => teams.get(n)?.id === visibility.teamId);
            expect(allowed, `${member} got ${found?.id}`).toBe(true);
          }
          expect(
            await store.countMatches({ terms: [WORD[name]], match: 'all', filters: { visibleTo: member } }),
          ).toBe((inTeam ? PER_TEAM : 0) + 5);
        }
        const own = await store.searchIndex(ranked('hushword', member));
        expect(own).toHaveLength(5);
        const owners = await Promise.all(own.map((hit) => store.getMemory(hit.ref, null)));
        expect(owners.every((m) => (m as Memory & MemoryVisibility).ownerMember === member)).toBe(true);
        // Filter-only reads, facets and completions answer under the same rule.
        const ids = await store.matchingDocIds({ visibleTo: member });
        expect(ids.size).toBe((MEMBERSHIP[member] ?? []).length * PER_TEAM + 5);
        const facets = await store.facetCounts(
          { terms: [WORD.alpha], match: 'any', filters: { visibleTo: member } },
          5,
        );
        expect(facets.source.memory).toBe((MEMBERSHIP[member]?.includes('alpha') ? PER_TEAM : 0) + 5);
        const listed = await store.listMemories({ visibleTo: member, limit: 10_000 });
        expect(listed).toHaveLength((MEMBERSHIP[member] ?? []).length * PER_TEAM + 5);
      }
      // Another member's private memory is not there for them, even by id.
      const alicePrivate = (await store.searchIndex(ranked('hushword', 'alice')))[0];
      expect(await store.getMemory(alicePrivate?.ref ?? '', 'bob')).toBeNull();
      expect(await store.getMemory(alicePrivate?.ref ?? '', 'alice')).not.toBeNull();
      expect((await store.vocabulary('hush', 5, 'erin'))[0]?.term).toBe('hushword');
      expect(await store.vocabulary('zorb', 5, 'erin')).toEqual([
        expect.objectContaining({ term: WORD.alpha }),
      ]);
      expect(await store.vocabulary('zorb', 5, 'carol')).toEqual([
        expect.objectContaining({ term: WORD.alpha }),
      ]);

      // Single-user mode (no member): everything, as before teams.
      expect(await store.searchIndex(ranked(WORD.alpha, null))).toHaveLength(PER_TEAM + 25 + 1);
      expect(await store.searchIndex(ranked('hushword', null))).toHaveLength(26);
      // The acting member is the default when a query names none.
      expect(
        await runAsMember('bob', () => store.searchIndex({ ...ranked(WORD.beta, null), filters: {} })),
      ).toHaveLength(PER_TEAM + 5);
      expect(await runAsMember('bob', () => store.listMemories({ limit: 10_000 }))).toHaveLength(
        PER_TEAM + 5,
      );

      // Leaving a team takes its memories away at once, except those they wrote (half of alpha's).
      await store.removeTeamMember(teams.get('alpha')?.id as string, 'dave');
      const left = await store.searchIndex(ranked(WORD.alpha, 'dave'));
      expect(left).toHaveLength(PER_TEAM / 2 + 5);
      const authors = await Promise.all(left.map((hit) => store.getMemory(hit.ref, null)));
      expect(authors.every((m) => (m as Memory & MemoryVisibility).ownerMember === 'dave')).toBe(true);
    }, 120_000);

    it("makes a member's session documents theirs; ownerless ones stay single-user", async () => {
      const mine = session(p.id);
      const legacy = session(p.id);
      await store.insertSession(mine);
      await store.insertSession(legacy);
      await store.setSessionOwner(mine.id, 'ann');
      await store.setSessionOwner(mine.id, 'ben'); // the first owner stays
      await store.appendEvent(event(mine, { text: 'decision\nplumbus in session' }));
      await store.appendEvent(event(legacy, { text: 'decision\nplumbus legacy' }));
      const sessions = async (member: string | null) =>
        (await store.searchIndex(ranked('plumbus', member))).map((hit) => hit.sessionId);
      expect(await sessions('ann')).toEqual([mine.id]);
      expect(await sessions('ben')).toEqual([]);
      expect((await sessions(null)).sort()).toEqual([mine.id, legacy.id].sort());
      const rows = await store.indexedDocuments(0, 100);
      expect(rows.find((row) => row.sessionId === mine.id)?.ownerMember).toBe('ann');
      expect(rows.find((row) => row.sessionId === legacy.id)?.ownerMember ?? null).toBeNull();
    });

    it("keeps a member's sessions, and the events, checkpoints, messages and hand-off they hold, to that member", async () => {
      const ann = session(p.id, { startedAt: at(1) });
      const ben = session(p.id, { startedAt: at(2) });
      const legacy = session(p.id, { startedAt: at(3) });
      for (const s of [ann, ben, legacy]) {
        await store.insertSession(s);
        await store.appendEvent(event(s));
        await store.insertCheckpoint(
          {
            id: newId(),
            sessionId: s.id,
            projectId: p.id,
            name: 'cp',
            summary: null,
            kind: 'manual',
            gitCommit: null,
            state: { eventCounts: {}, git: null, recentEvents: [] },
            createdAt: at(4),
          },
          10,
        );
        await store.appendMessages([
          {
            id: newId(),
            sessionId: s.id,
            projectId: p.id,
            role: 'user',
            content: 'hello',
            turn: 0,
            sourceRef: `${s.id}:0`,
            meta: {},
            createdAt: at(4),
          },
        ]);
        await store.endSession(
          s.id,
          { endedAt: at(5), outcome: 'success', endReason: 'explicit', notes: null },
          {
            id: newId(),
            sessionId: s.id,
            projectId: p.id,
            content: `hand-off of ${s.id}`,
            path: null,
            projectCopyPath: null,
            createdAt: at(5),
          },
        );
      }
      await store.setSessionOwner(ann.id, 'ann');
      await store.setSessionOwner(ben.id, 'ben');

      const seen = async (member: string | null) =>
        runAsMember(member, async () => ({
          sessions: (await store.findSessions({ projectId: p.id, limit: 10 })).map((s) => s.id),
          byId: (await Promise.all([ann, ben, legacy].map((s) => store.getSession(s.id)))).map(
            (s) => s?.id ?? null,
          ),
          events: (await store.queryEvents({ projectId: p.id, limit: 10 })).map((e) => e.sessionId),
          counted: (await store.countEvents({ projectId: p.id })).decision ?? 0,
          checkpoints: (await store.listCheckpoints({ projectId: p.id, limit: 10 })).map((c) => c.sessionId),
          messages: (await store.sessionMessages(ben.id, { limit: 10 })).length,
          handoff: (await store.getHandoffBySession(ben.id))?.sessionId ?? null,
          latest: (await store.latestHandoff(p.id))?.sessionId ?? null,
        }));

      expect(await seen('ann')).toEqual({
        sessions: [ann.id],
        byId: [ann.id, null, null],
        events: [ann.id],
        counted: 1,
        checkpoints: [ann.id],
        messages: 0,
        handoff: null,
        latest: ann.id,
      });
      expect(await seen('ben')).toMatchObject({
        sessions: [ben.id],
        messages: 1,
        handoff: ben.id,
        latest: ben.id,
      });
      expect(await seen('erin')).toMatchObject({ sessions: [], events: [], counted: 0, latest: null });
      // Single-user mode sees everything, as before teams.
      const all = await seen(null);
      expect(all.sessions).toEqual([legacy.id, ben.id, ann.id]);
      expect(all.counted).toBe(3);
      expect(all.latest).not.toBeNull();
      // An administrator in single-user mode may list one member's sessions.
      expect((await store.findSessions({ member: 'ben', limit: 10 })).map((s) => s.id)).toEqual([ben.id]);
    });

    it("keeps tracking, usage and project insights of a member's sessions to them; rows of no session stay shared", async () => {
      const ann = session(p.id);
      const ben = session(p.id);
      for (const s of [ann, ben]) {
        await store.insertSession(s);
        await store.insertInteraction({
          id: newId(),
          projectId: p.id,
          sessionId: s.id,
          prompt: `prompt in ${s.id}`,
          responseSummary: '',
          rating: 3,
          files: [],
          createdAt: at(1),
        });
        await store.insertContextSnapshot({
          id: newId(),
          projectId: p.id,
          sessionId: s.id,
          name: `snap-${s.id}`,
          content: null,
          state: { goal: null, decisions: [], questions: [], filesTouched: [], recentEvents: [], git: null },
          createdAt: at(1),
        });
        await store.recordUsage([
          {
            key: `test:${s.id}`,
            source: 'claude-code',
            sessionId: s.id,
            projectId: p.id,
            model: 'm',
            sidechain: false,
            createdAt: at(1),
            inputTokens: 10,
            outputTokens: 1,
            cacheWriteTokens: 0,
            cacheWrite1hTokens: 0,
            cacheReadTokens: 0,
            reasoningTokens: 0,
          },
        ]);
        await store.appendEvent(event(s, { text: `decision\nchosen in ${s.id}` }));
      }
      await store.setSessionOwner(ann.id, 'ann');
      await store.setSessionOwner(ben.id, 'ben');
      await store.insertInteraction({
        id: newId(),
        projectId: p.id,
        sessionId: null,
        prompt: 'outside any session',
        responseSummary: '',
        rating: 5,
        files: [],
        createdAt: at(2),
      });
      await store.insertMemory(memory(p, 'ben private note', 3, { ownerMember: 'ben' }));

      const seen = (member: string | null) =>
        runAsMember(member, async () => ({
          interactions: (await store.listInteractions({ projectId: p.id }, 10)).map((i) => i.prompt).sort(),
          snapshot: (await store.getContextSnapshot({ name: `snap-${ben.id}` }))?.name ?? null,
          snapshots: (await store.listContextSnapshots({ projectId: p.id }, 10)).length,
          input: (await store.usageTotals({ projectId: p.id }, 'project'))[0]?.inputTokens ?? 0,
          texts: (await store.projectTexts(p.id, { limit: 10 })).map((t) => t.text).sort(),
          days: (await store.projectActivity(p.id)).reduce((n, day) => n + day.events + day.memories, 0),
        }));
      expect(await seen('ann')).toEqual({
        interactions: ['outside any session', `prompt in ${ann.id}`].sort(),
        snapshot: null,
        snapshots: 1,
        input: 10,
        texts: [`decision\nchosen in ${ann.id}`],
        days: 1,
      });
      expect(await seen('ben')).toMatchObject({
        snapshot: `snap-${ben.id}`,
        texts: ['ben private note', `decision\nchosen in ${ben.id}`].sort(),
        days: 2,
      });
      const all = await seen(null);
      expect(all.interactions).toHaveLength(3);
      expect(all.input).toBe(20);
      expect(all.days).toBe(3);
    });

    it("lists, cancels and delivers a member's reminders to that member only", async () => {
      const due = { projectId: p.id, now: '2027-01-01T00:00:00.000Z' };
      const set = (member: string | null, text: string) =>
        runAsMember(member, () =>
          store.insertReminder(reminder({ projectId: p.id, text, nextDueAt: at(1) })),
        );
      await set('ann', 'call the dentist');
      await set('ben', 'rotate the keys');
      await set(null, 'before teams');
      const texts = (member: string | null) =>
        runAsMember(member, async () =>
          (await store.listReminders({ projectId: p.id, limit: 10 })).map((r) => r.text).sort(),
        );
      expect(await texts('ann')).toEqual(['call the dentist']);
      expect(await texts('erin')).toEqual([]);
      expect(await texts(null)).toEqual(['before teams', 'call the dentist', 'rotate the keys']);
      const bens = (await runAsMember(null, () => store.listReminders({ limit: 10 }))).find(
        (r) => r.text === 'rotate the keys',
      );
      expect(await runAsMember('ann', () => store.getReminder(bens?.id as string))).toBeNull();
      expect(await runAsMember('ann', () => store.cancelReminder(bens?.id as string, at(2)))).toBe(false);
      expect(await runAsMember('erin', () => store.hasDueReminders(due))).toBe(false);
      const claimed = await runAsMember('ann', () =>
        store.claimDueReminders({ ...due, limit: 10 }, () => null),
      );
      expect(claimed.map((r) => r.text)).toEqual(['call the dentist']);
      expect(await runAsMember('ben', () => store.hasDueReminders(due))).toBe(true);
    });

    it("keeps trusted operations to whoever granted them: one member's trust never applies to another", async () => {
      const grant = (member: string | null, operation: string) =>
        runAsMember(member, () =>
          store.grantPermission({ id: newId(), operation, projectId: p.id, createdAt: at(0) }),
        );
      await grant('ann', 'command:npm test');
      await grant('ben', 'command:npm test');
      await grant('ben', 'command:make deploy');
      await grant(null, 'command:pytest');
      const trusted = (member: string | null) =>
        runAsMember(member, async () =>
          (await store.listPermissions({ projectId: p.id, includeGlobal: true })).map((g) => g.operation),
        );
      expect(await trusted('ann')).toEqual(['command:npm test']);
      expect(await trusted('ben')).toEqual(['command:make deploy', 'command:npm test']);
      expect(await trusted('erin')).toEqual([]);
      expect(await trusted(null)).toEqual(['command:pytest']);
      // Revoking or resetting touches only one's own grants.
      expect(await runAsMember('ann', () => store.revokePermission('command:make deploy', p.id))).toBe(false);
      expect(await runAsMember('ann', () => store.resetPermissions(p.id))).toBe(1);
      expect(await trusted('ben')).toEqual(['command:make deploy', 'command:npm test']);
    });

    it('lets a member claim the work recorded before the store had members, skipping texts they already hold', async () => {
      const legacy = session(p.id);
      await store.insertSession(legacy);
      await store.appendEvent(event(legacy, { text: 'decision\nzorbleflux before teams' }));
      await store.insertMemory(memory(p, 'an ownerless zorbleflux note', 1));
      await store.insertMemory(memory(p, 'held twice', 2));
      await store.insertMemory(memory(p, 'held twice', 3, { ownerMember: 'ann' }));
      await store.insertReminder(reminder({ projectId: p.id, text: 'old reminder' }));
      await store.grantPermission({
        id: newId(),
        operation: 'command:make',
        projectId: p.id,
        createdAt: at(0),
      });
      const seen = (member: string) =>
        runAsMember(member, async () => ({
          sessions: (await store.findSessions({ limit: 10 })).length,
          found: (await store.searchIndex(ranked('zorbleflux', member))).length,
          reminders: (await store.listReminders({ limit: 10 })).length,
          grants: (await store.listPermissions({ projectId: p.id })).length,
        }));
      expect(await seen('ann')).toEqual({ sessions: 0, found: 0, reminders: 0, grants: 0 });
      expect(await store.claimOwnerless('ann')).toEqual({
        sessions: 1,
        memories: 1,
        reminders: 1,
        grants: 1,
      });
      expect(await seen('ann')).toEqual({ sessions: 1, found: 2, reminders: 1, grants: 1 });
      expect(await seen('ann')).toEqual({ sessions: 1, found: 2, reminders: 1, grants: 1 });
      expect(await seen('ben')).toEqual({ sessions: 0, found: 0, reminders: 0, grants: 0 });
      // Nothing of Ann's moves to Ben; only the copy Ann skipped (she holds its text) was left ownerless.
      expect(await store.claimOwnerless('ben')).toEqual({
        sessions: 0,
        memories: 1,
        reminders: 0,
        grants: 0,
      });
    });

    it('counts one vote per member and memory, changeable, and reports team statistics', async () => {
      const team = await createTeam('voters');
      for (const [member, role] of [
        ['ann', 'owner'],
        ['ben', 'member'],
        ['cid', 'viewer'],
      ] as const) {
        await store.upsertTeamMember({ teamId: team.id, member, role, addedAt: at(0) });
      }
      const m1 = await store.insertMemory(
        memory(p, 'first shared', 1, { ownerMember: 'ann', teamId: team.id }),
      );
      const m2 = await store.insertMemory(
        memory(p, 'second shared', 2, { ownerMember: 'ben', teamId: team.id }),
      );
      await store.setVote(m1.memory.id, 'ann', 1, at(3));
      await store.setVote(m1.memory.id, 'ben', 1, at(4));
      await store.setVote(m1.memory.id, 'ben', 1, at(5)); // the same vote again counts once
      await store.setVote(m2.memory.id, 'ann', -1, at(6));
      await store.setVote(m2.memory.id, 'ann', 1, at(7)); // changed
      await store.setVote(m2.memory.id, 'ben', -1, at(8));
      await store.setVote(m2.memory.id, 'ben', null, at(9)); // withdrawn
      const scores = await store.voteScores([m1.memory.id, m2.memory.id, 'none']);
      expect(Object.fromEntries(scores)).toEqual({ [m1.memory.id]: 2, [m2.memory.id]: 1 });

      const stats = await store.teamStats(team.id, { top: 5, since: at(-60) });
      expect(stats?.memories).toBe(2);
      expect(stats?.votes).toEqual({ up: 3, down: 0 });
      expect(stats?.topVoted.map((m) => [m.id, m.score, m.ups, m.downs])).toEqual([
        [m1.memory.id, 2, 2, 0],
        [m2.memory.id, 1, 1, 0],
      ]);
      expect(stats?.members.map((m) => [m.member, m.role, m.memories, m.votesCast])).toEqual([
        ['ann', 'owner', 1, 2],
        ['ben', 'member', 1, 1],
        ['cid', 'viewer', 0, 0],
      ]);
      expect(stats?.members[0]?.lastActivity).toBe(at(7));
      expect(stats?.activity).toEqual([{ day: at(0).slice(0, 10), memories: 2 }]);
      expect(await store.teamStats('missing', { top: 5, since: at(0) })).toBeNull();

      // Forgetting a memory forgets its votes.
      await store.deleteMemories([m1.memory.id]);
      expect(await store.voteScores([m1.memory.id])).toEqual(new Map());
    });
  });
}
