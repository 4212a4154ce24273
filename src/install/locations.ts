import { join } from 'node:path';
import { assistantFolders, userHome } from '../user-home.js';

export const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The platform whose conventions apply: other Unixes follow Linux's. */
export function currentPlatform(platform: NodeJS.Platform = process.platform): Platform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/** Where a user's configuration lives on one platform. */
export interface UserLocations {
  platform: Platform;
  /** The home folder: env DEJA_USER_HOME (tests), else the OS's. */
  home: string;
  /** Per-user application config: ~/.config (XDG), ~/Library/Application Support, %APPDATA%. */
  appConfig: string;
  /** Claude Code's folder (`CLAUDE_CONFIG_DIR`, else ~/.claude), its state file, and Codex's folder (`CODEX_HOME`, else ~/.codex). */
  claude: string;
  claudeState: string;
  codex: string;
}

/**
 * The user's folders. With DEJA_USER_HOME set, every folder derives from it
 * (XDG_CONFIG_HOME and APPDATA are ignored), so tests never reach the real home.
 */
export function userLocations(
  env: NodeJS.ProcessEnv = process.env,
  platform: Platform = currentPlatform(),
): UserLocations {
  const override = env.DEJA_USER_HOME?.trim();
  const home = userHome(env);
  let appConfig: string;
  if (platform === 'darwin') appConfig = join(home, 'Library', 'Application Support');
  else if (platform === 'win32')
    appConfig = !override && env.APPDATA ? env.APPDATA : join(home, 'AppData', 'Roaming');
  else appConfig = !override && env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(home, '.config');
  return { platform, home, appConfig, ...assistantFolders(env) };
}

/** A path for display: the home folder shown as ~. */
export function displayPath(path: string, home: string): string {
  if (path === home) return '~';
  for (const sep of ['/', '\\']) if (path.startsWith(home + sep)) return `~${path.slice(home.length)}`;
  return path;
}
