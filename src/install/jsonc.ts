/**
 * A small JSONC reader and text editor. Configuration files are edited as text:
 * only the member or element deja owns is inserted, replaced or removed, so
 * comments, key order, indentation and line endings elsewhere stay byte for byte.
 * Accepts JSON with `//` and `/* *\/` comments and trailing commas (VS Code's JSONC).
 */

export type JsonNode = ObjectNode | ArrayNode | ScalarNode;

export interface Span {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface ObjectNode extends Span {
  type: 'object';
  members: Member[];
}

export interface ArrayNode extends Span {
  type: 'array';
  elements: Element[];
}

export interface ScalarNode extends Span {
  type: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}

export interface Member {
  key: string;
  keyStart: number;
  value: JsonNode;
  /** Offset of the comma after the value, if there is one. */
  comma: number | null;
}

export interface Element {
  value: JsonNode;
  comma: number | null;
}

/** A syntax error, with where it is (1-based line and column). */
export class JsoncSyntaxError extends Error {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  constructor(text: string, offset: number, what: string) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    super(`${what} at line ${line}, column ${column}`);
    this.name = 'JsoncSyntaxError';
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

/** Parses a JSONC document into nodes that know their place in the text. */
export function parseJsonc(text: string): JsonNode {
  const parser = new Parser(text);
  parser.skip();
  const node = parser.value();
  parser.skip();
  if (parser.pos < text.length) parser.fail('unexpected text after the end of the document');
  return node;
}

class Parser {
  pos: number;
  constructor(readonly text: string) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  fail(what: string, at = this.pos): never {
    throw new JsoncSyntaxError(this.text, at, what);
  }

  /** Skips whitespace and comments. */
  skip(): void {
    const { text } = this;
    for (;;) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') this.pos++;
      else if (c === '/' && text[this.pos + 1] === '/') {
        const nl = text.indexOf('\n', this.pos);
        this.pos = nl === -1 ? text.length : nl;
      } else if (c === '/' && text[this.pos + 1] === '*') {
        const close = text.indexOf('*/', this.pos + 2);
        if (close === -1) this.fail('unterminated /* comment');
        this.pos = close + 2;
      } else return;
    }
  }

  value(): JsonNode {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') {
      const start = this.pos;
      const value = this.string();
      return { type: 'string', start, end: this.pos, value };
    }
    const start = this.pos;
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      this.text.slice(start, start + 400),
    );
    if (!literal) this.fail(c === undefined ? 'unexpected end of the document' : `unexpected ${show(c)}`);
    const word = literal[0];
    this.pos += word.length;
    if (word === 'true' || word === 'false')
      return { type: 'boolean', start, end: this.pos, value: word === 'true' };
    if (word === 'null') return { type: 'null', start, end: this.pos, value: null };
    return { type: 'number', start, end: this.pos, value: Number(word) };
  }

  string(): string {
    const { text } = this;
    const start = this.pos;
    let i = this.pos + 1;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === '\n') this.fail('unterminated string', start);
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i++;
    }
    this.pos = i + 1;
    try {
      return JSON.parse(text.slice(start, i + 1)) as string;
    } catch {
      return this.fail('invalid escape in string', start);
    }
  }

  object(): ObjectNode {
    const start = this.pos;
    this.pos++;
    const members: Member[] = [];
    for (;;) {
      this.skip();
      const c = this.text[this.pos];
      if (c === '}') break;
      if (c !== '"')
        this.fail(c === undefined ? 'unterminated object' : `expected a "key" or }, found ${show(c)}`);
      const keyStart = this.pos;
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ':') this.fail(`expected : after the key ${JSON.stringify(key)}`);
      this.pos++;
      this.skip();
      const value = this.value();
      this.skip();
      const member: Member = { key, keyStart, value, comma: null };
      members.push(member);
      if (this.text[this.pos] === ',') {
        member.comma = this.pos;
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== '}')
        this.fail(this.pos >= this.text.length ? 'unterminated object' : 'expected , or }');
    }
    this.pos++;
    return { type: 'object', start, end: this.pos, members };
  }

  array(): ArrayNode {
    const start = this.pos;
    this.pos++;
    const elements: Element[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === ']') break;
      if (this.pos >= this.text.length) this.fail('unterminated array');
      const value = this.value();
      this.skip();
      const element: Element = { value, comma: null };
      elements.push(element);
      if (this.text[this.pos] === ',') {
        element.comma = this.pos;
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== ']')
        this.fail(this.pos >= this.text.length ? 'unterminated array' : 'expected , or ]');
    }
    this.pos++;
    return { type: 'array', start, end: this.pos, elements };
  }
}

