import { join, resolve } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { exportSessionToFile } from '../../app/events/export-events.js';
import { queryEvents } from '../../app/events/query-events.js';
import { recordEvent } from '../../app/events/record-event.js';
import { eventView, toEventView } from '../../app/views.js';
import { sessionExportInput, sessionQueryInput, sessionRecordInput } from '../../core/schemas.js';
import { type Connection, sessionForTool } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

/** session_record, session_query, session_export. */
export function registerEventTools(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (enabled('session_record')) {
    server.registerTool(
      'session_record',
      {
        description:
          'Record an event in the session log: a decision, finding, question, phase, tool call/response, checkpoint or custom note.',
        inputSchema: sessionRecordInput.shape,
        outputSchema: outputShape({ id: z.string(), session_id: z.string(), created_at: z.string() }),
      },
      ({ session_id, ...input }) =>
        runTool(deps.logger, 'session_record', async () => {
          const session = await sessionForTool(deps, connection, session_id);
          const event = await recordEvent(deps, session, input);
          return toolOk(
            { id: event.id, session_id: event.sessionId, created_at: event.createdAt },
            `Recorded ${event.category} ${event.id}.`,
          );
        }),
    );
  }

  if (enabled('session_query')) {
    server.registerTool(
      'session_query',
      {
        description:
          'List recorded events, newest first, filtered by category, type, keyword, time range, session or project; page with cursor.',
        inputSchema: sessionQueryInput.shape,
        outputSchema: outputShape({ events: z.array(eventView), next_cursor: z.string().nullable() }),
      },
      (input) =>
        runTool(deps.logger, 'session_query', async () => {
          const result = await queryEvents(deps, input);
          const lines = result.events.map(
            (event) =>
              `${event.createdAt} ${event.category}/${event.type}: ${event.text.split('\n').slice(1).join(' ').slice(0, 160)}`,
          );
          return toolOk(
            { events: result.events.map(toEventView), next_cursor: result.nextCursor },
            `${result.events.length} event(s)${result.nextCursor ? ' (more: pass next_cursor)' : ''}\n${lines.join('\n')}`,
          );
        }),
    );
  }

  if (enabled('session_export')) {
    server.registerTool(
      'session_export',
      {
        description: "Export a session's events as JSONL to a file.",
        inputSchema: sessionExportInput.shape,
        outputSchema: outputShape({ path: z.string(), events: z.number() }),
      },
      (input) =>
        runTool(deps.logger, 'session_export', async () => {
          const path = resolve(input.path ?? join(deps.config.home, 'exports', `${input.session_id}.jsonl`));
          const count = await exportSessionToFile(deps, input.session_id, path);
          return toolOk({ path, events: count }, `Exported ${count} event(s) to ${path}.`);
        }),
    );
  }
}
