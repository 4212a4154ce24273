import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UserError } from '../core/errors.js';
import type { FileSpec, JsonEditSpec, Scope } from './clients.js';
import {
  isEmptyDocument,
  JsonShapeError,
  putElement,
  removeElement,
  removeMember,
  restoreMemberText,
  setMember,
  valueAt,
} from './json-edits.js';
import { JsoncSyntaxError, jsonEqual, parseJsonc, toValue } from './jsonc.js';
import { displayPath } from './locations.js';
import { type FileRecord, type ManifestEdit, sha256 } from './manifest.js';
import {
  appendBlock,
  blocksText,
  findTableBlocks,
  removeBlocks,
  renderTable,
  replaceBlocks,
} from './toml-block.js';

/**
 * Plans are computed in full (every file read, parsed and edited in memory,
 * every result checked) before anything is written: a bad file stops the
 * whole install with nothing changed, and `--dry-run` prints exactly what the
 * real run would write.
 */
export interface FilePlan {
  path: string;
  /** The file now; null when it does not exist. */
  before: string | null;
  /** The file after the change; null deletes it. */
  after: string | null;
  /** The manifest record once the change is applied; null drops the record. */
  record: FileRecord | null;
  /** Folders to remove (when empty) after the file is deleted. */
  removeDirs: string[];
  changes: string[];
  warnings: string[];
}

export interface PlanContext {
  client: string;
  scope: Scope;
  project: string | null;
  /** The home folder, to print paths as ~/… */
  home: string;
  now: Date;
}

const TABLE_COMMENT = 'Added by `deja install`; `deja uninstall` removes this table.';

function readText(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** The folders that would have to be created for `path`, deepest first. */
function missingDirs(path: string): string[] {
  const dirs: string[] = [];
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) {
    dirs.push(dir);
    dir = dirname(dir);
  }
  return dirs;
}

function checkJson(path: string, text: string | null, home: string): void {
  if (text === null || text.trim() === '') return;
  try {
    const node = parseJsonc(text);
    if (node.type !== 'object') throw new JsonShapeError([], 'an object');
  } catch (error) {
    throw malformed(path, home, 'JSON', error);
  }
}

function parseTomlFile(path: string, text: string | null, home: string): Record<string, unknown> {
  if (text === null) return {};
  try {
    return normalise(parseToml(text)) as Record<string, unknown>;
  } catch (error) {
    throw malformed(path, home, 'TOML', error);
  }
}

function malformed(path: string, home: string, format: string, error: unknown): UserError {
  const detail =
    error instanceof JsoncSyntaxError || error instanceof JsonShapeError ? error.message : String(error);
  return new UserError(
    displayPath(path, home),
    `is not valid ${format} (${detail.split('\n')[0]})`,
    'fix the file or move it away, then run the command again; nothing was changed',
  );
}

/** TOML dates and such as plain JSON values, for comparisons. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function tableValue(parsed: Record<string, unknown>, table: readonly string[]): unknown {
  let node: unknown = parsed;
  for (const key of table) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy without the table, and without parent tables that are left empty (creating them is part of the edit). */
function withoutTable(parsed: Record<string, unknown>, table: readonly string[]): unknown {
  const copy = structuredClone(parsed);
  const chain: Record<string, unknown>[] = [copy];
  for (const key of table.slice(0, -1)) {
    const next = (chain.at(-1) as Record<string, unknown>)[key];
    if (typeof next !== 'object' || next === null) return copy;
    chain.push(next as Record<string, unknown>);
  }
  delete (chain.at(-1) as Record<string, unknown>)[table.at(-1) as string];
  for (let depth = chain.length - 1; depth > 0; depth--) {
    if (Object.keys(chain[depth] as object).length > 0) break;
    delete (chain[depth - 1] as Record<string, unknown>)[table[depth - 1] as string];
  }
  return copy;
}

function newRecord(
  ctx: PlanContext,
  path: string,
  format: FileRecord['format'],
  prior: FileRecord | undefined,
  before: string | null,
  after: string,
  edits: ManifestEdit[],
): FileRecord {
  // A record whose file has since been deleted starts over.
  const base = prior && before !== null ? prior : undefined;
  const now = ctx.now.toISOString();
  return {
    path,
    client: ctx.client,
    scope: ctx.scope,
    project: ctx.project,
    format,
    created: base ? base.created : before === null,
    createdDirs: base ? base.createdDirs : before === null ? missingDirs(path) : [],
    backup: base ? base.backup : null,
    afterHash: sha256(after),
    exact: base ? base.exact && before !== null && sha256(before) === base.afterHash : true,
    edits,
    installedAt: base?.installedAt ?? now,
    updatedAt: after === before && base ? base.updatedAt : now,
  };
}

