import { genericPlugin } from './generic.js';
import type { DejaPlugin, ProjectFiles } from './plugin.js';
import { specKitPlugin } from './spec-kit.js';
import { specRefinerPlugin } from './spec-refiner.js';

/** Any plugin (method parameters are bivariant, so typed plugins fit). */
export type AnyPlugin = DejaPlugin<unknown>;

/** Built-in plugins, most specific first; `generic` is the fallback and always last. */
export const BUILTIN_PLUGINS: readonly AnyPlugin[] = [specKitPlugin, specRefinerPlugin, genericPlugin];

/** The plugin that handles a skill name (case-insensitive), or null when none does. */
export function pluginForSkill(skill: string, plugins = BUILTIN_PLUGINS): AnyPlugin | null {
  const wanted = skill.trim().toLowerCase();
  return plugins.find((plugin) => plugin.name === wanted || plugin.skills.includes(wanted)) ?? null;
}

/**
 * The plugin for a session: the one the skill names; with no skill (or one no
 * plugin handles), the first whose layout the project folder has; else generic.
 */
export function selectPlugin(
  skill: string | null,
  files: ProjectFiles,
  plugins = BUILTIN_PLUGINS,
): AnyPlugin {
  const named = skill ? pluginForSkill(skill, plugins) : null;
  if (named) return named;
  return plugins.find((plugin) => plugin.name !== 'generic' && plugin.detect(files)) ?? genericPlugin;
}
