/**
 * Where some inputs of the drive's timeline last changed, so an answer computed from them can be
 * kept until then (api/campaigns/routes.ts): each number is the position of the last event that
 * changed that input:
 *   tree     — any unit event (opened, renamed, moved, reclassified, profile, standards, closed, 六有);
 *   settings — a province's reporting settings;
 *   accounts — any account event (names shown in the drive's history).
 * Three rows, whatever the log's length. (The reporting dashboards keep nothing: they read the
 * counts the monthlyReports tables keep as events arrive.)
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredEvent } from '../events/catalog/index.ts';
import type { SqlProjection } from './projection.ts';

export interface ReportingVersionsState {
  readonly tree: number;
  readonly settings: number;
  readonly accounts: number;
}

const VERSION = 4;
export const VERSIONS = `reporting_versions_v${VERSION}`;

const INPUT_OF: Record<string, keyof ReportingVersionsState> = {
  UnitOpened: 'tree', UnitMoved: 'tree', UnitRenamed: 'tree', UnitReclassified: 'tree', TownshipProfileRecorded: 'tree',
  StandardsRecorded: 'tree', UnitClosed: 'tree', SixHasConfigured: 'tree',
  ReportingSettingsConfigured: 'settings',
  AdministratorSetUp: 'accounts', UserInvited: 'accounts', InvitationAccepted: 'accounts', UserDeactivated: 'accounts',
};

interface Statements { get: StatementSync; set: StatementSync }

export const reportingVersions: SqlProjection<Statements, ReportingVersionsState> & { read(sql: Statements): ReportingVersionsState } = {
  name: 'reportingVersions',
  version: VERSION,
  tables: [VERSIONS],
  schema: `CREATE TABLE ${VERSIONS} (input TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;`,
  prepare: (db: DatabaseSync) => ({
    get: db.prepare(`SELECT position FROM ${VERSIONS} WHERE input = ?`),
    set: db.prepare(`INSERT OR REPLACE INTO ${VERSIONS} (input, position) VALUES (?, ?)`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    const input = INPUT_OF[event.type];
    if (input) sql.set.run(input, event.position);
  },
  read: (sql: Statements): ReportingVersionsState => {
    const position = (input: string) => Number((sql.get.get(input) as { position: number } | undefined)?.position ?? 0);
    return {
      get tree() { return position('tree'); },
      get settings() { return position('settings'); },
      get accounts() { return position('accounts'); },
    };
  },
};
