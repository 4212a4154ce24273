/**
 * `llm configure`: writes the `[llm]` section (and `session.summarisedHandoffs`) into
 * DEJA_HOME/config.toml (or config.json when that is the file in use). The API key is
 * written only when the caller passes one explicitly; the file is then made 0600.
 * A TOML file is edited in place, table by table, so the user's comments elsewhere stay.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { loadConfig } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { describeLlmConfig, LLM_PRESETS, type LlmConfig, parseLlmConfig } from '../../llm/config.js';
import { createLlm } from '../../llm/create-llm.js';
import type { AppDeps } from '../deps.js';

export interface ConfigureLlmInput {
  provider?: string;
  baseUrl?: string;
  model?: string;
  /** Written only when given; "" removes a stored key. */
  apiKey?: string;
  timeoutMs?: number;
  maxTokens?: number;
  summarisedHandoffs?: boolean;
}

export interface ConfigureLlmResult {
  path: string;
  /** What was written (key masked). */
  llm: Record<string, unknown>;
  summarisedHandoffs: boolean | null;
  keyWritten: boolean;
  keyRemoved: boolean;
  /** The configuration in effect now (environment variables win over the file). */
  effective: Record<string, unknown>;
  /** Environment variables that override what was written. */
  overriddenBy: string[];
  notes: string[];
}

const LLM_ENV = ['DEJA_LLM', 'DEJA_LLM_URL', 'DEJA_LLM_MODEL', 'DEJA_LLM_API_KEY', 'DEJA_LLM_TIMEOUT_MS'];

