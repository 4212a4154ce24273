import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import type { TrustedOperation } from '../../core/permissions/permission-types.js';
import type { Reminder } from '../../core/reminders/reminder-types.js';
import type { Store } from '../port.js';
import { withRedaction } from '../redacting-store.js';
import { SqliteStore } from '../sqlite/sqlite-store.js';
import type { StoreFactory } from './store-contract.js';

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
// A fake credential, assembled at run time so no secret-shaped literal sits in the source.
const SECRET = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const DAILY =
  'DTSTART;TZID=Europe/Berlin:20261124T100000\nRRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=10;BYMINUTE=0;BYSECOND=0';

export function reminder(overrides: Partial<Reminder> = {}): Reminder {
  return {
    id: newId(),
    projectId: 'prj_a',
    text: 'stand-up notes',
    when: 'in 1 hour',
    rule: null,
    timeZone: 'Europe/Berlin',
    nextDueAt: at(60),
    status: 'pending',
    lastDeliveredAt: null,
    deliveredCount: 0,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function grant(operation: string, projectId: string | null): TrustedOperation {
  return { id: newId(), operation, projectId, createdAt: at(0) };
}

const noNext = () => null;
const dayLater = (r: Reminder) => new Date(Date.parse(r.nextDueAt ?? at(0)) + 86_400_000).toISOString();

/** Reminders and trusted operations (migration 006). */
export function runRemindersContract(factory: StoreFactory) {
  describe(`reminders and permissions contract: ${factory.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await factory.dispose?.(store);
    });

    it('stores a reminder with its text redacted and reads it back', async () => {
      const r = reminder({ text: `rotate ${SECRET}`, rule: DAILY, when: 'every day at 10' });
      await store.insertReminder(r);
      const read = await store.getReminder(r.id);
      expect(read?.text).not.toContain(SECRET);
      expect(read).toMatchObject({
        id: r.id,
        rule: DAILY,
        status: 'pending',
        nextDueAt: r.nextDueAt,
        deliveredCount: 0,
      });
      expect(await store.getReminder('missing')).toBeNull();
    });

    it('lists a project with the global reminders, pending ones by due time', async () => {
      const late = reminder({ nextDueAt: at(120) });
      const early = reminder({ nextDueAt: at(30) });
      const global = reminder({ projectId: null, nextDueAt: at(60) });
      const other = reminder({ projectId: 'prj_b', nextDueAt: at(10) });
      for (const r of [late, early, global, other]) await store.insertReminder(r);
      const listed = await store.listReminders({ projectId: 'prj_a', limit: 10 });
      expect(listed.map((r) => r.id)).toEqual([early.id, global.id, late.id]);
      expect((await store.listReminders({ projectId: null, limit: 10 })).map((r) => r.id)).toEqual([
        global.id,
      ]);
      expect(await store.listReminders({ limit: 10 })).toHaveLength(4);
    });

    it('cancels a pending reminder once', async () => {
      const r = reminder();
      await store.insertReminder(r);
      expect(await store.cancelReminder(r.id, at(5))).toBe(true);
      expect(await store.cancelReminder(r.id, at(6))).toBe(false);
      expect(await store.getReminder(r.id)).toMatchObject({ status: 'cancelled', nextDueAt: null });
      expect(await store.listReminders({ projectId: 'prj_a', limit: 10 })).toEqual([]);
      expect(await store.listReminders({ projectId: 'prj_a', includeDone: true, limit: 10 })).toHaveLength(1);
      expect(await store.claimDueReminders({ projectId: 'prj_a', now: at(1000), limit: 10 }, noNext)).toEqual(
        [],
      );
    });

    it('claims due reminders of the project and global ones, once; one-off ones are done', async () => {
      const due = reminder({ nextDueAt: at(10) });
      const global = reminder({ projectId: null, nextDueAt: at(5) });
      const later = reminder({ nextDueAt: at(100) });
      const elsewhere = reminder({ projectId: 'prj_b', nextDueAt: at(1) });
      for (const r of [due, global, later, elsewhere]) await store.insertReminder(r);
      expect(await store.hasDueReminders({ projectId: 'prj_a', now: at(0) })).toBe(false);
      expect(await store.hasDueReminders({ projectId: 'prj_a', now: at(10) })).toBe(true);
      const claimed = await store.claimDueReminders({ projectId: 'prj_a', now: at(10), limit: 10 }, noNext);
      expect(claimed.map((r) => r.id)).toEqual([global.id, due.id]);
      expect(claimed[1]?.nextDueAt).toBe(at(10));
      expect(await store.claimDueReminders({ projectId: 'prj_a', now: at(10), limit: 10 }, noNext)).toEqual(
        [],
      );
      expect(await store.getReminder(due.id)).toMatchObject({
        status: 'done',
        nextDueAt: null,
        lastDeliveredAt: at(10),
        deliveredCount: 1,
      });
      expect((await store.getReminder(elsewhere.id))?.status).toBe('pending');
      expect(await store.hasDueReminders({ projectId: null, now: at(1000) })).toBe(false);
    });

    it('advances a recurring reminder to its next occurrence in the same claim', async () => {
      const r = reminder({ rule: DAILY, nextDueAt: at(60) });
      await store.insertReminder(r);
      const first = await store.claimDueReminders({ projectId: 'prj_a', now: at(61), limit: 10 }, dayLater);
      expect(first).toHaveLength(1);
      expect(await store.getReminder(r.id)).toMatchObject({
        status: 'pending',
        nextDueAt: at(60 + 24 * 60),
        deliveredCount: 1,
      });
      expect(await store.claimDueReminders({ projectId: 'prj_a', now: at(62), limit: 10 }, dayLater)).toEqual(
        [],
      );
      const second = await store.claimDueReminders(
        { projectId: 'prj_a', now: at(60 + 24 * 60), limit: 10 },
        dayLater,
      );
      expect(second.map((x) => x.nextDueAt)).toEqual([at(60 + 24 * 60)]);
    });

    it('respects the claim limit, leaving the rest for the next claim', async () => {
      for (let i = 0; i < 5; i++) await store.insertReminder(reminder({ nextDueAt: at(i) }));
      expect(
        await store.claimDueReminders({ projectId: 'prj_a', now: at(10), limit: 3 }, noNext),
      ).toHaveLength(3);
      expect(
        await store.claimDueReminders({ projectId: 'prj_a', now: at(10), limit: 3 }, noNext),
      ).toHaveLength(2);
    });

    it('grants, lists, revokes and resets trusted operations per scope', async () => {
      const first = await store.grantPermission(grant('command:npm test', 'prj_a'));
      const again = await store.grantPermission(grant('command:npm test', 'prj_a'));
      expect(again.id).toBe(first.id);
      await store.grantPermission(grant('git:commit', null));
      await store.grantPermission(grant('tool:quality_run', 'prj_b'));
      expect((await store.listPermissions({ projectId: 'prj_a' })).map((g) => g.operation)).toEqual([
        'command:npm test',
      ]);
      const withGlobal = await store.listPermissions({ projectId: 'prj_a', includeGlobal: true });
      expect(withGlobal.map((g) => [g.operation, g.projectId])).toEqual([
        ['git:commit', null],
        ['command:npm test', 'prj_a'],
      ]);
      expect((await store.listPermissions({ projectId: null })).map((g) => g.operation)).toEqual([
        'git:commit',
      ]);
      expect(await store.revokePermission('command:npm test', null)).toBe(false);
      expect(await store.revokePermission('command:npm test', 'prj_a')).toBe(true);
      expect(await store.revokePermission('command:npm test', 'prj_a')).toBe(false);
      await store.grantPermission(grant('command:npm *', 'prj_b'));
      expect(await store.resetPermissions('prj_b')).toBe(2);
      expect(await store.listPermissions({ projectId: 'prj_b' })).toEqual([]);
      expect(await store.listPermissions({ projectId: null })).toHaveLength(1);
    });

    it('redacts a secret in a granted operation, and revokes it by the same text', async () => {
      const stored = await store.grantPermission(grant(`command:deploy --token ${SECRET}`, 'prj_a'));
      expect(stored.operation).not.toContain(SECRET);
      expect(await store.revokePermission(`command:deploy --token ${SECRET}`, 'prj_a')).toBe(true);
    });
  });
}

/** Two SQLite stores on one file: every due occurrence is claimed by exactly one of them. */
export function runSqliteClaimRace() {
  describe('reminder claims across two stores on one SQLite file', () => {
    let folder: string;
    let a: Store;
    let b: Store;
    beforeEach(() => {
      folder = mkdtempSync(join(tmpdir(), 'deja-claims-'));
      a = withRedaction(new SqliteStore({ path: join(folder, 'deja.db') }));
      b = withRedaction(new SqliteStore({ path: join(folder, 'deja.db') }));
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('two claimers racing over 200 due reminders deliver each exactly once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) {
        const r = reminder({ nextDueAt: at(i % 50), rule: i % 2 === 0 ? DAILY : null });
        ids.push(r.id);
        await (i % 2 === 0 ? a : b).insertReminder(r);
      }
      const claimedBy = { a: [] as string[], b: [] as string[] };
      const claimer = async (store: Store, into: string[]) => {
        for (let round = 0; round < 40; round++) {
          const claimed = await store.claimDueReminders(
            { projectId: 'prj_a', now: at(60), limit: 7 },
            dayLater,
          );
          into.push(...claimed.map((r) => r.id));
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all([claimer(a, claimedBy.a), claimer(b, claimedBy.b)]);
      const all = [...claimedBy.a, ...claimedBy.b];
      expect(claimedBy.a.length).toBeGreaterThan(0);
      expect(claimedBy.b.length).toBeGreaterThan(0);
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual([...ids].sort());
      // The recurring half moved on a day; none is due again at the same instant.
      expect(await a.hasDueReminders({ projectId: 'prj_a', now: at(60) })).toBe(false);
      const recurring = await b.listReminders({ projectId: 'prj_a', limit: 500 });
      expect(recurring).toHaveLength(100);
      expect(recurring.every((r) => r.deliveredCount === 1)).toBe(true);
    });
  });
}
