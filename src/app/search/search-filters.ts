import {
  extractTimePhrase,
  type ParseOptions,
  resolveSinceUntil,
} from '../../core/dates/parse-time-range.js';
import { UserError } from '../../core/errors.js';
import type { ParsedSearchInput } from '../../core/search-schemas.js';
import { SEARCH_SOURCES, type SearchSource } from '../../core/types.js';
import type { IndexFilters } from '../../store/search-port.js';
import type { AppDeps } from '../deps.js';
import { rememberedProject } from '../projects/recent-projects.js';
import { findProjectByRef } from '../sessions/ensure-project.js';
import { actingMember } from '../teams/acting-member.js';

/** Cheap pre-check before looking for a time phrase: a calendar word or a digit somewhere in the query. */
const MAYBE_TIME =
  /\d|\b(?:today|yesterday|tomorrow|ago|last|past|this|since|recent(?:ly)?|earlier|week|month|year|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)/i;

export interface ResolvedFilters {
  filters: IndexFilters;
  /** The query with a temporal phrase taken out, when one was found. */
  query: string;
  /**
   * A time phrase found inside the query ("… last week"): a preference that
   * ranks documents of that time higher, not a filter — in conversation a
   * phrase often names when something happened, not when it was written.
   */
  timeHint: { start: string | null; end: string | null; phrase: string } | null;
}

/** The system's zone, read once (`Intl.DateTimeFormat()` costs ~0.2 ms a call, once per search). */
let systemZone: string | null = null;

/** The time zone calendar words ("yesterday", "last week") are read in. */
export function timeZoneOf(deps: AppDeps): string {
  if (deps.config.timeZone) return deps.config.timeZone;
  systemZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  return systemZone;
}

/**
 * Turns the search input's filters into index filters: project names into
 * ids, `kind` into a source or kind, natural-language `since`/`until` into
 * instants. Without explicit dates, a time phrase inside the query ("… last
 * week") leaves the query and becomes a ranking preference (`timeHint`).
 */
export async function resolveFilters(deps: AppDeps, input: ParsedSearchInput): Promise<ResolvedFilters> {
  const filters: IndexFilters = {};
  // Teams: every search path (store full text, in-memory index, vectors) sees only what this member may.
  const member = actingMember(deps);
  if (member !== null) filters.visibleTo = member;
  if (input.project !== undefined) {
    const ref = input.project;
    filters.projectIds = [
      (await rememberedProject(deps, `ref\u0000${ref}`, () => findProjectByRef(deps, ref))).id,
    ];
  }
  if (input.session_id !== undefined) filters.sessionId = input.session_id;
  if (input.kind !== undefined) {
    if ((SEARCH_SOURCES as readonly string[]).includes(input.kind))
      filters.sources = [input.kind as SearchSource];
    else filters.kinds = [input.kind];
  }
  if (input.tags?.length) filters.tags = input.tags;
  if (input.category !== undefined) filters.category = input.category;
  if (input.role !== undefined) filters.role = input.role;
  if (input.file !== undefined) filters.file = input.file;
  if (input.min_confidence !== undefined) filters.minConfidence = input.min_confidence;
  if (input.mode === 'code') filters.code = true;
  if (input.mode === 'errors') filters.errors = true;

  const options = { now: deps.clock.now(), timeZone: timeZoneOf(deps) };
  let query = input.query?.trim() ?? '';
  let timeHint: ResolvedFilters['timeHint'] = null;
  if (input.since !== undefined || input.until !== undefined) {
    try {
      const range = resolveSinceUntil({ since: input.since, until: input.until }, options);
      if (range.start) filters.since = range.start.toISOString();
      if (range.end) filters.until = range.end.toISOString();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const field =
        /`(since|until)`/.exec(error.message)?.[1] ?? (input.since !== undefined ? 'since' : 'until');
      throw new UserError(field, error.message.replace(/^`(since|until)`\s*/, ''));
    }
  } else {
    ({ query, timeHint } = queryTimeHint(query, options));
  }
  return { filters, query, timeHint };
}

/**
 * A time phrase inside a free-text query ("… last week") taken out as a ranking
 * preference: the query without it and the range it names (an instant's range
 * ends open). The query unchanged and no hint when it has none, or nothing else.
 */
export function queryTimeHint(
  query: string,
  options: ParseOptions,
): { query: string; timeHint: ResolvedFilters['timeHint'] } {
  const found = query.length > 0 && MAYBE_TIME.test(query) ? extractTimePhrase(query, options) : null;
  if (!found || found.rest.trim().length === 0) return { query, timeHint: null };
  const start = found.range.start;
  const end = found.range.end && found.range.end.getTime() > (start?.getTime() ?? 0) ? found.range.end : null;
  return {
    query: found.rest.trim(),
    timeHint: { start: start?.toISOString() ?? null, end: end?.toISOString() ?? null, phrase: found.phrase },
  };
}
