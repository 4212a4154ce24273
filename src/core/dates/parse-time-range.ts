import {
  addCalendarDays,
  addCalendarMonths,
  type CalendarDate,
  dayOfWeek,
  isValidCalendarDate,
  type WallTime,
  zonedParts,
  zonedWallTimeToInstant,
} from './zoned-time.js';

/** A span of time: `start` inclusive, `end` exclusive; `null` leaves that side open. */
export interface TimeRange {
  start: Date | null;
  end: Date | null;
}

/** The fixed clock and calendar that relative expressions are read against. */
export interface ParseOptions {
  now: Date;
  /** IANA zone name, e.g. `Europe/Berlin`; calendar days, weeks and months are this zone's. */
  timeZone: string;
  /** First day of the week: 0 = Sunday, 1 = Monday (default). */
  weekStartsOn?: 0 | 1;
}

/** The forms `parseTimeRange` understands, in words, for error messages and tool descriptions. */
export const TIME_EXPRESSION_FORMS =
  'an ISO date or date-time (2026-03-01, 2026-03, 2026-03-01T10:00, 2026-03-01T10:00:00Z, ' +
  '2026-03-01T10:00+02:00), today, yesterday, tomorrow, this/last week|month|year, ' +
  '"3 days ago", "a few weeks ago", "past 7 days", "last 24 hours", last weekend, recently, "earlier today", ' +
  'a month ("march", "march 2025", "march 5", "5 march 2025") or a weekday ("monday", "last friday", "this monday")';

/**
 * What one expression names, as [start, end): a day, a month, a rolling
 * window; an instant has start === end. `alone` is what the expression means
 * standing by itself when that differs ("3 days ago" names an instant, but
 * alone it means from then until now).
 */
interface Span {
  start: Date;
  end: Date;
  alone?: TimeRange;
}

interface Context {
  now: Date;
  timeZone: string;
  weekStartsOn: 0 | 1;
  nowWall: Required<WallTime>;
  today: CalendarDate;
}

type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
type ReferenceParser = (text: string, context: Context) => Span | null;

const MONTHS = new Map<string, number>([
  ...monthEntries(1, 'january', 'jan'),
  ...monthEntries(2, 'february', 'feb'),
  ...monthEntries(3, 'march', 'mar'),
  ...monthEntries(4, 'april', 'apr'),
  ...monthEntries(5, 'may'),
  ...monthEntries(6, 'june', 'jun'),
  ...monthEntries(7, 'july', 'jul'),
  ...monthEntries(8, 'august', 'aug'),
  ...monthEntries(9, 'september', 'sep', 'sept'),
  ...monthEntries(10, 'october', 'oct'),
  ...monthEntries(11, 'november', 'nov'),
  ...monthEntries(12, 'december', 'dec'),
]);

const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_ABBREVIATIONS = new Map<string, number>([
  ['sun', 0],
  ['mon', 1],
  ['tue', 2],
  ['tues', 2],
  ['wed', 3],
  ['thu', 4],
  ['thur', 4],
  ['thurs', 4],
  ['fri', 5],
  ['sat', 6],
]);
const WEEKDAYS = new Map<string, number>([
  ...WEEKDAY_NAMES.map((name, index): [string, number] => [name, index]),
  ...WEEKDAY_ABBREVIATIONS,
]);

const NUMBER_WORDS = new Map<string, number>(
  ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']
    .map((word, index): [string, number] => [word, index + 1])
    .concat([
      ['a', 1],
      ['an', 1],
    ]),
);

const UNITS = new Map<string, Unit>([
  ...unitEntries('minute', 'minute', 'minutes', 'min', 'mins'),
  ...unitEntries('hour', 'hour', 'hours', 'hr', 'hrs'),
  ...unitEntries('day', 'day', 'days'),
  ...unitEntries('week', 'week', 'weeks'),
  ...unitEntries('month', 'month', 'months'),
  ...unitEntries('year', 'year', 'years'),
]);