// ---------------------------------------------------------------------------
// Install

export function planFile(spec: FileSpec, prior: FileRecord | undefined, ctx: PlanContext): FilePlan {
  switch (spec.kind) {
    case 'json':
      return planJson(spec, prior, ctx);
    case 'toml':
      return planToml(spec, prior, ctx);
    case 'owned':
      return planOwned(spec, prior, ctx);
  }
}

function planJson(
  spec: Extract<FileSpec, { kind: 'json' }>,
  prior: FileRecord | undefined,
  ctx: PlanContext,
): FilePlan {
  const before = readText(spec.path);
  checkJson(spec.path, before, ctx.home);
  const changes: string[] = [];
  const edits: ManifestEdit[] = [];
  let text = before ?? '';
  try {
    for (const edit of spec.edits) {
      const priorEdit = prior?.edits.find((candidate) => candidate.id === edit.id);
      if (edit.kind === 'member') {
        const result = setMember(text, edit.container, edit.key, edit.value);
        const priorMember = priorEdit?.kind === 'json-member' ? priorEdit : undefined;
        if (result.previousValue === undefined) changes.push(`add ${edit.label}`);
        else if (!jsonEqual(result.previousValue, edit.value))
          changes.push(
            priorMember ? `update ${edit.label}` : `replace ${edit.label} (restored on uninstall)`,
          );
        edits.push({
          id: edit.id,
          kind: 'json-member',
          container: edit.container,
          key: edit.key,
          value: edit.value,
          createdFrom: Math.min(priorMember?.createdFrom ?? Number.POSITIVE_INFINITY, result.createdFrom),
          previous: priorMember ? priorMember.previous : result.previousRaw,
        });
        text = result.text;
      } else {
        const priorElement = priorEdit?.kind === 'json-element' ? priorEdit : undefined;
        const result = putElement(
          text,
          edit.array,
          edit.value,
          (value) =>
            (priorElement !== undefined && jsonEqual(value, priorElement.value)) ||
            edit.replaces?.(value) === true,
        );
        if (!result.alreadyPresent) changes.push(`${result.replaced ? 'update' : 'add'} ${edit.label}`);
        edits.push({
          id: edit.id,
          kind: 'json-element',
          array: edit.array,
          value: edit.value,
          createdFrom: Math.min(priorElement?.createdFrom ?? Number.POSITIVE_INFINITY, result.createdFrom),
          preexisting: priorElement ? priorElement.preexisting : result.alreadyPresent,
        });
        text = result.text;
      }
    }
    // Edits an earlier install made that this one no longer wants.
    for (const stale of prior?.edits ?? []) {
      if (edits.some((edit) => edit.id === stale.id)) continue;
      const undone = undoJsonEdit(text, stale);
      text = undone.text;
      if (undone.change) changes.push(undone.change);
    }
  } catch (error) {
    if (error instanceof JsonShapeError) throw malformed(spec.path, ctx.home, 'JSON for deja', error);
    throw error;
  }
  const after = text;
  verifyJson(spec.path, before, after, spec.edits, prior?.edits ?? []);
  return {
    path: spec.path,
    before,
    after,
    record: newRecord(ctx, spec.path, 'json', prior, before, after, edits),
    removeDirs: [],
    changes,
    warnings: [],
  };
}

/** Checks the edit did what it should and nothing else; a failure here is a bug, and nothing is written. */
function verifyJson(
  path: string,
  before: string | null,
  after: string,
  wanted: JsonEditSpec[],
  prior: ManifestEdit[],
): void {
  const afterValue = toValue(parseJsonc(after));
  for (const edit of wanted) {
    const ok =
      edit.kind === 'member'
        ? jsonEqual(valueAt(after, [...edit.container, edit.key]), edit.value)
        : ((valueAt(after, edit.array) as unknown[] | undefined) ?? []).some((value) =>
            jsonEqual(value, edit.value),
          );
    if (!ok) throw new Error(`internal error: editing ${path} did not produce ${JSON.stringify(edit.value)}`);
  }
  const beforeValue = before === null || before.trim() === '' ? {} : toValue(parseJsonc(before));
  const strip = (value: unknown) => stripOurs(value, wanted, prior);
  if (!jsonEqual(strip(beforeValue), strip(afterValue))) {
    throw new Error(
      `internal error: editing ${path} would change more than deja's entries; nothing was written`,
    );
  }
}

