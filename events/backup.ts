/**
 * Backup and restore of the whole log as NDJSON, one recorded event per line, given a store
 * (the command line that opens the app's store is runtime/backup.ts: `npm run backup -- <file>`,
 * `npm run restore -- <file>`). Export reads $all from the start in pages up to the
 * position that was last when it began, so it is a consistent prefix of a log that keeps
 * growing. Import appends into an EMPTY store only, stream by stream in the file's global
 * order, with `no_stream` for a stream's first event and the exact revision after, so event
 * ids, stream names, types, data, metadata, per-stream revisions and the global order all
 * come back. Positions and creation times in the file are informational: the target store
 * assigns its own (on the embedded store they come out equal when the source's were
 * contiguous, as they are on an embedded log).
 *
 * Attachments (photos and files of visits, reports and cases) are not in the log: export copies
 * them to `<file>.attachments/` beside the file (content-addressed, as in DATA_DIR/attachments;
 * files already there are not copied again), and import copies that folder back, checking every
 * file's bytes against its SHA-256 name.
 */
import { createReadStream, existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { EventStore, EventToAppend, RecordedEvent } from './store/port.ts';
import { attachmentFiles, attachmentFolderOf, copyAttachments } from './attachments.ts';

/** One line of a backup file. */
export interface BackupLine {
  id: string;
  streamName: string;
  type: string;
  /** 0-based revision in the stream, as a decimal string (revisions are 64-bit). */
  revision: string;
  data: unknown;
  metadata: unknown;
  /** Informational: where the event stood in the source log. */
  position: string;
  /** Informational: when the source store recorded it. */
  created: string;
}

export interface Progress {
  events: number;
  /** Export: source position reached and the last one to export. Import: lines of the file. */
  done: string;
  total: string;
}

export interface ExportOptions {
  pageSize?: number;
  onProgress?: (progress: Progress) => void;
}

export interface ExportResult {
  events: number;
  /** Source position of the last event exported; null for an empty log. */
  lastPosition: bigint | null;
}

export interface ImportOptions {
  /** Most events in one append (consecutive events of one stream are batched). */
  maxBatch?: number;
  onProgress?: (progress: Progress) => void;
}

export interface ImportResult {
  events: number;
  streams: number;
  appends: number;
  /** Target position of the last event appended; null when the file was empty. */
  lastPosition: bigint | null;
}

/** A problem with the backup file or the target store; the CLI prints its message alone. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export function toLine(event: RecordedEvent): BackupLine {
  return {
    id: event.id,
    streamName: event.streamName,
    type: event.type,
    revision: event.revision.toString(),
    data: event.data,
    metadata: event.metadata,
    position: event.position.toString(),
    created: event.created.toISOString(),
  };
}

/**
 * Writes every event of the log, up to the position that is last now, to `file` (through
 * `<file>.partial`, renamed only once complete and synced, so a failed export leaves no
 * file that looks whole).
 */
export async function exportLog(store: EventStore, file: string, options: ExportOptions = {}): Promise<ExportResult> {
  const pageSize = options.pageSize ?? 1000;
  const last = await store.lastPosition();
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  let events = 0;
  let lastPosition: bigint | null = null;
  try {
    if (last !== null) {
      for (;;) {
        // fromPosition is inclusive: re-read the last exported event and drop it, which is
        // also right on EventStoreDB, whose positions are not contiguous.
        const asked = lastPosition === null ? pageSize : pageSize + 1;
        const after: bigint | null = lastPosition;
        const page: RecordedEvent[] = await store.readAll(after === null ? { maxCount: asked } : { fromPosition: after, maxCount: asked });
        const fresh: RecordedEvent[] = page.filter((event) => (after === null || event.position > after) && event.position <= last);
        if (fresh.length > 0) {
          await handle.write(fresh.map((event) => `${JSON.stringify(toLine(event))}\n`).join(''));
          events += fresh.length;
          const reached: bigint = fresh[fresh.length - 1]!.position;
          lastPosition = reached;
          options.onProgress?.({ events, done: reached.toString(), total: last.toString() });
        }
        if (fresh.length === 0 || lastPosition === last || page.length < asked) break;
      }
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, file);
  return { events, lastPosition };
}

/** Reads a backup file line by line, checking each line's shape; yields [line number, event]. */
async function* readLines(file: string): AsyncGenerator<[number, BackupLine]> {
  if (!existsSync(file)) throw new BackupError(`no such file: ${file}`);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new BackupError(`${file}:${n}: not a JSON line`);
    }
    const line = value as Partial<BackupLine> | null;
    const problem =
      !line || typeof line !== 'object' || Array.isArray(line)
        ? 'not an object'
        : typeof line.id !== 'string' || line.id === ''
          ? 'no event id'
          : typeof line.streamName !== 'string' || line.streamName === ''
            ? 'no stream name'
            : typeof line.type !== 'string' || line.type === ''
              ? 'no event type'
              : typeof line.revision !== 'string' || !/^\d{1,19}$/.test(line.revision)
                ? 'no revision'
                : !('data' in line)
                  ? 'no data'
                  : !('metadata' in line)
                    ? 'no metadata'
                    : null;
    if (problem) throw new BackupError(`${file}:${n}: ${problem}`);
    yield [n, line as BackupLine];
  }
}

