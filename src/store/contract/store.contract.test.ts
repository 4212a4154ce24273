import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresContractBackends } from '../../../test/support/postgres.js';
import type { Store } from '../port.js';
import { withRedaction } from '../redacting-store.js';
import { SqliteStore } from '../sqlite/sqlite-store.js';
import { runGraphContract } from './graph-contract.js';
import { runProjectsContract } from './projects-contract.js';
import { runQualityContract } from './quality-contract.js';
import { runRemindersContract, runSqliteClaimRace } from './reminders-contract.js';
import { runSearchContract } from './search-contract.js';
import { runSessionMoveContract } from './session-move-contract.js';
import { runStoreContract, type StoreFactory } from './store-contract.js';
import { runTeamsContract } from './teams-contract.js';
import { runTrackingContract } from './tracking-contract.js';
import { runTranscriptContract } from './transcript-contract.js';

const folders = new Map<Store, string>();

/** Every backend the contract runs against. A new backend is one more line here. */
const backends: StoreFactory[] = [
  {
    name: 'sqlite file',
    async open() {
      const folder = mkdtempSync(join(tmpdir(), 'deja-contract-'));
      const store = withRedaction(new SqliteStore({ path: join(folder, 'deja.db') }));
      folders.set(store, folder);
      return store;
    },
    async dispose(store) {
      await store.close();
      rmSync(folders.get(store) ?? '', { recursive: true, force: true });
    },
  },
  { name: 'sqlite memory', open: async () => withRedaction(new SqliteStore({ path: ':memory:' })) },
  // A fresh schema per test on the local PostgreSQL (skipped with a message when it is down, failing in CI).
  ...(await postgresContractBackends()),
];

for (const backend of backends) {
  runStoreContract(backend);
  runSearchContract(backend);
  runTranscriptContract(backend);
  runTrackingContract(backend);
  runQualityContract(backend);
  runSessionMoveContract(backend);
  runRemindersContract(backend);
  runGraphContract(backend);
  runProjectsContract(backend);
  runTeamsContract(backend);
}
runSqliteClaimRace();
