import { describe, expect, it } from 'vitest';
import {
  extractTimePhrase,
  type ParseOptions,
  parseTimeRange,
  resolveSinceUntil,
  type TimeRange,
} from './parse-time-range.js';
import { startOfDayInZone, zonedWallTimeToInstant } from './zoned-time.js';

/** Wednesday 25 November 2026: 15:30 UTC, 16:30 in Berlin (CET), 10:30 in New York (EST). */
const NOW = '2026-11-25T15:30:00.000Z';
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

interface Case {
  text: string;
  zone: string;
  now: string;
  weekStartsOn: 0 | 1;
  start: string | null;
  end: string | null;
}

function at(
  text: string,
  zone: string,
  start: string | null,
  end: string | null,
  clock: { now?: string; weekStartsOn?: 0 | 1 } = {},
): Case {
  return { text, zone, now: clock.now ?? NOW, weekStartsOn: clock.weekStartsOn ?? 1, start, end };
}

function optionsFor(zone: string, now = NOW, weekStartsOn: 0 | 1 = 1): ParseOptions {
  return { now: new Date(now), timeZone: zone, weekStartsOn };
}

function asIso(range: TimeRange | null): { start: string | null; end: string | null } | null {
  if (!range) return null;
  return { start: range.start?.toISOString() ?? null, end: range.end?.toISOString() ?? null };
}

