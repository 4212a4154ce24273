import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AppDeps } from '../app/deps.js';
import { buildHttpApp } from './app.js';
import { type AccessPolicy, accessPolicy, isLoopbackHost } from './security.js';
import { ensureHttpToken } from './token.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** The server's working folder (the project of MCP clients and of memories stored without one). */
  cwd: string;
}

export interface RunningHttpServer {
  /** `http://host:port` as bound (the real port when 0 was asked). */
  url: string;
  /** The dashboard address carrying the token (sets the cookie, then drops it from the address). */
  dashboardUrl: string;
  tokenPath: string;
  tokenCreated: boolean;
  loopback: boolean;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** `deja serve --http`: one Hono server on @hono/node-server for /mcp, /api, /assets and the dashboard. */
export async function startHttpServer(deps: AppDeps, options: HttpServerOptions): Promise<RunningHttpServer> {
  const { token, path: tokenPath, created } = ensureHttpToken(deps.config.home);
  let policy: AccessPolicy | null = null;
  const current = () => {
    if (!policy) throw new Error('the HTTP server is not listening yet');
    return policy;
  };
  const { app, mcp, imports } = buildHttpApp(deps, options.cwd, current);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  policy = accessPolicy(options.host, port, token);
  const url = `http://${urlHost(options.host)}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    dashboardUrl: `${url}/?token=${encodeURIComponent(token)}`,
    tokenPath,
    tokenCreated: created,
    loopback: isLoopbackHost(options.host),
    close: () => {
      closing ??= (async () => {
        await mcp.closeAll();
        await imports.settle();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
