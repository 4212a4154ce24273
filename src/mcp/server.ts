import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AppDeps } from '../app/deps.js';
import type { ToolProfile } from '../config.js';
import { VERSION } from '../version.js';
import type { Connection } from './connection.js';
import { toolEnabled } from './profiles.js';
import { installReminderDelivery } from './tools/reminder-tools.js';

type RegisterTools = (
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: (tool: string) => boolean,
) => void;

/**
 * The tool modules in `tools/list` order, with the tools each registers. Only
 * modules with an enabled tool are loaded: the core profile's six tools need
 * three of fifteen, which keeps the rest (and the use cases behind them) out
 * of every server's start. server.test.ts checks the names against what each
 * module registers.
 */
export const TOOL_MODULES: readonly { tools: readonly string[]; load: () => Promise<RegisterTools> }[] = [
  {
    tools: ['session_start', 'session_checkpoint', 'session_end', 'session_status', 'session_resume'],
    load: async () => (await import('./tools/session-tools.js')).registerSessionTools,
  },
  {
    tools: ['session_record', 'session_query', 'session_export'],
    load: async () => (await import('./tools/event-tools.js')).registerEventTools,
  },
  {
    tools: ['memory_store', 'memory_forget', 'memory_reset', 'memory_stats', 'memory_transfer'],
    load: async () => (await import('./tools/memory-tools.js')).registerMemoryTools,
  },
  { tools: ['search'], load: async () => (await import('./tools/search-tool.js')).registerSearchTool },
  {
    tools: [
      'log_interaction',
      'flag_issue',
      'log_code_metrics',
      'context_preserve',
      'context_restore',
      'activity',
      'tracking_list',
    ],
    load: async () => (await import('./tools/tracking-tools.js')).registerTrackingTools,
  },
  { tools: ['llm'], load: async () => (await import('./tools/llm-tool.js')).registerLlmTool },
  {
    tools: ['get_observability'],
    load: async () => (await import('./tools/observability-tool.js')).registerObservabilityTool,
  },
  {
    tools: ['quality_run', 'quality_report'],
    load: async () => (await import('./tools/quality-tools.js')).registerQualityTools,
  },
  { tools: ['worktree'], load: async () => (await import('./tools/worktree-tool.js')).registerWorktreeTool },
  {
    tools: ['compaction_advice'],
    load: async () => (await import('./tools/compaction-tool.js')).registerCompactionTool,
  },
  {
    tools: ['reminder_create', 'reminder_list', 'reminder_cancel'],
    load: async () => (await import('./tools/reminder-tools.js')).registerReminderTools,
  },
  {
    tools: ['permissions'],
    load: async () => (await import('./tools/permission-tools.js')).registerPermissionTools,
  },
  { tools: ['graph'], load: async () => (await import('./tools/graph-tool.js')).registerGraphTool },
  { tools: ['projects'], load: async () => (await import('./tools/projects-tool.js')).registerProjectsTool },
  { tools: ['team'], load: async () => (await import('./tools/team-tool.js')).registerTeamTool },
];

export interface BuildServerOptions {
  /** Working folder of the client (the project it works in). */
  cwd: string;
  profile?: ToolProfile;
}

export interface BuiltServer {
  server: McpServer;
  connection: Connection;
}

/** Builds a configured MCP server for one client connection (loading the enabled tools' modules); the caller picks the transport. */
export async function buildServer(deps: AppDeps, options: BuildServerOptions): Promise<BuiltServer> {
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
  const wanted = TOOL_MODULES.filter((module) => module.tools.some(enabled));
  for (const register of await Promise.all(wanted.map((module) => module.load()))) {
    register(server, deps, connection, enabled);
  }
  return { server, connection };
}
