import { STOPWORDS } from '../ranking/stopwords.js';
import { words } from '../ranking/tokenize.js';

/** Words too common in coding notes to say what a project is about. */
const NOISE = new Set(
  (
    'use used using uses also like just get got make made need needs want one two new file files code ' +
    'would could should might may must let lets yes ok okay thing things way well much many via per ' +
    'decision finding question todo note true false null undefined'
  ).split(' '),
);

export interface TopicCount {
  term: string;
  count: number;
}

/**
 * The most frequent meaningful terms of some texts: lowercase words of at least
 * three letters, not stopwords, noise or numbers, each counted once per text
 * (so one long note cannot dominate). Most frequent first, then alphabetical.
 */
export function topTerms(texts: string[], limit: number): TopicCount[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const word of words(text)) {
      if (word.length < 3 || word.length > 40 || /^\d+$/.test(word)) continue;
      if (STOPWORDS.has(word) || NOISE.has(word)) continue;
      seen.add(word);
    }
    for (const word of seen) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([term, count]) => ({ term, count }))
    .filter((topic) => topic.count > 1 || texts.length <= 1)
    .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term))
    .slice(0, limit);
}

/**
 * An error message with what varies between occurrences taken out, so repeats
 * group together: the first meaningful line, with paths, hex, ids, numbers and
 * quoted values replaced by placeholders, whitespace collapsed, at most 200 chars.
 */
export function normaliseError(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  // An event's text starts with its type on a line of its own ("tool_error\n…"): skip it.
  const first = lines.length > 1 && /^[\w.-]+$/.test(lines[0] ?? '') ? lines[1] : lines[0];
  return (first ?? '')
    .replace(/(?:[A-Za-z]:)?(?:[\w.@~-]*[\\/])+[\w.@-]+/g, '<path>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b[0-9a-f]{8,}\b/gi, '<id>')
    .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '<id>')
    .replace(/"[^"\n]{1,200}"|'[^'\n]{1,200}'|`[^`\n]{1,200}`/g, '<value>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

export interface RecurringError {
  pattern: string;
  count: number;
  sessions: number;
  firstAt: string;
  lastAt: string;
  example: string;
}

/** Groups error texts by their normalised form; most frequent first, then most recent. */
export function groupErrors(
  errors: { text: string; sessionId: string; createdAt: string }[],
  limit: number,
  minCount = 2,
): RecurringError[] {
  const groups = new Map<string, RecurringError & { sessionIds: Set<string> }>();
  for (const error of errors) {
    const pattern = normaliseError(error.text);
    if (pattern.length === 0) continue;
    const known = groups.get(pattern);
    if (!known) {
      groups.set(pattern, {
        pattern,
        count: 1,
        sessions: 1,
        firstAt: error.createdAt,
        lastAt: error.createdAt,
        example: error.text.slice(0, 500),
        sessionIds: new Set([error.sessionId]),
      });
      continue;
    }
    known.count++;
    known.sessionIds.add(error.sessionId);
    known.sessions = known.sessionIds.size;
    if (error.createdAt < known.firstAt) known.firstAt = error.createdAt;
    if (error.createdAt > known.lastAt) {
      known.lastAt = error.createdAt;
      known.example = error.text.slice(0, 500);
    }
  }
  return [...groups.values()]
    .filter((group) => group.count >= minCount)
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt))
    .slice(0, limit)
    .map(({ sessionIds: _ids, ...group }) => group);
}

/** Sums daily counts into ISO weeks starting Monday (UTC): `week` is the Monday's date. */
export function weeklyActivity(
  days: { day: string; events: number; messages: number; memories: number }[],
): { week: string; events: number; messages: number; memories: number }[] {
  const weeks = new Map<string, { week: string; events: number; messages: number; memories: number }>();
  for (const day of days) {
    const date = new Date(`${day.day}T00:00:00.000Z`);
    if (Number.isNaN(date.getTime())) continue;
    const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
    const week = monday.toISOString().slice(0, 10);
    const sum = weeks.get(week) ?? { week, events: 0, messages: 0, memories: 0 };
    sum.events += day.events;
    sum.messages += day.messages;
    sum.memories += day.memories;
    weeks.set(week, sum);
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}
