import {
  type ArrayNode,
  appendEntry,
  type JsonNode,
  jsonEqual,
  lastMember,
  nodeAt,
  type ObjectNode,
  parseJsonc,
  removeEntry,
  replaceValue,
  replaceValueText,
  toValue,
} from './jsonc.js';

/**
 * Key-path edits on a JSONC document, built on the text editor in jsonc.ts:
 * the containers on the way are created when missing (and `createdFrom` says
 * from which step, so that removal can take away exactly what was created).
 */

/** The document's shape does not allow the edit (a key on the path holds a string, say). */
export class JsonShapeError extends Error {
  constructor(
    readonly path: readonly string[],
    readonly expected: 'an object' | 'an array',
  ) {
    super(`${path.length ? path.join('.') : 'the top level'} must be ${expected}`);
    this.name = 'JsonShapeError';
  }
}

/** The text a new JSON file starts from. */
export const EMPTY_DOCUMENT = '{}\n';

function root(text: string): ObjectNode {
  const node = parseJsonc(text.trim() === '' ? EMPTY_DOCUMENT : text);
  if (node.type !== 'object') throw new JsonShapeError([], 'an object');
  return node;
}

function document(text: string): string {
  return text.trim() === '' ? EMPTY_DOCUMENT : text;
}

/** Walks `path` through objects; stops at the first missing step. */
function walk(text: string, path: readonly string[]): { node: ObjectNode; depth: number } {
  let node = root(text);
  for (let depth = 0; depth < path.length; depth++) {
    const member = lastMember(node, path[depth] as string);
    if (!member) return { node, depth };
    if (member.value.type !== 'object') throw new JsonShapeError(path.slice(0, depth + 1), 'an object');
    node = member.value;
  }
  return { node, depth: path.length };
}

function nest(keys: readonly string[], leaf: unknown): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf);
}

/** The plain value at a key path, or undefined. */
export function valueAt(text: string, path: readonly string[]): unknown {
  const node = nodeAt(root(text), path);
  return node ? toValue(node) : undefined;
}

export interface MemberResult {
  text: string;
  /** Index of the first path step this edit created (container.length when only the member was added or replaced). */
  createdFrom: number;
  /** The raw text of the value that was there before, if the member existed. */
  previousRaw: string | null;
  previousValue: unknown;
}

/** Sets `container.key` to `value`: replaced in place if present, else appended; missing containers are created. */
export function setMember(
  text: string,
  container: readonly string[],
  key: string,
  value: unknown,
): MemberResult {
  const base = document(text);
  const { node, depth } = walk(base, container);
  if (depth < container.length) {
    const leaf = nest([...container.slice(depth + 1), key], value);
    return {
      text: appendEntry(base, node, leaf, container[depth]),
      createdFrom: depth,
      previousRaw: null,
      previousValue: undefined,
    };
  }
  const existing = lastMember(node, key);
  if (existing) {
    const previousValue = toValue(existing.value);
    const previousRaw = base.slice(existing.value.start, existing.value.end);
    const next = jsonEqual(previousValue, value) ? base : replaceValue(base, existing.value, value);
    return { text: next, createdFrom: container.length, previousRaw, previousValue };
  }
  return {
    text: appendEntry(base, node, value, key),
    createdFrom: container.length,
    previousRaw: null,
    previousValue: undefined,
  };
}

/** Puts raw text back as the value of `container.key` (used to restore a user's own entry). */
export function restoreMemberText(
  text: string,
  container: readonly string[],
  key: string,
  raw: string,
): string {
  const node = nodeAt(root(text), [...container, key]);
  if (!node) return text;
  return replaceValueText(text, node, raw);
}

