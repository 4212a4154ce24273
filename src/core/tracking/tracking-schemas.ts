import { z } from 'zod';
import { ISSUE_SEVERITIES, ISSUE_TYPES } from './tracking-types.js';

/** Input schemas of the tracking use cases (snake_case, as the tools expose them). */

export const MAX_METRIC_FILES = 500;
export const MAX_TRACKING_LIMIT = 500;
export const DEFAULT_GAP_MINUTES = 30;

const text = (max: number) => z.string().trim().min(1).max(max);
const filePath = text(4096);

export const logInteractionInput = z.object({
  prompt: text(20_000).describe('What was asked'),
  response_summary: text(20_000).describe('What the assistant did or answered, in short'),
  rating: z
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .describe('How useful the answer was, 1 (poor) to 5 (great)'),
  files: z.array(filePath).max(1000).optional().describe('Files the interaction touched'),
  session_id: text(64).optional(),
});
export type LogInteractionInput = z.infer<typeof logInteractionInput>;

export const flagIssueInput = z.object({
  type: z.enum(ISSUE_TYPES),
  description: text(20_000),
  severity: z.enum(ISSUE_SEVERITIES).default('medium'),
  session_id: text(64).optional(),
});
export type FlagIssueInput = z.input<typeof flagIssueInput>;

export const logCodeMetricsInput = z.object({
  files: z
    .array(filePath)
    .min(1)
    .max(MAX_METRIC_FILES)
    .describe('Source files (relative to the project root, or absolute inside it)'),
  session_id: text(64).optional(),
});
export type LogCodeMetricsInput = z.infer<typeof logCodeMetricsInput>;

export const contextPreserveInput = z.object({
  name: text(200).optional().describe('Name to restore it by; default: "context <time>"'),
  content: text(50_000).optional().describe('Anything else to keep (plan, open threads)'),
  session_id: text(64).optional(),
});
export type ContextPreserveInput = z.infer<typeof contextPreserveInput>;

export const contextRestoreInput = z.object({
  id: text(64).optional().describe('Snapshot id'),
  name: text(200).optional().describe('Snapshot name (the newest of that name)'),
  project: text(4096).optional().describe('Project id, name or path; default: the working directory'),
});
export type ContextRestoreInput = z.infer<typeof contextRestoreInput>;

const range = {
  project: text(4096).optional().describe('Project id, name or path; default: the working directory'),
  session_id: text(64).optional(),
  since: text(100).optional().describe('e.g. yesterday, last week, 2026-03-01'),
  until: text(100).optional(),
};

export const activityInput = z.object({
  ...range,
  gap_minutes: z
    .number()
    .min(1)
    .max(10_080)
    .default(DEFAULT_GAP_MINUTES)
    .describe('Idle gap that counts as an interruption'),
  limit: z.number().int().min(1).max(MAX_TRACKING_LIMIT).default(50).describe('Most-touched files to list'),
});
export type ActivityInput = z.input<typeof activityInput>;

export const TRACKING_LISTS = ['interactions', 'issues', 'metrics', 'snapshots'] as const;
export type TrackingList = (typeof TRACKING_LISTS)[number];

export const trackingListInput = z.object({
  kind: z.enum(TRACKING_LISTS),
  ...range,
  path: text(4096).optional().describe('metrics: only this file (relative path)'),
  limit: z.number().int().min(1).max(MAX_TRACKING_LIMIT).default(50),
});
export type TrackingListInput = z.input<typeof trackingListInput>;
