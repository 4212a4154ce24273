/** The dashboard's one stylesheet, served as /assets/style.css. */
export const STYLE_CSS = `
:root { --fg: #1d232a; --muted: #5b6673; --line: #d9dee4; --bg: #ffffff; --panel: #f6f8fa; --accent: #2457c5; --bad: #b42318; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1.5rem; align-items: baseline; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header .brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
nav a { margin-right: 1rem; color: var(--accent); text-decoration: none; }
nav a[aria-current="page"] { font-weight: 600; text-decoration: underline; }
main { padding: 1rem 1.5rem 3rem; max-width: 1200px; }
h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; background: var(--panel); border: 1px solid var(--line); font-size: .85em; }
.badge.active { color: var(--ok); border-color: var(--ok); }
.error { color: var(--bad); }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: .5rem 0 1rem; }
form.inline label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button:disabled { opacity: .6; cursor: default; }
pre, .content { white-space: pre-wrap; word-break: break-word; }
pre { background: var(--panel); padding: .75rem; border-radius: 4px; overflow-x: auto; }
ol.timeline { list-style: none; padding: 0; margin: 0; }
ol.timeline li { border-left: 3px solid var(--line); padding: .3rem .75rem; margin: 0 0 .4rem; }
ol.timeline li.decision { border-color: #8250df; }
ol.timeline li.finding { border-color: var(--ok); }
ol.timeline li.question { border-color: #bf8700; }
ol.timeline li.message-user { border-color: var(--accent); }
.result { border-bottom: 1px solid var(--line); padding: .5rem 0; }
.charts { display: grid; grid-template-columns: 1fr; gap: 1rem; }
.chart { min-height: 320px; border: 1px solid var(--line); border-radius: 4px; padding: .5rem; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 1rem; }
.card { border: 1px solid var(--line); border-radius: 4px; padding: .5rem 1rem; background: var(--panel); }
.card .value { font-size: 1.3rem; font-weight: 600; }
progress { width: 100%; height: 1.2rem; }
.pager { margin: 1rem 0; }
`;
