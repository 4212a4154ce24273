import { UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { ProjectsInput } from '../../core/projects/project-schemas.js';
import type { ProjectDependency, ProjectGroup } from '../../core/projects/project-types.js';
import type { Project } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';
import { type CrossProjectResult, crossProjectSearch, type SearchedProject } from './cross-project-search.js';
import { type ProjectInsights, projectInsights } from './project-insights.js';

export interface ProjectsContext {
  cwd: string;
}

export interface ProjectsResult {
  action: ProjectsInput['action'];
  /** The project the action was about (the current one unless `project` named another). */
  project: Project | null;
  projects: (Project & { groups: string[] })[];
  groups: ProjectGroup[];
  dependencies: ProjectDependency[];
  insights: ProjectInsights | null;
  searched: SearchedProject[];
  results: CrossProjectResult[];
  /** list: projects; group/ungroup: members added or removed; depend/undepend: dependencies added or removed; search: results. */
  count: number;
}

/** Dependency cycles are looked for this far (hops). */
const CYCLE_SEARCH_DEPTH = 100;

function required<T>(value: T | undefined, field: string, action: string, hint?: string): T {
  if (value === undefined) throw new UserError(field, `is required for ${action}`, hint);
  return value;
}

async function currentProject(deps: AppDeps, input: ProjectsInput, ctx: ProjectsContext): Promise<Project> {
  if (input.project !== undefined) return findProjectByRef(deps, input.project, 'project');
  return (await ensureProject(deps, ctx.cwd, 'project')).project;
}

async function projectsNamed(deps: AppDeps, refs: string[]): Promise<Project[]> {
  const found: Project[] = [];
  for (const [i, ref] of refs.entries()) found.push(await findProjectByRef(deps, ref, `projects[${i}]`));
  return found;
}

/** `projects` tool and `deja projects`: list, group, ungroup, depend, undepend, insights, search. */
export async function manageProjects(
  deps: AppDeps,
  input: ProjectsInput,
  ctx: ProjectsContext,
): Promise<ProjectsResult> {
  const { action } = input;
  const at = deps.clock.now().toISOString();
  const base = (over: Partial<ProjectsResult>): ProjectsResult => ({
    action,
    project: null,
    projects: [],
    groups: [],
    dependencies: [],
    insights: null,
    searched: [],
    results: [],
    count: 0,
    ...over,
  });

  switch (action) {
    case 'list': {
      const [projects, groups, dependencies] = await Promise.all([
        deps.store.listProjects(),
        deps.store.listProjectGroups(),
        deps.store.listProjectDependencies(),
      ]);
      const groupsOf = (id: string) => groups.filter((g) => g.projectIds.includes(id)).map((g) => g.name);
      const listed = projects.map((project) => ({ ...project, groups: groupsOf(project.id) }));
      return base({ projects: listed, groups, dependencies, count: listed.length });
    }
    case 'group': {
      const name = required(input.group, 'group', action, 'the group to add projects to');
      const members =
        input.projects !== undefined
          ? await projectsNamed(deps, input.projects)
          : [await currentProject(deps, input, ctx)];
      const before = (await deps.store.getProjectGroup(name))?.projectIds ?? [];
      const group = await deps.store.addToProjectGroup(
        { id: newId(deps.clock.now()), name, description: input.description ?? null, at },
        members.map((project) => project.id),
      );
      return base({ groups: [group], count: group.projectIds.length - before.length });
    }
    case 'ungroup': {
      const name = required(input.group, 'group', action);
      const members = input.projects !== undefined ? await projectsNamed(deps, input.projects) : null;
      const existing = await deps.store.getProjectGroup(name);
      const removed = await deps.store.removeFromProjectGroup(
        name,
        members?.map((project) => project.id) ?? null,
      );
      if (!removed || !existing) {
        throw new UserError(
          'group',
          `${JSON.stringify(name)} was not found`,
          'list groups with action "list"',
        );
      }
      const after = members === null ? null : await deps.store.getProjectGroup(name);
      return base({ groups: after ? [after] : [], count: removed.removed });
    }
    case 'depend':
    case 'undepend': {
      const from = await currentProject(deps, input, ctx);
      const to = await findProjectByRef(
        deps,
        required(input.on, 'on', action, 'the project it depends on'),
        'on',
      );
      if (action === 'undepend') {
        const removed = await deps.store.removeProjectDependencies(from.id, to.id, input.type);
        return base({
          project: from,
          dependencies: await deps.store.listProjectDependencies(from.id),
          count: removed,
        });
      }
      if (from.id === to.id) {
        throw new UserError(
          'on',
          'must name another project: a project cannot depend on itself (a cycle A → A)',
        );
      }
      const back = await deps.store.dependencyDistances(to.id, CYCLE_SEARCH_DEPTH, 'out');
      if (back.some((entry) => entry.projectId === from.id)) {
        throw new UserError(
          'on',
          `would close a dependency cycle: ${to.name} already depends on ${from.name}`,
          'remove the other dependency first (action "undepend")',
        );
      }
      const before = (await deps.store.listProjectDependencies(from.id)).length;
      await deps.store.addProjectDependency({
        id: newId(deps.clock.now()),
        fromId: from.id,
        toId: to.id,
        type: input.type ?? 'uses',
        createdAt: at,
      });
      const dependencies = await deps.store.listProjectDependencies(from.id);
      return base({ project: from, dependencies, count: dependencies.length - before });
    }
    case 'insights': {
      const project = await currentProject(deps, input, ctx);
      return base({ project, insights: await projectInsights(deps, project, input.days), count: 1 });
    }
    case 'search': {
      const query = required(input.query, 'query', action, 'the words to search for');
      const origin = await currentProject(deps, input, ctx);
      let groupProjectIds: string[] | undefined;
      if (input.group !== undefined) {
        const group = await deps.store.getProjectGroup(input.group);
        if (!group) {
          throw new UserError(
            'group',
            `${JSON.stringify(input.group)} was not found`,
            'list groups with action "list"',
          );
        }
        groupProjectIds = group.projectIds;
      }
      const found = await crossProjectSearch(deps, {
        query,
        origin,
        groupProjectIds,
        depth: input.depth,
        limit: input.limit,
      });
      return base({
        project: origin,
        searched: found.projects,
        results: found.results,
        count: found.results.length,
      });
    }
  }
}

export function toGroupView(group: ProjectGroup) {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    projects: group.projectIds,
    created_at: group.createdAt,
    updated_at: group.updatedAt,
  };
}

