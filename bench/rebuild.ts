/**
 * The limit of a rebuild, in a process of its own (so its peak memory is its own), printed as
 * JSON: page through the log in position order and parse each row's JSON, nothing else.
 *
 *   node bench/rebuild.ts raw DIR
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const [mode, dir] = process.argv.slice(2) as ['raw', string];
if (mode !== 'raw' || !dir) throw new Error('usage: node bench/rebuild.ts raw DIR');
const start = performance.now();
const db = new DatabaseSync(join(dir, 'events.db'), { readOnly: true });
// The same query and page size as the embedded store's catch-up subscription.
const page = db.prepare('SELECT position, stream, revision, id, type, data, metadata, created FROM events WHERE position >= ? ORDER BY position LIMIT ?');
page.setReadBigInts(true);
let after = 0n;
let events = 0;
let checksum = 0;
for (;;) {
  const rows = page.all(after + 1n, 1000) as unknown as Array<{ position: bigint; data: string; metadata: string }>;
  for (const row of rows) {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
    checksum += Object.keys(data).length + Object.keys(metadata).length;
    after = row.position;
  }
  events += rows.length;
  if (rows.length < 1000) break;
}
db.close();
console.log(JSON.stringify({ mode, events, ms: performance.now() - start, maxRssMiB: process.resourceUsage().maxRSS / 1024, checksum }));
