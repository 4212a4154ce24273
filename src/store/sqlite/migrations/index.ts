import { initialSchema } from './001-initial.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered and append-only: never edit a migration that has shipped; add the next one. */
export const sqliteMigrations: readonly Migration[] = [{ version: 1, name: 'initial', sql: initialSchema }];