function show(c: string): string {
  return JSON.stringify(c);
}

/** The plain value of a node (duplicate keys: the last wins, as in JSON.parse). */
export function toValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const member of node.members) out[member.key] = toValue(member.value);
      return out;
    }
    case 'array':
      return node.elements.map((element) => toValue(element.value));
    default:
      return node.value;
  }
}

/** Deep equality of plain JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  if (ak.length !== bk.length) return false;
  return ak.every(
    (key) =>
      Object.hasOwn(b as object, key) &&
      jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** The node at a key path (object keys only), or null when a step is missing. */
export function nodeAt(root: JsonNode, path: readonly string[]): JsonNode | null {
  let node: JsonNode = root;
  for (const key of path) {
    if (node.type !== 'object') return null;
    const member = lastMember(node, key);
    if (!member) return null;
    node = member.value;
  }
  return node;
}

/** The member with that key (the last one if the key repeats, as JSON.parse reads it). */
export function lastMember(node: ObjectNode, key: string): Member | null {
  for (let i = node.members.length - 1; i >= 0; i--) {
    const member = node.members[i] as Member;
    if (member.key === key) return member;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Layout helpers

/** The line ending the file uses ("\r\n" if any line has one). */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The indentation unit of the file: the first indented line's whitespace, relative to its parent; default two spaces. */
export function indentUnit(text: string): string {
  const match = /\n([ \t]+)["{[\]}]/.exec(text);
  if (!match?.[1]) return '  ';
  return match[1].startsWith('\t') ? '\t' : match[1];
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The leading whitespace of the line holding `pos`. */
function indentOfLine(text: string, pos: number): string {
  const start = lineStart(text, pos);
  return /^[ \t]*/.exec(text.slice(start, pos))?.[0] ?? '';
}

/** True when only spaces and tabs precede `pos` on its line. */
function firstOnLine(text: string, pos: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, pos), pos));
}

/** From `pos`, skips spaces, tabs and comments that stay on the same line; returns where the line's content ends. */
function endOfLineContent(text: string, pos: number): number {
  let i = pos;
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t') i++;
    else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      return text[i - 1] === '\r' ? i - 1 : i;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1 || text.slice(i, close).includes('\n')) return i;
      i = close + 2;
    } else return i;
  }
}

/** JSON text of a value, its continuation lines indented by `base`. */
export function formatJson(value: unknown, base: string, unit: string, eol: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`${eol}${base}`);
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

// ---------------------------------------------------------------------------
// Edits

interface Entry {
  /** Where the member (its key) or element starts. */
  start: number;
  value: JsonNode;
  comma: number | null;
}

function entriesOf(container: ObjectNode | ArrayNode): Entry[] {
  return container.type === 'object'
    ? container.members.map((m) => ({ start: m.keyStart, value: m.value, comma: m.comma }))
    : container.elements.map((e) => ({ start: e.value.start, value: e.value, comma: e.comma }));
}

/**
 * Appends a member (`key` given) or an element to an object or array, after
 * its last entry, in the file's own layout: one entry per line when the
 * container spans lines, inline otherwise.
 */
