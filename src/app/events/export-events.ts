import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { AppDeps } from '../deps.js';
import { requireSession } from '../sessions/resolve-session.js';
import { toEventView } from '../views.js';

const PAGE = 1_000;

/** A session's events, oldest first, one JSONL line each, read page by page. */
export async function* exportSessionEvents(deps: AppDeps, sessionId: string): AsyncGenerator<string> {
  await requireSession(deps, sessionId);
  let afterSeq: number | undefined;
  for (;;) {
    const page = await deps.store.queryEvents({ sessionId, afterSeq, ascending: true, limit: PAGE });
    for (const event of page) yield `${JSON.stringify(toEventView(event))}\n`;
    if (page.length < PAGE) return;
    afterSeq = page.at(-1)?.seq;
  }
}

/** Writes a session's events as JSONL to a file, creating its folder; returns the event count. */
export async function exportSessionToFile(deps: AppDeps, sessionId: string, path: string): Promise<number> {
  const iterator = exportSessionEvents(deps, sessionId);
  const first = await iterator.next(); // surfaces "session not found" before a file is created
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
  let count = 0;
  for (let step = first; !step.done; step = await iterator.next()) {
    if (!out.write(step.value)) await new Promise<void>((ready) => out.once('drain', () => ready()));
    count++;
  }
  out.end();
  await finished(out);
  return count;
}
