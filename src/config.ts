import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { UserError } from './core/errors.js';
import { type QualityConfig, qualityConfigSchema } from './core/quality/quality-schemas.js';
import { setProcessMember } from './core/teams/acting-member.js';
import { MEMBER_PATTERN } from './core/teams/team-types.js';
import { describeIssue } from './core/validation.js';
import { parseEmbedderConfig } from './embedders/create-embedder.js';
import type { EmbedderConfig } from './embedders/embedder.js';
import { type LlmConfig, llmFromEnv, parseLlmConfig } from './llm/config.js';

export const TOOL_PROFILES = ['core', 'standard', 'full'] as const;
export type ToolProfile = (typeof TOOL_PROFILES)[number];

const fileConfigSchema = z
  .object({
    databaseUrl: z.string().min(1).nullable(),
    tools: z.enum(TOOL_PROFILES),
    logLevel: z.enum(['silent', 'error', 'warn', 'info', 'debug']),
    logFile: z.string().min(1).nullable(),
    /** Teams: the member this process acts as (none: single-user mode). */
    member: z
      .string()
      .regex(MEMBER_PATTERN, { message: 'must be letters, digits, . _ @ or - (at most 100)' })
      .nullable(),
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin or UTC' }),
    /** Validated by parseEmbedderConfig once the layers are merged (its errors name embedder.<field>). */
    embedder: z.record(z.string(), z.unknown()),
    /** Validated by parseLlmConfig once the layers are merged (its errors name llm.<field>). */
    llm: z.record(z.string(), z.unknown()),
    session: z
      .object({
        autoStart: z.boolean(),
        checkpointIntervalMinutes: z
          .number()
          .min(0)
          .max(24 * 60),
        keepAutoCheckpoints: z.number().int().min(1).max(1000),
        maxDurationHours: z
          .number()
          .positive()
          .max(24 * 7),
        welcomeTokenBudget: z.number().int().min(100).max(100_000),
        summarisedHandoffs: z.boolean(),
        /** Record the files that change in the session's folder (an MCP connection's automatic session). */
        watchFiles: z.boolean(),
        handoffSummaryTokens: z.number().int().min(50).max(4000),
      })
      .strict()
      .partial(),
    transcripts: z
      .object({
        /** Keep a compressed copy of every imported transcript under DEJA_HOME/archive/. */
        archive: z.boolean(),
        maxToolBodyChars: z.number().int().min(200).max(10_000_000),
        includeThinking: z.boolean(),
        /** Claude Code's SessionEnd and PreCompact hooks import the conversation's own transcript. */
        importFromHooks: z.boolean(),
        /** `deja serve --http` looks for new transcript lines every this many seconds; 0 turns it off. */
        watchSeconds: z.number().min(0).max(3600),
        maxLineBytes: z
          .number()
          .int()
          .min(1024)
          .max(1024 * 1024 * 1024),
      })
      .strict()
      .partial(),
    /** Quality commands for every project (`.deja/quality.toml` in a project wins). */
    quality: qualityConfigSchema,
    /** `deja sync`: the shared PostgreSQL store and the batch size (see docs/sync.md). */
    sync: z
      .object({
        url: z.string().regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' }),
        batchSize: z.number().int().min(1).max(100_000),
      })
      .strict()
      .partial(),
  })
  .strict()
  .partial();

export type FileConfig = z.infer<typeof fileConfigSchema>;

