import { describe, expect, it } from 'vitest';
import { actualMinutes, computeRoi, isoWeek, type RoiInput, type RoiSession } from './roi.js';

const session = (id: string, over: Partial<RoiSession>): RoiSession => ({
  id,
  projectId: 'p1',
  goal: null,
  status: 'ended',
  outcome: 'success',
  startedAt: '2026-11-16T09:00:00.000Z',
  endedAt: '2026-11-16T10:00:00.000Z',
  estimateMinutes: null,
  ...over,
});

// Week 2026-W47 (Mon 16 Nov): s1 est 120 / actual 60, s2 est 30 / actual 45 (slower than estimated),
// s3 no estimate (90 min). Week 2026-W48 (Mon 23 Nov): s4 est 240, still active; s5 est 60 / actual 20, failed.
const INPUT: RoiInput = {
  sessions: [
    session('s1', { estimateMinutes: 120, goal: 'parser' }),
    session('s2', {
      estimateMinutes: 30,
      outcome: 'partial',
      startedAt: '2026-11-18T12:00:00.000Z',
      endedAt: '2026-11-18T12:45:00.000Z',
    }),
    session('s3', {
      outcome: null,
      startedAt: '2026-11-20T08:00:00.000Z',
      endedAt: '2026-11-20T09:30:00.000Z',
    }),
    session('s4', {
      estimateMinutes: 240,
      status: 'active',
      outcome: null,
      startedAt: '2026-11-24T08:00:00.000Z',
      endedAt: null,
    }),
    session('s5', {
      estimateMinutes: 60,
      outcome: 'failed',
      startedAt: '2026-11-23T10:00:00.000Z',
      endedAt: '2026-11-23T10:20:00.000Z',
    }),
  ],
  interactions: [
    { sessionId: 's1', rating: 5, createdAt: '2026-11-16T09:10:00.000Z' },
    { sessionId: 's1', rating: 4, createdAt: '2026-11-16T09:20:00.000Z' },
    { sessionId: 's2', rating: null, createdAt: '2026-11-18T12:10:00.000Z' },
    { sessionId: 's5', rating: 2, createdAt: '2026-11-23T10:05:00.000Z' },
    { sessionId: null, rating: 3, createdAt: '2026-11-24T07:00:00.000Z' },
  ],
  issues: [
    { sessionId: 's2', type: 'hallucination', severity: 'high', createdAt: '2026-11-18T12:20:00.000Z' },
    { sessionId: 's5', type: 'tooling', severity: 'low', createdAt: '2026-11-23T10:06:00.000Z' },
    { sessionId: 's5', type: 'tooling', severity: 'low', createdAt: '2026-11-23T10:07:00.000Z' },
  ],
  sessionCosts: new Map([
    ['s1', 1.5],
    ['s3', null],
  ]),
  cost: { costUsd: 3.5, pricedCostUsd: 3.5, unpricedTokens: 0 },
};

