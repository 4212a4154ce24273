import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** LongMemEval-S as shipped in ../shared/datasets/longmemeval-s (see its README). */
export interface Question {
  qid: string;
  question_type: string;
  question: string;
  question_date: string;
  answer: unknown;
  abstention: boolean;
  haystack_session_ids: string[];
  haystack_dates: string[];
  answer_session_ids: string[];
  evidence_turns: [string, number][];
}

export interface HaystackSession {
  session_id: string;
  date: string;
  turns: { role: 'user' | 'assistant'; content: string }[];
}

export const DATASET_DIR = new URL('../../../shared/datasets/longmemeval-s/', import.meta.url);

export function loadQuestions(dir: URL = DATASET_DIR): Question[] {
  return readFileSync(new URL('questions.jsonl', dir), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Question);
}

/** Streams the gzipped sessions file once, keeping only the sessions some question needs. */
export async function loadSessions(
  needed: Set<string>,
  dir: URL = DATASET_DIR,
): Promise<Map<string, HaystackSession>> {
  const sessions = new Map<string, HaystackSession>();
  const lines = createInterface({
    input: createReadStream(join(new URL('.', dir).pathname, 'sessions.jsonl.gz')).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line) continue;
    const session = JSON.parse(line) as HaystackSession;
    if (needed.has(session.session_id)) sessions.set(session.session_id, session);
  }
  return sessions;
}

/** "2023/05/17 (Wed) 23:40" → an ISO instant (the data set has no zone; read as UTC). */
export function parseDatasetDate(text: string): string {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) \(\w+\) (\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`unexpected date ${JSON.stringify(text)}`);
  const [, y, m, d, hh, mm] = match;
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm))).toISOString();
}
