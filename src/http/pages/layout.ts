import { VERSION } from '../../version.js';
import { type Html, html } from '../html.js';

const NAV: [path: string, label: string][] = [
  ['/', 'Sessions'],
  ['/search', 'Search'],
  ['/memories', 'Memories'],
  ['/usage', 'Usage & cost'],
  ['/roi', 'ROI & quality'],
  ['/reminders', 'Reminders & trust'],
  ['/import', 'Import'],
];

/** The page frame: head, navigation, and the page's content. */
export function layout(
  title: string,
  current: string,
  content: Html,
  options: { charts?: boolean } = {},
): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — deja</title>
<link rel="stylesheet" href="/assets/style.css">
${options.charts ? html`<link rel="stylesheet" href="/assets/uplot.min.css"><script src="/assets/uplot.min.js" defer></script>` : ''}
<script src="/assets/dashboard.js" defer></script>
</head>
<body>
<header>
<a class="brand" href="/">deja</a>
<nav>${NAV.map(([path, label]) => html`<a href="${path}"${path === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
<span class="muted">v${VERSION}</span>
</header>
<main>
${content}
</main>
</body>
</html>`.value;
}

export function errorPage(status: number, message: string): string {
  return layout(
    `Error ${status}`,
    '',
    html`<h1>${status === 404 ? 'Not found' : 'Something is wrong'}</h1><p class="error" id="error">${message}</p>`,
  );
}

export function when(iso: string | null): Html | string {
  if (!iso) return '';
  return html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 19)}</time>`;
}

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : Math.round(n).toLocaleString('en-US');
}

export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return `$${n.toFixed(n < 1 ? 4 : 2)}`;
}

/** A link to the same page with other query parameters. */
export function pageLink(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
