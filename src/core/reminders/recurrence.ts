import { createRequire } from 'node:module';
import type { RRule as RRuleClass, Weekday as WeekdayClass } from 'rrule';
import { type WallTime, zonedParts, zonedWallTimeToInstant } from '../dates/zoned-time.js';

/** rrule, loaded on first use (~11 MB): processes that never read a recurring reminder never load it. */
let rrulePackage: { RRule: typeof RRuleClass } | null = null;
const rrule = () => {
  rrulePackage ??= createRequire(import.meta.url)('rrule') as { RRule: typeof RRuleClass };
  return rrulePackage.RRule;
};
type RRuleOptions = NonNullable<ConstructorParameters<typeof RRuleClass>[0]>;
type WeekdayValue = WeekdayClass;

/**
 * Recurring reminders: a phrase ("every Monday at 10") becomes an iCalendar
 * rule, stored as two lines:
 *
 *   DTSTART;TZID=Europe/Berlin:20260330T100000     (wall clock in a zone)
 *   RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0
 *
 * Day-or-longer rules are evaluated on the zone's wall clock (rrule runs on
 * "floating" dates whose UTC fields are the local fields), then each
 * occurrence becomes an instant with `zonedWallTimeToInstant` — so "every day
 * at 9" stays 09:00 local across DST changes. Minute and hour rules are
 * evaluated on real instants (`DTSTART:…Z`): "every 2 hours" stays two hours
 * apart even on the night the clocks change.
 */

export interface RecurrenceRule {
  /** The two-line DTSTART + RRULE text that is stored. */
  rule: string;
  timeZone: string;
  /** The first occurrence after `now` (an instant). */
  firstDueAt: Date;
  /** A short English reading of the rule ("every Monday at 10:00"). */
  description: string;
}

const weekdays = (): Record<string, WeekdayValue> => {
  const RRule = rrule();
  return { mo: RRule.MO, tu: RRule.TU, we: RRule.WE, th: RRule.TH, fr: RRule.FR, sa: RRule.SA, su: RRule.SU };
};
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY_PATTERN =
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?';
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  other: 2,
};

/** A time of day, from "9", "9am", "9:30", "17:00", "5 pm", "noon", "midnight". */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

const TIME_AT_END =
  /(?:^|\s+)(?:at\s+)?(noon|midnight|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.h]\d{2})$|\s+at\s+(\d{1,2})$/;

/** Parses a time of day; null when the text is not one. */
export function parseTimeOfDay(text: string): TimeOfDay | null {
  const value = text.trim().toLowerCase().replace(/\./g, '');
  if (value === 'noon') return { hour: 12, minute: 0 };
  if (value === 'midnight') return { hour: 0, minute: 0 };
  const match = /^(\d{1,2})(?:[:h](\d{2}))?\s*(am|pm)?$/.exec(value);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3];
  if (minute > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hour > 23) return null;
  return { hour, minute };
}

/** Splits "every monday at 10" into the body "every monday" and the time 10:00. */
function splitTime(phrase: string): { body: string; time: TimeOfDay | null } {
  const match = TIME_AT_END.exec(phrase);
  if (!match) return { body: phrase, time: null };
  const time = parseTimeOfDay(match[1] ?? match[2] ?? '');
  if (!time)
    throw new RangeError(`"${match[0].trim()}" is not a time of day (try "at 9", "at 9:30" or "at 5pm")`);
  return { body: phrase.slice(0, match.index).trim(), time };
}

function countOf(word: string | undefined): number {
  if (word === undefined) return 1;
  const count = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word];
  if (count === undefined || count < 1 || count > 1000)
    throw new RangeError(`"${word}" is not a usable interval`);
  return count;
}

function weekdayOf(word: string): WeekdayValue {
  const day = weekdays()[word.slice(0, 2)];
  if (!day) throw new RangeError(`"${word}" is not a day of the week`);
  return day;
}

/** "monday", "mon, wed and fri", "weekday", "weekend". */
function parseWeekdays(text: string): WeekdayValue[] | null {
  const value = text.trim();
  if (/^(?:week ?days?|working days?)$/.test(value))
    return [rrule().MO, rrule().TU, rrule().WE, rrule().TH, rrule().FR];
  if (/^(?:weekends?)$/.test(value)) return [rrule().SA, rrule().SU];
  const list = new RegExp(
    String.raw`^${WEEKDAY_PATTERN}(?:\s*(?:,|and|&|\+)\s*(?:and\s+)?${WEEKDAY_PATTERN})*$`,
  );
  if (!list.test(value)) return null;
  const days = value.split(/\s*(?:,|and|&|\+)\s*/).filter((part) => part.length > 0);
  const unique = new Map(days.map((day) => weekdayOf(day)).map((day) => [day.weekday, day]));
  return [...unique.values()].sort((a, b) => a.weekday - b.weekday);
}