describe('ROI arithmetic', () => {
  it('computes actual minutes from start to end, only for ended sessions', () => {
    expect(actualMinutes(INPUT.sessions[0] as RoiSession)).toBe(60);
    expect(actualMinutes(INPUT.sessions[3] as RoiSession)).toBeNull();
  });

  it('puts instants in ISO weeks (Monday start, UTC, week-year at the year boundary)', () => {
    expect(isoWeek('2026-11-16T00:00:00Z')).toEqual({ week: '2026-W47', start: '2026-11-16' });
    expect(isoWeek('2026-11-22T23:59:59Z')).toEqual({ week: '2026-W47', start: '2026-11-16' });
    expect(isoWeek('2026-11-23T00:00:00Z')).toEqual({ week: '2026-W48', start: '2026-11-23' });
    expect(isoWeek('2027-01-01T12:00:00Z')).toEqual({ week: '2026-W53', start: '2026-12-28' });
    expect(isoWeek('2025-12-29T12:00:00Z')).toEqual({ week: '2026-W01', start: '2025-12-29' });
  });

  it('totals: estimated vs actual over comparable sessions, time saved, multiplier', () => {
    const { totals } = computeRoi(INPUT);
    // comparable: s1 (120/60), s2 (30/45), s5 (60/20) → estimated 210, actual 125, saved 85, ×1.68
    expect(totals).toMatchObject({
      sessions: 5,
      ended_sessions: 4,
      sessions_with_estimate: 4,
      comparable_sessions: 3,
      estimated_minutes: 210,
      actual_minutes: 125,
      time_saved_minutes: 85,
      multiplier: 1.68,
      actual_minutes_all: 60 + 45 + 90 + 20,
      cost_usd: 3.5,
      // $3.5 over 85/60 h saved
      cost_per_hour_saved_usd: 2.470588,
      outcomes: { success: 1, partial: 1, failed: 1, abandoned: 0, none: 1 },
      success_rate: 0.33,
    });
  });

  it('per session: saved minutes, multiplier, cost, interactions, ratings and issues', () => {
    const rows = new Map(computeRoi(INPUT).sessions.map((row) => [row.session_id, row]));
    expect(rows.get('s1')).toMatchObject({
      estimate_minutes: 120,
      actual_minutes: 60,
      saved_minutes: 60,
      multiplier: 2,
      cost_usd: 1.5,
      has_usage: true,
      interactions: 2,
      average_rating: 4.5,
      issues: 0,
    });
    expect(rows.get('s2')).toMatchObject({ saved_minutes: -15, multiplier: 0.67, issues: 1 });
    expect(rows.get('s3')).toMatchObject({
      saved_minutes: null,
      multiplier: null,
      cost_usd: null,
      has_usage: true,
    });
    expect(rows.get('s4')).toMatchObject({ actual_minutes: null, saved_minutes: null, has_usage: false });
  });

  it('quality: ratings, issues by type and severity, weekly trend', () => {
    const { quality } = computeRoi(INPUT);
    expect(quality).toMatchObject({
      interactions: 5,
      rated_interactions: 4,
      average_rating: 3.5,
      ratings: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 },
      issues: 3,
      issues_by_type: { hallucination: 1, incorrect_output: 0, context_loss: 0, tooling: 2, other: 0 },
      issues_by_severity: { low: 2, medium: 0, high: 1, critical: 0 },
      issues_by_type_and_severity: [
        { type: 'tooling', severity: 'low', count: 2 },
        { type: 'hallucination', severity: 'high', count: 1 },
      ],
    });
    expect(quality.trend).toEqual([
      {
        week: '2026-W47',
        week_start: '2026-11-16',
        sessions: 3,
        sessions_with_outcome: 2,
        success_rate: 0.5,
        interactions: 3,
        rated_interactions: 2,
        average_rating: 4.5,
        issues: 1,
      },
      {
        week: '2026-W48',
        week_start: '2026-11-23',
        sessions: 2,
        sessions_with_outcome: 1,
        success_rate: 0,
        interactions: 2,
        rated_interactions: 2,
        average_rating: 2.5,
        issues: 2,
      },
    ]);
  });

  it('flags thin data: only 3 comparable sessions is enough, 2 is not', () => {
    expect(computeRoi(INPUT).gaps).toEqual([]);
    const two = computeRoi({ ...INPUT, sessions: INPUT.sessions.slice(0, 2) });
    expect(two.gaps.map((gap) => gap.figure)).toContain('multiplier');
  });

  it('says which figures have no data at all, instead of reporting zeros', () => {
    const empty = computeRoi({
      sessions: [session('x', { outcome: null })],
      interactions: [],
      issues: [],
      sessionCosts: new Map(),
      cost: { costUsd: 0, pricedCostUsd: 0, unpricedTokens: 0 },
    });
    expect(empty.totals).toMatchObject({
      estimated_minutes: null,
      time_saved_minutes: null,
      multiplier: null,
      success_rate: null,
      cost_per_hour_saved_usd: null,
    });
    expect(empty.quality.average_rating).toBeNull();
    const figures = empty.gaps.map((gap) => gap.figure).join(' | ');
    expect(figures).toContain('multiplier');
    expect(figures).toContain('cost_usd');
    expect(figures).toContain('success_rate');
    expect(figures).toContain('average_rating');
    expect(empty.gaps.find((gap) => gap.figure.includes('multiplier'))?.reason).toMatch(/--estimate/);
  });

  it('says the cost is a lower bound when some tokens are unpriced', () => {
    const result = computeRoi({ ...INPUT, cost: { costUsd: null, pricedCostUsd: 2, unpricedTokens: 10 } });
    expect(result.totals.cost_usd).toBeNull();
    expect(result.totals.cost_per_hour_saved_usd).toBeNull();
    expect(result.gaps.find((gap) => gap.figure === 'cost_usd')?.reason).toMatch(/lower bound/);
  });
});
