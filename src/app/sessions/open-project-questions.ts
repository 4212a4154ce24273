import { answeredQuestions, openQuestions } from '../../core/events/open-questions.js';
import type { EventRecord } from '../../core/types.js';
import type { AppDeps } from '../deps.js';

/** The latest events of a project searched for answers to its questions. */
const ANSWERS_READ = 500;

/**
 * The questions not yet answered by a later event of their project (see
 * core/events/open-questions.ts). The project's latest events are read only
 * when there is a question to close, so a welcome without questions costs nothing more.
 */
export async function openProjectQuestions(
  deps: AppDeps,
  projectId: string,
  questions: EventRecord[],
): Promise<EventRecord[]> {
  if (questions.length === 0) return [];
  const recent = await deps.store.queryEvents({ projectId, limit: ANSWERS_READ });
  return openQuestions(questions, answeredQuestions(recent));
}
