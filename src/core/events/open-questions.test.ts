import { describe, expect, it } from 'vitest';
import { answeredQuestions, openQuestions, questionHandle } from './open-questions.js';

describe('open questions', () => {
  const questions = [{ id: '01M86CMRT0DN01Z47T8CNXX16G' }, { id: '01M86CMRT0DN01Z47T8CNXX16H' }];

  it('names a question by q: and the end of its id', () => {
    expect(questionHandle('01M86CMRT0DN01Z47T8CNXX16G')).toBe('q:nxx16g');
  });

  it('closes a question named by handle, bare handle or full id, alone or in a list', () => {
    for (const answers of ['q:NXX16G', 'nxx16g', '01M86CMRT0DN01Z47T8CNXX16G', ['x', 'q:nxx16g']]) {
      const answered = answeredQuestions([{ data: { answers, text: 'WAL mode it is' } }]);
      expect(openQuestions(questions, answered).map((q) => q.id)).toEqual(['01M86CMRT0DN01Z47T8CNXX16H']);
    }
  });

  it('keeps every question open when nothing names one (short or non-string values do not count)', () => {
    const answered = answeredQuestions([
      { data: { answers: 'q:16' } },
      { data: { answers: 42 } },
      { data: {} },
    ]);
    expect(openQuestions(questions, answered)).toEqual(questions);
  });
});
