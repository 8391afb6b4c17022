/**
 * Where each channel's delivery worker stands in the log, and the worker's own id, kept in the
 * replica's read database. The checkpoint only saves re-reading: what makes a restart or a fresh
 * replica send nothing twice is the claim on the reminder's stream (claim.ts). The id is kept so
 * a restarted replica recognises its own claims and finishes what it had taken on.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { ReminderChannel } from '../../../events/catalog/reminder.ts';

const TABLE = 'reminder_delivery_v1';

export interface DeliveryCheckpoints {
  readonly workerId: string;
  positionOf(channel: ReminderChannel): bigint | null;
  /**
   * Single autocommit writes: when the projection runner has a transaction open on the same
   * connection the row joins it, and a rollback of that batch only means re-reading a few events.
   */
  save(channel: ReminderChannel, position: bigint): void;
}

export function deliveryCheckpoints(db: DatabaseSync): DeliveryCheckpoints {
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const get = db.prepare(`SELECT value FROM ${TABLE} WHERE key = ?`);
  const put = db.prepare(`INSERT INTO ${TABLE} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const read = (key: string) => (get.get(key) as { value: string } | undefined)?.value ?? null;
  let workerId = read('worker');
  if (workerId === null) {
    workerId = `replica-${randomUUID()}`;
    put.run('worker', workerId);
  }
  return {
    workerId,
    positionOf: (channel) => {
      const value = read(`position:${channel}`);
      return value === null ? null : BigInt(value);
    },
    save: (channel, position) => void put.run(`position:${channel}`, position.toString()),
  };
}
