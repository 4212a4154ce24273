/** Retrieval metrics of the LongMemEval README, over sessions ranked by their best message. */

export interface QuestionScore {
  recallAny5: number;
  recallAll5: number;
  recallAny10: number;
  recallAll10: number;
  ndcg10: number;
  mrr: number;
  /** Share of evidence turns among the top 10 messages; null when the question marks none. */
  evidenceRecall10: number | null;
}

export function scoreQuestion(
  rankedSessions: string[],
  answerSessions: string[],
  topMessages: string[],
  evidence: string[],
): QuestionScore {
  const answers = new Set(answerSessions);
  const within = (k: number) => rankedSessions.slice(0, k).filter((id) => answers.has(id)).length;
  let dcg = 0;
  rankedSessions.slice(0, 10).forEach((id, index) => {
    if (answers.has(id)) dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(answers.size, 10); index++) ideal += 1 / Math.log2(index + 2);
  const firstHit = rankedSessions.findIndex((id) => answers.has(id));
  const top10 = new Set(topMessages.slice(0, 10));
  return {
    recallAny5: within(5) > 0 ? 1 : 0,
    recallAll5: within(5) === answers.size ? 1 : 0,
    recallAny10: within(10) > 0 ? 1 : 0,
    recallAll10: within(10) === answers.size ? 1 : 0,
    ndcg10: ideal > 0 ? dcg / ideal : 0,
    mrr: firstHit >= 0 ? 1 / (firstHit + 1) : 0,
    evidenceRecall10: evidence.length
      ? evidence.filter((turn) => top10.has(turn)).length / evidence.length
      : null,
  };
}

/** Means over questions (evidence recall over the questions that mark evidence). */
export type Aggregate = { questions: number } & { [metric in keyof QuestionScore]: number };

export function aggregate(scores: QuestionScore[]): Aggregate {
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  return {
    questions: scores.length,
    recallAny5: mean(scores.map((s) => s.recallAny5)),
    recallAll5: mean(scores.map((s) => s.recallAll5)),
    recallAny10: mean(scores.map((s) => s.recallAny10)),
    recallAll10: mean(scores.map((s) => s.recallAll10)),
    ndcg10: mean(scores.map((s) => s.ndcg10)),
    mrr: mean(scores.map((s) => s.mrr)),
    evidenceRecall10: mean(scores.flatMap((s) => (s.evidenceRecall10 === null ? [] : [s.evidenceRecall10]))),
  };
}
