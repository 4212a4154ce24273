import { z } from 'zod';
import { clampPercent, type DejaPlugin } from './plugin.js';

/** Where spec-refiner keeps its state in a project (format: docs/plugins.md). */
export const SPEC_REFINER_STATE_FILE = '.spec-refiner/state.json';

export const DEFAULT_REFINER_PHASES = ['draft', 'clarify', 'review', 'finalize'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

const question = z.union([
  z.string().min(1),
  z.object({ id: z.string().optional(), text: z.string().min(1), resolved: z.boolean().default(false) }),
]);
const finding = z.object({
  id: z.string().optional(),
  severity: z.enum(SEVERITIES),
  text: z.string().min(1),
  resolved: z.boolean().default(false),
});

const specRefinerState = z
  .object({
    spec: z.string().optional(),
    phases: z
      .array(z.string().min(1))
      .min(1)
      .default([...DEFAULT_REFINER_PHASES]),
    phase: z.string().min(1),
    status: z.enum(['in_progress', 'done']).default('in_progress'),
    iteration: z.number().int().min(0).default(1),
    max_iterations: z.number().int().min(1).optional(),
    open_questions: z.array(question).default([]),
    findings: z.array(finding).default([]),
    assumptions: z.array(z.string().min(1)).default([]),
  })
  .refine((state) => state.phases.includes(state.phase), {
    message: 'must be one of `phases`',
    path: ['phase'],
  });
export type SpecRefinerState = z.infer<typeof specRefinerState>;

function questionsOf(state: SpecRefinerState) {
  return state.open_questions.map((item) =>
    typeof item === 'string' ? { text: item, resolved: false } : { text: item.text, resolved: item.resolved },
  );
}

function severityCounts(state: SpecRefinerState, openOnly: boolean) {
  const counts: Partial<Record<(typeof SEVERITIES)[number], number>> = {};
  for (const item of state.findings) {
    if (openOnly && item.resolved) continue;
    counts[item.severity] = (counts[item.severity] ?? 0) + 1;
  }
  return counts;
}

/**
 * spec-refiner: a specification refined in phases and iterations, with open
 * questions, review findings by severity, and recorded assumptions. Progress:
 * each phase is an equal share; inside the current phase, the share of
 * questions and findings already resolved. `status: "done"` is 100.
 */
export const specRefinerPlugin: DejaPlugin<SpecRefinerState> = {
  name: 'spec-refiner',
  skills: ['spec-refiner', 'refine-spec', 'spec-refinement'],
  stateSchema: specRefinerState as unknown as z.ZodType<SpecRefinerState>,
  detect: (files) => files.read(SPEC_REFINER_STATE_FILE) !== null,
  readState(files) {
    const raw = files.read(SPEC_REFINER_STATE_FILE);
    if (raw === null) throw new Error(`${SPEC_REFINER_STATE_FILE} is missing`);
    return JSON.parse(raw) as unknown;
  },
  progress(state) {
    const phaseIndex = state.phases.indexOf(state.phase);
    const questions = questionsOf(state);
    const items = questions.length + state.findings.length;
    const resolved =
      questions.filter((item) => item.resolved).length +
      state.findings.filter((item) => item.resolved).length;
    const share = 100 / state.phases.length;
    const within = items === 0 ? 0 : resolved / items;
    const percent = state.status === 'done' ? 100 : clampPercent(phaseIndex * share + within * share);
    const open = questions.filter((item) => !item.resolved).length;
    const iteration = `iteration ${state.iteration}${state.max_iterations ? `/${state.max_iterations}` : ''}`;
    return {
      percent,
      label: `phase ${state.phase} (${phaseIndex + 1}/${state.phases.length}), ${iteration}, ${open} open question${open === 1 ? '' : 's'}`,
    };
  },
  resumptionContext(state) {
    const questions = questionsOf(state).filter((item) => !item.resolved);
    const open = severityCounts(state, true);
    const lines = [
      `## Spec refiner — phase ${state.phase}${state.status === 'done' ? ' (done)' : ''}`,
      `- Phases: ${state.phases.map((phase) => (phase === state.phase ? `**${phase}**` : phase)).join(' → ')}`,
      `- Iteration: ${state.iteration}${state.max_iterations ? ` of ${state.max_iterations}` : ''}${state.spec ? ` · spec: ${state.spec}` : ''}`,
    ];
    const counts = SEVERITIES.filter((severity) => open[severity]).map(
      (severity) => `${open[severity]} ${severity}`,
    );
    lines.push(`- Open findings: ${counts.length > 0 ? counts.join(', ') : 'none'}`);
    const urgent = state.findings.filter(
      (item) => !item.resolved && (item.severity === 'critical' || item.severity === 'high'),
    );
    for (const item of urgent.slice(0, 5)) lines.push(`  - [${item.severity}] ${item.text}`);
    if (questions.length > 0) {
      lines.push('- Open questions:', ...questions.slice(0, 8).map((item) => `  - ${item.text}`));
    } else {
      lines.push('- Open questions: none');
    }
    if (state.assumptions.length > 0) {
      lines.push('- Assumptions:', ...state.assumptions.slice(0, 8).map((item) => `  - ${item}`));
    }
    return lines.join('\n');
  },
};
