import { z } from 'zod';
import { QUALITY_KINDS } from './quality-types.js';

/** Input schemas of the quality use cases (snake_case, as the tools expose them), and the config section. */

export const MAX_TIMEOUT_S = 3600;
export const DEFAULT_TIMEOUT_S = 600;
export const MAX_REPORT_LIMIT = 200;
/** Bytes of output kept from the start and from the end of a run. */
export const OUTPUT_HEAD_BYTES = 64 * 1024;
export const OUTPUT_TAIL_BYTES = 64 * 1024;

const text = (max: number) => z.string().trim().min(1).max(max);

export const qualityRunInput = z.object({
  command: text(4000)
    .optional()
    .describe("Shell command to run in the project root; default: the project's configured test command"),
  kind: z
    .enum(QUALITY_KINDS)
    .optional()
    .describe('What it checks (default: from the configured name, else custom)'),
  timeout_s: z
    .number()
    .int()
    .min(1)
    .max(MAX_TIMEOUT_S)
    .optional()
    .describe(`Seconds before the process group is killed (default ${DEFAULT_TIMEOUT_S})`),
  session_id: text(64).optional(),
});
export type QualityRunInput = z.infer<typeof qualityRunInput>;

export const qualityReportInput = z.object({
  project: text(4096).optional().describe('Project id, name or path; default: the working directory'),
  limit: z.number().int().min(1).max(MAX_REPORT_LIMIT).default(20).describe('Runs in the trend'),
});
export type QualityReportInput = z.input<typeof qualityReportInput>;

/**
 * `[quality]` in config.toml (all projects) or `.deja/quality.toml` in a project:
 * `commands = { test = "npm test", lint = "npm run lint" }`, `timeoutSeconds = 600`.
 * Names other than test and lint are recorded as kind `custom`.
 */
export const qualityConfigSchema = z
  .object({
    commands: z.record(z.string().min(1).max(64), z.string().trim().min(1).max(4000)),
    timeoutSeconds: z.number().int().min(1).max(MAX_TIMEOUT_S),
  })
  .strict()
  .partial();
export type QualityConfig = z.infer<typeof qualityConfigSchema>;
