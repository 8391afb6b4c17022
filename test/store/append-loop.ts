/**
 * The child of the durability check: appends to one stream through the store the
 * environment configures (STORE_KIND=sqlite with STORE_FILE, or esdb with
 * EVENTSTORE_CONNECTION_STRING), printing "ack <id>" only after each append resolved.
 * Several appends are in flight at once so the kill lands while writes are under way.
 */
import { randomUUID } from 'node:crypto';
import { uuidv7 } from '../../events/ids.ts';
import { createEsdbStore } from '../../events/store/esdb.ts';
import { createSqliteStore } from '../../events/store/sqlite.ts';

const store = process.env.STORE_KIND === 'esdb' ? createEsdbStore(process.env.EVENTSTORE_CONNECTION_STRING!) : createSqliteStore(process.env.STORE_FILE!);
const stream = `durability-${randomUUID()}`;
process.stdout.write(`stream ${stream}\n`);

async function writer() {
  for (;;) {
    const id = uuidv7();
    await store.append(stream, [{ id, type: 'DurabilityProbed', data: { at: Date.now() }, metadata: {} }]);
    process.stdout.write(`ack ${id}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, writer));
