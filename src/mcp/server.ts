import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AppDeps } from '../app/deps.js';
import type { ToolProfile } from '../config.js';
import { VERSION } from '../version.js';
import type { Connection } from './connection.js';
import { toolEnabled } from './profiles.js';
import { registerEventTools } from './tools/event-tools.js';
import { registerMemoryTools } from './tools/memory-tools.js';
import { registerSearchTool } from './tools/search-tool.js';
import { registerSessionTools } from './tools/session-tools.js';
import { registerTrackingTools } from './tools/tracking-tools.js';

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
  registerSessionTools(server, deps, connection, enabled);
  registerEventTools(server, deps, connection, enabled);
  registerMemoryTools(server, deps, connection, enabled);
  registerSearchTool(server, deps, connection, enabled);
  registerTrackingTools(server, deps, connection, enabled);
  return { server, connection };
}
