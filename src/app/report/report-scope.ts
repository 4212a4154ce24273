import { z } from 'zod';
import { resolveSinceUntil } from '../../core/dates/parse-time-range.js';
import { UserError } from '../../core/errors.js';
import type { Project } from '../../core/types.js';
import { USAGE_GROUPS } from '../../store/transcript-port.js';
import type { AppDeps } from '../deps.js';
import { timeZoneOf } from '../search/search-filters.js';
import { findProjectByRef } from '../sessions/ensure-project.js';
import { requireSession } from '../sessions/resolve-session.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const reportRange = {
  project: text(4096).optional().describe('Project id, name or path; default: every project'),
  since: text(100).optional().describe('e.g. yesterday, last week, 2026-03-01'),
  until: text(100).optional(),
};

export const usageAndCostInput = z.object({
  ...reportRange,
  session_id: text(64).optional(),
  group: z.enum(USAGE_GROUPS).default('model'),
});
export type UsageAndCostInput = z.input<typeof usageAndCostInput>;

export const roiReportInput = z.object(reportRange);
export type RoiReportInput = z.input<typeof roiReportInput>;

export const REPORT_SECTIONS = ['summary', 'cost', 'roi', 'quality'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const observabilityInput = z.object({
  ...reportRange,
  section: z
    .enum(REPORT_SECTIONS)
    .optional()
    .describe('summary (default): headline figures; cost, roi or quality add that section in full'),
});
export type ObservabilityInput = z.input<typeof observabilityInput>;

/** What a report covers: one project or all, one session or all, and a time range (ISO, since inclusive). */
export interface ReportScope {
  project: Project | null;
  sessionId: string | null;
  since: string | null;
  until: string | null;
}

/** Resolves project, session and since/until words into a scope; bad input names its field. */
export async function reportScope(
  deps: AppDeps,
  input: {
    project?: string | undefined;
    session_id?: string | undefined;
    since?: string | undefined;
    until?: string | undefined;
  },
): Promise<ReportScope> {
  const scope: ReportScope = { project: null, sessionId: null, since: null, until: null };
  if (input.project !== undefined) scope.project = await findProjectByRef(deps, input.project);
  if (input.session_id !== undefined) {
    const session = await requireSession(deps, input.session_id);
    scope.sessionId = session.id;
    scope.project ??= await deps.store.getProject(session.projectId);
  }
  if (input.since !== undefined || input.until !== undefined) {
    try {
      const range = resolveSinceUntil(
        { since: input.since, until: input.until },
        { now: deps.clock.now(), timeZone: timeZoneOf(deps) },
      );
      scope.since = range.start?.toISOString() ?? null;
      scope.until = range.end?.toISOString() ?? null;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      if (/is not before/.test(error.message))
        throw new UserError('until', 'must be after `since`', error.message);
      const field =
        /`(since|until)`/.exec(error.message)?.[1] ?? (input.since !== undefined ? 'since' : 'until');
      throw new UserError(field, error.message.replace(/^`(since|until)`\s*/, ''));
    }
  }
  return scope;
}

/** The scope as a store filter. */
export function scopeFilter(scope: ReportScope): {
  projectId?: string;
  sessionId?: string;
  since?: string;
  until?: string;
} {
  return {
    ...(scope.project ? { projectId: scope.project.id } : {}),
    ...(scope.sessionId ? { sessionId: scope.sessionId } : {}),
    ...(scope.since ? { since: scope.since } : {}),
    ...(scope.until ? { until: scope.until } : {}),
  };
}
