import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AppDeps } from '../app/deps.js';
import type { ToolProfile } from '../config.js';
import { VERSION } from '../version.js';
import type { Connection } from './connection.js';
import { toolEnabled } from './profiles.js';
import { registerCompactionTool } from './tools/compaction-tool.js';
import { registerEventTools } from './tools/event-tools.js';
import { registerGraphTool } from './tools/graph-tool.js';
import { registerLlmTool } from './tools/llm-tool.js';
import { registerMemoryTools } from './tools/memory-tools.js';
import { registerObservabilityTool } from './tools/observability-tool.js';
import { registerPermissionTools } from './tools/permission-tools.js';
import { registerProjectsTool } from './tools/projects-tool.js';
import { registerQualityTools } from './tools/quality-tools.js';
import { installReminderDelivery, registerReminderTools } from './tools/reminder-tools.js';
import { registerSearchTool } from './tools/search-tool.js';
import { registerSessionTools } from './tools/session-tools.js';
import { registerTeamTool } from './tools/team-tool.js';
import { registerTrackingTools } from './tools/tracking-tools.js';
import { registerWorktreeTool } from './tools/worktree-tool.js';

export interface BuildServerOptions {
  /** Working folder of the client (the project it works in). */
  cwd: string;
  profile?: ToolProfile;
}

export interface BuiltServer {
  server: McpServer;
  connection: Connection;
}

/** Builds a configured MCP server for one client connection; the caller picks the transport. */
export function buildServer(deps: AppDeps, options: BuildServerOptions): BuiltServer {
  const profile = options.profile ?? deps.config.tools;
  const server = new McpServer(
    { name: 'deja', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        "deja keeps this project's working memory. Search it first with search; remember what matters with memory_store; " +
        'record decisions and findings with session_record; end with session_end so the next session gets a hand-off.',
    },
  );
  const connection: Connection = {
    cwd: options.cwd,
    sessionId: null,
    clientName: null,
    ready: Promise.resolve(),
  };
  const enabled = (tool: string) => toolEnabled(profile, tool);
  // Before any tool is registered: due reminders ride on every tool result.
  installReminderDelivery(server, deps, connection);
  registerSessionTools(server, deps, connection, enabled);
  registerEventTools(server, deps, connection, enabled);
  registerMemoryTools(server, deps, connection, enabled);
  registerSearchTool(server, deps, connection, enabled);
  registerTrackingTools(server, deps, connection, enabled);
  registerLlmTool(server, deps, connection, enabled);
  registerObservabilityTool(server, deps, connection, enabled);
  registerQualityTools(server, deps, connection, enabled);
  registerWorktreeTool(server, deps, connection, enabled);
  registerCompactionTool(server, deps, connection, enabled);
  registerReminderTools(server, deps, connection, enabled);
  registerPermissionTools(server, deps, connection, enabled);
  registerGraphTool(server, deps, connection, enabled);
  registerProjectsTool(server, deps, connection, enabled);
  registerTeamTool(server, deps, connection, enabled);
  return { server, connection };
}
