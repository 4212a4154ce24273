import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import type { Reminder } from '../../src/core/reminders/reminder-types.js';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

const REMINDER_TOOLS = ['reminder_create', 'reminder_list', 'reminder_cancel'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const allText = (result: CallToolResult) =>
  result.content.map((item) => (item.type === 'text' ? item.text : '')).join('\n');
const delivered = (result: CallToolResult) =>
  ((result._meta?.reminders as { id: string; text: string }[] | undefined) ?? []).map((r) => r.id);

interface ReminderOut {
  id: string;
  status: string;
  next_due_at: string | null;
  next_due_local: string | null;
  recurrence: string | null;
  project: string | null;
}

describe('reminders over MCP stdio', () => {
  let repo: string;
  let home: string;
  let client: StdioHarness;
  let projectId: string;
  const env = () => ({ DEJA_HOME: home, DEJA_TOOLS: 'standard', DEJA_TIMEZONE: 'Europe/Berlin' });

  /** Writes a reminder straight into the server's database (a due time in the past, a fast rule). */
  const insert = async (overrides: Partial<Reminder>) => {
    const store = new SqliteStore({ path: join(home, 'deja.db') });
    const now = new Date().toISOString();
    const reminder: Reminder = {
      id: newId(),
      projectId,
      text: 'inserted',
      when: 'test',
      rule: null,
      timeZone: 'Europe/Berlin',
      nextDueAt: new Date(Date.now() - 1000).toISOString(),
      status: 'pending',
      lastDeliveredAt: null,
      deliveredCount: 0,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    };
    await store.insertReminder(reminder);
    await store.close();
    return reminder;
  };

  beforeAll(async () => {
    repo = makeGitRepo('remind-me');
    home = tempHome();
    client = await connectStdio(repo, env());
    const status = structured<{ session: { project_id: string } }>(await client.call('session_status'));
    projectId = status.session.project_id;
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the reminder tools in standard and full, never in core', () => {
    for (const tool of REMINDER_TOOLS) {
      expect(TOOL_PROFILE_MEMBERS.core).not.toContain(tool);
      expect(TOOL_PROFILE_MEMBERS.standard).toContain(tool);
      expect(TOOL_PROFILE_MEMBERS.full).toContain(tool);
    }
  });

  it('creates a reminder and returns its next due time in UTC and local', async () => {
    const created = structured<ReminderOut>(
      await client.call('reminder_create', { text: 'review the PR', when: 'tomorrow at 9am' }),
    );
    expect(created.status).toBe('pending');
    expect(created.recurrence).toBeNull();
    expect(created.project).toBe(projectId);
    expect(created.next_due_local).toMatch(/ 09:00 \(Europe\/Berlin\)$/);
    expect(created.next_due_at).toMatch(/Z$/);
    const weekly = structured<ReminderOut>(
      await client.call('reminder_create', { text: 'weekly planning', when: 'every Monday at 10' }),
    );
    expect(weekly.recurrence).toMatch(
      /^DTSTART;TZID=Europe\/Berlin:\d{8}T100000\nRRULE:FREQ=WEEKLY;.*BYDAY=MO/,
    );
    expect(weekly.next_due_local).toMatch(/ 10:00 \(Europe\/Berlin\)$/);
    const listed = structured<{ reminders: ReminderOut[] }>(await client.call('reminder_list'));
    expect(listed.reminders.map((r) => r.id)).toEqual(
      [created, weekly]
        .sort((a, b) => (a.next_due_at ?? '').localeCompare(b.next_due_at ?? ''))
        .map((r) => r.id),
    );
    const cancelled = structured<ReminderOut>(await client.call('reminder_cancel', { id: weekly.id }));
    expect(cancelled.status).toBe('cancelled');
    const again = await client.call('reminder_cancel', { id: weekly.id });
    expect(again.isError).toBe(true);
    expect(errorText(again)).toMatch(/`id` reminder .* is already cancelled/);
    await client.call('reminder_cancel', { id: created.id });
  });

  it('delivers a due reminder in the next tool result only, once', async () => {
    const created = structured<ReminderOut>(
      await client.call('reminder_create', { text: 'check the deploy', when: 'in 1 second' }),
    );
    await sleep(1200);
    const first = await client.call('memory_stats');
    expect(first.isError).toBeFalsy();
    expect(allText(first)).toContain('check the deploy');
    expect(delivered(first)).toEqual([created.id]);
    const second = await client.call('memory_stats');
    expect(allText(second)).not.toContain('check the deploy');
    expect(delivered(second)).toEqual([]);
    const listed = structured<{ reminders: ReminderOut[] }>(
      await client.call('reminder_list', { include_done: true }),
    );
    expect(listed.reminders.find((r) => r.id === created.id)).toMatchObject({
      status: 'done',
      next_due_at: null,
    });
  });

  it('delivers a recurring reminder again after its next occurrence', async () => {
    const start = new Date(Math.floor(Date.now() / 1000) * 1000);
    const stamp = start
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const reminder = await insert({
      text: 'drink water',
      rule: `DTSTART:${stamp}\nRRULE:FREQ=SECONDLY;INTERVAL=2`,
      nextDueAt: new Date(start.getTime() - 1000).toISOString(),
    });
    const first = await client.call('session_status');
    expect(delivered(first)).toEqual([reminder.id]);
    expect(allText(first)).toContain('drink water');
    expect(delivered(await client.call('session_status'))).toEqual([]);
    await sleep(2500);
    const later = await client.call('session_status');
    expect(delivered(later)).toEqual([reminder.id]);
    const listed = structured<{ reminders: (ReminderOut & { delivered_count: number })[] }>(
      await client.call('reminder_list'),
    );
    const row = listed.reminders.find((r) => r.id === reminder.id);
    expect(row?.delivered_count).toBe(2);
    expect(Date.parse(row?.next_due_at ?? '')).toBeGreaterThan(Date.now() - 2000);
    await client.call('reminder_cancel', { id: reminder.id });
  });

  it('delivers at session start in the welcome, not twice in the same result', async () => {
    const reminder = await insert({ text: 'welcome reminder' });
    const result = await client.call('session_start', { goal: 'next task' });
    const welcome = structured<{ welcome: string }>(result).welcome;
    expect(welcome).toContain('welcome reminder');
    expect(delivered(result)).toEqual([reminder.id]);
    expect(allText(result).split('welcome reminder')).toHaveLength(2);
    expect(delivered(await client.call('session_status'))).toEqual([]);
  });

  it('keeps reminders due before a restart for the new server (the automatic start does not swallow them)', async () => {
    const reminder = await insert({ text: 'after restart' });
    const other = await connectStdio(repo, env());
    try {
      const first = await other.call('reminder_list');
      expect(delivered(first)).toEqual([reminder.id]);
      expect(delivered(await other.call('reminder_list'))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('two servers calling tools at once deliver each of 30 due reminders exactly once', async () => {
    const inserted: string[] = [];
    for (let i = 0; i < 30; i++) inserted.push((await insert({ text: `race ${i}` })).id);
    const other = await connectStdio(repo, env());
    try {
      const seen: string[] = [];
      const loop = async (harness: StdioHarness) => {
        for (let i = 0; i < 6; i++)
          seen.push(...delivered(await harness.call('reminder_list', { limit: 1 })));
      };
      await Promise.all([loop(client), loop(other)]);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(inserted.sort());
    } finally {
      await other.close();
    }
  });

  it('answers bad input with isError naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ text: 'x', when: 'blah' }, /`when` could not read "blah"/],
      [{ text: 'x', when: 'yesterday at 9' }, /`when` .*in the past/],
      [{ text: 'x', when: 'every blursday' }, /`when` .*not a recurrence/],
      [{ text: '', when: 'in 1 hour' }, /text/],
      [{ text: 'x' }, /when/],
      [
        { text: 'x', when: 'in 1 hour', project: 'no-such-project' },
        /`project` project "no-such-project" was not found/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await client.call('reminder_create', args);
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(errorText(result)).toMatch(message);
    }
    const missing = await client.call('reminder_cancel', { id: 'nope' });
    expect(missing.isError).toBe(true);
    expect(errorText(missing)).toMatch(/`id` reminder "nope" was not found/);
  });

  it('deja start delivers a due reminder in its welcome, once', async () => {
    await insert({ text: 'rotate the staging keys' });
    const start = () =>
      spawnSync(process.execPath, [DEJA_BIN, 'start', '--json'], {
        cwd: repo,
        env: { ...process.env, DEJA_HOME: home, DEJA_TIMEZONE: 'Europe/Berlin' },
        encoding: 'utf8',
      });
    const first = start();
    expect(first.status, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as { welcome: string }).welcome).toContain('rotate the staging keys');
    const second = start();
    expect((JSON.parse(second.stdout) as { welcome: string }).welcome).not.toContain(
      'rotate the staging keys',
    );
  });

  it('deja reminders add, list and cancel on the command line', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [DEJA_BIN, ...args], {
        cwd: repo,
        env: { ...process.env, DEJA_HOME: home, DEJA_TIMEZONE: 'America/New_York' },
        encoding: 'utf8',
      });
    const added = run('reminders', 'add', 'renew', 'the', 'cert', '--when', 'every day at 9', '--json');
    expect(added.status, added.stderr).toBe(0);
    const view = JSON.parse(added.stdout) as ReminderOut & { text: string };
    expect(view.text).toBe('renew the cert');
    expect(view.next_due_local).toMatch(/ 09:00 \(America\/New_York\)$/);
    const listed = run('reminders', 'list');
    expect(listed.stdout).toContain('renew the cert');
    expect(run('reminders', 'cancel', view.id).status).toBe(0);
    const bad = run('reminders', 'add', 'x', '--when', 'whenever');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/`when`/);
  });
});