const cases: Case[] = [
  // ISO dates and date-times
  at('2026-03-01', 'UTC', '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'),
  at('2026-03-01', BERLIN, '2026-02-28T23:00:00.000Z', '2026-03-01T23:00:00.000Z'),
  at('2026-03-29', BERLIN, '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'),
  at('2026-11-01', NEW_YORK, '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'),
  at('2026-03', 'UTC', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
  at('2026-03-01T10:00', 'UTC', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z'),
  at('2026-03-01T10:00', BERLIN, '2026-03-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z'),
  at('2026-07-01 10:00', BERLIN, '2026-07-01T08:00:00.000Z', '2026-07-01T08:00:00.000Z'),
  at('2026-03-01T10:00:00Z', NEW_YORK, '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z'),
  at('2026-03-01T10:00+02:00', 'UTC', '2026-03-01T08:00:00.000Z', '2026-03-01T08:00:00.000Z'),
  at('2026-03-01T10:00:00.250-05:00', BERLIN, '2026-03-01T15:00:00.250Z', '2026-03-01T15:00:00.250Z'),
  at('2026-03-08T02:30', NEW_YORK, '2026-03-08T07:00:00.000Z', '2026-03-08T07:00:00.000Z'),
  at('2026', 'UTC', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
  at('in 2025', BERLIN, '2024-12-31T23:00:00.000Z', '2025-12-31T23:00:00.000Z'),

  // Named calendar periods
  at('today', 'UTC', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z'),
  at('  TODAY ', BERLIN, '2026-11-24T23:00:00.000Z', '2026-11-25T23:00:00.000Z'),
  at('today', NEW_YORK, '2026-11-25T05:00:00.000Z', '2026-11-26T05:00:00.000Z'),
  at('yesterday', 'UTC', '2026-11-24T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
  at('tomorrow', NEW_YORK, '2026-11-26T05:00:00.000Z', '2026-11-27T05:00:00.000Z'),
  at('this week', 'UTC', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'),
  at('this week', 'UTC', '2026-11-22T00:00:00.000Z', '2026-11-29T00:00:00.000Z', { weekStartsOn: 0 }),
  at('Last Week', 'UTC', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'),
  at('last week', BERLIN, '2026-11-15T23:00:00.000Z', '2026-11-22T23:00:00.000Z'),
  at('this month', NEW_YORK, '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'),
  at('last month', 'UTC', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'),
  at('last month', BERLIN, '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'),
  at('this year', BERLIN, '2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z'),
  at('last year', 'UTC', '2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),

  // DST and local-midnight edges
  at('yesterday', BERLIN, '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', {
    now: '2026-03-30T10:00:00.000Z',
  }),
  at('yesterday', BERLIN, '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', {
    now: '2026-10-26T10:00:00.000Z',
  }),
  at('today', BERLIN, '2026-11-25T23:00:00.000Z', '2026-11-26T23:00:00.000Z', {
    now: '2026-11-25T23:30:00.000Z',
  }),
  at('yesterday', BERLIN, '2026-11-24T23:00:00.000Z', '2026-11-25T23:00:00.000Z', {
    now: '2026-11-25T23:30:00.000Z',
  }),
  at('today', NEW_YORK, '2026-11-25T05:00:00.000Z', '2026-11-26T05:00:00.000Z', {
    now: '2026-11-26T02:00:00.000Z',
  }),
  at('2 days ago', BERLIN, '2026-03-28T11:00:00.000Z', '2026-03-30T10:00:00.000Z', {
    now: '2026-03-30T10:00:00.000Z',
  }),
  at('48 hours ago', BERLIN, '2026-03-28T10:00:00.000Z', '2026-03-30T10:00:00.000Z', {
    now: '2026-03-30T10:00:00.000Z',
  }),

  // "N units ago" and rolling windows
  at('3 days ago', 'UTC', '2026-11-22T15:30:00.000Z', NOW),
  at('two hours ago', NEW_YORK, '2026-11-25T13:30:00.000Z', NOW),
  at('an hour ago', 'UTC', '2026-11-25T14:30:00.000Z', NOW),
  at('45 minutes ago', BERLIN, '2026-11-25T14:45:00.000Z', NOW),
  at('a week ago', 'UTC', '2026-11-18T15:30:00.000Z', NOW),
  at('2 months ago', 'UTC', '2026-09-25T15:30:00.000Z', NOW),
  at('twelve years ago', 'UTC', '2014-11-25T15:30:00.000Z', NOW),
  // Vague counts read as their usual size: a couple = 2, a few / several = 3
  at('a couple of days ago', 'UTC', '2026-11-23T15:30:00.000Z', NOW),
  at('couple days ago', 'UTC', '2026-11-23T15:30:00.000Z', NOW),
  at('a few weeks ago', 'UTC', '2026-11-04T15:30:00.000Z', NOW),
  at('several days ago', 'UTC', '2026-11-22T15:30:00.000Z', NOW),
  at('the past few months', 'UTC', '2026-08-25T15:30:00.000Z', NOW),
  at('last couple of weeks', 'UTC', '2026-11-11T15:30:00.000Z', NOW),
  // The last weekend that is over (NOW is a Wednesday; on a weekend day, the one before)
  at('last weekend', 'UTC', '2026-11-21T00:00:00.000Z', '2026-11-23T00:00:00.000Z'),
  at('the past weekend', BERLIN, '2026-11-20T23:00:00.000Z', '2026-11-22T23:00:00.000Z'),
  at('last weekend', 'UTC', '2026-11-14T00:00:00.000Z', '2026-11-16T00:00:00.000Z', {
    now: '2026-11-22T10:00:00.000Z',
  }),
  at('last weekend', 'UTC', '2026-11-14T00:00:00.000Z', '2026-11-16T00:00:00.000Z', {
    now: '2026-11-21T10:00:00.000Z',
  }),
  at('past 7 days', BERLIN, '2026-11-18T15:30:00.000Z', NOW),
  at('last 24 hours', NEW_YORK, '2026-11-24T15:30:00.000Z', NOW),
  at('in the last 3 days', 'UTC', '2026-11-22T15:30:00.000Z', NOW),
  at('past week', 'UTC', '2026-11-18T15:30:00.000Z', NOW),
  at('recently', 'UTC', '2026-11-18T15:30:00.000Z', NOW),
  at('earlier today', BERLIN, '2026-11-24T23:00:00.000Z', NOW),
  at('earlier today', NEW_YORK, '2026-11-26T05:00:00.000Z', '2026-11-26T05:10:00.000Z', {
    now: '2026-11-26T05:10:00.000Z',
  }),

  // Months: the most recent one that has started
  at('march', 'UTC', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
  at('in March', NEW_YORK, '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'),
  at('march', 'UTC', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z', {
    now: '2026-02-10T12:00:00.000Z',
  }),
  at('december', 'UTC', '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  at('nov', 'UTC', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'),
  at('march 2025', BERLIN, '2025-02-28T23:00:00.000Z', '2025-03-31T22:00:00.000Z'),
  at('march 5', 'UTC', '2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z'),
  at('5 march', 'UTC', '2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z'),
  at('march 5th 2025', 'UTC', '2025-03-05T00:00:00.000Z', '2025-03-06T00:00:00.000Z'),
  at('5th of March, 2025', BERLIN, '2025-03-04T23:00:00.000Z', '2025-03-05T23:00:00.000Z'),
  at('dec 25', 'UTC', '2025-12-25T00:00:00.000Z', '2025-12-26T00:00:00.000Z'),
  at('feb 29', 'UTC', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'),

  // Weekdays (now is a Wednesday)
  at('monday', 'UTC', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z'),
  at('last monday', BERLIN, '2026-11-22T23:00:00.000Z', '2026-11-23T23:00:00.000Z'),
  at('on friday', 'UTC', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'),
  at('wednesday', 'UTC', '2026-11-18T00:00:00.000Z', '2026-11-19T00:00:00.000Z'),
  at('this monday', NEW_YORK, '2026-11-23T05:00:00.000Z', '2026-11-24T05:00:00.000Z'),
  at('this friday', 'UTC', '2026-11-27T00:00:00.000Z', '2026-11-28T00:00:00.000Z'),
  at('this sunday', 'UTC', '2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z', { weekStartsOn: 0 }),

  // Open-ended
  at('since march', 'UTC', '2026-03-01T00:00:00.000Z', null),
  at('since last week', BERLIN, '2026-11-15T23:00:00.000Z', null),
  at('since 3 days ago', 'UTC', '2026-11-22T15:30:00.000Z', null),
  at('before march', 'UTC', null, '2026-03-01T00:00:00.000Z'),
  at('until march', 'UTC', null, '2026-04-01T00:00:00.000Z'),
  at('until 2026-03-01T10:00Z', 'UTC', null, '2026-03-01T10:00:00.000Z'),
  at('after march', BERLIN, '2026-03-31T22:00:00.000Z', null),
  at('after 2 hours ago', 'UTC', '2026-11-25T13:30:00.000Z', null),

  // Bounded ranges: [start of X, end of Y)
  at('march to april', 'UTC', '2026-03-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'),
  at('2026-03-01 until 2026-03-05', BERLIN, '2026-02-28T23:00:00.000Z', '2026-03-05T23:00:00.000Z'),
  at('from monday to today', 'UTC', '2026-11-23T00:00:00.000Z', '2026-11-26T00:00:00.000Z'),
  at('between march 1 and march 5', NEW_YORK, '2026-03-01T05:00:00.000Z', '2026-03-06T05:00:00.000Z'),
  at('2026-03-01..2026-03-05', 'UTC', '2026-03-01T00:00:00.000Z', '2026-03-06T00:00:00.000Z'),
  at('since 3 days ago until 1 day ago', 'UTC', '2026-11-22T15:30:00.000Z', '2026-11-24T15:30:00.000Z'),
];

describe('parseTimeRange', () => {
  it.each(cases)(
    '$text in $zone at $now (week starts $weekStartsOn)',
    ({ text, zone, now, weekStartsOn, start, end }) => {
      expect(asIso(parseTimeRange(text, optionsFor(zone, now, weekStartsOn)))).toEqual({ start, end });
    },
  );

  it.each([
    '',
    '   ',
    'cache',
    'what about caching',
    '2026-02-30',
    '2026-13-01',
    '2026-13',
    '2026-03-01T24:00',
    '2026-03-01T10:60',
    '2026-03-01T10:00+25:00',
    '42',
    '5',
    '123456',
    'march 32',
    'february 30',
    'april 31 2025',
    'march 2th',
    '3 days',
    '0 days ago',
    '99999 years ago',
    'in 3 days',
    'last',
    'since',
    'since cache',
    'yesterdayish',
    'march 2026 to february 2026',
  ])('rejects %j', (text) => {
    expect(parseTimeRange(text, optionsFor('UTC'))).toBeNull();
  });

  it('throws a RangeError for an unknown time zone', () => {
    expect(() => parseTimeRange('today', optionsFor('Mars/Olympus_Mons'))).toThrow(RangeError);
  });
});

describe('resolveSinceUntil', () => {
  it.each([
    { input: {}, zone: 'UTC', start: null, end: null },
    { input: { since: '2026-03-01' }, zone: 'UTC', start: '2026-03-01T00:00:00.000Z', end: null },
    { input: { until: '2026-03-01' }, zone: 'UTC', start: null, end: '2026-03-02T00:00:00.000Z' },
    { input: { until: '2026-03-01T10:00:00Z' }, zone: 'UTC', start: null, end: '2026-03-01T10:00:00.000Z' },
    { input: { until: '3 days ago' }, zone: 'UTC', start: null, end: '2026-11-22T15:30:00.000Z' },
    { input: { since: ' ', until: '' }, zone: 'UTC', start: null, end: null },
    {
      input: { since: 'last week', until: 'yesterday' },
      zone: 'UTC',
      start: '2026-11-16T00:00:00.000Z',
      end: '2026-11-25T00:00:00.000Z',
    },
    {
      input: { since: '2026-03-01', until: '2026-03-01' },
      zone: BERLIN,
      start: '2026-02-28T23:00:00.000Z',
      end: '2026-03-01T23:00:00.000Z',
    },
  ])('resolves $input in $zone', ({ input, zone, start, end }) => {
    expect(asIso(resolveSinceUntil(input, optionsFor(zone)))).toEqual({ start, end });
  });

  it.each([
    { input: { since: 'cache' }, field: 'since' },
    { input: { until: '2026-02-30' }, field: 'until' },
    { input: { since: 'today', until: 'whenever' }, field: 'until' },
  ])('names $field when it cannot read it', ({ input, field }) => {
    expect(() => resolveSinceUntil(input, optionsFor('UTC'))).toThrow(RangeError);
    expect(() => resolveSinceUntil(input, optionsFor('UTC'))).toThrow(new RegExp(`\`${field}\`.*ISO date`));
  });

  it.each([
    { since: 'tomorrow', until: 'yesterday' },
    { since: 'today', until: 'yesterday' },
    { since: '2026-03-01T10:00Z', until: '2026-03-01T10:00Z' },
  ])('rejects since $since not before until $until', (input) => {
    expect(() => resolveSinceUntil(input, optionsFor('UTC'))).toThrow(RangeError);
    expect(() => resolveSinceUntil(input, optionsFor('UTC'))).toThrow(/`since`.*is not before `until`/);
  });
});

describe('extractTimePhrase', () => {
  it.each([
    {
      query: 'what did we decide about caching last week',
      zone: 'UTC',
      phrase: 'last week',
      rest: 'what did we decide about caching',
      start: '2026-11-16T00:00:00.000Z',
      end: '2026-11-23T00:00:00.000Z',
    },
    {
      query: 'What changed Yesterday?',
      zone: BERLIN,
      phrase: 'Yesterday',
      rest: 'What changed?',
      start: '2026-11-23T23:00:00.000Z',
      end: '2026-11-24T23:00:00.000Z',
    },
    {
      query: 'bugs fixed in the last 3 days in the parser',
      zone: 'UTC',
      phrase: 'in the last 3 days',
      rest: 'bugs fixed in the parser',
      start: '2026-11-22T15:30:00.000Z',
      end: NOW,
    },
    {
      query: 'auth notes between March 1 and March 5 and later',
      zone: NEW_YORK,
      phrase: 'between March 1 and March 5',
      rest: 'auth notes and later',
      start: '2026-03-01T05:00:00.000Z',
      end: '2026-03-06T05:00:00.000Z',
    },
    {
      query: 'since 2026-03-01, what broke',
      zone: 'UTC',
      phrase: 'since 2026-03-01',
      rest: 'what broke',
      start: '2026-03-01T00:00:00.000Z',
      end: null,
    },
    {
      query: 'migration plans in May',
      zone: 'UTC',
      phrase: 'in May',
      rest: 'migration plans',
      start: '2026-05-01T00:00:00.000Z',
      end: '2026-06-01T00:00:00.000Z',
    },
    {
      query: 'what did we do on Friday about flaky tests',
      zone: 'UTC',
      phrase: 'on Friday',
      rest: 'what did we do about flaky tests',
      start: '2026-11-20T00:00:00.000Z',
      end: '2026-11-21T00:00:00.000Z',
    },
  ])('finds $phrase in $query', ({ query, zone, phrase, rest, start, end }) => {
    const found = extractTimePhrase(query, optionsFor(zone));
    expect(found && { phrase: found.phrase, rest: found.rest, range: asIso(found.range) }).toEqual({
      phrase,
      rest,
      range: { start, end },
    });
  });

  it.each([
    'cache invalidation strategy',
    'we may march on',
    'fix bug 2026 in the sat solver',
    'todays mondays',
    '',
  ])('finds nothing in %j', (query) => {
    expect(extractTimePhrase(query, optionsFor('UTC'))).toBeNull();
  });
});

describe('zoned time helpers', () => {
  it.each([
    {
      label: '02:30 on the Berlin spring-forward day (gap)',
      zone: BERLIN,
      wall: [2026, 3, 29, 2, 30],
      instant: '2026-03-29T01:00:00.000Z',
    },
    {
      label: '02:30 on the Berlin fall-back day (twice)',
      zone: BERLIN,
      wall: [2026, 10, 25, 2, 30],
      instant: '2026-10-25T00:30:00.000Z',
    },
    {
      label: '02:30 on the New York spring-forward day (gap)',
      zone: NEW_YORK,
      wall: [2026, 3, 8, 2, 30],
      instant: '2026-03-08T07:00:00.000Z',
    },
    {
      label: '01:30 on the New York fall-back day (twice)',
      zone: NEW_YORK,
      wall: [2026, 11, 1, 1, 30],
      instant: '2026-11-01T05:30:00.000Z',
    },
    {
      label: 'month 13 rolling over',
      zone: 'UTC',
      wall: [2026, 13, 1, 0, 0],
      instant: '2027-01-01T00:00:00.000Z',
    },
  ])(
    'resolves $label to $instant',
    ({ zone, wall: [year = 0, month = 0, day = 0, hour = 0, minute = 0], instant }) => {
      expect(zonedWallTimeToInstant({ year, month, day, hour, minute }, zone).toISOString()).toBe(instant);
    },
  );

  it('finds the start of the local day when the UTC date differs', () => {
    expect(startOfDayInZone(new Date('2026-11-25T23:30:00Z'), BERLIN).toISOString()).toBe(
      '2026-11-25T23:00:00.000Z',
    );
    expect(startOfDayInZone(new Date('2026-11-26T02:00:00Z'), NEW_YORK).toISOString()).toBe(
      '2026-11-25T05:00:00.000Z',
    );
  });
});
