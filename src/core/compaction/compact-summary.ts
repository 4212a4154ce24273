import { fitSections } from '../budget/token-budget.js';

export interface CompactSummaryInput {
  goal: string | null;
  decisions: string[];
  findings: string[];
  openQuestions: string[];
  filesTouched: string[];
  lastCheckpoint: { name: string; summary: string | null } | null;
}

function list(title: string, items: string[], max: number): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max).map((item) => `- ${item}`);
  if (items.length > max) shown.push(`- … ${items.length - max} more`);
  return [`## ${title}`, ...shown].join('\n');
}

/**
 * A compact summary of a session from deja's own record, in priority order
 * (goal, last checkpoint, decisions, open questions, findings, files), cut to
 * fit `budgetTokens`.
 */
export function renderCompactSummary(input: CompactSummaryInput, budgetTokens: number): string {
  const checkpoint = input.lastCheckpoint
    ? `## Last checkpoint\n${input.lastCheckpoint.name}${input.lastCheckpoint.summary ? `: ${input.lastCheckpoint.summary}` : ''}`
    : '';
  return fitSections(
    [
      `# Compaction summary\n## Goal\n${input.goal ?? '(no goal set)'}`,
      checkpoint,
      list('Decisions', input.decisions, 15),
      list('Open questions', input.openQuestions, 10),
      list('Findings', input.findings, 10),
      list('Files touched', input.filesTouched, 30),
    ],
    budgetTokens,
  );
}
