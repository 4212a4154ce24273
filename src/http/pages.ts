import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { listMemories } from '../app/dashboard/list-memories.js';
import { listSessions } from '../app/dashboard/list-sessions.js';
import { remindersAndGrants } from '../app/dashboard/reminders-and-grants.js';
import { sessionDetail } from '../app/dashboard/session-detail.js';
import { sessionMembers } from '../app/dashboard/session-members.js';
import { memoryStats } from '../app/memory/memory-stats.js';
import { type SearchOutput, search } from '../app/search/search.js';
import {
  type ApiContext,
  memoriesQuery,
  remindersQuery,
  searchParams,
  sessionsQuery,
  usageFor,
  usageQuery,
} from './api.js';
import { toApiError } from './errors.js';
import { importPage } from './pages/import-page.js';
import { errorPage } from './pages/layout.js';
import { memoriesPage } from './pages/memories-page.js';
import { remindersPage } from './pages/reminders-page.js';
import { roiRoutes } from './pages/roi-page.js';
import { searchPage } from './pages/search-page.js';
import { sessionPage } from './pages/session-page.js';
import { sessionsPage } from './pages/sessions-page.js';
import { usagePage } from './pages/usage-page.js';

/** Query parameters with empty values dropped (a form submits every field), without a stale `token`. */
function filled(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(url).searchParams) {
    if (key !== 'token' && value.trim() !== '') out[key] = value;
  }
  return out;
}

/** The dashboard: server-rendered pages over the same use cases as the API. */
export function pageRoutes(ctx: ApiContext, cookieName: () => string): Hono {
  const { deps } = ctx;
  const pages = new Hono();

  pages.get('/', async (c) => {
    const query = sessionsQuery.parse(filled(c.req.url));
    const [listing, projects, members] = await Promise.all([
      listSessions(deps, query),
      deps.store.listProjects(),
      sessionMembers(deps),
    ]);
    return c.html(sessionsPage(listing, projects, members, query));
  });

  pages.get('/sessions/:id', async (c) => c.html(sessionPage(await sessionDetail(deps, c.req.param('id')))));

  pages.get('/search', async (c) => {
    const raw = filled(c.req.url);
    let output: SearchOutput | null = null;
    let error: string | null = null;
    if (raw.query) {
      try {
        output = await search(deps, searchParams(raw));
      } catch (thrown) {
        const mapped = toApiError(thrown);
        if (mapped.status === 500) throw thrown;
        error = mapped.body.error.message;
      }
    }
    return c.html(searchPage(raw, output, error), error ? 400 : 200);
  });

  pages.get('/memories', async (c) => {
    const query = memoriesQuery.parse(filled(c.req.url));
    const [listing, stats] = await Promise.all([
      listMemories(deps, query),
      memoryStats(deps, query.project ? { project: query.project } : {}),
    ]);
    return c.html(memoriesPage(listing, stats, query));
  });

  pages.get('/usage', async (c) => {
    const query = usageQuery.omit({ group: true }).parse(filled(c.req.url));
    const [day, model, project] = await Promise.all(
      (['day', 'model', 'project'] as const).map(
        async (group) => (await usageFor(deps, { ...query, group })).rows,
      ),
    );
    return c.html(usagePage({ day: day ?? [], model: model ?? [], project: project ?? [] }, query));
  });

  pages.route('/roi', roiRoutes(deps));

  pages.get('/reminders', async (c) => {
    const query = remindersQuery.parse(filled(c.req.url));
    const includeDone = query.all === '1';
    return c.html(remindersPage(await remindersAndGrants(deps, { includeDone }), includeDone));
  });

  pages.get('/import', (c) => c.html(importPage(getCookie(c, cookieName()) !== undefined)));

  return pages;
}

export { errorPage };
