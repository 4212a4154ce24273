import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOL_PROFILE_MEMBERS } from './profiles.js';
import { listAllTools, renderToolReference } from './tool-reference.js';

describe('tool reference and profiles', () => {
  it('docs/tools.md is current (regenerate with npm run docs:tools)', async () => {
    const current = readFileSync(new URL('../../docs/tools.md', import.meta.url), 'utf8');
    expect(current).toBe(renderToolReference(await listAllTools()));
  });

  it("keeps the core profile's tools/list within 8 KB of JSON", async () => {
    const tools = await listAllTools();
    const core = tools.filter((tool) => TOOL_PROFILE_MEMBERS.core.includes(tool.name));
    expect(core.length).toBe(TOOL_PROFILE_MEMBERS.core.length);
    expect(JSON.stringify({ tools: core }).length).toBeLessThanOrEqual(8 * 1024);
  });

  it('every tool declares an output schema', async () => {
    for (const tool of await listAllTools()) expect(tool.outputSchema, tool.name).toBeDefined();
  });
});