export function appendEntry(
  text: string,
  container: ObjectNode | ArrayNode,
  value: unknown,
  key?: string,
): string {
  const eol = lineEnding(text);
  const unit = indentUnit(text);
  const entries = entriesOf(container);
  const last = entries.at(-1);
  const label = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const containerIndent = indentOfLine(text, container.start);
  const multiline = text.slice(container.start, container.end).includes('\n') || !last;
  if (!last) {
    // Empty: the entry on its own line, the closing bracket on the next.
    const indent = containerIndent + unit;
    const close = container.end - 1;
    let contentEnd = close;
    while (contentEnd > container.start + 1 && /\s/.test(text[contentEnd - 1] as string)) contentEnd--;
    const entry = `${eol}${indent}${label}${formatJson(value, indent, unit, eol)}${eol}${containerIndent}`;
    return splice(text, contentEnd, close, entry);
  }
  if (!multiline) {
    const compact = JSON.stringify(value);
    if (last.comma !== null) return splice(text, last.comma + 1, last.comma + 1, ` ${label}${compact},`);
    return splice(text, last.value.end, last.value.end, `, ${label}${compact}`);
  }
  const indent = firstOnLine(text, last.start) ? indentOfLine(text, last.start) : containerIndent + unit;
  const entry = `${eol}${indent}${label}${formatJson(value, indent, unit, eol)}${last.comma !== null ? ',' : ''}`;
  const after = last.comma !== null ? last.comma + 1 : last.value.end;
  const at = endOfLineContent(text, after);
  const withEntry = splice(text, at, at, entry);
  return last.comma !== null ? withEntry : splice(withEntry, last.value.end, last.value.end, ',');
}

/**
 * Removes the entry at `index`: its line(s) when it stands on its own lines,
 * its comma, and the comma of the entry before it when it was the last. The
 * inverse of `appendEntry` for the layouts `appendEntry` writes.
 */
export function removeEntry(text: string, container: ObjectNode | ArrayNode, index: number): string {
  const entries = entriesOf(container);
  const entry = entries[index];
  if (!entry) throw new Error(`no entry ${index}`);
  const isLast = index === entries.length - 1;
  const previous = index > 0 ? (entries[index - 1] as Entry) : null;
  const entryEnd = entry.comma !== null ? entry.comma + 1 : entry.value.end;
  if (entries.length === 1) {
    const rest = text.slice(container.start + 1, entry.start) + text.slice(entryEnd, container.end - 1);
    if (/^\s*$/.test(rest)) return splice(text, container.start + 1, container.end - 1, '');
  }
  let start: number;
  let end = entryEnd;
  if (firstOnLine(text, entry.start)) {
    const ls = lineStart(text, entry.start);
    if (isLast) {
      // Take the line break before the entry: what followed it (often the closing bracket) moves up.
      start = ls > 0 ? ls - (text[ls - 2] === '\r' ? 2 : 1) : 0;
    } else {
      // Remove its whole line(s), line break included.
      start = ls;
      end = afterLineBreak(text, endOfLineContent(text, end));
    }
  } else if (!isLast && !previous) {
    // First of several on one line: drop the spaces after its comma.
    start = entry.start;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  } else {
    start = entry.start;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  }
  let out = splice(text, start, end, '');
  if (isLast && entry.comma === null && previous && previous.comma !== null) {
    out = splice(out, previous.comma, previous.comma + 1, '');
  }
  return out;
}

function afterLineBreak(text: string, pos: number): number {
  if (text.startsWith('\r\n', pos)) return pos + 2;
  return text[pos] === '\n' ? pos + 1 : pos;
}

/** Replaces a value in place: on one line if it was on one line, else re-indented to its line. */
export function replaceValue(text: string, node: JsonNode, value: unknown): string {
  if (!text.slice(node.start, node.end).includes('\n')) {
    return splice(text, node.start, node.end, JSON.stringify(value));
  }
  const base = indentOfLine(text, node.start);
  return splice(text, node.start, node.end, formatJson(value, base, indentUnit(text), lineEnding(text)));
}

/** Replaces a value with raw text (restoring what a user had before). */
export function replaceValueText(text: string, node: JsonNode, raw: string): string {
  return splice(text, node.start, node.end, raw);
}
