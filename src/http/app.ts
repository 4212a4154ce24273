import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app/deps.js';
import { memberForToken } from '../app/teams/member-tokens.js';
import { type ApiContext, apiRoutes } from './api.js';
import { assetRoutes } from './assets.js';
import { jsonError, toApiError } from './errors.js';
import { ImportJobs } from './import-job.js';
import { MAX_BODY_BYTES, McpOverHttp } from './mcp-http.js';
import { errorPage, pageRoutes } from './pages.js';
import { type AccessPolicy, accessControl, securityHeaders } from './security.js';

export interface HttpApp {
  app: Hono;
  mcp: McpOverHttp;
  imports: ImportJobs;
}

/**
 * The one HTTP application: `/mcp` (MCP over Streamable HTTP), `/api` (JSON),
 * `/assets` (static files by name) and the dashboard pages, behind the same
 * access checks and a 1 MB body limit.
 */
export function buildHttpApp(deps: AppDeps, cwd: string, policy: () => AccessPolicy): HttpApp {
  const imports = new ImportJobs(deps);
  const mcp = new McpOverHttp(deps, cwd);
  const ctx: ApiContext = { deps, cwd, imports };
  const app = new Hono();

  app.use('*', securityHeaders);
  app.use(
    '*',
    accessControl(policy, {
      memberForToken: (token) => memberForToken(deps, token),
      localMember: deps.config.member ?? null,
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        jsonError(
          c,
          413,
          'body',
          'must be at most 1 MB',
          `request bodies over ${MAX_BODY_BYTES} bytes are refused`,
        ),
    }),
  );

  app.all('/mcp', (c) => mcp.handle(c.req.raw));
  app.route('/api', apiRoutes(ctx));
  app.route('/assets', assetRoutes());
  app.route(
    '/',
    pageRoutes(ctx, () => policy().cookieName),
  );

  app.notFound((c) =>
    c.req.path.startsWith('/api')
      ? jsonError(c, 404, 'path', 'is not an API route')
      : c.html(errorPage(404, `No page at ${c.req.path}`), 404),
  );
  app.onError((error, c) => {
    const mapped = toApiError(error);
    if (mapped.status === 500) deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    if (c.req.path.startsWith('/api') || c.req.path.startsWith('/mcp'))
      return c.json(mapped.body, mapped.status);
    return c.html(errorPage(mapped.status, mapped.body.error.message), mapped.status);
  });
  return { app, mcp, imports };
}
