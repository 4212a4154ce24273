import { z } from 'zod';
import { EVENT_CATEGORIES, MEMORY_KINDS, MESSAGE_ROLES, SEARCH_SOURCES } from './types.js';

/** Input schemas of memory and search use cases (snake_case, as the tools expose them). */

export const MAX_MEMORY_CHARS = 32_768;
export const MAX_SEARCH_LIMIT = 100;

const text = (max: number) => z.string().min(1).max(max);
const tag = z
  .string()
  .min(1)
  .max(64)
  .regex(/[\p{L}\p{N}]/u, 'must contain a letter or digit');

export const memoryStoreInput = z.object({
  content: z.string().max(MAX_MEMORY_CHARS).describe('What to remember'),
  kind: z.enum(MEMORY_KINDS).default('reflection'),
  tags: z.array(tag).max(20).optional(),
  project: text(4096).optional().describe('Project id, name or path; default: cwd'),
  confidence: z.number().min(0).max(1).optional(),
  title: text(200).optional().describe('Learnings: short title'),
  category: text(100).optional().describe('Learnings: e.g. testing, security'),
  session_id: text(64).optional(),
  // Teams: share with this team (name or id). No description and no length here: the core
  // profile's tools/list stays under 8 KB; store-memory.ts checks it and names the field.
  team: z.string().optional(),
});
export type MemoryStoreInput = z.input<typeof memoryStoreInput>;

export const memoryForgetInput = z.object({
  ids: z.array(text(64)).max(1000).optional().describe('Memory ids to delete'),
  query: text(1000).optional().describe('Delete the memories matching every word of this query'),
  project: text(4096).optional(),
  confirm: z.boolean().optional().describe('Required with query: true deletes, otherwise a preview'),
});
export type MemoryForgetInput = z.infer<typeof memoryForgetInput>;

export const memoryResetInput = z.object({
  confirm: z.boolean().optional().describe('Must be true: deletes every memory (of the project, if given)'),
  project: text(4096).optional(),
});
export type MemoryResetInput = z.infer<typeof memoryResetInput>;

export const memoryStatsInput = z.object({ project: text(4096).optional() });

export const memoryTransferInput = z.object({
  action: z.enum(['export', 'import']),
  path: text(4096).describe('JSONL file, relative to the project folder or absolute'),
  project: text(4096).optional().describe('export: only this project'),
  overwrite: z.boolean().optional().describe('export: replace an existing file'),
});
export type MemoryTransferInput = z.infer<typeof memoryTransferInput>;
export type MemoryStatsInput = z.infer<typeof memoryStatsInput>;

export const SEARCH_MODES = [
  'ranked',
  'quick',
  'summary',
  'suggest',
  'errors',
  'code',
  'concept',
  'metrics',
] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** What `kind` may name: a memory kind, a document source or an event category (roles go in `role`). */
export const SEARCH_KINDS = [
  ...new Set<string>([...MEMORY_KINDS, ...SEARCH_SOURCES, ...EVENT_CATEGORIES]),
] as [string, ...string[]];

export const searchInput = z.object({
  query: z.string().max(1000).optional(),
  mode: z.enum(SEARCH_MODES).default('ranked'),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(10),
  cursor: text(1000).optional(),
  project: text(4096).optional().describe('id, name or path'),
  session_id: text(64).optional(),
  kind: z.enum(SEARCH_KINDS).optional(),
  tags: z.array(tag).max(10).optional(),
  category: text(100).optional(),
  role: z.enum(MESSAGE_ROLES).optional(),
  file: text(1000).optional().describe('Part of a file path'),
  since: text(100).optional().describe('e.g. yesterday, last week, march, 2026-03-01'),
  until: text(100).optional(),
  min_confidence: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().min(50).max(20_000).optional().describe('for all snippets'),
});
export type SearchInput = z.input<typeof searchInput>;
export type ParsedSearchInput = z.output<typeof searchInput>;
