import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { DASHBOARD_JS } from './assets/dashboard-script.js';
import { STYLE_CSS } from './assets/style.js';
import { jsonError } from './errors.js';

interface Asset {
  type: string;
  body: () => string;
}

function fromPackage(pkg: string, file: string): () => string {
  let cached: string | null = null;
  return () => {
    if (cached === null) {
      const folder = dirname(createRequire(import.meta.url).resolve(pkg));
      cached = readFileSync(join(folder, file), 'utf8');
    }
    return cached;
  };
}

/**
 * The static files, by name: nothing else is reachable under /assets, so no
 * path (encoded or not) can leave this list. The chart library comes from
 * node_modules; nothing is loaded from a CDN.
 */
const ASSETS: Record<string, Asset> = {
  'style.css': { type: 'text/css; charset=utf-8', body: () => STYLE_CSS },
  'dashboard.js': { type: 'text/javascript; charset=utf-8', body: () => DASHBOARD_JS },
  'uplot.min.js': { type: 'text/javascript; charset=utf-8', body: fromPackage('uplot', 'uPlot.iife.min.js') },
  'uplot.min.css': { type: 'text/css; charset=utf-8', body: fromPackage('uplot', 'uPlot.min.css') },
};

export function assetRoutes(): Hono {
  const assets = new Hono();
  assets.get('/:name', (c) => {
    const name = c.req.param('name');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return jsonError(c, 404, 'path', 'is not a static file');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(asset.body(), 200, { 'content-type': asset.type });
  });
  assets.all('*', (c) => jsonError(c, 404, 'path', 'is not a static file'));
  return assets;
}