export function configureLlm(
  deps: AppDeps,
  input: ConfigureLlmInput,
  env: NodeJS.ProcessEnv = process.env,
): ConfigureLlmResult {
  const home = deps.config.home;
  const path = configPath(home);
  const isJson = path.endsWith('.json');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  let current: Record<string, unknown>;
  try {
    current =
      text.trim() === '' ? {} : ((isJson ? JSON.parse(text) : parseToml(text)) as Record<string, unknown>);
  } catch (error) {
    throw new UserError(path, `is not valid ${isJson ? 'JSON' : 'TOML'}; fix it first`, String(error));
  }
  const before = isRecord(current.llm) ? current.llm : {};
  const provider = input.provider ?? (typeof before.provider === 'string' ? before.provider : undefined);
  if (provider === undefined) {
    throw new UserError(
      'llm.provider',
      'is required',
      `one of "none", ${Object.keys(LLM_PRESETS)
        .map((p) => `"${p}"`)
        .join(', ')}`,
    );
  }
  const sameProvider = before.provider === provider;
  const notes: string[] = [];
  let next: Record<string, unknown>;
  let keyWritten = false;
  let keyRemoved = false;
  if (provider === 'none') {
    next = { provider: 'none' };
    keyRemoved = typeof before.apiKey === 'string';
  } else {
    // Settings of another provider (its URL, model, key) do not carry over.
    next = sameProvider ? { ...before } : {};
    next.provider = provider;
    if (input.baseUrl !== undefined) next.baseUrl = input.baseUrl;
    if (input.model !== undefined) next.model = input.model;
    if (input.timeoutMs !== undefined) next.timeoutMs = input.timeoutMs;
    if (input.maxTokens !== undefined) next.maxTokens = input.maxTokens;
    if (input.apiKey !== undefined) {
      if (input.apiKey.trim() === '') {
        keyRemoved = typeof before.apiKey === 'string';
        delete next.apiKey;
      } else {
        next.apiKey = input.apiKey.trim();
        keyWritten = true;
      }
    } else if (!sameProvider && typeof before.apiKey === 'string') {
      keyRemoved = true;
      notes.push('The API key stored for the previous provider was removed.');
    }
  }
  // Validate before touching the file; errors name llm.<field> and never show the key.
  const parsed: LlmConfig = parseLlmConfig(next, {});

  const updated: Record<string, unknown> = { ...current, llm: next };
  const sessionBefore = isRecord(current.session) ? current.session : {};
  if (input.summarisedHandoffs !== undefined) {
    updated.session = { ...sessionBefore, summarisedHandoffs: input.summarisedHandoffs };
  }
  const content = isJson
    ? `${JSON.stringify(updated, null, 2)}\n`
    : editToml(text, current, next, input.summarisedHandoffs);
  mkdirSync(home, { recursive: true });
  const holdsKey = keyWritten || (typeof next.apiKey === 'string' && next.apiKey !== '');
  writeFileSync(path, content, { encoding: 'utf8', mode: 0o600 });
  if (holdsKey) {
    chmodSync(path, 0o600);
    notes.push(
      keyWritten
        ? `The API key was written to ${path} (file mode 0600, readable only by you); DEJA_LLM_API_KEY in the environment is the alternative that keeps it out of files.`
        : `${path} keeps the API key stored earlier (file mode 0600).`,
    );
  }

  const overriddenBy = LLM_ENV.filter((name) => env[name]);
  if (overriddenBy.length > 0) notes.push(`${overriddenBy.join(', ')} in the environment override the file.`);
  let effectiveConfig: LlmConfig = parsed;
  let summarised: boolean = input.summarisedHandoffs ?? deps.config.session.summarisedHandoffs;
  try {
    const reloaded = loadConfig({ env, flags: { home } });
    effectiveConfig = reloaded.llm;
    summarised = reloaded.session.summarisedHandoffs;
  } catch (error) {
    notes.push(
      `The configuration does not load as a whole: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // A running server uses the new settings from the next call on.
  deps.config.llm = effectiveConfig;
  deps.config.session.summarisedHandoffs = summarised;
  deps.llm = createLlm(effectiveConfig);
  if (summarised && effectiveConfig.provider === 'none') {
    notes.push('Summarised hand-offs are on, but no provider is configured: hand-offs stay as they are.');
  }
  return {
    path,
    llm: describeLlmConfig(parsed),
    summarisedHandoffs: input.summarisedHandoffs ?? null,
    keyWritten,
    keyRemoved,
    effective: { ...describeLlmConfig(effectiveConfig), summarisedHandoffs: summarised },
    overriddenBy,
    notes,
  };
}

/** The file `loadConfig` reads: config.toml, or config.json when only that exists. */
export function configPath(home: string): string {
  const toml = join(home, 'config.toml');
  const json = join(home, 'config.json');
  return existsSync(json) && !existsSync(toml) ? json : toml;
}

/**
 * Replaces the `[llm]` table and sets `summarisedHandoffs` in `[session]`, leaving the rest
 * of the text alone. When a table is written another way (inline, dotted keys), the whole
 * file is re-written from its parsed form instead.
 */
function editToml(
  text: string,
  current: Record<string, unknown>,
  llm: Record<string, unknown>,
  summarisedHandoffs: boolean | undefined,
): string {
  const whole = () => {
    const updated: Record<string, unknown> = { ...current, llm };
    if (summarisedHandoffs !== undefined) {
      updated.session = { ...(isRecord(current.session) ? current.session : {}), summarisedHandoffs };
    }
    return stringifyToml(updated);
  };
  let out = text;
  const llmBody = Object.entries(llm)
    .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
    .join('\n');
  const llmRange = tableRange(out, 'llm');
  if (llmRange) {
    out = `${out.slice(0, llmRange.bodyStart)}${llmBody}\n${blankTail(out, llmRange.end)}${out.slice(llmRange.end)}`;
  } else if ('llm' in current) {
    return whole();
  } else {
    out = `${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${out === '' ? '' : '\n'}[llm]\n${llmBody}\n`;
  }
  if (summarisedHandoffs !== undefined) {
    const line = `summarisedHandoffs = ${summarisedHandoffs}`;
    const range = tableRange(out, 'session');
    if (range) {
      const body = out.slice(range.bodyStart, range.end);
      const existing = /^[ \t]*summarisedHandoffs[ \t]*=.*$/m;
      const newBody = existing.test(body) ? body.replace(existing, line) : `${line}\n${body}`;
      out = `${out.slice(0, range.bodyStart)}${newBody}${out.slice(range.end)}`;
    } else if ('session' in current) {
      return whole();
    } else {
      out = `${out}${out.endsWith('\n') ? '' : '\n'}\n[session]\n${line}\n`;
    }
  }
  // Check the edit parses to what was meant; otherwise re-write the whole file.
  try {
    const check = parseToml(out) as Record<string, unknown>;
    const session = isRecord(check.session) ? check.session : {};
    if (
      JSON.stringify(check.llm) !== JSON.stringify(llm) ||
      (summarisedHandoffs !== undefined && session.summarisedHandoffs !== summarisedHandoffs)
    ) {
      return whole();
    }
  } catch {
    return whole();
  }
  return out;
}

/** Where a `[name]` table's body starts and ends (the next table header, or the end). */
function tableRange(text: string, name: string): { bodyStart: number; end: number } | null {
  const header = new RegExp(`^[ \\t]*\\[[ \\t]*${name}[ \\t]*\\][ \\t]*(#.*)?$`, 'm');
  const match = header.exec(text);
  if (!match) return null;
  let bodyStart = match.index + match[0].length;
  if (text[bodyStart] === '\n') bodyStart++;
  const next = /^[ \t]*\[/m;
  const rest = text.slice(bodyStart);
  const found = next.exec(rest);
  return { bodyStart, end: found ? bodyStart + found.index : text.length };
}

/** Keeps one blank line before the next table when the replaced body had one. */
function blankTail(text: string, end: number): string {
  return end < text.length ? '\n' : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
