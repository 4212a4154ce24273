import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The user's home folder, where the assistants keep their transcripts and
 * configuration. `DEJA_USER_HOME` points it elsewhere (tests, or importing
 * another account's copy) so nothing outside that folder is read or written.
 */
export function userHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.DEJA_USER_HOME?.trim();
  return override ? resolve(override) : homedir();
}

/** Where the assistants keep their configuration and transcripts. */
export interface AssistantFolders {
  /** Claude Code: `projects/` (transcripts), `settings.json`, `commands/`. */
  claude: string;
  /** Claude Code's state file with user-scope MCP servers: `~/.claude.json`, or inside `CLAUDE_CONFIG_DIR`. */
  claudeState: string;
  /** Codex: `sessions/`, `archived_sessions/`, `config.toml`. */
  codex: string;
}

/**
 * `CLAUDE_CONFIG_DIR` and `CODEX_HOME` when set, as the assistants themselves
 * read them, else `~/.claude` and `~/.codex`. With DEJA_USER_HOME set both
 * derive from it and the variables are ignored, so tests never reach the real ones.
 */
export function assistantFolders(env: NodeJS.ProcessEnv = process.env): AssistantFolders {
  const home = userHome(env);
  const overridden = Boolean(env.DEJA_USER_HOME?.trim());
  const pick = (variable: string | undefined, fallback: string) =>
    !overridden && variable?.trim() ? resolve(variable.trim()) : join(home, fallback);
  const claude = pick(env.CLAUDE_CONFIG_DIR, '.claude');
  const customClaude = claude !== join(home, '.claude');
  return {
    claude,
    claudeState: customClaude ? join(claude, '.claude.json') : join(home, '.claude.json'),
    codex: pick(env.CODEX_HOME, '.codex'),
  };
}
