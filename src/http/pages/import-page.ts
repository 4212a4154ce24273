import { html } from '../html.js';
import { layout } from './layout.js';

export function importPage(tokenPresent: boolean): string {
  return layout(
    'Import',
    '/import',
    html`<h1>Import transcripts</h1>
<p>Reads Claude Code and Codex transcripts (new lines only; safe to repeat) into deja's store: messages become searchable and token usage shows under <a href="/usage">Usage &amp; cost</a>.</p>
${tokenPresent ? '' : html`<p class="error" id="token-warning">Importing changes data, so it needs the token: open the dashboard with <code>deja dashboard</code>.</p>`}
<form class="inline" id="import-form">
<label>File or folder (empty: the assistants' own folders) <input name="path" size="60" placeholder="~/.claude/projects"></label>
<button type="submit" id="import-button">Import now</button>
</form>
<progress id="import-progress" max="1" value="0"></progress>
<p id="import-status" class="muted" role="status" aria-live="polite">Idle.</p>`,
  );
}
