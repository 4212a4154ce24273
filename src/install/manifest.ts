import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../core/errors.js';

/**
 * DEJA_HOME/install-manifest.json: what `deja install` (and `deja service
 * install`) added, file by file, with enough to take exactly that away again.
 */

const jsonEdit = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('json-member'),
    container: z.array(z.string()),
    key: z.string(),
    value: z.unknown(),
    /** First step of `container` that install created (container.length: only the member). */
    createdFrom: z.number().int().min(0),
    /** The user's own value that install replaced (raw text), restored on uninstall. */
    previous: z.string().nullable(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('json-element'),
    array: z.array(z.string()),
    value: z.unknown(),
    createdFrom: z.number().int().min(0),
    /** An equal element was already there before install: uninstall leaves it. */
    preexisting: z.boolean(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('toml-table'),
    table: z.array(z.string()),
    value: z.record(z.string(), z.unknown()),
    previous: z.string().nullable(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('file'),
    /** sha256 of the content install wrote. */
    hash: z.string(),
  }),
]);
export type ManifestEdit = z.infer<typeof jsonEdit>;

const fileRecord = z.object({
  path: z.string(),
  /** claude-code, vscode, …, or service. */
  client: z.string(),
  scope: z.enum(['user', 'project']),
  /** The project folder for project scope. */
  project: z.string().nullable(),
  format: z.enum(['json', 'toml', 'text']),
  /** The file did not exist before deja wrote it. */
  created: z.boolean(),
  /** Folders created for it, deepest first; removed on uninstall when empty. */
  createdDirs: z.array(z.string()),
  /** Copy of the file from before deja first changed it. */
  backup: z.string().nullable(),
  /** sha256 of the file as deja last left it. */
  afterHash: z.string(),
  /** True while nothing but deja changed the file since the first install: then uninstall restores `backup` exactly. */
  exact: z.boolean(),
  edits: z.array(jsonEdit),
  installedAt: z.string(),
  updatedAt: z.string(),
});
export type FileRecord = z.infer<typeof fileRecord>;

const manifestSchema = z.object({
  version: z.literal(1),
  files: z.array(fileRecord),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const MANIFEST_NAME = 'install-manifest.json';

export function manifestPath(dataHome: string): string {
  return join(dataHome, MANIFEST_NAME);
}

export function emptyManifest(): Manifest {
  return { version: 1, files: [] };
}

export function readManifest(dataHome: string): Manifest {
  const path = manifestPath(dataHome);
  if (!existsSync(path)) return emptyManifest();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(path, 'is not valid JSON', `${String(error)}; restore it from a backup or delete it`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      path,
      `is not a deja install manifest (${issue?.path.join('.') ?? '?'}: ${issue?.message})`,
    );
  }
  return parsed.data;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