const RECENTLY_DAYS = 7;
const MAX_PHRASE_TOKENS = 10;
const RANGE_SEPARATORS = [' to ', ' until ', ' till ', ' through ', ' thru ', '..'];
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function monthEntries(month: number, ...names: string[]): [string, number][] {
  return names.map((name) => [name, month]);
}

function unitEntries(unit: Unit, ...names: string[]): [string, Unit][] {
  return names.map((name) => [name, unit]);
}

/**
 * Reads one temporal expression ("last week", "since march", "3 days ago",
 * "2026-03-01..2026-03-05") as a range in `options.timeZone` at
 * `options.now`. Returns null when the text is not an expression it
 * understands, including impossible dates. A date-time alone names an instant,
 * returned as the empty range [t, t). Throws a RangeError for an unknown
 * time zone or an invalid `now`.
 */
export function parseTimeRange(text: string, options: ParseOptions): TimeRange | null {
  const normalized = normalize(text);
  if (!normalized) return null;
  return parseExpression(normalized, contextFor(options));
}

/**
 * Turns a `since`/`until` filter pair into a range: `since` gives the start of
 * what it names, `until` the end (so a bare date as `until` runs through the
 * end of that day, and "3 days ago" is that instant). Missing or blank values
 * leave that side open. Throws a RangeError naming the field when a value
 * cannot be read, and when since is not before until (an empty range is
 * always a mistake in a filter).
 */
export function resolveSinceUntil(
  input: { since?: string; until?: string },
  options: ParseOptions,
): TimeRange {
  const context = contextFor(options);
  const start = parseBound('since', input.since, context)?.start ?? null;
  const end = parseBound('until', input.until, context)?.end ?? null;
  if (start && end && start.getTime() >= end.getTime()) {
    throw new RangeError(
      `\`since\` (${start.toISOString()}) is not before \`until\` (${end.toISOString()}); swap them or widen the range`,
    );
  }
  return { start, end };
}

/**
 * Finds the longest temporal phrase in a free-text query ("what did we decide
 * about caching last week") and returns its range, the phrase as written, and
 * the query without it. Only phrases that cannot be ordinary words count: a
 * lone month name ("march", "may"), weekday abbreviation ("sat") or number is
 * skipped. Matching is case-insensitive on word boundaries; null when none.
 */
export function extractTimePhrase(
  query: string,
  options: ParseOptions,
): { range: TimeRange; phrase: string; rest: string } | null {
  const context = contextFor(options);
  const tokens = tokenize(query);
  let best: { start: number; end: number; range: TimeRange; length: number } | null = null;
  for (let first = 0; first < tokens.length; first++) {
    const found = longestPhraseFrom(query, tokens, first, context);
    if (found && (!best || found.length > best.length)) best = found;
  }
  if (!best) return null;
  return {
    range: best.range,
    phrase: query.slice(best.start, best.end),
    rest: withoutSpan(query, best.start, best.end),
  };
}

function contextFor(options: ParseOptions): Context {
  if (Number.isNaN(options.now.getTime())) throw new RangeError('`now` must be a valid Date');
  const { year, month, day, hour, minute, second, millisecond } = zonedParts(options.now, options.timeZone);
  return {
    now: options.now,
    timeZone: options.timeZone,
    weekStartsOn: options.weekStartsOn ?? 1,
    nowWall: { year, month, day, hour, minute, second, millisecond },
    today: { year, month, day },
  };
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
}

function parseExpression(text: string, context: Context): TimeRange | null {
  return (
    parseBoundedRange(text, context) ??
    parseOpenEnded(text, context) ??
    standalone(parseReference(text, context))
  );
}

function standalone(span: Span | null): TimeRange | null {
  if (!span) return null;
  return span.alone ?? { start: span.start, end: span.end };
}

function parseBound(field: 'since' | 'until', value: string | undefined, context: Context): Span | null {
  if (value === undefined || value.trim() === '') return null;
  const span = parseReference(normalize(value), context);
  if (!span) {
    throw new RangeError(
      `\`${field}\` could not be read as a time (you sent ${JSON.stringify(value)}); use ${TIME_EXPRESSION_FORMS}`,
    );
  }
  return span;
}

