import type { Migration } from '../../sqlite/migrations/index.js';
import { initialSchema } from './001-initial.js';
import { memorySearchSchema } from './002-memory-search.js';
import { transcriptsSchema } from './003-transcripts.js';
import { trackingSchema } from './004-tracking.js';
import { qualitySchema } from './005-quality.js';
import { remindersPermissionsSchema } from './006-reminders-permissions.js';
import { graphSchema } from './007-graph.js';
import { projectsSchema } from './008-projects.js';
import { teamsSchema } from './009-teams.js';
import { syncSchema } from './010-sync.js';
import { syncMemoriesBySeqSchema } from './011-sync-memories-by-seq.js';
import { memoriesBySessionSchema } from './012-memories-by-session.js';
import { syncGraphSchema } from './013-sync-graph.js';
import { syncProjectGroupsSchema } from './014-sync-project-groups.js';
import { syncNamedDeletionsSchema } from './015-sync-named-deletions.js';
import { syncGroupDeparturesSchema } from './016-sync-group-departures.js';
import { reminderOwnersSchema } from './017-reminder-owners.js';
import { syncTeamsSchema } from './018-sync-teams.js';
import { memberTrustSchema } from './019-member-trust.js';

/**
 * Numbered and append-only: never edit a migration that has shipped; add the
 * next one. The numbers follow SQLite's, so one schema version means the same
 * tables on both backends.
 */
export const postgresMigrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'memory-search', sql: memorySearchSchema },
  { version: 3, name: 'transcripts', sql: transcriptsSchema },
  { version: 4, name: 'tracking', sql: trackingSchema },
  { version: 5, name: 'quality', sql: qualitySchema },
  { version: 6, name: 'reminders-permissions', sql: remindersPermissionsSchema },
  { version: 7, name: 'graph', sql: graphSchema },
  { version: 8, name: 'projects', sql: projectsSchema },
  { version: 9, name: 'teams', sql: teamsSchema },
  { version: 10, name: 'sync', sql: syncSchema },
  { version: 11, name: 'sync-memories-by-seq', sql: syncMemoriesBySeqSchema },
  { version: 12, name: 'memories-by-session', sql: memoriesBySessionSchema },
  { version: 13, name: 'sync-graph', sql: syncGraphSchema },
  { version: 14, name: 'sync-project-groups', sql: syncProjectGroupsSchema },
  { version: 15, name: 'sync-named-deletions', sql: syncNamedDeletionsSchema },
  { version: 16, name: 'sync-group-departures', sql: syncGroupDeparturesSchema },
  { version: 17, name: 'reminder-owners', sql: reminderOwnersSchema },
  { version: 18, name: 'sync-teams', sql: syncTeamsSchema },
  { version: 19, name: 'member-trust', sql: memberTrustSchema },
];
