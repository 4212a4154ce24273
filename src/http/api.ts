import { Hono } from 'hono';
import { z } from 'zod';
import { listMemories } from '../app/dashboard/list-memories.js';
import { listSessions } from '../app/dashboard/list-sessions.js';
import { remindersAndGrants } from '../app/dashboard/reminders-and-grants.js';
import { sessionDetail } from '../app/dashboard/session-detail.js';
import { usageReport } from '../app/dashboard/usage-report.js';
import type { AppDeps } from '../app/deps.js';
import { memoryStats } from '../app/memory/memory-stats.js';
import { storeMemory } from '../app/memory/store-memory.js';
import { observability } from '../app/report/observability.js';
import { roiReportInput } from '../app/report/report-scope.js';
import { search } from '../app/search/search.js';
import { timeZoneOf } from '../app/search/search-filters.js';
import { findProjectByRef } from '../app/sessions/ensure-project.js';
import { toProjectView } from '../app/views.js';
import { resolveSinceUntil } from '../core/dates/parse-time-range.js';
import { type SearchInput, searchInput } from '../core/search-schemas.js';
import { memberName } from '../core/teams/team-schemas.js';
import { MEMORY_KINDS } from '../core/types.js';
import { TRANSCRIPT_SOURCES } from '../importers/transcript-types.js';
import { USAGE_GROUPS } from '../store/transcript-port.js';
import { assistantFolders, userHome } from '../user-home.js';
import { VERSION } from '../version.js';
import { HttpError } from './errors.js';
import type { ImportJobs } from './import-job.js';

/** What the routes need besides the use cases' deps. */
export interface ApiContext {
  deps: AppDeps;
  /** The server's working folder: memories stored without a project belong to its project. */
  cwd: string;
  imports: ImportJobs;
}

const ref = z.string().min(1).max(4096);
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const cursor = z.string().min(1).max(1000);

export const sessionsQuery = z
  .object({
    project: ref.optional(),
    status: z.enum(['active', 'ended']).optional(),
    member: memberName.optional(),
    limit: limit(100, 20),
    cursor: cursor.optional(),
  })
  .strict();

export const memoriesQuery = z
  .object({
    project: ref.optional(),
    kind: z.enum(MEMORY_KINDS).optional(),
    limit: limit(200, 50),
    cursor: cursor.optional(),
  })
  .strict();

export const remindersQuery = z.object({ all: z.enum(['0', '1']).optional() }).strict();

export const usageQuery = z
  .object({
    group: z.enum(USAGE_GROUPS).default('day'),
    project: ref.optional(),
    session_id: z.string().min(1).max(64).optional(),
    since: z.string().min(1).max(100).optional(),
    until: z.string().min(1).max(100).optional(),
  })
  .strict();

const importBody = z
  .object({
    path: z.string().min(1).max(4096).optional(),
    source: z.enum(TRANSCRIPT_SOURCES).optional(),
    since: z.string().min(1).max(100).optional(),
    archive: z.boolean().optional(),
  })
  .strict();

const sessionId = z.string().min(1).max(64);

/** Query parameters as one flat object (a repeated parameter keeps its last value). */
function params(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}

const NUMERIC_SEARCH_FIELDS = new Set(['limit', 'min_confidence', 'max_tokens']);

/** Search parameters from a query string, typed for the `search` use case (which validates them). */
export function searchParams(raw: Record<string, string>): SearchInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in searchInput.shape)) throw new HttpError(400, key, 'is not a search parameter');
    if (NUMERIC_SEARCH_FIELDS.has(key)) {
      const n = Number(value);
      out[key] = value.trim() !== '' && Number.isFinite(n) ? n : value;
    } else if (key === 'tags') {
      out[key] = value
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
    } else out[key] = value;
  }
  return out as SearchInput;
}

