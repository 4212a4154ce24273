// A no-op MCP server over stdio with a tool shaped like session_record: the
// protocol floor (SDK + pipes + JSON) that every stdio tool call pays, measured
// by the same harness as deja so the two figures can be read side by side.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'noop', version: '1.0.0' });
server.registerTool(
  'session_record',
  {
    inputSchema: { category: z.string(), type: z.string().optional(), data: z.unknown() },
    outputSchema: { id: z.string() },
  },
  async () => ({ content: [{ type: 'text', text: 'Recorded.' }], structuredContent: { id: 'noop' } }),
);
await server.connect(new StdioServerTransport());
