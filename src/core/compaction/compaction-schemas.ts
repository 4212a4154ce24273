import { z } from 'zod';

export const compactionAdviceInput = z.object({
  transcript_path: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      "Claude Code or Codex JSONL transcript; default: the newest Claude Code transcript of the session's folder",
    ),
  session_id: z.string().min(1).max(64).optional().describe('deja session (default: the current one)'),
  context_window: z
    .number()
    .int()
    .min(1000)
    .max(10_000_000)
    .optional()
    .describe("Tokens; default: from the transcript's model (200k when unknown)"),
  prepare: z.boolean().optional().describe('Also store a compact summary as checkpoint "compaction-summary"'),
  budget_tokens: z.number().int().min(100).max(20_000).optional().describe('Summary size (default 1500)'),
});
export type CompactionAdviceInput = z.infer<typeof compactionAdviceInput>;