/** Checks the whole file before anything is written: every stream's revisions run 0, 1, 2 … */
export async function checkBackup(file: string): Promise<{ events: number; streams: number }> {
  const next = new Map<string, bigint>();
  let events = 0;
  for await (const [n, line] of readLines(file)) {
    const expected = next.get(line.streamName) ?? 0n;
    if (BigInt(line.revision) !== expected) {
      throw new BackupError(
        `${file}:${n}: stream ${line.streamName} has revision ${line.revision} where ${expected} was expected (the file is incomplete, reordered or edited)`,
      );
    }
    next.set(line.streamName, expected + 1n);
    events++;
  }
  return { events, streams: next.size };
}

/**
 * Appends the file's events into `store`, which must be empty. Consecutive events of one
 * stream go in one append; each append expects the exact revision the stream must be at.
 * On the embedded store several appends are handed over at once (its single writer keeps
 * them in call order, in one transaction per turn); on EventStoreDB they go one by one, since
 * only that keeps the global order.
 */
export async function importLog(store: EventStore, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const maxBatch = options.maxBatch ?? 500;
  const last = await store.lastPosition();
  if (last !== null) {
    throw new BackupError(
      `the target store is not empty (its last position is ${last}): restore only into an empty store — point DATA_DIR at a new folder, or use a new EventStoreDB database`,
    );
  }
  const { events: total, streams } = await checkBackup(file);
  const window = store.kind === 'sqlite' ? 256 : 1;
  let inFlight: Array<Promise<void>> = [];
  let failure: unknown = null;
  let appends = 0;
  let events = 0;
  let lastPosition: bigint | null = null;
  let batch: { streamName: string; first: bigint; events: EventToAppend[] } | null = null;

  const drain = async () => {
    await Promise.all(inFlight);
    inFlight = [];
    if (failure) throw failure;
  };
  const flush = async () => {
    if (!batch) return;
    const { streamName, first, events: toAppend } = batch;
    batch = null;
    const expectedRevision = first === 0n ? ('no_stream' as const) : first - 1n;
    const lastRevision = first + BigInt(toAppend.length) - 1n;
    appends++;
    inFlight.push(
      store
        .append(streamName, toAppend, { expectedRevision })
        .then((result) => {
          // An append of ids already in the store would "succeed" without writing: refuse that.
          if (result.nextExpectedRevision !== lastRevision) {
            throw new BackupError(
              `stream ${streamName}: the store reports revision ${result.nextExpectedRevision} after appending up to ${lastRevision}; some events were already there`,
            );
          }
          if (lastPosition === null || result.position > lastPosition) lastPosition = result.position;
          events += toAppend.length;
        })
        .catch((error: unknown) => {
          failure ??= error;
        }),
    );
    if (inFlight.length >= window) {
      await drain();
      options.onProgress?.({ events, done: String(events), total: String(total) });
    }
  };

  try {
    for await (const [, line] of readLines(file)) {
      const revision = BigInt(line.revision);
      if (!batch || batch.streamName !== line.streamName || batch.events.length >= maxBatch) {
        await flush();
        batch = { streamName: line.streamName, first: revision, events: [] };
      }
      batch.events.push({ id: line.id, type: line.type, data: line.data, metadata: line.metadata });
    }
    await flush();
    await drain();
  } catch (error) {
    await Promise.allSettled(inFlight);
    const detail = error instanceof Error ? error.message : String(error);
    throw new BackupError(
      `restore stopped after ${events} of ${total} events: ${detail}. The store now holds part of the backup; empty it (a new DATA_DIR) before trying again.`,
    );
  }
  options.onProgress?.({ events, done: String(events), total: String(total) });
  return { events, streams, appends, lastPosition };
}

/** Where a backup file's attachments are kept: the folder beside it. */
export const attachmentsBesides = (file: string) => `${file}.attachments`;

/** Copies DATA_DIR's attachments to the backup's folder (only those not there yet). */
export function exportAttachments(dataDir: string, file: string) {
  return copyAttachments(attachmentFolderOf(dataDir), attachmentFiles(attachmentsBesides(file)));
}

/** Copies a backup's attachments into DATA_DIR (none when the backup has no folder of them). */
export function importAttachments(file: string, dataDir: string) {
  return copyAttachments(attachmentFiles(attachmentsBesides(file)), attachmentFolderOf(dataDir));
}