/** A copy of a document without deja's members and elements (and containers left empty by that). */
function stripOurs(value: unknown, wanted: JsonEditSpec[], prior: ManifestEdit[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const get = (path: readonly string[]): unknown => {
    let node: unknown = copy;
    for (const key of path) {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };
  const elementValues = [
    ...wanted.flatMap((edit) => (edit.kind === 'element' ? [{ array: edit.array, value: edit.value }] : [])),
    ...prior.flatMap((edit) =>
      edit.kind === 'json-element' ? [{ array: edit.array, value: edit.value }] : [],
    ),
  ];
  const paths: string[][] = [];
  for (const edit of wanted) {
    if (edit.kind === 'member') {
      const container = get(edit.container);
      if (typeof container === 'object' && container !== null)
        delete (container as Record<string, unknown>)[edit.key];
      paths.push(edit.container);
    }
  }
  const replaced = (array: readonly string[], item: unknown) =>
    wanted.some(
      (edit) => edit.kind === 'element' && jsonEqual(edit.array, array) && edit.replaces?.(item) === true,
    );
  for (const { array, value } of elementValues) {
    const items = get(array);
    if (Array.isArray(items)) {
      const kept = items.filter((item) => !jsonEqual(item, value) && !replaced(array, item));
      items.splice(0, items.length, ...kept);
    }
    paths.push(array);
  }
  // Drop containers that are empty on either side of the edit: creating them is part of deja's change.
  for (const path of paths) {
    for (let depth = path.length; depth > 0; depth--) {
      const node = get(path.slice(0, depth));
      const empty =
        (Array.isArray(node) && node.length === 0) ||
        (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 0);
      if (!empty) break;
      delete (get(path.slice(0, depth - 1)) as Record<string, unknown>)[path[depth - 1] as string];
    }
  }
  return copy;
}

function planToml(
  spec: Extract<FileSpec, { kind: 'toml' }>,
  prior: FileRecord | undefined,
  ctx: PlanContext,
): FilePlan {
  const before = readText(spec.path);
  const parsed = parseTomlFile(spec.path, before, ctx.home);
  const current = tableValue(parsed, spec.table);
  const blocks = findTableBlocks(before ?? '', spec.table);
  const name = spec.table.join('.');
  if (current !== undefined && blocks.length === 0) {
    throw new UserError(
      displayPath(spec.path, ctx.home),
      `defines ${name} inline or with dotted keys, which deja install does not edit`,
      `move it into its own [${name}] table or remove it, then run deja install again; nothing was changed`,
    );
  }
  const priorEdit = prior?.edits.find((edit) => edit.id === spec.id);
  const priorTable = priorEdit?.kind === 'toml-table' ? priorEdit : undefined;
  const wanted = normalise(spec.values);
  const block = renderTable(spec.table, spec.values, TABLE_COMMENT);
  const changes: string[] = [];
  let after: string;
  if (blocks.length) {
    if (jsonEqual(current, wanted)) after = before as string;
    else {
      after = replaceBlocks(before as string, spec.table, block);
      changes.push(priorTable ? `update ${spec.label}` : `replace ${spec.label} (restored on uninstall)`);
    }
  } else {
    after = appendBlock(before ?? '', block);
    changes.push(`add ${spec.label}`);
  }
  const afterParsed = parseTomlFile(spec.path, after, ctx.home);
  if (!jsonEqual(tableValue(afterParsed, spec.table), wanted)) {
    throw new Error(`internal error: editing ${spec.path} did not produce [${name}]`);
  }
  if (!jsonEqual(withoutTable(parsed, spec.table), withoutTable(afterParsed, spec.table))) {
    throw new Error(
      `internal error: editing ${spec.path} would change more than [${name}]; nothing was written`,
    );
  }
  const edit: ManifestEdit = {
    id: spec.id,
    kind: 'toml-table',
    table: spec.table,
    value: wanted as Record<string, unknown>,
    previous: priorTable
      ? priorTable.previous
      : blocks.length
        ? blocksText(before as string, spec.table)
        : null,
  };
  return {
    path: spec.path,
    before,
    after,
    record: newRecord(ctx, spec.path, 'toml', prior, before, after, [edit]),
    removeDirs: [],
    changes,
    warnings: [],
  };
}

function planOwned(
  spec: Extract<FileSpec, { kind: 'owned' }>,
  prior: FileRecord | undefined,
  ctx: PlanContext,
): FilePlan {
  const before = readText(spec.path);
  const priorEdit = prior?.edits.find((edit) => edit.id === spec.id);
  const edit: ManifestEdit = { id: spec.id, kind: 'file', hash: sha256(spec.content) };
  const plan = (after: string, changes: string[]): FilePlan => ({
    path: spec.path,
    before,
    after,
    record: newRecord(ctx, spec.path, 'text', prior, before, after, [edit]),
    removeDirs: [],
    changes,
    warnings: [],
  });
  if (before === null) return plan(spec.content, [spec.label]);
  if (before === spec.content) return plan(before, []);
  if (priorEdit?.kind === 'file' && sha256(before) === priorEdit.hash)
    return plan(spec.content, [`update ${spec.label}`]);
  if (spec.onConflict === 'replace')
    return plan(spec.content, [`replace with ${spec.label} (restored on uninstall)`]);
  return {
    path: spec.path,
    before,
    after: before,
    record: prior ?? null,
    removeDirs: [],
    changes: [],
    warnings: [
      `${displayPath(spec.path, ctx.home)} already exists and is not deja's: left as is (${spec.label} not installed)`,
    ],
  };
}

// ---------------------------------------------------------------------------
// Uninstall

function undoJsonEdit(
  text: string,
  edit: ManifestEdit,
): { text: string; change: string | null; warning?: string } {
  if (edit.kind === 'json-member') {
    const path = [...edit.container, edit.key];
    const label = path.join('.');
    const current = valueAt(text, path);
    if (current === undefined) return { text, change: null };
    if (!jsonEqual(current, edit.value)) {
      return { text, change: null, warning: `${label} was changed after deja install; left as is` };
    }
    if (edit.previous !== null) {
      return {
        text: restoreMemberText(text, edit.container, edit.key, edit.previous),
        change: `restore ${label}`,
      };
    }
    return {
      text: removeMember(text, edit.container, edit.key, edit.createdFrom),
      change: `remove ${label}`,
    };
  }
  if (edit.kind === 'json-element') {
    if (edit.preexisting) return { text, change: null };
    const removed = removeElement(
      text,
      edit.array,
      (value) => jsonEqual(value, edit.value),
      edit.createdFrom,
    );
    return {
      text: removed.text,
      change: removed.removed ? `remove deja's entry from ${edit.array.join('.')}` : null,
    };
  }
  return { text, change: null };
}

export type BackupReader = (path: string) => string | null;

const readBackupFile: BackupReader = (path) => readText(path);

/** Plans taking away exactly what a manifest record says deja added. */
export function planRemoval(
  record: FileRecord,
  home: string,
  readBackup: BackupReader = readBackupFile,
): FilePlan {
  const before = readText(record.path);
  const base = { path: record.path, before, record: null, changes: [] as string[], warnings: [] as string[] };
  const removeDirs = record.created ? record.createdDirs : [];
  const shown = displayPath(record.path, home);
  if (before === null) return { ...base, after: null, removeDirs };
  // Nothing but deja touched the file: put back exactly what was there.
  if (record.exact && sha256(before) === record.afterHash) {
    if (record.created) return { ...base, after: null, removeDirs, changes: ['deja created it'] };
    const original = record.backup ? readBackup(record.backup) : null;
    if (original !== null)
      return {
        ...base,
        after: original,
        removeDirs: [],
        changes: ['restore the copy saved before deja install'],
      };
  }
  let after: string | null = before;
  const changes: string[] = [];
  const warnings: string[] = [];
  if (record.format === 'json') {
    checkJson(record.path, before, home);
    for (const edit of [...record.edits].reverse()) {
      const undone = undoJsonEdit(after as string, edit);
      after = undone.text;
      if (undone.change) changes.push(undone.change);
      if (undone.warning) warnings.push(`${shown}: ${undone.warning}`);
    }
    if (record.created && isEmptyDocument(after as string)) {
      after = null;
      changes.push('deja created it and nothing else is left in it');
    }
  } else if (record.format === 'toml') {
    const parsed = parseTomlFile(record.path, before, home);
    for (const edit of record.edits) {
      if (edit.kind !== 'toml-table') continue;
      const current = tableValue(parsed, edit.table);
      const name = edit.table.join('.');
      if (current === undefined) continue;
      if (!jsonEqual(current, edit.value)) {
        warnings.push(`${shown}: [${name}] was changed after deja install; left as is`);
        continue;
      }
      after =
        edit.previous !== null
          ? replaceBlocks(after as string, edit.table, edit.previous)
          : removeBlocks(after as string, edit.table);
      changes.push(edit.previous !== null ? `restore [${name}]` : `remove [${name}]`);
    }
    if (record.created && (after as string).trim() === '') {
      after = null;
      changes.push('deja created it and nothing else is left in it');
    }
  } else {
    const edit = record.edits.find((candidate) => candidate.kind === 'file');
    if (edit?.kind === 'file' && sha256(before) === edit.hash) {
      const original = !record.created && record.backup ? readBackup(record.backup) : null;
      if (record.created) {
        after = null;
        changes.push('deja created it');
      } else if (original !== null) {
        after = original;
        changes.push('restore the copy saved before deja install');
      }
    } else if (edit) {
      warnings.push(`${shown} was changed after deja install; left as is`);
    }
  }
  return { ...base, after, removeDirs: after === null ? removeDirs : [], changes, warnings };
}
