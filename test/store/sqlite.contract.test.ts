import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../events/store/sqlite.ts';
import { describeStoreContract } from './contract.ts';

const file = join(mkdtempSync(join(tmpdir(), 'league-pulse-contract-')), 'events.db');

describeStoreContract({
  name: 'embedded SQLite',
  open: () => createSqliteStore(file),
  childEnv: { STORE_KIND: 'sqlite', STORE_FILE: file },
});