// ── Ranges: "X to Y", "between X and Y", "since X", "before X" ──────────────

/**
 * "between X and Y", "[from|since] X to|until|through Y", "X..Y" → [start of
 * X, end of Y). Y must not start before X does ("march 2026 to february 2026").
 */
function parseBoundedRange(text: string, context: Context): TimeRange | null {
  const between = /^between (.+)$/.exec(text);
  if (between?.[1]) return splitIntoRange(between[1], ' and ', context);
  const body = text.replace(/^(?:from|since) /, '');
  for (const separator of RANGE_SEPARATORS) {
    const range = splitIntoRange(body, separator, context);
    if (range) return range;
  }
  return null;
}

function splitIntoRange(text: string, separator: string, context: Context): TimeRange | null {
  for (let at = text.indexOf(separator); at > 0; at = text.indexOf(separator, at + 1)) {
    const from = parseReference(text.slice(0, at).trim(), context);
    const to = from && parseReference(text.slice(at + separator.length).trim(), context);
    if (from && to && from.start.getTime() <= to.start.getTime()) return { start: from.start, end: to.end };
  }
  return null;
}

/** "since X" → [start, open); "after X" → [end, open); "before X" → (open, start); "until X" → (open, end). */
function parseOpenEnded(text: string, context: Context): TimeRange | null {
  const match = /^(since|after|before|until|till) (.+)$/.exec(text);
  const span = match?.[2] ? parseReference(match[2], context) : null;
  if (!match || !span) return null;
  switch (match[1]) {
    case 'since':
      return { start: span.start, end: null };
    case 'after':
      return { start: span.end, end: null };
    case 'before':
      return { start: null, end: span.start };
    default:
      return { start: null, end: span.end };
  }
}

// ── References: the things a range is made of ───────────────────────────────

const REFERENCE_PARSERS: readonly ReferenceParser[] = [
  parseIsoReference,
  parseYearReference,
  parseNamedPeriod,
  parseEarlierPeriod,
  parseRecently,
  parseAgo,
  parseRollingWindow,
  parseMonthReference,
  parseWeekdayReference,
];

/** One reference, optionally after "in", "on", "during" or "over" ("in march", "on friday"). */
function parseReference(text: string, context: Context): Span | null {
  const unprefixed = text.replace(/^(?:in|on|during|over) (?=\S)/, '');
  for (const parse of REFERENCE_PARSERS) {
    const span = parse(unprefixed, context);
    if (span) return span;
  }
  return null;
}

/** `2026-03-01` (that local day), `2026-03` (that month), or a date-time (an instant). */
function parseIsoReference(text: string, context: Context): Span | null {
  const yearMonth = /^(\d{4})-(\d{2})$/.exec(text);
  if (yearMonth) return monthSpanIfValid(Number(yearMonth[1]), Number(yearMonth[2]), context);
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const date = { year: Number(year), month: Number(month), day: Number(day) };
  if (!isValidCalendarDate(date)) return null;
  if (hour === undefined) return daySpan(date, context);
  const wall: WallTime = {
    ...date,
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
    millisecond: Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
  };
  const instant = isValidTimeOfDay(wall) ? isoInstant(wall, offset, context) : null;
  return instant ? { start: instant, end: instant } : null;
}

function isValidTimeOfDay(wall: WallTime): boolean {
  return (wall.hour ?? 0) <= 23 && (wall.minute ?? 0) <= 59 && (wall.second ?? 0) <= 59;
}

function isoInstant(wall: WallTime, offset: string | undefined, context: Context): Date | null {
  if (offset === undefined) return zonedWallTimeToInstant(wall, context.timeZone);
  const offsetMinutes = parseOffsetMinutes(offset);
  if (offsetMinutes === null) return null;
  return new Date(zonedWallTimeToInstant(wall, 'UTC').getTime() - offsetMinutes * 60_000);
}

