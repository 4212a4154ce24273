import { z } from 'zod';
import { clampPercent, type DejaPlugin } from './plugin.js';

const genericState = z.object({
  goal: z.string().nullable(),
  status: z.enum(['active', 'ended']).nullable(),
  outcome: z.string().nullable(),
  manualCheckpoints: z.array(z.object({ name: z.string(), summary: z.string().nullable() })),
  autoCheckpoints: z.number(),
  openQuestions: z.array(z.string()),
});
export type GenericState = z.infer<typeof genericState>;

/** Points a manual checkpoint is worth; progress stays below 100 until the session ends well. */
const PER_CHECKPOINT = 15;
const OPEN_CAP = 90;

/**
 * The fallback plugin: progress from deja's own data. A goal counts 10, each
 * manual checkpoint 15 (capped at 90 while open); an ended session counts
 * 100 when it succeeded and keeps its figure otherwise.
 */
export const genericPlugin: DejaPlugin<GenericState> = {
  name: 'generic',
  skills: ['generic', 'default'],
  stateSchema: genericState,
  detect: () => true,
  readState: (_files, session) => ({
    goal: session.goal,
    status: session.status,
    outcome: session.outcome,
    manualCheckpoints: session.checkpoints
      .filter((checkpoint) => checkpoint.kind === 'manual')
      .map((checkpoint) => ({ name: checkpoint.name, summary: checkpoint.summary })),
    autoCheckpoints: session.checkpoints.filter((checkpoint) => checkpoint.kind === 'auto').length,
    openQuestions: session.openQuestions,
  }),
  progress(state) {
    const manual = state.manualCheckpoints.length;
    if (state.status === 'ended' && state.outcome === 'success') {
      return { percent: 100, label: 'session ended successfully' };
    }
    const percent = clampPercent(Math.min(OPEN_CAP, (state.goal ? 10 : 0) + manual * PER_CHECKPOINT));
    const label = `${manual} checkpoint${manual === 1 ? '' : 's'}${state.goal ? ` toward: ${state.goal}` : ''}`;
    return { percent, label };
  },
  resumptionContext(state) {
    const lines = ['## Progress (generic)'];
    lines.push(`- Goal: ${state.goal ?? '(none set)'}`);
    const last = state.manualCheckpoints.at(0);
    if (last) lines.push(`- Last checkpoint: ${last.name}${last.summary ? ` — ${last.summary}` : ''}`);
    else lines.push('- No manual checkpoint yet');
    if (state.openQuestions.length > 0) {
      lines.push(
        '- Open questions:',
        ...state.openQuestions.slice(0, 5).map((question) => `  - ${question}`),
      );
    }
    return lines.join('\n');
  },
};
