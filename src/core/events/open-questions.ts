import type { EventRecord, JsonValue } from '../types.js';
import { eventSummary } from './event-text.js';

/**
 * Open questions and how they close. A question event stays open until a later
 * event of the project names it in an `answers` field — its handle (`q:` and
 * the last six characters of its id, as hand-offs and welcomes print it), or
 * its full id; several may be named in a list. The welcome says so next to the
 * questions it lists, so an assistant learns the convention where it needs it.
 */

const HANDLE_LENGTH = 6;

/** How lists name a question: `q:` + the last characters of its id, lower-case. */
export function questionHandle(eventId: string): string {
  return `q:${eventId.slice(-HANDLE_LENGTH).toLowerCase()}`;
}

/** A question as lists show it: its text, then the handle that closes it. */
export function questionLine(question: Pick<EventRecord, 'id' | 'data' | 'type'>): string {
  return `${eventSummary(question.data, question.type)} [${questionHandle(question.id)}]`;
}

/** The questions named as answered by these events, as handles. */
export function answeredQuestions(events: Pick<EventRecord, 'data'>[]): Set<string> {
  const answered = new Set<string>();
  const add = (value: JsonValue | undefined) => {
    if (typeof value !== 'string') return;
    const name = value.trim().toLowerCase().replace(/^q:/, '');
    if (name.length >= HANDLE_LENGTH) answered.add(`q:${name.slice(-HANDLE_LENGTH)}`);
  };
  for (const event of events) {
    const value = event.data.answers;
    if (Array.isArray(value)) value.forEach(add);
    else add(value);
  }
  return answered;
}

/** The questions not answered, in the order given. */
export function openQuestions<T extends Pick<EventRecord, 'id'>>(questions: T[], answered: Set<string>): T[] {
  return questions.filter((question) => !answered.has(questionHandle(question.id)));
}

/** How to close one, said once next to a list of open questions. */
export const ANSWER_HINT = 'when one is answered, record it with session_record and data {"answers": "q:…"}';
