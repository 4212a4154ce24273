import { extractTimePhrase, resolveSinceUntil } from '../../core/dates/parse-time-range.js';
import { UserError } from '../../core/errors.js';
import type { ParsedSearchInput } from '../../core/search-schemas.js';
import { SEARCH_SOURCES, type SearchSource } from '../../core/types.js';
import type { IndexFilters } from '../../store/search-port.js';
import type { AppDeps } from '../deps.js';
import { findProjectByRef } from '../sessions/ensure-project.js';

export interface ResolvedFilters {
  filters: IndexFilters;
  /** The query with a temporal phrase taken out, when one was turned into a filter. */
  query: string;
  /** The temporal phrase that became the time filter, if any. */
  timePhrase: string | null;
}

/** The time zone calendar words ("yesterday", "last week") are read in. */
export function timeZoneOf(deps: AppDeps): string {
  return deps.config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/**
 * Turns the search input's filters into index filters: project names into
 * ids, `kind` into a source or kind, natural-language `since`/`until` into
 * instants. Without explicit dates, a time phrase inside the query ("… last
 * week") becomes the filter and leaves the query.
 */
export async function resolveFilters(deps: AppDeps, input: ParsedSearchInput): Promise<ResolvedFilters> {
  const filters: IndexFilters = {};
  if (input.project !== undefined) filters.projectIds = [(await findProjectByRef(deps, input.project)).id];
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
  let timePhrase: string | null = null;
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
  } else if (query.length > 0) {
    const found = extractTimePhrase(query, options);
    if (found && found.rest.trim().length > 0) {
      if (found.range.start) filters.since = found.range.start.toISOString();
      if (found.range.end && found.range.end.getTime() > (found.range.start?.getTime() ?? 0)) {
        filters.until = found.range.end.toISOString();
      }
      query = found.rest.trim();
      timePhrase = found.phrase;
    }
  }
  return { filters, query, timePhrase };
}
