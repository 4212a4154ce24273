import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/git-repo.js';
import { testDeps } from '../../../test/support/in-memory.js';
import type { Project, Session } from '../../core/types.js';
import type { TokenUsage } from '../../store/transcript-port.js';
import { observability } from './observability.js';
import { roiReport } from './roi-report.js';
import { usageAndCost } from './usage-and-cost.js';

const NOW = '2026-11-24T09:00:00.000Z'; // the fixed clock of testDeps (a Tuesday)

const project = (id: string, name: string): Project => ({
  id,
  identity: `path:/tmp/${name}`,
  name,
  rootPath: `/tmp/${name}`,
  languages: [],
  packageManager: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

const session = (id: string, projectId: string, over: Partial<Session>): Session => ({
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
  workdir: '/tmp',
  clientName: null,
  startedAt: '2026-11-17T09:00:00.000Z',
  lastActivityAt: '2026-11-17T10:00:00.000Z',
  endedAt: '2026-11-17T10:00:00.000Z',
  outcome: 'success',
  endReason: 'explicit',
  notes: null,
  ...over,
});

const usage = (key: string, sessionId: string, projectId: string, over: Partial<TokenUsage>): TokenUsage => ({
  key,
  source: 'claude-code',
  sessionId,
  projectId,
  model: 'claude-sonnet-4-5-20250929',
  sidechain: false,
  createdAt: '2026-11-17T09:30:00.000Z',
  inputTokens: 0,
  outputTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  reasoningTokens: 0,
  ...over,
});

describe('report use cases over a store (fixed clock)', () => {
  let deps: ReturnType<typeof testDeps>;

  beforeEach(async () => {
    deps = testDeps(tempHome());
    const { store } = deps;
    await store.upsertProject(project('P1', 'alpha'));
    await store.upsertProject(project('P2', 'beta'));
    // Last week (16–22 Nov): two estimated sessions in alpha, one in beta; one older session.
    await store.insertSession(session('s1', 'P1', { estimateMinutes: 120 }));
    await store.insertSession(
      session('s2', 'P1', {
        estimateMinutes: 90,
        outcome: 'failed',
        startedAt: '2026-11-19T14:00:00.000Z',
        endedAt: '2026-11-19T14:30:00.000Z',
      }),
    );
    await store.insertSession(
      session('s3', 'P2', {
        estimateMinutes: 60,
        startedAt: '2026-11-20T08:00:00.000Z',
        endedAt: '2026-11-20T09:20:00.000Z',
      }),
    );
    await store.insertSession(
      session('old', 'P1', { startedAt: '2026-10-01T08:00:00.000Z', endedAt: '2026-10-01T09:00:00.000Z' }),
    );
    await store.recordUsage([
      // s1: 1M input ($3) + 0.1M output ($1.5) of Sonnet = $4.5
      usage('k1', 's1', 'P1', { inputTokens: 1_000_000, outputTokens: 100_000 }),
      // s2: 0.4M 1-hour cache writes ($6/M → $2.4) + 0.4M 5-minute ($3.75/M → $1.5) = $3.9
      usage('k2', 's2', 'P1', {
        createdAt: '2026-11-19T14:10:00.000Z',
        cacheWriteTokens: 800_000,
        cacheWrite1hTokens: 400_000,
      }),
      // s3: a model without a price
      usage('k3', 's3', 'P2', {
        createdAt: '2026-11-20T08:10:00.000Z',
        model: 'mystery-1',
        outputTokens: 500,
      }),
      // an older session's usage, outside "last week"
      usage('k4', 'old', 'P1', { createdAt: '2026-10-01T08:30:00.000Z', outputTokens: 1_000_000 }),
    ]);
    await store.insertInteraction({
      id: 'i1',
      projectId: 'P1',
      sessionId: 's1',
      prompt: 'p',
      responseSummary: 'r',
      rating: 5,
      files: [],
      createdAt: '2026-11-17T09:10:00.000Z',
    });
    await store.insertInteraction({
      id: 'i2',
      projectId: 'P1',
      sessionId: 's2',
      prompt: 'p',
      responseSummary: 'r',
      rating: 2,
      files: [],
      createdAt: '2026-11-19T14:05:00.000Z',
    });
    await store.insertIssue({
      id: 'x1',
      projectId: 'P1',
      sessionId: 's2',
      type: 'incorrect_output',
      severity: 'high',
      description: 'wrong',
      createdAt: '2026-11-19T14:06:00.000Z',
    });
  });
  afterEach(() => deps.store.close());

  it('usageAndCost: cost per session, with the unpriced model reported', async () => {
    const result = await usageAndCost(deps, { since: 'last week', group: 'session' });
    expect(result.scope.since).toBe('2026-11-16T00:00:00.000Z');
    expect(result.scope.until).toBeNull();
    const rows = new Map(result.rows.map((row) => [row.group, row]));
    expect(rows.get('s1')?.costUsd).toBe(4.5);
    expect(rows.get('s2')?.costUsd).toBe(3.9);
    expect(rows.get('s3')).toMatchObject({ costUsd: null, pricedCostUsd: 0, unpricedTokens: 500 });
    expect(rows.has('old')).toBe(false);
    expect(result.total).toMatchObject({ costUsd: null, pricedCostUsd: 8.4, unpricedTokens: 500 });
    expect(result.unpricedModels).toEqual([
      expect.objectContaining({ model: 'mystery-1', totalTokens: 500 }),
    ]);
  });

  it('usageAndCost: per project and per day, and one project', async () => {
    const byProject = await usageAndCost(deps, {
      group: 'project',
      since: '2026-11-16',
      until: '2026-11-23',
    });
    expect(byProject.rows.map((row) => [row.label, row.costUsd])).toEqual(
      expect.arrayContaining([
        ['alpha', 8.4],
        ['beta', null],
      ]),
    );
    const byDay = await usageAndCost(deps, { group: 'day', project: 'alpha' });
    expect(byDay.rows.map((row) => [row.group, row.costUsd])).toEqual([
      ['2026-10-01', 15],
      ['2026-11-17', 4.5],
      ['2026-11-19', 3.9],
    ]);
    expect(byDay.total.costUsd).toBe(23.4);
  });

  it('roiReport: estimated vs actual, saved, multiplier, cost, quality', async () => {
    const report = await roiReport(deps, { since: 'last week' });
    expect(report.generatedAt).toBe(NOW);
    // s1 120/60, s2 90/30, s3 60/80 → 270 vs 170, saved 100, ×1.59
    expect(report.totals).toMatchObject({
      sessions: 3,
      comparable_sessions: 3,
      estimated_minutes: 270,
      actual_minutes: 170,
      time_saved_minutes: 100,
      multiplier: 1.59,
      cost_usd: null,
      priced_cost_usd: 8.4,
      unpriced_tokens: 500,
      success_rate: 0.67,
    });
    expect(report.quality).toMatchObject({ interactions: 2, average_rating: 3.5, issues: 1 });
    expect(report.quality.trend.map((week) => week.week)).toEqual(['2026-W47']);
    expect(report.gaps.map((gap) => gap.figure)).toEqual(['cost_usd']);
    const alpha = await roiReport(deps, { project: 'alpha', since: 'last week' });
    expect(alpha.totals).toMatchObject({
      sessions: 2,
      multiplier: 2.33,
      cost_usd: 8.4,
      time_saved_minutes: 120,
    });
  });

  it('observability: summary by default, one section on request, bad input names the field', async () => {
    const summary = await observability(deps, { since: 'last week' });
    expect(summary.sections).toEqual(['summary']);
    expect(summary.cost).toBeUndefined();
    expect(summary.summary).toMatchObject({ sessions: 3, multiplier: 1.59, unpriced_models: ['mystery-1'] });
    const cost = await observability(deps, { since: 'last week', section: 'cost' });
    expect(cost.cost?.by_session.find((row) => row.group === 's2')?.cost_usd).toBe(3.9);
    expect(cost.roi).toBeUndefined();
    await expect(observability(deps, { since: '2026-11-20', until: '2026-11-01' })).rejects.toThrow(
      /`until`/,
    );
    await expect(observability(deps, { project: 'nope' })).rejects.toThrow(/`project`/);
    await expect(observability(deps, { section: 'gossip' as never })).rejects.toThrow(/section/);
  });
});
