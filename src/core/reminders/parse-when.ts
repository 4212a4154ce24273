import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';
import { zonedParts, zonedWallTimeToInstant } from '../dates/zoned-time.js';
import { isRecurringPhrase, normalisePhrase, recurrenceFromPhrase } from './recurrence.js';

/** When a reminder is due: once at an instant, or on a recurrence rule. */
export type ParsedWhen =
  | { kind: 'once'; dueAt: Date; description: string }
  | { kind: 'recurring'; dueAt: Date; rule: string; timeZone: string; description: string };

export interface WhenOptions {
  now: Date;
  /** IANA zone the phrase is read in ("tomorrow at 9am" is 09:00 there). */
  timeZone: string;
}

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
};
const CALENDAR_UNITS = new Set(['day', 'week', 'month', 'year']);
const WORD_COUNTS: Record<string, number> = {
  a: 1,
  an: 1,
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
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  few: 3,
  couple: 2,
  half: 0.5,
};
const UNIT_ALIASES: Record<string, string> = {
  s: 'second',
  sec: 'second',
  secs: 'second',
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  d: 'day',
  w: 'week',
  wk: 'week',
  wks: 'week',
};

const EXAMPLES = 'try "in 2 hours", "tomorrow at 9am", "next friday 17:00" or "every Monday at 10"';

/**
 * "in 2 hours", "in 1 hour and 30 minutes", "in 3 days": seconds, minutes and
 * hours are added to the instant; days and longer keep the local wall time
 * (in 1 day across a DST change is the same clock time tomorrow).
 */
function parseRelative(text: string, options: WhenOptions): Date | null {
  const match = /^in\s+(.+)$/.exec(text);
  if (!match) return null;
  const parts = (match[1] as string).split(/\s*(?:,|\band\b)\s*/).filter((part) => part.length > 0);
  let ms = 0;
  const calendar = { day: 0, week: 0, month: 0, year: 0 };
  for (const part of parts) {
    const piece = /^(?:(\d+(?:\.\d+)?)\s*|([a-z]+)\s+)(?:of\s+)?(?:an?\s+)?([a-z]+)$/.exec(
      part.replace(/^a\s+(couple|few)\b/, '$1'),
    );
    if (!piece) return null;
    const count = piece[1] !== undefined ? Number(piece[1]) : WORD_COUNTS[piece[2] as string];
    const word = piece[3] as string;
    const unit = UNIT_ALIASES[word] ?? word.replace(/s$/, '');
    if (count === undefined || !Number.isFinite(count) || count <= 0) return null;
    if (unit in UNIT_MS) ms += count * (UNIT_MS[unit] as number);
    else if (CALENDAR_UNITS.has(unit) && Number.isInteger(count))
      calendar[unit as keyof typeof calendar] += count;
    else if (unit === 'day' || unit === 'week') ms += count * (unit === 'day' ? 86_400_000 : 604_800_000);
    else return null;
  }
  let base = options.now;
  if (calendar.day || calendar.week || calendar.month || calendar.year) {
    const wall = zonedParts(options.now, options.timeZone);
    base = zonedWallTimeToInstant(
      {
        ...wall,
        year: wall.year + calendar.year,
        month: wall.month + calendar.month,
        day: wall.day + calendar.day + 7 * calendar.week,
      },
      options.timeZone,
    );
  }
  return new Date(base.getTime() + ms);
}

const FILLER = /^(?:on|at|by|around|the|,|\s)*$/;

/** chrono-node, loaded on first use (~22 MB): processes that never parse a reminder never load it. */
let chronoPackage: typeof Chrono | null = null;
const chrono = () => {
  chronoPackage ??= createRequire(import.meta.url)('chrono-node') as typeof Chrono;
  return chronoPackage;
};

/** A one-off phrase through chrono-node, read on the zone's wall clock. */
function parseOnce(text: string, options: WhenOptions): Date {
  const wall = zonedParts(options.now, options.timeZone);
  // chrono runs on a "floating" instant (UTC fields = local wall fields) with a
  // zero offset, so its components are the zone's wall clock; the instant is
  // then made in the real zone, which handles DST.
  const floatingNow = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second),
  );
  const results = chrono().parse(text, { instant: floatingNow, timezone: 0 }, { forwardDate: true });
  const result = results[0];
  if (!result || results.length > 1) throw new RangeError(`could not read "${text}" as a time; ${EXAMPLES}`);
  const leftover = text.slice(0, result.index) + text.slice(result.index + result.text.length);
  if (!FILLER.test(leftover)) {
    throw new RangeError(`could not read "${leftover.trim()}" in "${text}"; ${EXAMPLES}`);
  }
  const start = result.start;
  const hourKnown = start.isCertain('hour');
  const fields = {
    year: start.get('year') ?? wall.year,
    month: start.get('month') ?? wall.month,
    day: start.get('day') ?? wall.day,
    hour: hourKnown ? (start.get('hour') ?? 9) : 9,
    minute: hourKnown ? (start.get('minute') ?? 0) : 0,
    second: hourKnown ? (start.get('second') ?? 0) : 0,
  };
  let due = zonedWallTimeToInstant(fields, options.timeZone);
  const dateKnown = start.isCertain('day') || start.isCertain('weekday');
  if (due.getTime() <= options.now.getTime() && !dateKnown) {
    // "at 9am" after 9am: the next one, tomorrow.
    due = zonedWallTimeToInstant({ ...fields, day: fields.day + 1 }, options.timeZone);
  }
  return due;
}

/**
 * Reads when a reminder is due. One-off phrases ("in 2 hours", "tomorrow at
 * 9am", "next friday 17:00", "2026-12-01 14:00") go through chrono-node;
 * recurring ones ("every Monday at 10", "every 2 weeks on tuesday") become an
 * RRULE. Dates without a time mean 09:00 local. Throws RangeError with a
 * readable reason for phrases it cannot read or times already past.
 */
export function parseWhen(phrase: string, options: WhenOptions): ParsedWhen {
  const text = normalisePhrase(phrase);
  if (text.length === 0) throw new RangeError(`is empty; ${EXAMPLES}`);
  if (isRecurringPhrase(text)) {
    const recurrence = recurrenceFromPhrase(text, options.now, options.timeZone);
    return {
      kind: 'recurring',
      dueAt: recurrence.firstDueAt,
      rule: recurrence.rule,
      timeZone: recurrence.timeZone,
      description: recurrence.description,
    };
  }
  if (text === 'now') return { kind: 'once', dueAt: options.now, description: 'now' };
  const relative = parseRelative(text, options);
  const dueAt = relative ?? parseOnce(text, options);
  if (dueAt.getTime() < options.now.getTime()) {
    throw new RangeError(`"${phrase.trim()}" is in the past (${dueAt.toISOString()})`);
  }
  return { kind: 'once', dueAt, description: text };
}

/** An instant as local wall-clock text in a zone: "2026-03-30 10:00 (Europe/Berlin)". */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  const seconds = p.second === 0 ? '' : `:${two(p.second)}`;
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}${seconds} (${timeZone})`;
}