/** Removes `container.key`, then the containers from `createdFrom` on that are left empty. */
export function removeMember(
  text: string,
  container: readonly string[],
  key: string,
  createdFrom: number,
): string {
  const parent = nodeAt(root(text), container);
  if (parent?.type !== 'object') return text;
  const index = findLastIndex(parent.members, (member) => member.key === key);
  if (index === -1) return text;
  return pruneEmpty(removeEntry(text, parent, index), container, createdFrom);
}

export interface ElementResult {
  text: string;
  createdFrom: number;
  /** True when an equal element was already there (nothing was added). */
  alreadyPresent: boolean;
  /** True when an element `replace` matched was replaced in place. */
  replaced: boolean;
}

/**
 * Makes `value` an element of the array at `path`: if `replace` matches an
 * element, that one is replaced in place; if an equal element exists, nothing
 * changes; else it is appended. Missing containers are created.
 */
export function putElement(
  text: string,
  path: readonly string[],
  value: unknown,
  replace?: (element: unknown) => boolean,
): ElementResult {
  const base = document(text);
  const parentPath = path.slice(0, -1);
  const arrayKey = path.at(-1) as string;
  const { node, depth } = walk(base, parentPath);
  if (depth < parentPath.length) {
    const leaf = nest([...parentPath.slice(depth + 1), arrayKey], [value]);
    return {
      text: appendEntry(base, node, leaf, parentPath[depth]),
      createdFrom: depth,
      alreadyPresent: false,
      replaced: false,
    };
  }
  const member = lastMember(node, arrayKey);
  if (!member) {
    return {
      text: appendEntry(base, node, [value], arrayKey),
      createdFrom: parentPath.length,
      alreadyPresent: false,
      replaced: false,
    };
  }
  if (member.value.type !== 'array') throw new JsonShapeError(path, 'an array');
  const array: ArrayNode = member.value;
  const values = array.elements.map((element) => toValue(element.value));
  if (values.some((element) => jsonEqual(element, value))) {
    return { text: base, createdFrom: path.length, alreadyPresent: true, replaced: false };
  }
  const index = replace ? values.findIndex(replace) : -1;
  const target = array.elements[index];
  if (target) {
    return {
      text: replaceValue(base, target.value, value),
      createdFrom: path.length,
      alreadyPresent: false,
      replaced: true,
    };
  }
  return {
    text: appendEntry(base, array, value),
    createdFrom: path.length,
    alreadyPresent: false,
    replaced: false,
  };
}

/** Removes the last element of the array at `path` that `match` accepts, then empty containers from `createdFrom` on. */
export function removeElement(
  text: string,
  path: readonly string[],
  match: (element: unknown) => boolean,
  createdFrom: number,
): { text: string; removed: boolean } {
  const array = nodeAt(root(text), path);
  if (array?.type !== 'array') return { text, removed: false };
  const index = findLastIndex(array.elements, (element) => match(toValue(element.value)));
  if (index === -1) return { text, removed: false };
  return { text: pruneEmpty(removeEntry(text, array, index), path, createdFrom), removed: true };
}

/** From the deepest container of `path` up to step `createdFrom`, removes each one left empty. */
function pruneEmpty(text: string, path: readonly string[], createdFrom: number): string {
  let out = text;
  for (let depth = path.length; depth > createdFrom && depth > 0; depth--) {
    const node = nodeAt(root(out), path.slice(0, depth));
    if (!node || !isEmptyContainer(node)) break;
    const parent = nodeAt(root(out), path.slice(0, depth - 1)) as ObjectNode;
    const index = findLastIndex(parent.members, (member) => member.key === path[depth - 1]);
    out = removeEntry(out, parent, index);
  }
  return out;
}

function isEmptyContainer(node: JsonNode): boolean {
  return (
    (node.type === 'object' && node.members.length === 0) ||
    (node.type === 'array' && node.elements.length === 0)
  );
}

/** True when the document holds nothing but `{}` and whitespace (no members, no comments). */
export function isEmptyDocument(text: string): boolean {
  return /^\s*(\{\s*\})?\s*$/.test(text);
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}
