/**
 * Whether a tool name belongs to deja's own MCP server, whose traffic is not
 * re-imported from transcripts (deja already recorded it first-hand).
 *
 * - Claude Code: `mcp__<server>__<tool>`, or for plugin-provided servers
 *   `mcp__plugin_<plugin>_<server>__<tool>`.
 * - Codex: `mcp__<server>__<tool>` (current) or `<server>__<tool>` (older builds).
 */
export function isOwnServerTool(toolName: string, serverName: string): boolean {
  if (!serverName) return false;
  if (toolName.startsWith(`${serverName}__`)) return true;
  if (!toolName.startsWith('mcp__')) return false;
  const rest = toolName.slice('mcp__'.length);
  const separator = rest.indexOf('__');
  if (separator <= 0) return false;
  const server = rest.slice(0, separator);
  return server === serverName || (server.startsWith('plugin_') && server.endsWith(`_${serverName}`));
}
