import { z } from 'zod';
import { EVENT_CATEGORIES, OUTCOMES } from './types.js';

/**
 * Input schemas of the use cases, shared by every face (MCP tools, CLI, HTTP).
 * Field names are snake_case as the tools expose them.
 */

export const MAX_QUERY_LIMIT = 500;

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  message: 'must be an ISO-8601 date or date-time, such as 2026-11-24 or 2026-11-24T09:30:00Z',
});

const text = (max: number) => z.string().min(1).max(max);

export const sessionStartInput = z.object({
  project_path: text(4096).optional().describe('Folder of the project; default: the working directory'),
  goal: text(2000).optional().describe('What this session should achieve'),
  skill: text(100).optional(),
  type: text(100).optional().describe('e.g. feature, bugfix, refactor'),
  model: text(200).optional(),
  estimate_minutes: z.number().positive().max(10_080).optional().describe('Human-estimated effort'),
});
export type SessionStartInput = z.infer<typeof sessionStartInput>;

export const sessionCheckpointInput = z.object({
  name: text(200).optional(),
  summary: text(10_000).optional(),
  git_commit: z.boolean().optional().describe('Also commit all changes as a checkpoint commit'),
});
export type SessionCheckpointInput = z.infer<typeof sessionCheckpointInput>;

export const sessionEndInput = z.object({
  outcome: z.enum(OUTCOMES).default('success'),
  notes: text(20_000).optional().describe('What is left to do, for the next session'),
  write_to_project: z.boolean().optional().describe('Also write the hand-off into <project>/.deja/handoffs/'),
});
export type SessionEndInput = z.input<typeof sessionEndInput>;

export const sessionResumeInput = z.object({
  target: text(200).optional().describe('"latest" (default), a checkpoint name, or a session id'),
  project_path: text(4096).optional(),
});
export type SessionResumeInput = z.infer<typeof sessionResumeInput>;

export const sessionStatusInput = z.object({
  session_id: text(64).optional(),
});
export type SessionStatusInput = z.infer<typeof sessionStatusInput>;

export const sessionRecordInput = z.object({
  category: z.enum(EVENT_CATEGORIES),
  type: text(100).optional().describe('Sub-type; default: the category'),
  data: z
    .union([z.string().max(262_144), z.record(z.string(), z.unknown())])
    .optional()
    .describe('Text, or a JSON object (e.g. {"file": "...", "summary": "..."})'),
  session_id: text(64).optional(),
});
export type SessionRecordInput = z.infer<typeof sessionRecordInput>;

export const sessionQueryInput = z.object({
  category: z.enum(EVENT_CATEGORIES).optional(),
  type: text(100).optional(),
  keyword: text(500).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  session_id: text(64).optional(),
  project: text(4096).optional().describe('Project id, name or path'),
  limit: z.number().int().min(1).max(MAX_QUERY_LIMIT).default(50),
  cursor: text(200).optional(),
});
export type SessionQueryInput = z.input<typeof sessionQueryInput>;

export const sessionExportInput = z.object({
  session_id: text(64),
  path: text(4096).optional().describe('File to write; default: <DEJA_HOME>/exports/<session>.jsonl'),
});
export type SessionExportInput = z.infer<typeof sessionExportInput>;
