/**
 * Backup and restore (events/backup.ts, its command line runtime/backup.ts): a log built through the API is exported with the
 * documented command, restored into a fresh data folder, and every projection folded from the
 * restored log equals the one the running API holds. A non-empty target and a damaged file
 * are refused before anything is written. The attachments (photos, files) travel beside the file
 * and come back, checked against their hashes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLog, importLog } from '../../events/backup.ts';
import type { EventStore, RecordedEvent } from '../../events/store/port.ts';
import { createSqliteStore } from '../../events/store/sqlite.ts';
import { projections } from '../../projections/index.ts';
import { openReadDatabase } from '../../projections/sql/readDatabase.ts';
import { ProjectionRunner } from '../../projections/runner.ts';
import { startTestApi } from '../api/harness.ts';
import { png, sha256 } from '../api/images.ts';
import { attachmentFiles, attachmentFolderOf } from '../../events/attachments.ts';
import { addCampaign, buildWorld } from './world.ts';

const root = new URL('../..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'league-pulse-backup-'));

/** Runs `node runtime/backup.ts <args>` as `npm run backup/restore` would, with DATA_DIR set. */
function cli(args: string[], dataDir: string) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir };
  delete env.EVENTSTORE_CONNECTION_STRING;
  const result = spawnSync(process.execPath, [join(root, 'runtime/backup.ts'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stderr: result.stderr };
}

/** Folds the whole log from position 0 into fresh tables: every projection's rows. */
async function rebuild(store: EventStore) {
  const tables = openReadDatabase(':memory:');
  const runner = new ProjectionRunner(store, projections, tables);
  await runner.start();
  const states = Object.fromEntries(projections.map((projection) => [projection.name, runner.contents(projection.name)]));
  await runner.stop();
  tables.close();
  return states;
}

const essentials = (event: RecordedEvent) => ({
  id: event.id,
  streamName: event.streamName,
  type: event.type,
  revision: event.revision,
  position: event.position,
  data: event.data,
  metadata: event.metadata,
});

let api: Awaited<ReturnType<typeof startTestApi>>;
let source: RecordedEvent[];
/** A photo uploaded to the source: it is in no event, only in DATA_DIR/attachments. */
const photo = png(20, 10, [120, 80, 40]);
beforeAll(async () => {
  api = await startTestApi();
  const world = await addCampaign(api, await buildWorld(api));
  expect((await api.app.request(`/api/attachments/${sha256(photo)}`, { method: 'PUT', headers: world.admin, body: photo })).status).toBe(201);
  source = await api.runtime.store.readAll();
}, 60_000);
afterAll(() => api?.close());

describe('backup and restore (events/backup.ts)', () => {
  it('export → import into a fresh data folder gives the same log and the same projections', async () => {
    const file = join(work, 'league.ndjson');
    const exported = cli(['export', file], api.dataDir);
    expect(exported.stderr).toMatch(new RegExp(`exported ${source.length} events \\(position ${source.at(-1)!.position} of ${source.at(-1)!.position}\\)`));
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(source.length);
    expect(lines[0]).toEqual({
      id: source[0]!.id,
      streamName: source[0]!.streamName,
      type: source[0]!.type,
      revision: '0',
      data: source[0]!.data,
      metadata: source[0]!.metadata,
      position: source[0]!.position.toString(),
      created: source[0]!.created.toISOString(),
    });

    // The library with tiny pages writes the very same file.
    const paged = join(work, 'paged.ndjson');
    expect(await exportLog(api.runtime.store, paged, { pageSize: 7 })).toEqual({ events: source.length, lastPosition: source.at(-1)!.position });
    expect(readFileSync(paged, 'utf8')).toBe(readFileSync(file, 'utf8'));

    const target = mkdtempSync(join(work, 'restored-'));
    const imported = cli(['import', file], target);
    expect(imported.stderr).toContain(`imported ${source.length} events in ${new Set(source.map((event) => event.streamName)).size} streams`);
    expect(imported.code).toBe(0);

    // The attachments went beside the file and came back, every one of them, byte for byte.
    const kept = [...attachmentFolderOf(api.dataDir).list()];
    expect(kept).toContain(sha256(photo));
    expect(exported.stderr).toContain(`copied ${kept.length} attachments to ${file}.attachments`);
    expect([...attachmentFiles(`${file}.attachments`).list()]).toEqual(kept);
    expect(imported.stderr).toContain(`restored ${kept.length} attachments`);
    expect([...attachmentFolderOf(target).list()]).toEqual(kept);
    expect(new Uint8Array(readFileSync(join(target, 'attachments', sha256(photo).slice(0, 2), sha256(photo))))).toEqual(photo);

    const restoredStore = createSqliteStore(join(target, 'events.db'));
    try {
      const restored = await restoredStore.readAll();
      // Same ids, streams, types, revisions, data, metadata — and, into an empty embedded store
      // from a contiguous one, the same positions, which some projections keep (report versions).
      expect(restored.map(essentials)).toEqual(source.map(essentials));
      const live = Object.fromEntries(projections.map((projection) => [projection.name, api.runtime.runner.contents(projection.name)]));
      const folded = await rebuild(restoredStore);
      expect(Object.keys(folded).sort()).toEqual(projections.map((projection) => projection.name).sort());
      for (const projection of projections) expect(folded[projection.name], projection.name).toEqual(live[projection.name]);
      // The API's tables came partly from a catch-up and partly from live folding: a rebuild of the source agrees too.
      expect(await rebuild(api.runtime.store)).toEqual(folded);
    } finally {
      await restoredStore.close();
    }

    // A second restore into the same (now non-empty) store is refused, and writes nothing.
    const again = cli(['import', file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the target store is not empty/);
  }, 60_000);

  it('refuses a non-empty store with a clear message', async () => {
    const file = join(work, 'league.ndjson');
    const store = createSqliteStore(join(mkdtempSync(join(work, 'busy-')), 'events.db'));
    try {
      await store.append('someone-else', [{ id: crypto.randomUUID(), type: 'Probe', data: {}, metadata: {} }]);
      await expect(importLog(store, file)).rejects.toThrow(/the target store is not empty \(its last position is 1\): restore only into an empty store/);
      expect(await store.lastPosition()).toBe(1n);
    } finally {
      await store.close();
    }
  });

  it('refuses a damaged file (a line missing, or not JSON) before writing anything', async () => {
    const lines = readFileSync(join(work, 'league.ndjson'), 'utf8').trimEnd().split('\n');
    const streamOf = (line: string) => (JSON.parse(line) as { streamName: string }).streamName;
    // Drop an event that is not the last of its stream: its stream's revisions then skip one.
    const gap = lines.findIndex((line, i) => lines.slice(i + 1).some((later) => streamOf(later) === streamOf(line)));
    const missing = join(work, 'missing.ndjson');
    writeFileSync(missing, `${lines.filter((_, i) => i !== gap).join('\n')}\n`);
    const garbled = join(work, 'garbled.ndjson');
    writeFileSync(garbled, `${lines.slice(0, 5).join('\n')}\n{"id": "cut off here\n`);
    for (const [file, message] of [
      [missing, /has revision \d+ where \d+ was expected/],
      [garbled, /garbled\.ndjson:6: not a JSON line/],
    ] as const) {
      const dir = mkdtempSync(join(work, 'damaged-'));
      const result = cli(['import', file], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      const store = createSqliteStore(join(dir, 'events.db'));
      expect(await store.lastPosition()).toBeNull();
      await store.close();
    }
  }, 30_000);

  it('answers a wrong command line with its usage', () => {
    const result = cli(['restore'], mkdtempSync(join(work, 'usage-')));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: node runtime/backup.ts export <file.ndjson>');
  });
});