export function toDependencyView(dependency: ProjectDependency) {
  return {
    id: dependency.id,
    from: dependency.fromId,
    to: dependency.toId,
    type: dependency.type,
    created_at: dependency.createdAt,
  };
}

/** The structured result shared by the tool and `--json`. */
export function toProjectsView(result: ProjectsResult) {
  return {
    action: result.action,
    project: result.project ? { id: result.project.id, name: result.project.name } : null,
    projects: result.projects.map((project) => ({
      id: project.id,
      name: project.name,
      root_path: project.rootPath,
      groups: project.groups,
    })),
    groups: result.groups.map(toGroupView),
    dependencies: result.dependencies.map(toDependencyView),
    insights: result.insights,
    searched: result.searched,
    results: result.results,
    count: result.count,
  };
}

/** A short text for a projects result. */
export function projectsText(result: ProjectsResult): string {
  const name = result.project?.name ?? '';
  switch (result.action) {
    case 'list': {
      if (result.projects.length === 0) return 'No projects yet.';
      const names = new Map(result.projects.map((p) => [p.id, p.name]));
      const deps = (id: string) =>
        result.dependencies
          .filter((d) => d.fromId === id)
          .map((d) => `${d.type} ${names.get(d.toId) ?? d.toId}`);
      return [
        `${result.projects.length} project(s):`,
        ...result.projects.map((p) => {
          const extra = [
            p.groups.length ? `groups: ${p.groups.join(', ')}` : '',
            deps(p.id).length ? `→ ${deps(p.id).join(', ')}` : '',
          ].filter(Boolean);
          return `- ${p.name} (${p.id})${extra.length ? ` ${extra.join('; ')}` : ''}`;
        }),
      ].join('\n');
    }
    case 'group':
    case 'ungroup': {
      const group = result.groups[0];
      const verb = result.action === 'group' ? 'Added' : 'Removed';
      return group
        ? `${verb} ${result.count} project(s); group ${group.name} has ${group.projectIds.length}.`
        : `Removed group (${result.count} member(s)).`;
    }
    case 'depend':
      return `${name} now has ${result.dependencies.filter((d) => d.fromId === result.project?.id).length} dependenc(ies) (${result.count} added).`;
    case 'undepend':
      return `Removed ${result.count} dependenc(ies) of ${name}.`;
    case 'insights': {
      const insights = result.insights;
      if (!insights) return 'No insights.';
      const t = insights.activity.totals;
      return [
        `${insights.project.name} since ${insights.since.slice(0, 10)}: ${t.events} events, ${t.messages} messages, ${t.memories} memories on ${t.active_days} day(s).`,
        `Topics: ${insights.topics.map((topic) => `${topic.term} (${topic.count})`).join(', ') || 'none yet'}`,
        ...(insights.recurring_errors.length
          ? ['Recurring errors:', ...insights.recurring_errors.map((e) => `- ${e.count}× ${e.pattern}`)]
          : ['No recurring errors.']),
      ].join('\n');
    }
    case 'search':
      return result.results.length === 0
        ? `No results in ${result.searched.length} project(s).`
        : [
            `${result.results.length} result(s) from ${result.searched.length} project(s):`,
            ...result.results.map(
              (r) =>
                `- [${r.project ?? r.project_id} d=${r.distance}] ${r.score} ${r.snippet.replace(/\s+/g, ' ').slice(0, 120)}`,
            ),
          ].join('\n');
  }
}
