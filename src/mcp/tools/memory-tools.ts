import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { forgetMemories, resetMemories } from '../../app/memory/forget-memory.js';
import { importSummary, readMemoriesFile, writeMemoriesFile } from '../../app/memory/memory-file.js';
import { memoryStats } from '../../app/memory/memory-stats.js';
import { storeMemory } from '../../app/memory/store-memory.js';
import { findProjectByRef } from '../../app/sessions/ensure-project.js';
import {
  memoryForgetInput,
  memoryResetInput,
  memoryStatsInput,
  memoryStoreInput,
  memoryTransferInput,
} from '../../core/search-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

/** memory_store, memory_forget, memory_reset, memory_stats, memory_transfer. */
export function registerMemoryTools(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (enabled('memory_store')) {
    server.registerTool(
      'memory_store',
      {
        description:
          'Remember something for later sessions (a decision, insight, learning or reflection). Same text again returns the same id.',
        inputSchema: memoryStoreInput.shape,
        outputSchema: outputShape({ id: z.string(), deduplicated: z.boolean(), project: z.string() }),
      },
      (input) =>
        runTool(deps.logger, 'memory_store', async () => {
          await connection.ready;
          const { memory, deduplicated } = await storeMemory(deps, input, {
            cwd: connection.cwd,
            sessionId: connection.sessionId,
            source: 'tool',
          });
          const project = memory.projectId ?? '';
          return toolOk(
            { id: memory.id, deduplicated, project },
            deduplicated ? `Already remembered as ${memory.id}.` : `Remembered ${memory.kind} ${memory.id}.`,
          );
        }),
    );
  }

  if (enabled('memory_forget')) {
    server.registerTool(
      'memory_forget',
      {
        description:
          'Delete memories by id, or by a query (every word must match) with confirm: true; without confirm a query only previews.',
        inputSchema: memoryForgetInput.shape,
        outputSchema: outputShape({
          matched: z.array(z.string()),
          deleted: z.number(),
          preview: z.boolean(),
        }),
      },
      (input) =>
        runTool(deps.logger, 'memory_forget', async () => {
          const result = await forgetMemories(deps, input);
          const text = result.preview
            ? `${result.matched.length} memories match; pass confirm: true to delete them.`
            : `Deleted ${result.deleted} memories.`;
          return toolOk({ ...result }, text);
        }),
    );
  }

  if (enabled('memory_reset')) {
    server.registerTool(
      'memory_reset',
      {
        description: 'Delete every memory (of one project, if given). Requires confirm: true.',
        inputSchema: memoryResetInput.shape,
        outputSchema: outputShape({ deleted: z.number() }),
      },
      (input) =>
        runTool(deps.logger, 'memory_reset', async () => {
          const result = await resetMemories(deps, input);
          return toolOk(result, `Deleted ${result.deleted} memories.`);
        }),
    );
  }

  if (enabled('memory_stats')) {
    server.registerTool(
      'memory_stats',
      {
        description: 'Counts of memories by kind, project and source, with the oldest and newest dates.',
        inputSchema: memoryStatsInput.shape,
        outputSchema: outputShape({
          total: z.number(),
          byKind: z.record(z.string(), z.number()),
          byProject: z.record(z.string(), z.number()),
          bySource: z.record(z.string(), z.number()),
          oldest: z.string().nullable(),
          newest: z.string().nullable(),
        }),
      },
      (input) =>
        runTool(deps.logger, 'memory_stats', async () => {
          const stats = await memoryStats(deps, input);
          return toolOk({ ...stats }, `${stats.total} memories.`);
        }),
    );
  }

  if (enabled('memory_transfer')) {
    server.registerTool(
      'memory_transfer',
      {
        description:
          'Export memories to a JSONL file, or import them from one (re-importing adds nothing; bad lines are skipped and listed).',
        inputSchema: memoryTransferInput.shape,
        outputSchema: outputShape({
          action: z.enum(['export', 'import']),
          path: z.string(),
          count: z.number(),
          read: z.number().optional(),
          duplicates: z.number().optional(),
          skipped: z.number().optional(),
          problems: z.array(z.object({ line: z.number(), reason: z.string() })).optional(),
        }),
      },
      (input) =>
        runTool(deps.logger, 'memory_transfer', async () => {
          await connection.ready;
          const cwd = connection.cwd;
          if (input.action === 'export') {
            const projectId = input.project ? (await findProjectByRef(deps, input.project)).id : undefined;
            const written = await writeMemoriesFile(deps, {
              path: input.path,
              cwd,
              overwrite: input.overwrite ?? false,
              ...(projectId ? { projectId } : {}),
            });
            return toolOk(
              { action: 'export', path: written.path, count: written.count },
              `Exported ${written.count} memories to ${written.path}.`,
            );
          }
          const report = await readMemoriesFile(deps, { path: input.path, cwd });
          return toolOk(
            {
              action: 'import',
              path: report.path,
              count: report.inserted,
              read: report.read,
              duplicates: report.duplicates,
              skipped: report.skipped,
              problems: report.problems,
            },
            importSummary(report),
          );
        }),
    );
  }
}