/** One typed configuration. Precedence: defaults < config file < environment < flags. */
export interface DejaConfig {
  home: string;
  databaseUrl: string | null;
  tools: ToolProfile;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  logFile: string | null;
  /** Teams: the member this process acts as (`member` / DEJA_MEMBER); absent or null = single-user mode. */
  member?: string | null;
  /** IANA zone for calendar words in searches ("yesterday"); null = the system's. */
  timeZone: string | null;
  /** Vector search: none (lexical only, the default), a local ONNX model, or an OpenAI-compatible endpoint. */
  embedder: EmbedderConfig;
  /** Optional LLM (OpenAI-compatible or Anthropic); used only for summarised hand-offs and the `llm` tool. */
  llm: LlmConfig;
  session: {
    /** Open a session automatically when an MCP client connects inside a git repository. */
    autoStart: boolean;
    /** Minutes between automatic checkpoints while a session is active; 0 turns them off. */
    checkpointIntervalMinutes: number;
    keepAutoCheckpoints: number;
    /** Caps the recorded end of a session that was left open. */
    maxDurationHours: number;
    welcomeTokenBudget: number;
    /** Ask the configured LLM for a short summary at the top of each hand-off (off by default). */
    summarisedHandoffs: boolean;
    /** Token budget of that summary. */
    handoffSummaryTokens: number;
    /** Watch the session's folder and record the files that change (off by default). */
    watchFiles: boolean;
  };
  /** Transcript import (`deja import`). */
  transcripts: {
    archive: boolean;
    /** Tool inputs and outputs longer than this are cut. */
    maxToolBodyChars: number;
    includeThinking: boolean;
    /** Import the conversation's transcript when Claude Code's SessionEnd and PreCompact hooks run. */
    importFromHooks: boolean;
    /** `deja serve --http` imports new transcript lines every this many seconds (0: never). */
    watchSeconds: number;
    /** A transcript line longer than this is skipped with a warning. */
    maxLineBytes: number;
  };
  /** `quality_run` commands by name (test, lint, …) and default timeout; see docs/quality.md. */
  quality: QualityConfig;
  /** `deja sync push|pull|status`: the shared PostgreSQL store (`sync.url` / DEJA_SYNC_URL) and rows per batch. */
  sync?: { url: string | null; batchSize: number };
}

export const DEFAULT_TRANSCRIPT_CONFIG: DejaConfig['transcripts'] = {
  archive: false,
  maxToolBodyChars: 8000,
  includeThinking: false,
  importFromHooks: true,
  watchSeconds: 5,
  maxLineBytes: 32 * 1024 * 1024,
};

export const DEFAULT_SESSION_CONFIG: DejaConfig['session'] = {
  autoStart: true,
  checkpointIntervalMinutes: 5,
  keepAutoCheckpoints: 10,
  maxDurationHours: 4,
  welcomeTokenBudget: 1500,
  summarisedHandoffs: false,
  handoffSummaryTokens: 300,
  watchFiles: false,
};

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Command-line flags, already parsed; they win over everything. */
  flags?: FileConfig & { home?: string };
  /** Defaults of the calling face (the CLI logs less than the server); below the config file. */
  defaults?: FileConfig;
}

export function loadConfig(sources: ConfigSources = {}): DejaConfig {
  const env = sources.env ?? process.env;
  const flags = sources.flags ?? {};
  const home = resolve(flags.home ?? env.DEJA_HOME ?? join(homedir(), '.deja'));
  const file = readConfigFile(home);
  const fromEnv = parseLayer(envLayer(env), 'environment');
  const merged = mergeLayers(sources.defaults ?? {}, file, fromEnv, parseLayer(stripHome(flags), 'flags'));
  // Teams: the store reads the acting member as its default (core/teams/acting-member.ts).
  setProcessMember(merged.member ?? null);
  return {
    ...(merged.member ? { member: merged.member } : {}),
    home,
    databaseUrl: merged.databaseUrl ?? null,
    tools: merged.tools ?? 'core',
    logLevel: merged.logLevel ?? 'info',
    logFile: merged.logFile ?? null,
    timeZone: merged.timeZone ?? null,
    embedder: parseEmbedderConfig(merged.embedder),
    llm: parseLlmConfig(merged.llm, env),
    session: { ...DEFAULT_SESSION_CONFIG, ...merged.session },
    transcripts: { ...DEFAULT_TRANSCRIPT_CONFIG, ...merged.transcripts },
    quality: merged.quality ?? {},
    sync: { url: merged.sync?.url ?? null, batchSize: merged.sync?.batchSize ?? 500 },
  };
}

function stripHome(flags: FileConfig & { home?: string }): FileConfig {
  const { home: _home, ...rest } = flags;
  return rest;
}

function mergeLayers(...layers: FileConfig[]): FileConfig {
  const merged: FileConfig = {};
  for (const layer of layers) {
    const { session, embedder, transcripts, llm, sync, ...rest } = layer;
    Object.assign(merged, rest);
    if (session) merged.session = { ...merged.session, ...session };
    if (transcripts) merged.transcripts = { ...merged.transcripts, ...transcripts };
    if (embedder) merged.embedder = { ...merged.embedder, ...embedder };
    if (llm) merged.llm = { ...merged.llm, ...llm };
    if (sync) merged.sync = { ...merged.sync, ...sync };
  }
  return merged;
}

