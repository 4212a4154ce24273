import { initialSchema } from './001-initial.js';
import { memorySearchSchema } from './002-memory-search.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered and append-only: never edit a migration that has shipped; add the next one. */
export const sqliteMigrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'memory-search', sql: memorySearchSchema },
];
