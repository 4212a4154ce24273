import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UserError } from '../../core/errors.js';
import {
  DEFAULT_TIMEOUT_S,
  type QualityConfig,
  qualityConfigSchema,
} from '../../core/quality/quality-schemas.js';
import type { QualityKind } from '../../core/quality/quality-types.js';
import { describeIssue } from '../../core/validation.js';
import type { AppDeps } from '../deps.js';

export type CommandSource = 'project' | 'config' | 'detected';

export interface ConfiguredCommand {
  /** The name it is configured under: test, lint, or anything else. */
  name: string;
  kind: QualityKind;
  command: string;
  source: CommandSource;
}

export interface ProjectQualityCommands {
  commands: ConfiguredCommand[];
  timeoutSeconds: number;
}

/** Where a project's own quality settings live. */
export const PROJECT_QUALITY_FILE = join('.deja', 'quality.toml');

export function kindOfName(name: string): QualityKind {
  return name === 'test' || name === 'lint' ? name : 'custom';
}

/** `.deja/quality.toml`: the keys at the top level or under `[quality]`. */
function readProjectFile(root: string): QualityConfig {
  const path = join(root, PROJECT_QUALITY_FILE);
  if (!existsSync(path)) return {};
  let raw: Record<string, unknown>;
  try {
    raw = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(path, 'is not valid TOML', String(error));
  }
  const section = typeof raw.quality === 'object' && raw.quality !== null ? raw.quality : raw;
  const parsed = qualityConfigSchema.safeParse(section);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserError(
    `${path}: ${issue?.path.join('.') || '(root)'}`,
    issue ? describeIssue(issue) : 'is invalid',
  );
}

const NPM_PLACEHOLDER = /no test specified/;

/** Commands a project's manifests suggest: package.json scripts, pyproject/pytest, Cargo, Go. */
function detectCommands(root: string, packageManager: string | null): Record<string, string> {
  const found: Record<string, string> = {};
  const manifest = join(root, 'package.json');
  if (existsSync(manifest)) {
    try {
      const scripts = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, unknown> })
        .scripts;
      const pm =
        packageManager && ['npm', 'pnpm', 'yarn', 'bun'].includes(packageManager) ? packageManager : 'npm';
      if (typeof scripts?.test === 'string' && !NPM_PLACEHOLDER.test(scripts.test)) found.test = `${pm} test`;
      if (typeof scripts?.lint === 'string') found.lint = `${pm} run lint`;
    } catch {
      // An unreadable package.json suggests nothing.
    }
  }
  if (!found.test) {
    if (existsSync(join(root, 'Cargo.toml'))) found.test = 'cargo test';
    else if (existsSync(join(root, 'go.mod'))) found.test = 'go test ./...';
    else if (existsSync(join(root, 'pytest.ini')) || existsSync(join(root, 'pyproject.toml')))
      found.test = 'pytest';
  }
  return found;
}

/**
 * A project's quality commands by name: `.deja/quality.toml` wins over
 * `[quality]` in DEJA_HOME/config.toml, which wins over what the manifests suggest.
 */
export function projectQualityCommands(
  deps: AppDeps,
  root: string,
  packageManager: string | null = null,
): ProjectQualityCommands {
  const own = readProjectFile(root);
  const global = deps.config.quality;
  const byName = new Map<string, ConfiguredCommand>();
  const add = (commands: Record<string, string> | undefined, source: CommandSource) => {
    for (const [name, command] of Object.entries(commands ?? {}))
      if (!byName.has(name)) byName.set(name, { name, kind: kindOfName(name), command, source });
  };
  add(own.commands, 'project');
  add(global.commands, 'config');
  add(detectCommands(root, packageManager), 'detected');
  const order = (c: ConfiguredCommand) => (c.name === 'test' ? 0 : c.name === 'lint' ? 1 : 2);
  return {
    commands: [...byName.values()].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name)),
    timeoutSeconds: own.timeoutSeconds ?? global.timeoutSeconds ?? DEFAULT_TIMEOUT_S,
  };
}
