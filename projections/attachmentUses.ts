/**
 * Which visits, reports and cases name each attached file: reading a file (GET
 * /api/attachments/:sha256) is allowed to whoever may read one of them, so the API looks up the
 * uses of a hash here and asks each one's own access rule. Uses are never removed: a report's
 * earlier version, a case's replaced submission stay readable with their files.
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqlProjection } from './projection.ts';

/** A visit record (ref: its recordId), a month's report (`unitId|month`), a drive's case (`campaignId|unitId`). */
export type AttachmentUse = { kind: 'visit' | 'report' | 'case'; ref: string };

export interface AttachmentUses {
  /** The uses of a file, oldest first. */
  of(sha256: string): AttachmentUse[];
}

const VERSION = 1;
export const USES = `attachment_uses_v${VERSION}`;

interface Statements {
  put: StatementSync;
  of: StatementSync;
}

export const attachmentUses: SqlProjection<Statements, AttachmentUses, 'attachmentUses'> & { read(sql: Statements): AttachmentUses } = {
  name: 'attachmentUses',
  version: VERSION,
  tables: [USES],
  schema: `CREATE TABLE ${USES} (sha256 TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (sha256, kind, ref)) WITHOUT ROWID;`,
  prepare: (db: DatabaseSync) => ({
    put: db.prepare(`INSERT OR IGNORE INTO ${USES} (sha256, kind, ref) VALUES (?, ?, ?)`),
    of: db.prepare(`SELECT kind, ref FROM ${USES} WHERE sha256 = ?`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    const use = (files: ReadonlyArray<{ sha256: string }> | undefined, kind: AttachmentUse['kind'], ref: string) => {
      for (const file of files ?? []) sql.put.run(file.sha256, kind, ref);
    };
    switch (event.type) {
      case 'VisitItemRecorded':
        return use(event.data.attachments, 'visit', event.data.recordId);
      case 'MonthlyReportSubmitted':
        return use(event.data.attachments, 'report', `${event.data.unitId}|${event.data.month}`);
      case 'DeliverableSubmitted':
        if (event.data.content.kind === 'case') use(event.data.content.attachments, 'case', `${event.data.campaignId}|${event.data.unitId}`);
        return;
      default:
    }
  },
  read: (sql: Statements): AttachmentUses => ({
    of: (sha256) => sql.of.all(sha256) as AttachmentUse[],
  }),
};
