import { z } from 'zod';
import type { PluginReport } from '../../core/plugins/plugin.js';

/** A session's plugin as session_start / session_resume report it. */
export const pluginView = z.object({
  name: z.string(),
  progress: z.number(),
  label: z.string(),
  resumption_context: z.string(),
  problem: z.string().nullable(),
});

export function toPluginView(report: PluginReport): z.infer<typeof pluginView> {
  return {
    name: report.name,
    progress: report.percent,
    label: report.label,
    resumption_context: report.context,
    problem: report.problem,
  };
}

/** One line for welcomes and texts: "Plugin spec-kit: 001-x: 3/7 tasks done (43%)". */
export function pluginLine(report: PluginReport): string {
  return `Plugin ${report.name}: ${report.label} (${report.percent}%)`;
}
