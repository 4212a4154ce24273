/**
 * Wall-clock ↔ instant conversion in an IANA time zone, using only
 * `Intl.DateTimeFormat`. Calendar arithmetic is done on plain
 * `{ year, month, day }` values (months 1–12, proleptic Gregorian), and only
 * turned into instants at the end, so DST never shifts a day boundary.
 */

/** A calendar date; months are 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A local wall-clock time; time fields left out are 0. */
export interface WallTime extends CalendarDate {
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

/** The wall-clock reading of an instant in a zone, with its weekday (0 = Sunday … 6 = Saturday). */
export interface ZonedParts extends Required<WallTime> {
  weekday: number;
}

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Reads a wall time as if it were UTC; out-of-range fields roll over (month 13 is January next year). */
function wallTimeAsUtcMs(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0, wall.millisecond ?? 0);
  return date.getTime();
}

function fromUtcMs(ms: number): Required<WallTime> {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  const eraYear = Number(fields.year);
  const wall: Required<WallTime> = {
    year: fields.era === 'BC' ? 1 - eraYear : eraYear,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    millisecond: ((instant.getTime() % 1000) + 1000) % 1000,
  };
  return { ...wall, weekday: dayOfWeek(wall) };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds (Berlin in summer: 7_200_000). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  return wallTimeAsUtcMs(zonedParts(instant, timeZone)) - instant.getTime();
}

function wallReadingMs(epochMs: number, timeZone: string): number {
  return wallTimeAsUtcMs(zonedParts(new Date(epochMs), timeZone));
}

/**
 * The instant at which `timeZone`'s clocks show `wall`. Fields may roll over
 * (day 0, month 13). A wall time that happens twice (clocks going back) gives
 * the earlier instant; one that never happens (clocks going forward, e.g.
 * 02:30 on a spring-forward day) gives the first instant whose wall time is
 * not before it, i.e. the moment of the change (03:00 local).
 */
export function zonedWallTimeToInstant(wall: WallTime, timeZone: string): Date {
  const target = wallTimeAsUtcMs(wall);
  const offsetBefore = zoneOffsetMs(new Date(target - MS_PER_DAY), timeZone);
  const offsetAfter = zoneOffsetMs(new Date(target + MS_PER_DAY), timeZone);
  const candidates = [target - offsetBefore, target - offsetAfter]
    .filter((epochMs) => wallReadingMs(epochMs, timeZone) === target)
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);
  return new Date(firstInstantShowingAtLeast(target, offsetBefore, offsetAfter, timeZone));
}

/** Binary search over a clock change for the first instant whose wall reading is at or after `target`. */
function firstInstantShowingAtLeast(
  target: number,
  offsetBefore: number,
  offsetAfter: number,
  timeZone: string,
): number {
  let low = target - Math.max(offsetBefore, offsetAfter);
  let high = target - Math.min(offsetBefore, offsetAfter);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallReadingMs(middle, timeZone) >= target) high = middle;
    else low = middle;
  }
  return high;
}

/** The first instant of the local calendar day that contains `instant` (usually local midnight). */
export function startOfDayInZone(instant: Date, timeZone: string): Date {
  const { year, month, day } = zonedParts(instant, timeZone);
  return zonedWallTimeToInstant({ year, month, day }, timeZone);
}

/** The local calendar date of `instant` in `timeZone`. */
export function calendarDateInZone(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = zonedParts(instant, timeZone);
  return { year, month, day };
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return fromUtcMs(wallTimeAsUtcMs({ year, month: month + 1, day: 0 })).day;
}

/** True when the fields name a real date (no 30 February, no month 13). */
export function isValidCalendarDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  if (![year, month, day].every(Number.isInteger)) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Weekday of a calendar date: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(wallTimeAsUtcMs(date)).getUTCDay();
}

/** The date `days` days after `date` (negative goes back). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = fromUtcMs(wallTimeAsUtcMs({ ...date, day: date.day + days }));
  return { year, month, day };
}

/**
 * The same day of the month `months` months later (negative goes back),
 * clamped to the month's last day (31 March − 1 month = 28 or 29 February).
 */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  const monthIndex = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}
