import type { FileMeasurement, MetricLanguage } from './tracking-types.js';

/** What a parser adapter found, before aggregation. */
export interface FunctionFacts {
  /** Cyclomatic complexity of each function: 1 + its own decision points. */
  complexities: number[];
  /** Decision points outside every function (module-level code). */
  topLevelDecisions: number;
  classes: number;
  /** Functions and classes that can carry a doc comment, and how many do. */
  documentable: number;
  documented: number;
  lines: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Aggregates per-function facts: total complexity is the sum over functions plus
 * module-level decision points; max and average are per function (0 without functions);
 * documentation coverage is documented / documentable (1 when nothing is documentable).
 */
export function summariseFunctions(language: MetricLanguage, facts: FunctionFacts): FileMeasurement {
  const sum = facts.complexities.reduce((total, value) => total + value, 0);
  const count = facts.complexities.length;
  return {
    language,
    lines: facts.lines,
    functions: count,
    classes: facts.classes,
    complexity: {
      total: sum + facts.topLevelDecisions,
      max: count > 0 ? Math.max(...facts.complexities) : 0,
      average: count > 0 ? round(sum / count) : 0,
    },
    documentation: {
      documented: facts.documented,
      documentable: facts.documentable,
      coverage: facts.documentable > 0 ? round(facts.documented / facts.documentable) : 1,
    },
  };
}

/** Lines of a text as an editor counts them (a final newline does not start another line). */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}
