import { homedir } from 'node:os';
import { resolve } from 'node:path';

/**
 * The user's home folder, where the assistants keep their transcripts and
 * configuration. `DEJA_USER_HOME` points it elsewhere (tests, or importing
 * another account's copy) so nothing outside that folder is read or written.
 */
export function userHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.DEJA_USER_HOME?.trim();
  return override ? resolve(override) : homedir();
}
