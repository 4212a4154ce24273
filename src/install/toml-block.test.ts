import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  appendBlock,
  blocksText,
  findTableBlocks,
  parseHeader,
  removeBlocks,
  renderTable,
  replaceBlocks,
  scanToml,
} from './toml-block.js';

const KEYS = ['mcp_servers', 'deja'];
const BLOCK = renderTable(
  KEYS,
  { command: '/usr/bin/node', args: ['/opt/deja/dist/cli/main.js', 'serve'], env: { DEJA_HOME: '/h/.deja' } },
  'Added by deja install; deja uninstall removes this table.',
);

const CODEX = [
  '# Codex configuration',
  'model = "gpt-5-codex"  # the default model',
  'approval_policy = "on-request"',
  '',
  '[mcp_servers.github]',
  'command = "npx"',
  'args = [',
  '  "-y",',
  '  "[not-a-header]",',
  ']',
  '',
  '# Profiles below',
  '[profiles.fast]',
  'model = "o4-mini"',
  'notes = """',
  '[mcp_servers.deja]',
  'inside a string',
  '"""',
  '',
].join('\n');

describe('TOML block editor', () => {
  it('parses table headers, quoted keys and arrays of tables', () => {
    expect(parseHeader('[mcp_servers.deja]')).toEqual(['mcp_servers', 'deja']);
    expect(parseHeader('[ mcp_servers . "deja" ]  # comment')).toEqual(['mcp_servers', 'deja']);
    expect(parseHeader("[[a.'b c']]")).toEqual(['a', 'b c']);
    expect(parseHeader('["x" = 1]')).toBeNull();
    expect(parseHeader('[a] b')).toBeNull();
  });

  it('ignores brackets inside arrays and multi-line strings', () => {
    const headers = scanToml(CODEX)
      .filter((line) => line.kind === 'header')
      .map((line) => line.header?.join('.'));
    expect(headers).toEqual(['mcp_servers.github', 'profiles.fast']);
    expect(findTableBlocks(CODEX, KEYS)).toEqual([]);
  });

  it('appends the table after a blank line and removes it byte for byte', () => {
    const added = appendBlock(CODEX, BLOCK);
    expect(added.startsWith(CODEX)).toBe(true);
    expect(added.slice(CODEX.length)).toBe(`\n${BLOCK}`);
    expect(parse(added).mcp_servers).toMatchObject({
      deja: { command: '/usr/bin/node', env: { DEJA_HOME: '/h/.deja' } },
    });
    expect(removeBlocks(added, KEYS)).toBe(CODEX);
  });

  it('round-trips an empty file, a file without a final newline, and CRLF files', () => {
    expect(appendBlock('', BLOCK)).toBe(BLOCK);
    expect(removeBlocks(BLOCK, KEYS)).toBe('');
    const crlf = CODEX.replaceAll('\n', '\r\n');
    const added = appendBlock(crlf, BLOCK);
    expect(added.replaceAll('\r\n', '')).not.toContain('\n');
    expect(removeBlocks(added, KEYS)).toBe(crlf);
    expect(removeBlocks(appendBlock('a = 1', BLOCK), KEYS)).toBe('a = 1\n');
  });

  it('finds a table in the middle with its sub-tables, leaving the next table’s comments alone', () => {
    const text = [
      '[mcp_servers.deja]',
      'command = "old"',
      '',
      '[mcp_servers.deja.env]',
      'A = "1"',
      '',
      '# about github',
      '[mcp_servers.github]',
      'command = "npx"',
      '',
    ].join('\n');
    expect(blocksText(text, KEYS)).toBe(
      '[mcp_servers.deja]\ncommand = "old"\n[mcp_servers.deja.env]\nA = "1"\n',
    );
    expect(removeBlocks(text, KEYS)).toBe('\n# about github\n[mcp_servers.github]\ncommand = "npx"\n');
    const middle = `x = 1\n\n${BLOCK}\n[other]\ny = 2\n`;
    expect(removeBlocks(middle, KEYS)).toBe('x = 1\n\n[other]\ny = 2\n');
  });

  it('replaces a table in place', () => {
    const text = 'x = 1\n\n[mcp_servers.deja]\ncommand = "old"\n\n[other]\ny = 2\n';
    const replaced = replaceBlocks(text, KEYS, BLOCK);
    expect(replaced).toBe(`x = 1\n\n${BLOCK}\n[other]\ny = 2\n`);
    expect(parse(replaced)).toMatchObject({
      x: 1,
      other: { y: 2 },
      mcp_servers: { deja: { command: '/usr/bin/node' } },
    });
  });

  it('renders keys and strings TOML reads back exactly', () => {
    const odd = renderTable(['a b', 'c'], {
      'key.dot': 'quote " backslash \\ tab \t del \u007f',
      n: 3,
      on: true,
    });
    expect(parse(odd)).toEqual({
      'a b': { c: { 'key.dot': 'quote " backslash \\ tab \t del \u007f', n: 3, on: true } },
    });
  });
});
