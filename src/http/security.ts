import { hostname, networkInterfaces } from 'node:os';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { runAsMember } from '../core/teams/acting-member.js';
import { jsonError } from './errors.js';
import { html } from './html.js';
import { tokenMatches } from './token.js';

/**
 * Who may talk to the server. Filled in once the port is bound: the Host
 * header must name this server (DNS-rebinding protection), an Origin, when
 * sent, must be this server's, and the token is required for every request
 * that changes data, and for every request when bound beyond loopback.
 */
export interface AccessPolicy {
  token: string;
  /** `host:port` values (lowercase) a request's Host header may carry. */
  allowedHosts: Set<string>;
  /** `http://host:port` values an Origin header may carry. */
  allowedOrigins: Set<string>;
  /** True when bound to a non-loopback address: reads need the token too. */
  tokenForReads: boolean;
  cookieName: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function hostPort(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}

/** The Host values that name this server, for a bind address and the port it got. */
export function accessPolicy(bindHost: string, port: number, token: string): AccessPolicy {
  const names = new Set<string>([bindHost]);
  const wildcard = ['0.0.0.0', '::', '[::]'].includes(bindHost);
  if (isLoopbackHost(bindHost) || wildcard)
    for (const name of ['127.0.0.1', 'localhost', '::1']) names.add(name);
  if (wildcard) {
    names.add(hostname());
    for (const entries of Object.values(networkInterfaces())) {
      for (const entry of entries ?? []) names.add(entry.address);
    }
  }
  const allowedHosts = new Set([...names].map((name) => hostPort(name, port)));
  return {
    token,
    allowedHosts,
    allowedOrigins: new Set([...allowedHosts].map((host) => `http://${host}`)),
    tokenForReads: !isLoopbackHost(bindHost),
    cookieName: `deja_token_${port}`,
  };
}

function presentedToken(c: Context, policy: AccessPolicy): string | null {
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? getCookie(c, policy.cookieName) ?? null;
}

const wantsJson = (path: string) => path.startsWith('/api') || path.startsWith('/mcp');

/**
 * Teams: besides the admin token, per-member tokens (`deja team token`). A
 * request carrying one runs as that member; every other request runs as the
 * local owner (the configured member, or single-user mode).
 */
export interface MemberAccess {
  /** The member a presented token belongs to (looked up by its SHA-256), or null. */
  memberForToken(token: string): Promise<string | null>;
  /** Who the admin token and token-less local reads act as. */
  localMember: string | null;
}

/** The access checks, in order: Host, Origin, the `?token=` handshake, then the token itself. */
export function accessControl(policy: () => AccessPolicy, members?: MemberAccess): MiddlewareHandler {
  return async (c, next) => {
    const current = policy();
    const host = c.req.header('host')?.toLowerCase();
    if (!host || !current.allowedHosts.has(host)) {
      return jsonError(
        c,
        403,
        'Host',
        'must name this server',
        'Host header not allowed (DNS-rebinding protection)',
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !current.allowedOrigins.has(origin.toLowerCase())) {
      return jsonError(c, 403, 'Origin', 'must be this server', 'cross-origin requests are refused');
    }
    const queryToken = c.req.query('token');
    if (queryToken !== undefined && c.req.method === 'GET' && !wantsJson(c.req.path)) {
      if (tokenMatches(current.token, queryToken)) {
        setCookie(c, current.cookieName, current.token, {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
          maxAge: 30 * 24 * 3600,
        });
        const url = new URL(c.req.url);
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
    }
    const needsToken = current.tokenForReads || !SAFE_METHODS.has(c.req.method);
    const presented = presentedToken(c, current);
    const admin = tokenMatches(current.token, presented);
    const member = !admin && presented && members ? await members.memberForToken(presented) : null;
    if (needsToken && !admin && member === null) {
      c.header('WWW-Authenticate', 'Bearer realm="deja"');
      if (wantsJson(c.req.path) || c.req.method !== 'GET') {
        return jsonError(
          c,
          401,
          'Authorization',
          'must carry the token',
          'send Authorization: Bearer <token> (the token is in DEJA_HOME/http-token), or open the dashboard with deja dashboard',
        );
      }
      return c.html(
        html`<!doctype html><meta charset="utf-8"><title>deja — token needed</title>
<p>This dashboard needs its token. Open it with <code>deja dashboard</code>, or add <code>?token=…</code> from <code>DEJA_HOME/http-token</code> to the address.</p>`
          .value,
        401,
      );
    }
    if (members) return runAsMember(member ?? members.localMember, () => next());
    await next();
  };
}

/** Headers for every response: no framing, no sniffing, no referrer, and a strict CSP on pages. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  if (c.res.headers.get('content-type')?.startsWith('text/html')) {
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
  }
};