/** Reads `config.toml` or `config.json` from the data folder, if either exists. */
function readConfigFile(home: string): FileConfig {
  for (const name of ['config.toml', 'config.json']) {
    const path = join(home, name);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    let raw: unknown;
    try {
      raw = name.endsWith('.toml') ? parseToml(text) : JSON.parse(text);
    } catch (error) {
      throw new UserError(path, `is not valid ${name.endsWith('.toml') ? 'TOML' : 'JSON'}`, String(error));
    }
    return parseLayer(raw, path);
  }
  return {};
}

function parseLayer(raw: unknown, source: string): FileConfig {
  const result = fileConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UserError(
    `${source}: ${issue ? issue.path.join('.') || '(root)' : '?'}`,
    issue ? describeIssue(issue) : 'is invalid',
  );
}

/** Environment variables, each mapped onto one config key. */
function envLayer(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  const session: Record<string, unknown> = {};
  if (env.DEJA_DATABASE_URL) layer.databaseUrl = env.DEJA_DATABASE_URL;
  if (env.DEJA_TOOLS) layer.tools = env.DEJA_TOOLS;
  if (env.DEJA_LOG_LEVEL) layer.logLevel = env.DEJA_LOG_LEVEL;
  if (env.DEJA_LOG_FILE) layer.logFile = env.DEJA_LOG_FILE;
  if (env.DEJA_TIMEZONE) layer.timeZone = env.DEJA_TIMEZONE;
  if (env.DEJA_SYNC_URL) layer.sync = { url: env.DEJA_SYNC_URL };
  if (env.DEJA_MEMBER) layer.member = env.DEJA_MEMBER;
  const embedder = embedderFromEnv(env);
  if (embedder) layer.embedder = embedder;
  const llm = llmFromEnv(env);
  if (llm) layer.llm = llm;
  if (env.DEJA_AUTO_SESSION) session.autoStart = !['0', 'false', 'off', 'no'].includes(env.DEJA_AUTO_SESSION);
  if (env.DEJA_CHECKPOINT_MINUTES) session.checkpointIntervalMinutes = Number(env.DEJA_CHECKPOINT_MINUTES);
  if (env.DEJA_MAX_SESSION_HOURS) session.maxDurationHours = Number(env.DEJA_MAX_SESSION_HOURS);
  if (env.DEJA_WELCOME_TOKENS) session.welcomeTokenBudget = Number(env.DEJA_WELCOME_TOKENS);
  if (env.DEJA_SUMMARISED_HANDOFFS)
    session.summarisedHandoffs = !['0', 'false', 'off', 'no'].includes(env.DEJA_SUMMARISED_HANDOFFS);
  if (env.DEJA_WATCH_FILES) session.watchFiles = !['0', 'false', 'off', 'no'].includes(env.DEJA_WATCH_FILES);
  if (Object.keys(session).length) layer.session = session;
  if (env.DEJA_WATCH_TRANSCRIPTS) layer.transcripts = { watchSeconds: Number(env.DEJA_WATCH_TRANSCRIPTS) };
  return layer;
}

/** DEJA_EMBEDDER=none|local|openai with DEJA_EMBEDDER_URL, _MODEL, _DIR and _API_KEY (each merges into the file's). */
function embedderFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> | null {
  const embedder: Record<string, unknown> = {};
  if (env.DEJA_EMBEDDER) embedder.provider = env.DEJA_EMBEDDER;
  if (env.DEJA_EMBEDDER_URL) embedder.baseUrl = env.DEJA_EMBEDDER_URL;
  if (env.DEJA_EMBEDDER_MODEL) embedder.model = env.DEJA_EMBEDDER_MODEL;
  if (env.DEJA_EMBEDDER_DIR) embedder.modelDir = env.DEJA_EMBEDDER_DIR;
  if (env.DEJA_EMBEDDER_API_KEY) embedder.apiKey = env.DEJA_EMBEDDER_API_KEY;
  return Object.keys(embedder).length > 0 ? embedder : null;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
