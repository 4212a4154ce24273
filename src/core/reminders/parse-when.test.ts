import { describe, expect, it } from 'vitest';
import { zonedParts } from '../dates/zoned-time.js';
import { parseWhen } from './parse-when.js';
import { nextOccurrence, parseTimeOfDay } from './recurrence.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
/** Friday 2026-03-27, 11:00 in Berlin (CET); clocks go forward on Sunday 29 March. */
const MARCH = new Date('2026-03-27T10:00:00.000Z');
/** Friday 2026-10-23, 12:00 in Berlin (CEST); clocks go back on Sunday 25 October. */
const OCTOBER = new Date('2026-10-23T10:00:00.000Z');
/** Friday 2026-03-06, 10:00 in New York (EST); clocks go forward on Sunday 8 March. */
const NY_MARCH = new Date('2026-03-06T15:00:00.000Z');

interface Row {
  phrase: string;
  now: Date;
  zone: string;
  /** The first due instant, then (for recurring phrases) the following ones. */
  due: string[];
  rule?: RegExp;
}

const rows: Row[] = [
  { phrase: 'in 2 hours', now: MARCH, zone: BERLIN, due: ['2026-03-27T12:00:00Z'] },
  { phrase: 'in 30 minutes', now: MARCH, zone: BERLIN, due: ['2026-03-27T10:30:00Z'] },
  { phrase: 'in 1 second', now: MARCH, zone: BERLIN, due: ['2026-03-27T10:00:01Z'] },
  { phrase: 'in 1 hour and 30 minutes', now: MARCH, zone: BERLIN, due: ['2026-03-27T11:30:00Z'] },
  { phrase: 'in half an hour', now: MARCH, zone: BERLIN, due: ['2026-03-27T10:30:00Z'] },
  { phrase: 'In 2h', now: MARCH, zone: BERLIN, due: ['2026-03-27T12:00:00Z'] },
  // Days keep the wall clock across the change (11:00 CET → 11:00 CEST); hours do not.
  { phrase: 'in 3 days', now: MARCH, zone: BERLIN, due: ['2026-03-30T09:00:00Z'] },
  { phrase: 'in 48 hours', now: MARCH, zone: BERLIN, due: ['2026-03-29T10:00:00Z'] },
  { phrase: 'tomorrow at 9am', now: MARCH, zone: BERLIN, due: ['2026-03-28T08:00:00Z'] },
  { phrase: 'tomorrow', now: MARCH, zone: BERLIN, due: ['2026-03-28T08:00:00Z'] },
  { phrase: 'next friday 17:00', now: MARCH, zone: BERLIN, due: ['2026-04-03T15:00:00Z'] },
  { phrase: 'friday 17:00', now: MARCH, zone: BERLIN, due: ['2026-03-27T16:00:00Z'] },
  { phrase: 'at 9am', now: MARCH, zone: BERLIN, due: ['2026-03-28T08:00:00Z'] },
  { phrase: 'monday at 10', now: MARCH, zone: BERLIN, due: ['2026-03-30T08:00:00Z'] },
  { phrase: '2026-12-01 14:00', now: MARCH, zone: BERLIN, due: ['2026-12-01T13:00:00Z'] },
  { phrase: 'on December 24 at 18:00', now: MARCH, zone: BERLIN, due: ['2026-12-24T17:00:00Z'] },
  // 02:30 does not exist on 29 March in Berlin: the moment of the change (03:00 CEST).
  { phrase: 'sunday at 2:30am', now: MARCH, zone: BERLIN, due: ['2026-03-29T01:00:00Z'] },
  {
    phrase: 'every day at 9',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-28T08:00:00Z', '2026-03-29T07:00:00Z', '2026-03-30T07:00:00Z'],
    rule: /^DTSTART;TZID=Europe\/Berlin:20260328T090000\nRRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=9;BYMINUTE=0;BYSECOND=0$/,
  },
  {
    phrase: 'every Monday at 10',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z'],
    rule: /BYDAY=MO/,
  },
  {
    phrase: 'every 2 weeks on tuesday',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-31T07:00:00Z', '2026-04-14T07:00:00Z', '2026-04-28T07:00:00Z'],
    rule: /FREQ=WEEKLY;INTERVAL=2;.*BYDAY=TU/,
  },
  {
    phrase: 'every weekday at 8:30',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-30T06:30:00Z', '2026-03-31T06:30:00Z'],
    rule: /BYDAY=MO,TU,WE,TH,FR/,
  },
  {
    phrase: 'every hour',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-27T11:00:00Z', '2026-03-27T12:00:00Z'],
    rule: /^DTSTART:20260327T100000Z\nRRULE:FREQ=HOURLY;INTERVAL=1$/,
  },
  {
    phrase: 'every 15 minutes',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-27T10:15:00Z', '2026-03-27T10:30:00Z'],
  },
  {
    phrase: 'daily at 17:00',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-27T16:00:00Z', '2026-03-28T16:00:00Z'],
  },
  {
    phrase: 'every month on the 1st',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-04-01T07:00:00Z', '2026-05-01T07:00:00Z'],
    rule: /FREQ=MONTHLY;.*BYMONTHDAY=1/,
  },
  {
    phrase: 'every month on the first monday at 10am',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-04-06T08:00:00Z', '2026-05-04T08:00:00Z'],
  },
  {
    phrase: 'every other friday at 5pm',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-27T16:00:00Z', '2026-04-10T15:00:00Z'],
  },
  {
    phrase: 'every monday and thursday at 10',
    now: MARCH,
    zone: BERLIN,
    due: ['2026-03-30T08:00:00Z', '2026-04-02T08:00:00Z', '2026-04-06T08:00:00Z'],
  },
  { phrase: 'every morning', now: MARCH, zone: BERLIN, due: ['2026-03-28T08:00:00Z'] },
  { phrase: 'weekly on friday at 16:00', now: MARCH, zone: BERLIN, due: ['2026-03-27T15:00:00Z'] },
  // October: clocks go back on the 25th; 09:00 local stays 09:00 local.
  {
    phrase: 'every day at 9',
    now: OCTOBER,
    zone: BERLIN,
    due: ['2026-10-24T07:00:00Z', '2026-10-25T08:00:00Z', '2026-10-26T08:00:00Z'],
  },
  { phrase: 'in 2 days', now: OCTOBER, zone: BERLIN, due: ['2026-10-25T11:00:00Z'] },
  // 02:30 happens twice on 25 October: the earlier one (CEST).
  { phrase: 'sunday at 2:30am', now: OCTOBER, zone: BERLIN, due: ['2026-10-25T00:30:00Z'] },
  {
    phrase: 'every day at 9',
    now: NY_MARCH,
    zone: NEW_YORK,
    due: ['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z'],
  },
  { phrase: 'tomorrow at 9am', now: NY_MARCH, zone: NEW_YORK, due: ['2026-03-07T14:00:00Z'] },
  { phrase: 'next friday 17:00', now: NY_MARCH, zone: NEW_YORK, due: ['2026-03-13T21:00:00Z'] },
  // Hour rules stay hours apart through the change (01:00 EST → 03:00 EDT is one hour).
  {
    phrase: 'every 2 hours',
    now: new Date('2026-03-08T05:00:00.000Z'),
    zone: NEW_YORK,
    due: ['2026-03-08T07:00:00Z', '2026-03-08T09:00:00Z'],
  },
  {
    phrase: 'every sunday at 9',
    now: new Date('2026-10-30T14:00:00.000Z'),
    zone: NEW_YORK,
    due: ['2026-11-01T14:00:00Z', '2026-11-08T14:00:00Z'],
  },
];