/** `since`/`until` words or dates to ISO instants (as search and import read them). */
export function timeRange(deps: AppDeps, since?: string, until?: string): { since?: string; until?: string } {
  if (!since && !until) return {};
  try {
    const range = resolveSinceUntil(
      { ...(since ? { since } : {}), ...(until ? { until } : {}) },
      { now: deps.clock.now(), timeZone: timeZoneOf(deps) },
    );
    return {
      ...(range.start ? { since: range.start.toISOString() } : {}),
      ...(range.end ? { until: range.end.toISOString() } : {}),
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = error.message.includes('until') && !error.message.includes('since') ? 'until' : 'since';
    throw new HttpError(
      400,
      field,
      'must be a date or a time phrase (yesterday, "last week", 2026-03-01)',
      error.message,
    );
  }
}

async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body', 'must be valid JSON');
  }
}

export async function usageFor(deps: AppDeps, query: z.infer<typeof usageQuery>) {
  const projectId = query.project ? (await findProjectByRef(deps, query.project)).id : undefined;
  const range = timeRange(deps, query.since, query.until);
  const rows = await usageReport(
    deps,
    {
      ...(projectId ? { projectId } : {}),
      ...(query.session_id ? { sessionId: query.session_id } : {}),
      ...range,
    },
    query.group,
  );
  return { group: query.group, since: range.since ?? null, until: range.until ?? null, rows };
}

/** The JSON API under `/api`: each route parses its input and calls one use case. */
export function apiRoutes(ctx: ApiContext): Hono {
  const { deps } = ctx;
  const api = new Hono();

  api.get('/status', async (c) => c.json({ version: VERSION, store: await deps.store.health() }));

  api.get('/projects', async (c) => {
    const projects = await deps.store.listProjects();
    return c.json({ projects: projects.map(toProjectView) });
  });

  api.get('/sessions', async (c) => c.json(await listSessions(deps, sessionsQuery.parse(params(c.req.url)))));

  api.get('/sessions/:id', async (c) =>
    c.json(await sessionDetail(deps, sessionId.parse(c.req.param('id')))),
  );

  api.get('/search', async (c) => c.json(await search(deps, searchParams(params(c.req.url)))));

  api.get('/memories', async (c) => c.json(await listMemories(deps, memoriesQuery.parse(params(c.req.url)))));

  api.get('/reminders', async (c) => {
    const query = remindersQuery.parse(params(c.req.url));
    return c.json(await remindersAndGrants(deps, { includeDone: query.all === '1' }));
  });

  api.get('/memories/stats', async (c) => {
    const query = z.object({ project: ref.optional() }).strict().parse(params(c.req.url));
    return c.json(await memoryStats(deps, query));
  });

  api.post('/memories', async (c) => {
    const result = await storeMemory(deps, (await jsonBody(c.req.raw)) as never, {
      cwd: ctx.cwd,
      source: 'cli',
    });
    return c.json(
      { id: result.memory.id, deduplicated: result.deduplicated },
      result.deduplicated ? 200 : 201,
    );
  });

  api.get('/usage', async (c) => c.json(await usageFor(deps, usageQuery.parse(params(c.req.url)))));

  api.get('/report', async (c) =>
    c.json(await observability(deps, roiReportInput.strict().parse(params(c.req.url)), { all: true })),
  );

  api.post('/import', async (c) => {
    const body = importBody.parse(await jsonBody(c.req.raw));
    const range = timeRange(deps, body.since);
    const state = ctx.imports.start({
      userHome: userHome(),
      folders: assistantFolders(),
      ...(body.path ? { path: body.path } : {}),
      ...(body.source ? { source: body.source } : {}),
      ...(range.since ? { since: new Date(range.since) } : {}),
      ...(body.archive !== undefined ? { archive: body.archive } : {}),
    });
    return c.json(state, 202);
  });

  api.get('/import/status', (c) => c.json(ctx.imports.status()));

  api.all('*', () => {
    throw new HttpError(404, 'path', 'is not an API route', 'no such API route: see docs/http.md');
  });
  return api;
}
