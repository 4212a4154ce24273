import { estimateTokens, trimToTokens } from '../budget/token-budget.js';

/** Items each list section keeps, tried in turn until the hand-off fits. */
const LIST_CAPS = [10, 5, 3, 1] as const;

/**
 * A hand-off cut to a token budget without losing its ending: the sections
 * that matter most to the next session (open questions, next steps) come last,
 * so cutting the text's tail would drop them first. Long lists (files touched,
 * findings, quality parts) are shortened instead — each keeps its first items
 * and says how many more there were — and only if that is not enough is the
 * text cut.
 */
export function fitHandoff(markdown: string, budget: number): string {
  if (estimateTokens(markdown) <= budget) return markdown;
  for (const cap of LIST_CAPS) {
    const shortened = capLists(markdown, cap);
    if (estimateTokens(shortened) <= budget) return shortened;
  }
  return trimToTokens(capLists(markdown, 1), budget);
}

/** Every run of `- ` lines longer than `cap` keeps `cap` of them and a line saying how many were left out. */
function capLists(markdown: string, cap: number): string {
  const out: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length > cap) {
      // A list that already ends with "…and N more" counts those too.
      const more = /^- …and (\d+) more$/.exec(run.at(-1) ?? '');
      const items = more ? run.slice(0, -1) : run;
      const left = items.length - cap + (more ? Number(more[1]) : 0);
      out.push(...items.slice(0, cap), `- …and ${left} more`);
    } else out.push(...run);
    run = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('- ')) {
      run.push(line);
      continue;
    }
    close();
    out.push(line);
  }
  close();
  return out.join('\n');
}
