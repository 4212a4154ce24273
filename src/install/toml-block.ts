/**
 * Edits one table of a TOML file as text (Codex's `~/.codex/config.toml`):
 * finds the lines of `[mcp_servers.deja]` (and its sub-tables), appends,
 * replaces or removes them, and leaves every other byte of the file alone.
 * Reading the values is smol-toml's job; this module only knows where tables are.
 */

export interface TomlLine {
  start: number;
  /** Offset just past the line's content (before its line break). */
  end: number;
  /** Offset of the next line (after the line break). */
  next: number;
  kind: 'blank' | 'comment' | 'header' | 'content';
  /** For headers: the dotted key, split and unquoted. */
  header?: string[];
}

/** Splits a TOML document into lines, knowing which ones are table headers (not inside strings or arrays). */
export function scanToml(text: string): TomlLine[] {
  const lines: TomlLine[] = [];
  let multiline: '"""' | "'''" | null = null;
  let depth = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const next = nl === -1 ? text.length : nl + 1;
    const end = nl === -1 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
    const line = text.slice(pos, end);
    const trimmed = line.trim();
    let kind: TomlLine['kind'] = 'content';
    let header: string[] | undefined;
    if (multiline === null && depth === 0) {
      if (trimmed === '') kind = 'blank';
      else if (trimmed.startsWith('#')) kind = 'comment';
      else if (trimmed.startsWith('[')) {
        header = parseHeader(trimmed) ?? undefined;
        if (header) kind = 'header';
      }
    }
    if (kind === 'content') ({ multiline, depth } = scanValueLine(line, multiline, depth));
    lines.push({ start: pos, end, next, kind, ...(header ? { header } : {}) });
    pos = next;
  }
  return lines;
}

