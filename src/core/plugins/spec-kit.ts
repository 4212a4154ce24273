import { z } from 'zod';
import { clampPercent, type DejaPlugin, type ProjectFiles } from './plugin.js';

/**
 * GitHub spec-kit: one folder per feature under `specs/` (`001-photo-albums/`)
 * holding `spec.md` (/specify), `plan.md` (/plan) and `tasks.md` (/tasks), whose
 * `- [ ]` / `- [x]` items /implement ticks off.
 */
const task = z.object({ id: z.string().nullable(), text: z.string(), done: z.boolean() });
const feature = z.object({
  name: z.string(),
  spec: z.boolean(),
  plan: z.boolean(),
  tasksFile: z.boolean(),
  tasks: z.array(task),
});
const specKitState = z.object({
  features: z.array(feature),
  current: z.string().nullable(),
});
export type SpecKitState = z.infer<typeof specKitState>;
type Feature = z.infer<typeof feature>;

const TASK_LINE = /^\s*[-*]\s+\[( |x|X)\]\s+(.*)$/;
const TASK_ID = /^(T\d+)\b\s*/;

export function parseTasks(markdown: string): Feature['tasks'] {
  const tasks: Feature['tasks'] = [];
  for (const line of markdown.split('\n')) {
    const match = TASK_LINE.exec(line);
    if (!match) continue;
    const body = (match[2] ?? '').trim();
    const id = TASK_ID.exec(body)?.[1] ?? null;
    tasks.push({ id, text: body, done: match[1] !== ' ' });
  }
  return tasks;
}

function featureNames(files: ProjectFiles): string[] {
  return files.list('specs', true);
}

function commands(state: Feature) {
  const done = state.tasks.filter((item) => item.done).length;
  const total = state.tasks.length;
  return {
    specify: state.spec,
    plan: state.plan,
    tasks: state.tasksFile,
    implement: total > 0 && done === total ? 'done' : done > 0 ? 'in progress' : 'not started',
    done,
    total,
  };
}

function currentFeature(state: SpecKitState): Feature | null {
  return state.features.find((item) => item.name === state.current) ?? null;
}

export const specKitPlugin: DejaPlugin<SpecKitState> = {
  name: 'spec-kit',
  skills: ['spec-kit', 'speckit', 'spec-driven', 'specify'],
  stateSchema: specKitState,
  detect: (files) => featureNames(files).some((name) => files.read(`specs/${name}/tasks.md`) !== null),
  readState(files, session) {
    const features = featureNames(files).map((name) => {
      const tasks = files.read(`specs/${name}/tasks.md`);
      return {
        name,
        spec: files.read(`specs/${name}/spec.md`) !== null,
        plan: files.read(`specs/${name}/plan.md`) !== null,
        tasksFile: tasks !== null,
        tasks: tasks === null ? [] : parseTasks(tasks),
      };
    });
    // spec-kit names the feature branch after the folder; else the newest unfinished feature.
    const byBranch = features.find((item) => session.branch !== null && item.name === session.branch);
    const unfinished = features.filter((item) => commands(item).implement !== 'done');
    const current = byBranch ?? unfinished.at(-1) ?? features.at(-1) ?? null;
    return { features, current: current?.name ?? null };
  },
  progress(state) {
    const current = currentFeature(state);
    if (!current) return { percent: 0, label: 'no feature under specs/ yet' };
    const status = commands(current);
    if (status.total === 0) {
      const steps = [status.specify, status.plan, status.tasks].filter(Boolean).length;
      return { percent: clampPercent(steps * 10), label: `${current.name}: no tasks yet` };
    }
    return {
      percent: clampPercent((100 * status.done) / status.total),
      label: `${current.name}: ${status.done}/${status.total} tasks done`,
    };
  },
  resumptionContext(state) {
    const current = currentFeature(state);
    if (!current) return '## Spec Kit\nNo feature under `specs/` yet: start with /specify.';
    const status = commands(current);
    const mark = (done: boolean) => (done ? 'done' : 'not done');
    const lines = [
      `## Spec Kit — feature ${current.name}`,
      `- /specify: ${mark(status.specify)} · /plan: ${mark(status.plan)} · /tasks: ${mark(status.tasks)} · /implement: ${status.implement}${status.total > 0 ? ` (${status.done}/${status.total} tasks)` : ''}`,
    ];
    const open = current.tasks.filter((item) => !item.done);
    if (open.length > 0) {
      lines.push('- Next open tasks:', ...open.slice(0, 5).map((item) => `  - [ ] ${item.text}`));
      if (open.length > 5) lines.push(`  - … and ${open.length - 5} more in specs/${current.name}/tasks.md`);
    } else if (!status.specify) {
      lines.push('- Next: /specify');
    } else if (!status.plan) {
      lines.push('- Next: /plan');
    } else if (!status.tasks) {
      lines.push('- Next: /tasks');
    }
    const others = state.features.filter((item) => item.name !== current.name);
    if (others.length > 0) {
      lines.push(
        '- Other features:',
        ...others.map((item) => {
          const other = commands(item);
          return `  - ${item.name}: ${other.total > 0 ? `${other.done}/${other.total} tasks` : 'no tasks'}`;
        }),
      );
    }
    return lines.join('\n');
  },
};