/** `z` → 0; `+02:00`, `+0200`, `+02` → 120; `-05:30` → -330; null when out of range. */
function parseOffsetMinutes(offset: string): number | null {
  if (offset === 'z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return null;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** A four-digit year alone is that whole year ("2026", "in 2025"). */
function parseYearReference(text: string, context: Context): Span | null {
  return /^\d{4}$/.test(text) ? yearSpan(Number(text), context) : null;
}

/** today, yesterday, tomorrow; this/last week, month, year (whole calendar periods). */
function parseNamedPeriod(text: string, context: Context): Span | null {
  const { today } = context;
  switch (text) {
    case 'today':
      return daySpan(today, context);
    case 'yesterday':
      return daySpan(addCalendarDays(today, -1), context);
    case 'tomorrow':
      return daySpan(addCalendarDays(today, 1), context);
    case 'this week':
      return weekSpan(today, context);
    case 'last week':
      return weekSpan(addCalendarDays(today, -7), context);
    case 'last weekend':
    case 'past weekend':
    case 'the past weekend':
    case 'the last weekend': {
      // The most recent Saturday and Sunday that are over (on a Sunday, the weekend before).
      const weekday = dayOfWeek(today);
      const back = weekday === 6 ? 7 : weekday === 0 ? 8 : weekday + 1;
      return daysSpan(addCalendarDays(today, -back), 2, context);
    }
    case 'this month':
      return monthSpan(today.year, today.month, context);
    case 'last month': {
      const previous = addCalendarMonths(today, -1);
      return monthSpan(previous.year, previous.month, context);
    }
    case 'this year':
      return yearSpan(today.year, context);
    case 'last year':
      return yearSpan(today.year - 1, context);
    default:
      return null;
  }
}

/** "earlier today", "earlier this week|month|year" → from the period's start until now. */
function parseEarlierPeriod(text: string, context: Context): Span | null {
  const match = /^earlier (today|this week|this month|this year)$/.exec(text);
  const period = match?.[1] ? parseNamedPeriod(match[1], context) : null;
  return period ? { start: period.start, end: context.now } : null;
}

/** "recently" → the last seven days until now. */
function parseRecently(text: string, context: Context): Span | null {
  if (text !== 'recently') return null;
  return { start: instantBeforeNow(RECENTLY_DAYS, 'day', context), end: context.now };
}

/** "3 days ago", "an hour ago": that instant; alone, from then until now. */
function parseAgo(text: string, context: Context): Span | null {
  const match = /^(\S+|(?:a )?(?:couple(?: of)?|few)) (\S+) ago$/.exec(text);
  const count = parseCount(match?.[1]);
  const unit = UNITS.get(match?.[2] ?? '');
  if (count === null || !unit) return null;
  const then = instantBeforeNow(count, unit, context);
  return { start: then, end: then, alone: { start: then, end: context.now } };
}

/**
 * "past 3 days", "the last 24 hours", "past week" → [now − N, now). Without a
 * count, "past" means one; "last week|month|year" are calendar periods and
 * are read by `parseNamedPeriod` first.
 */
function parseRollingWindow(text: string, context: Context): Span | null {
  const match = /^(?:the )?(past|last) (?:(\S+|couple(?: of)?) )?(\S+)$/.exec(text);
  if (!match) return null;
  const count = match[2] === undefined ? 1 : parseCount(match[2]);
  const unit = UNITS.get(match[3] ?? '');
  if (count === null || !unit) return null;
  return { start: instantBeforeNow(count, unit, context), end: context.now };
}

/**
 * "march", "march 2025", "march 5", "march 5th 2025", "5 march", "5th of
 * march 2025". Without a year it is the most recent one that has started.
 */
function parseMonthReference(text: string, context: Context): Span | null {
  const monthOnly = /^([a-z]+)(?: (\d{4}))?$/.exec(text);
  if (monthOnly) return monthNameSpan(monthOnly[1], monthOnly[2], context);
  const monthFirst = /^([a-z]+) (\d{1,2})(st|nd|rd|th)?(?: (\d{4}))?$/.exec(text);
  if (monthFirst) return monthDaySpan(monthFirst[1], monthFirst[2], monthFirst[3], monthFirst[4], context);
  const dayFirst = /^(\d{1,2})(st|nd|rd|th)? (?:of )?([a-z]+)(?: (\d{4}))?$/.exec(text);
  if (dayFirst) return monthDaySpan(dayFirst[3], dayFirst[1], dayFirst[2], dayFirst[4], context);
  return null;
}

function monthNameSpan(
  name: string | undefined,
  yearText: string | undefined,
  context: Context,
): Span | null {
  const month = MONTHS.get(name ?? '');
  if (month === undefined) return null;
  const { today } = context;
  const year = yearText ? Number(yearText) : month <= today.month ? today.year : today.year - 1;
  return monthSpan(year, month, context);
}

function monthDaySpan(
  name: string | undefined,
  dayText: string | undefined,
  suffix: string | undefined,
  yearText: string | undefined,
  context: Context,
): Span | null {
  const month = MONTHS.get(name ?? '');
  const day = Number(dayText);
  if (month === undefined || (suffix !== undefined && suffix !== ordinalSuffix(day))) return null;
  const date = yearText ? { year: Number(yearText), month, day } : mostRecentStartedDate(month, day, context);
  return date && isValidCalendarDate(date) ? daySpan(date, context) : null;
}

/** The latest date with this month and day that is not after today (29 February looks back to a leap year). */
function mostRecentStartedDate(month: number, day: number, context: Context): CalendarDate | null {
  const { today } = context;
  for (let year = today.year; year > today.year - 8; year--) {
    const date = { year, month, day };
    if (isValidCalendarDate(date) && compareDates(date, today) <= 0) return date;
  }
  return null;
}

function ordinalSuffix(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

/** "monday", "last monday" → the most recent one before today; "this monday" → the one in this week. */
function parseWeekdayReference(text: string, context: Context): Span | null {
  const match = /^(?:(last|this) )?([a-z]+)$/.exec(text);
  const weekday = WEEKDAYS.get(match?.[2] ?? '');
  if (!match || weekday === undefined) return null;
  const { today, weekStartsOn } = context;
  if (match[1] === 'this') {
    const weekStart = startOfWeek(today, weekStartsOn);
    return daySpan(addCalendarDays(weekStart, (weekday - weekStartsOn + 7) % 7), context);
  }
  const daysBack = (dayOfWeek(today) - weekday + 7) % 7 || 7;
  return daySpan(addCalendarDays(today, -daysBack), context);
}

// ── Building spans ──────────────────────────────────────────────────────────

/**
 * Vague counts read as their usual size: "a couple of days" is two, "a few"
 * and "several" three — a ranking preference or a window, not an exact date.
 */
const VAGUE_COUNTS = new Map<string, number>([
  ['couple', 2],
  ['couple of', 2],
  ['a couple', 2],
  ['a couple of', 2],
  ['few', 3],
  ['a few', 3],
  ['several', 3],
]);

function parseCount(word: string | undefined): number | null {
  if (word === undefined) return null;
  const vague = VAGUE_COUNTS.get(word);
  if (vague !== undefined) return vague;
  const count = /^\d{1,4}$/.test(word) ? Number(word) : (NUMBER_WORDS.get(word) ?? 0);
  return count >= 1 ? count : null;
}

/**
 * `now` moved back by `count` units. Minutes and hours are exact durations;
 * days, weeks, months and years step the local calendar and keep the wall
 * time, so "1 day ago" is this time yesterday even across a DST change.
 */
function instantBeforeNow(count: number, unit: Unit, context: Context): Date {
  const { now, nowWall, today } = context;
  switch (unit) {
    case 'minute':
      return new Date(now.getTime() - count * 60_000);
    case 'hour':
      return new Date(now.getTime() - count * 3_600_000);
    case 'day':
      return atWallTimeOf(nowWall, addCalendarDays(today, -count), context);
    case 'week':
      return atWallTimeOf(nowWall, addCalendarDays(today, -7 * count), context);
    case 'month':
      return atWallTimeOf(nowWall, addCalendarMonths(today, -count), context);
    case 'year':
      return atWallTimeOf(nowWall, addCalendarMonths(today, -12 * count), context);
  }
}

function atWallTimeOf(wall: Required<WallTime>, date: CalendarDate, context: Context): Date {
  return zonedWallTimeToInstant({ ...wall, ...date }, context.timeZone);
}

function startOfDate(date: CalendarDate, context: Context): Date {
  return zonedWallTimeToInstant(date, context.timeZone);
}

function daysSpan(first: CalendarDate, days: number, context: Context): Span {
  return { start: startOfDate(first, context), end: startOfDate(addCalendarDays(first, days), context) };
}

function daySpan(date: CalendarDate, context: Context): Span {
  return daysSpan(date, 1, context);
}

function startOfWeek(date: CalendarDate, weekStartsOn: 0 | 1): CalendarDate {
  return addCalendarDays(date, -((dayOfWeek(date) - weekStartsOn + 7) % 7));
}

function weekSpan(containing: CalendarDate, context: Context): Span {
  return daysSpan(startOfWeek(containing, context.weekStartsOn), 7, context);
}

function monthSpan(year: number, month: number, context: Context): Span {
  const first = { year, month, day: 1 };
  return { start: startOfDate(first, context), end: startOfDate(addCalendarMonths(first, 1), context) };
}

function monthSpanIfValid(year: number, month: number, context: Context): Span | null {
  return month >= 1 && month <= 12 ? monthSpan(year, month, context) : null;
}

function yearSpan(year: number, context: Context): Span {
  return {
    start: startOfDate({ year, month: 1, day: 1 }, context),
    end: startOfDate({ year: year + 1, month: 1, day: 1 }, context),
  };
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

// ── Finding a phrase inside a query ─────────────────────────────────────────

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Whitespace-separated words with surrounding punctuation trimmed off, and where they sit in the query. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  for (const match of query.matchAll(/\S+/g)) {
    const raw = match[0];
    const leading = raw.length - raw.replace(/^[^\p{L}\p{N}]+/u, '').length;
    const text = raw.slice(leading).replace(/[^\p{L}\p{N}]+$/u, '');
    const start = match.index + leading;
    if (text) tokens.push({ text: text.toLowerCase(), start, end: start + text.length });
  }
  return tokens;
}

/** The longest phrase starting at token `first` that reads as an unambiguous time expression. */
function longestPhraseFrom(
  query: string,
  tokens: Token[],
  first: number,
  context: Context,
): { start: number; end: number; range: TimeRange; length: number } | null {
  const firstToken = tokens[first];
  if (!firstToken) return null;
  for (let last = Math.min(tokens.length, first + MAX_PHRASE_TOKENS) - 1; last >= first; last--) {
    const lastToken = tokens[last];
    if (!lastToken || (last === first && isAmbiguousWord(firstToken.text))) continue;
    const range = parseExpression(normalize(query.slice(firstToken.start, lastToken.end)), context);
    if (range) return { start: firstToken.start, end: lastToken.end, range, length: last - first + 1 };
  }
  return null;
}

/** Words that parse as times but are usually something else: "may", "march", "sat", "2026". */
function isAmbiguousWord(word: string): boolean {
  return MONTHS.has(word) || WEEKDAY_ABBREVIATIONS.has(word) || /^\d+$/.test(word);
}

function withoutSpan(query: string, start: number, end: number): string {
  return `${query.slice(0, start)} ${query.slice(end)}`
    .replace(/\s+/g, ' ')
    .replace(/ ([?!.,;:])/g, '$1')
    .replace(/^[\s,;:]+|[\s,;:]+$/g, '');
}