/** Tracks multi-line strings and open brackets across one line of key/value text. */
function scanValueLine(
  line: string,
  startMultiline: '"""' | "'''" | null,
  startDepth: number,
): { multiline: '"""' | "'''" | null; depth: number } {
  let multiline = startMultiline;
  let depth = startDepth;
  let i = 0;
  while (i < line.length) {
    if (multiline) {
      const close = line.indexOf(multiline, i);
      if (close === -1) return { multiline, depth };
      if (multiline === '"""' && isEscaped(line, close)) {
        i = close + 1;
        continue;
      }
      i = close + 3;
      while (line[i] === multiline[0]) i++; // up to two quotes may end the string's content
      multiline = null;
      continue;
    }
    const c = line[i];
    if (c === '#') break;
    if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      multiline = line.slice(i, i + 3) as '"""' | "'''";
      i += 3;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += c === '"' && line[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else {
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return { multiline, depth };
}

function isEscaped(line: string, at: number): boolean {
  let slashes = 0;
  for (let k = at - 1; k >= 0 && line[k] === '\\'; k--) slashes++;
  return slashes % 2 === 1;
}

/** `[a.b."c d"]` or `[[a.b]]` → ['a', 'b', 'c d']; null when the line is not a valid header. */
export function parseHeader(trimmed: string): string[] | null {
  const array = trimmed.startsWith('[[');
  let i = array ? 2 : 1;
  const keys: string[] = [];
  for (;;) {
    while (trimmed[i] === ' ' || trimmed[i] === '\t') i++;
    const c = trimmed[i];
    if (c === '"') {
      let j = i + 1;
      while (j < trimmed.length && trimmed[j] !== '"') j += trimmed[j] === '\\' ? 2 : 1;
      if (j >= trimmed.length) return null;
      try {
        keys.push(JSON.parse(trimmed.slice(i, j + 1)) as string);
      } catch {
        return null;
      }
      i = j + 1;
    } else if (c === "'") {
      const j = trimmed.indexOf("'", i + 1);
      if (j === -1) return null;
      keys.push(trimmed.slice(i + 1, j));
      i = j + 1;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(trimmed.slice(i));
      if (!bare) return null;
      keys.push(bare[0]);
      i += bare[0].length;
    }
    while (trimmed[i] === ' ' || trimmed[i] === '\t') i++;
    if (trimmed[i] === '.') {
      i++;
      continue;
    }
    const close = array ? ']]' : ']';
    if (!trimmed.startsWith(close, i)) return null;
    const rest = trimmed.slice(i + close.length).trim();
    return rest === '' || rest.startsWith('#') ? keys : null;
  }
}

export interface TableBlock {
  /** Offset of the header line. */
  start: number;
  /** Offset just past the line break of the table's last key/value line. */
  end: number;
}

/**
 * The blocks of the table `keys` and its sub-tables: each from its header to
 * its last key/value line. Comments and blank lines just before the next
 * header are left to that header.
 */
export function findTableBlocks(text: string, keys: readonly string[]): TableBlock[] {
  const lines = scanToml(text);
  const blocks: TableBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as TomlLine;
    if (line.kind !== 'header' || !startsWith(line.header ?? [], keys)) continue;
    let end = line.next;
    let j = i + 1;
    for (; j < lines.length && (lines[j] as TomlLine).kind !== 'header'; j++) {
      const inner = lines[j] as TomlLine;
      if (inner.kind === 'content') end = inner.next;
    }
    blocks.push({ start: line.start, end });
    i = j - 1;
  }
  return blocks;
}

function startsWith(header: readonly string[], keys: readonly string[]): boolean {
  return header.length >= keys.length && keys.every((key, index) => header[index] === key);
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Appends a block at the end, after one blank line. */
export function appendBlock(text: string, block: string): string {
  if (text === '') return block;
  const eol = eolOf(text);
  const ended = text.endsWith('\n') ? text : text + eol;
  return `${ended}${eol}${block.replaceAll('\n', eol).replaceAll(`\r${eol}`, eol)}`;
}

/** Replaces the first block of `keys` with `block` and removes the others. */
export function replaceBlocks(text: string, keys: readonly string[], block: string): string {
  const blocks = findTableBlocks(text, keys);
  const first = blocks[0];
  if (!first) return appendBlock(text, block);
  let out = text;
  for (const other of blocks.slice(1).reverse()) out = out.slice(0, other.start) + out.slice(other.end);
  const eol = eolOf(text);
  return (
    out.slice(0, first.start) + block.replaceAll('\r\n', '\n').replaceAll('\n', eol) + out.slice(first.end)
  );
}

/** The text of every block of `keys`, joined (what a replaced user table looked like). */
export function blocksText(text: string, keys: readonly string[]): string | null {
  const blocks = findTableBlocks(text, keys);
  return blocks.length ? blocks.map((block) => text.slice(block.start, block.end)).join('') : null;
}

/** Removes every block of `keys`, and the blank line that separated a block from what came before. */
export function removeBlocks(text: string, keys: readonly string[]): string {
  let out = text;
  for (const block of findTableBlocks(text, keys).reverse()) {
    let start = block.start;
    const before = out.slice(0, start);
    const after = out.slice(block.end);
    const blankBefore = /(\r?\n)[ \t]*\r?\n$/.exec(before);
    const blankAfter = after === '' || /^[ \t]*\r?\n/.test(after) || /^[ \t]*$/.test(after);
    if (blankBefore && blankAfter)
      start = before.length - (blankBefore[0].length - (blankBefore[1]?.length ?? 1));
    out = out.slice(0, start) + after;
  }
  return out;
}

/** A TOML table with simple values: strings, numbers, booleans, arrays of them, and one level of inline tables. */
export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

export function renderTable(
  keys: readonly string[],
  values: Record<string, TomlValue>,
  comment?: string,
): string {
  const lines = [`[${keys.map(renderKey).join('.')}]`];
  if (comment) lines.push(`# ${comment}`);
  for (const [key, value] of Object.entries(values)) lines.push(`${renderKey(key)} = ${renderValue(value)}`);
  return `${lines.join('\n')}\n`;
}

function renderKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : renderString(key);
}

function renderString(value: string): string {
  // JSON's escapes are all valid TOML basic-string escapes; DEL must be escaped too.
  return JSON.stringify(value).replaceAll('\u007f', '\\u007f');
}

function renderValue(value: TomlValue): string {
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length
    ? `{ ${entries.map(([k, v]) => `${renderKey(k)} = ${renderValue(v)}`).join(', ')} }`
    : '{}';
}
