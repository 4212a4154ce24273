import type { SessionDetail } from '../../app/dashboard/session-detail.js';
import { html } from '../html.js';
import { layout, num, when } from './layout.js';

function eventSummary(data: Record<string, unknown>): string {
  const text = JSON.stringify(data);
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}

export function sessionPage(detail: SessionDetail): string {
  const { session, project } = detail;
  const timeline = [
    ...detail.events.map((e) => ({
      at: e.created_at,
      cls: e.category,
      label: `${e.category} · ${e.type}`,
      body: eventSummary(e.data),
    })),
    ...detail.checkpoints.map((c) => ({
      at: c.created_at,
      cls: 'checkpoint',
      label: `checkpoint · ${c.name}`,
      body: c.summary ?? '',
    })),
    ...detail.messages.map((m) => ({
      at: m.created_at,
      cls: `message-${m.role}`,
      label: `message · ${m.role}`,
      body: m.truncated ? `${m.content}…` : m.content,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return layout(
    `Session ${session.id}`,
    '/',
    html`<h1>${session.goal ?? `Session ${session.id}`}</h1>
<div class="cards">
<div class="card"><div class="muted">Project</div><div class="value">${project?.name ?? session.project_id}</div></div>
<div class="card"><div class="muted">Status</div><div class="value">${session.status}${session.outcome ? ` · ${session.outcome}` : ''}</div></div>
<div class="card"><div class="muted">Started</div><div class="value">${when(session.started_at)}</div></div>
<div class="card"><div class="muted">Ended</div><div class="value">${when(session.ended_at) || '—'}</div></div>
</div>
<table>
<tr><th>Id</th><td><code>${session.id}</code></td></tr>
<tr><th>Branch</th><td>${session.branch ?? ''}</td></tr>
<tr><th>Folder</th><td>${session.workdir}</td></tr>
<tr><th>Model</th><td>${session.model ?? ''}</td></tr>
<tr><th>Client</th><td>${session.client_name ?? ''}</td></tr>
${session.notes ? html`<tr><th>Notes</th><td class="content">${session.notes}</td></tr>` : ''}
</table>
${
  detail.usage.length > 0
    ? html`<h2>Token usage</h2><table><thead><tr><th>Model</th><th class="num">Responses</th><th class="num">Input</th><th class="num">Output</th><th class="num">Cache write</th><th class="num">Cache read</th></tr></thead><tbody>${detail.usage.map(
        (u) =>
          html`<tr><td>${u.group}</td><td class="num">${num(u.responses)}</td><td class="num">${num(u.inputTokens)}</td><td class="num">${num(u.outputTokens)}</td><td class="num">${num(u.cacheWriteTokens)}</td><td class="num">${num(u.cacheReadTokens)}</td></tr>`,
      )}</tbody></table>`
    : ''
}
<h2>Hand-off</h2>
${detail.handoff ? html`<pre id="handoff">${detail.handoff.content}</pre>` : html`<p class="muted" id="handoff">No hand-off (the session is open, or was imported).</p>`}
<h2>Checkpoints (${detail.checkpoints.length})</h2>
${
  detail.checkpoints.length > 0
    ? html`<table id="checkpoints"><thead><tr><th>Name</th><th>Kind</th><th class="num">Quality</th><th>Summary</th><th>At</th></tr></thead><tbody>${detail.checkpoints.map(
        (c) =>
          html`<tr><td>${c.name}</td><td>${c.kind}</td><td class="num">${c.quality_score ?? '—'}</td><td class="content">${c.summary ?? ''}</td><td>${when(c.created_at)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">None.</p>`
}
<h2>Timeline (${timeline.length}${detail.events_truncated ? '+' : ''})</h2>
<ol class="timeline" id="timeline">${timeline.map(
      (item) =>
        html`<li class="${item.cls}"><div class="muted">${when(item.at)} · ${item.label}</div><div class="content">${item.body}</div></li>`,
    )}</ol>`,
  );
}
