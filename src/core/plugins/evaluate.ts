import { formatZodError } from '../validation.js';
import type { PluginReport, PluginSessionData, ProjectFiles } from './plugin.js';
import type { AnyPlugin } from './registry.js';

/**
 * Reads, validates and summarises one plugin's state. A broken state file
 * never fails the session: the report carries the problem instead.
 */
export function evaluatePlugin(
  plugin: AnyPlugin,
  files: ProjectFiles,
  session: PluginSessionData,
): PluginReport {
  let raw: unknown;
  try {
    raw = plugin.readState(files, session);
  } catch (error) {
    return broken(
      plugin.name,
      `could not read its state: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = plugin.stateSchema.safeParse(raw);
  if (!parsed.success) return broken(plugin.name, `invalid state: ${formatZodError(parsed.error)}`);
  const progress = plugin.progress(parsed.data);
  return {
    name: plugin.name,
    percent: progress.percent,
    label: progress.label,
    context: plugin.resumptionContext(parsed.data),
    problem: null,
  };
}

function broken(name: string, problem: string): PluginReport {
  return { name, percent: 0, label: problem, context: `## ${name}\n${problem}`, problem };
}