describe('parseWhen', () => {
  it.each(rows)('$phrase ($zone, $now)', ({ phrase, now, zone, due, rule }) => {
    const parsed = parseWhen(phrase, { now, timeZone: zone });
    const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');
    expect(iso(parsed.dueAt)).toBe(due[0]);
    if (parsed.kind === 'once') {
      expect(due).toHaveLength(1);
      return;
    }
    if (rule) expect(parsed.rule).toMatch(rule);
    expect(parsed.timeZone).toBe(zone);
    let cursor = parsed.dueAt;
    for (const expected of due.slice(1)) {
      const next = nextOccurrence(parsed.rule, cursor);
      expect(next && iso(next)).toBe(expected);
      cursor = next as Date;
    }
  });

  it('keeps "every day at 9" at 09:00 local for a year of Berlin days', () => {
    const parsed = parseWhen('every day at 9', { now: MARCH, timeZone: BERLIN });
    if (parsed.kind !== 'recurring') throw new Error('expected a rule');
    let cursor = parsed.dueAt;
    for (let day = 0; day < 366; day++) {
      const local = zonedParts(cursor, BERLIN);
      expect([local.hour, local.minute]).toEqual([9, 0]);
      cursor = nextOccurrence(parsed.rule, cursor) as Date;
    }
  });

  it.each([
    ['', /empty/],
    ['blah', /could not read "blah"/],
    ['tomorrow at 9 bananas', /could not read "bananas"/],
    ['every blursday', /not a recurrence/],
    ['every day at 25', /not a time of day/],
    ['every day at 9:75', /not a time of day/],
    ['every month on the 32nd', /day 32 of the month/],
    ['every 0 days', /not a usable interval/],
    ['every day on monday', /not supported/],
    ['every hour at 9', /takes no day or time/],
    ['yesterday at 9', /in the past/],
    ['2020-01-01 10:00', /in the past/],
  ])('rejects %j', (phrase, message) => {
    expect(() => parseWhen(phrase, { now: MARCH, timeZone: BERLIN })).toThrow(message);
  });

  it('reads times of day', () => {
    expect(parseTimeOfDay('9')).toEqual({ hour: 9, minute: 0 });
    expect(parseTimeOfDay('12am')).toEqual({ hour: 0, minute: 0 });
    expect(parseTimeOfDay('12 pm')).toEqual({ hour: 12, minute: 0 });
    expect(parseTimeOfDay('5:15 p.m.')).toEqual({ hour: 17, minute: 15 });
    expect(parseTimeOfDay('13pm')).toBeNull();
  });
});
