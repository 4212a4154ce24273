import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/git-repo.js';
import { migrate } from './migrate.js';
import { sqliteMigrations } from './migrations/index.js';
import { SqliteStore } from './sqlite-store.js';

const T0 = '2026-11-01T09:00:00.000Z';

describe('SQLite migrations', () => {
  it('upgrades a store of schema 15 with teams, votes, groups, reminders and grants in it, losing nothing', async () => {
    const path = join(tempHome(), 'deja.db');
    const old = new Database(path);
    migrate(old, sqliteMigrations.slice(0, 15), T0);
    old.exec(`
      INSERT INTO teams (id, name, created_at) VALUES ('tm_1', 'red', '${T0}');
      INSERT INTO team_members (team_id, member, role, added_at) VALUES ('tm_1', 'ann', 'owner', '${T0}');
      INSERT INTO memory_votes (memory_id, member, vote, updated_at) VALUES ('mem_1', 'ann', 1, '${T0}');
      INSERT INTO project_groups (id, name, description, created_at, updated_at) VALUES ('grp_1', 'zoo', NULL, '${T0}', '${T0}');
      INSERT INTO project_group_members (group_id, project_id, added_at) VALUES ('grp_1', 'prj_1', '${T0}');
      INSERT INTO reminders (id, project_id, text, when_text, rule, time_zone, next_due_at, status, created_at, updated_at)
        VALUES ('rem_1', NULL, 'water the plants', 'tomorrow', NULL, 'UTC', '${T0}', 'pending', '${T0}', '${T0}');
      INSERT INTO trusted_operations (id, project_key, operation, created_at) VALUES ('tr_1', '', 'command:npm test', '${T0}');
    `);
    old.close();

    const store = new SqliteStore({ path });
    expect((await store.health()).schemaVersion).toBe(sqliteMigrations.at(-1)?.version);
    // Nothing lost: the member (now with the time of its last change), the vote, the group, the reminder.
    expect(await store.listTeamMembers('tm_1')).toEqual([
      expect.objectContaining({ member: 'ann', role: 'owner', addedAt: T0 }),
    ]);
    expect((await store.getProjectGroup('zoo'))?.projectIds).toEqual(['prj_1']);
    expect((await store.listReminders({ limit: 10 })).map((r) => r.text)).toEqual(['water the plants']);
    expect((await store.listPermissions({ projectId: null })).map((g) => g.id)).toEqual(['tr_1']);
    await store.close();

    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT updated_at FROM team_members').pluck().all()).toEqual([T0]);
      // Rows that were there before sync knew them are queued for the next push.
      expect(
        db
          .prepare(
            `SELECT tbl, row_id FROM sync_changes WHERE tbl IN ('team_members', 'memory_votes') ORDER BY tbl`,
          )
          .all(),
      ).toEqual([
        { tbl: 'memory_votes', row_id: 'mem_1\u001fann' },
        { tbl: 'team_members', row_id: 'tm_1\u001fann' },
      ]);
      expect(db.prepare('SELECT owner_member FROM reminders').pluck().all()).toEqual([null]);
    } finally {
      db.close();
    }
  });
});