/** "the 15th", "1st", "the last day", "the first monday", "the last friday". */
function parseMonthDay(text: string): Pick<Partial<RRuleOptions>, 'bymonthday' | 'byweekday'> | null {
  const value = text.trim().replace(/^the\s+/, '');
  const dayNumber = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(value);
  if (dayNumber) {
    const day = Number(dayNumber[1]);
    if (day < 1 || day > 31) throw new RangeError(`day ${day} of the month does not exist`);
    return { bymonthday: [day] };
  }
  if (/^last day$/.test(value)) return { bymonthday: [-1] };
  const nth = new RegExp(
    String.raw`^(first|second|third|fourth|last|1st|2nd|3rd|4th)\s+(${WEEKDAY_PATTERN})$`,
  ).exec(value);
  if (nth) {
    const ordinal = ORDINALS[nth[1] ?? ''] ?? Number.parseInt(nth[1] ?? '', 10);
    return { byweekday: [weekdayOf(nth[2] ?? '').nth(ordinal)] };
  }
  return null;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const formatTime = (time: TimeOfDay) => `${pad(time.hour)}:${pad(time.minute)}`;

/** A floating date: its UTC fields are the wall-clock fields. */
function floating(wall: WallTime): Date {
  return new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0),
  );
}

function wallOf(date: Date): WallTime {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

function icsStamp(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

function rruleLine(options: Partial<RRuleOptions>): string {
  return rrule()
    .optionsToString(options as RRuleOptions)
    .replace(/^.*\n?RRULE:/s, 'RRULE:');
}

interface ParsedRule {
  options: Partial<RRuleOptions>;
  /** Wall-clock (day or longer) or absolute (minutes, hours). */
  wall: boolean;
  description: string;
}

const unitFrequency = () => {
  const RRule = rrule();
  return {
    minute: RRule.MINUTELY,
    hour: RRule.HOURLY,
    day: RRule.DAILY,
    week: RRule.WEEKLY,
    month: RRule.MONTHLY,
    year: RRule.YEARLY,
  } as const;
};

/** True when the phrase asks for a recurrence ("every …", "daily", "weekly", …). */
export function isRecurringPhrase(phrase: string): boolean {
  return /^(?:every|each|daily|weekly|monthly|yearly|hourly|weekdays)\b/.test(normalisePhrase(phrase));
}

export function normalisePhrase(phrase: string): string {
  return phrase
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
}

/** The rule a recurrence phrase asks for (pure; throws RangeError with a readable reason). */
function translate(phrase: string): ParsedRule {
  let text = normalisePhrase(phrase)
    .replace(/^(daily|hourly|weekly|monthly|yearly)\b/, (word) => {
      const unit = { daily: 'day', hourly: 'hour', weekly: 'week', monthly: 'month', yearly: 'year' }[word];
      return `every ${unit}`;
    })
    .replace(/^weekdays\b/, 'every weekday')
    .replace(/^each\b/, 'every')
    .replace(/^every morning\b/, 'every day at 9')
    .replace(/^every evening\b/, 'every day at 18:00');
  // "every monday at 10 am" / "every day at 9 o'clock"
  text = text.replace(/\s*o'?clock$/, '');
  const { body, time } = splitTime(text);
  if (!body.startsWith('every')) throw new RangeError('a recurrence starts with "every"');
  const rest = body.replace(/^every\s*/, '');
  const at = time ?? { hour: 9, minute: 0 };
  const clock = { byhour: [at.hour], byminute: [at.minute], bysecond: [0] };
  const timeText = ` at ${formatTime(at)}`;

  const unit =
    /^(?:(\d+|[a-z]+)\s+)?(minute|min|hour|day|week|fortnight|month|year)s?(?:\s+on\s+(.+))?$/.exec(rest);
  if (unit) {
    let count = countOf(unit[1]);
    let name = unit[2] === 'min' ? 'minute' : (unit[2] as string);
    if (name === 'fortnight') {
      name = 'week';
      count *= 2;
    }
    const on = unit[3];
    const every = count === 1 ? `every ${name}` : `every ${count} ${name}s`;
    if (name === 'minute' || name === 'hour') {
      if (on !== undefined || time) throw new RangeError(`"every ${name}" takes no day or time`);
      if (name === 'minute' && count < 1) throw new RangeError('the shortest interval is one minute');
      return {
        options: { freq: unitFrequency()[name], interval: count },
        wall: false,
        description: every,
      };
    }
    const freq = unitFrequency()[name as 'day' | 'week' | 'month' | 'year'];
    const options: Partial<RRuleOptions> = { freq, interval: count, ...clock };
    let onText = '';
    if (on !== undefined) {
      if (name === 'week') {
        const days = parseWeekdays(on);
        if (!days) throw new RangeError(`"${on}" is not a day of the week`);
        options.byweekday = days;
        onText = ` on ${days.map((day) => WEEKDAY_NAMES[day.weekday]).join(', ')}`;
      } else if (name === 'month') {
        const day = parseMonthDay(on);
        if (!day)
          throw new RangeError(`"${on}" is not a day of the month (try "the 1st" or "the first monday")`);
        Object.assign(options, day);
        onText = ` on the ${on.replace(/^the\s+/, '')}`;
      } else {
        throw new RangeError(`"every ${name} on …" is not supported; name a day with "every week on …"`);
      }
    }
    return { options, wall: true, description: `${every}${onText}${timeText}` };
  }

  const otherWeek = /^other\s+(.+)$/.exec(rest);
  const daysText = otherWeek ? (otherWeek[1] as string) : rest;
  const days = parseWeekdays(daysText);
  if (days) {
    const names = days.map((day) => WEEKDAY_NAMES[day.weekday]).join(', ');
    return {
      options: { freq: rrule().WEEKLY, interval: otherWeek ? 2 : 1, byweekday: days, ...clock },
      wall: true,
      description: `every ${otherWeek ? 'other ' : ''}${names}${timeText}`,
    };
  }
  throw new RangeError(`"${phrase.trim()}" is not a recurrence deja understands`);
}

/**
 * Turns a recurrence phrase into a stored rule and its first occurrence after
 * `now`. Days without a time run at 09:00 local. Throws RangeError with a
 * readable reason for phrases it cannot read.
 */
export function recurrenceFromPhrase(phrase: string, now: Date, timeZone: string): RecurrenceRule {
  const parsed = translate(phrase);
  if (!parsed.wall) {
    const start = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const rule = `DTSTART:${icsStamp(start)}Z\n${rruleLine(parsed.options)}`;
    const firstDueAt = nextOccurrence(rule, now);
    if (!firstDueAt) throw new RangeError(`"${phrase.trim()}" never happens`);
    return { rule, timeZone, firstDueAt, description: parsed.description };
  }
  // Anchor DTSTART on the first matching occurrence, so "every 2 weeks on tuesday"
  // starts with the coming Tuesday rather than counting weeks from today's.
  const nowWall = floating(zonedParts(now, timeZone));
  const probe = new (rrule())({ ...parsed.options, interval: 1, dtstart: nowWall } as RRuleOptions);
  let anchor = probe.after(nowWall, false);
  while (anchor && zonedWallTimeToInstant(wallOf(anchor), timeZone).getTime() <= now.getTime()) {
    anchor = probe.after(anchor, false);
  }
  if (!anchor) throw new RangeError(`"${phrase.trim()}" never happens`);
  const rule = `DTSTART;TZID=${timeZone}:${icsStamp(anchor)}\n${rruleLine(parsed.options)}`;
  return {
    rule,
    timeZone,
    firstDueAt: zonedWallTimeToInstant(wallOf(anchor), timeZone),
    description: parsed.description,
  };
}

interface LoadedRule {
  rrule: RRuleClass;
  timeZone: string | null;
}

function loadRule(rule: string): LoadedRule {
  const lines = rule.split(/\r?\n/).map((line) => line.trim());
  const start = /^DTSTART(?:;TZID=([^:]+))?:(\d{8}T\d{6})(Z?)$/.exec(lines[0] ?? '');
  const rruleText = lines.find((line) => line.startsWith('RRULE:'));
  if (!start || !rruleText) throw new RangeError(`not a stored recurrence rule: ${JSON.stringify(rule)}`);
  const stamp = start[2] as string;
  const dtstart = new Date(
    Date.UTC(
      Number(stamp.slice(0, 4)),
      Number(stamp.slice(4, 6)) - 1,
      Number(stamp.slice(6, 8)),
      Number(stamp.slice(9, 11)),
      Number(stamp.slice(11, 13)),
      Number(stamp.slice(13, 15)),
    ),
  );
  const options = rrule().parseString(rruleText);
  const timeZone = start[3] === 'Z' ? null : (start[1] ?? 'UTC');
  return { rrule: new (rrule())({ ...options, dtstart }), timeZone };
}

/**
 * The first occurrence of a stored rule strictly after `after`, as an
 * instant; null when the rule has ended. Missed occurrences are skipped: a
 * reminder that was due while deja was not running fires once, then moves on.
 */
export function nextOccurrence(rule: string, after: Date): Date | null {
  const { rrule, timeZone } = loadRule(rule);
  if (timeZone === null) return rrule.after(after, false);
  let cursor = floating(zonedParts(after, timeZone));
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = rrule.after(cursor, false);
    if (!candidate) return null;
    const instant = zonedWallTimeToInstant(wallOf(candidate), timeZone);
    if (instant.getTime() > after.getTime()) return instant;
    cursor = candidate;
  }
  return null;
}
