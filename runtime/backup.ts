/**
 * The backup and restore command line (events/backup.ts does the work, given a store):
 *
 *   node runtime/backup.ts export <file.ndjson>   (npm run backup -- <file>)
 *   node runtime/backup.ts import <file.ndjson>   (npm run restore -- <file>)
 *
 * The store is the one the app would open (DATA_DIR, or EVENTSTORE_CONNECTION_STRING for
 * EventStoreDB; see runtime/config.ts).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachmentsBesides, BackupError, exportAttachments, exportLog, importAttachments, importLog, type Progress } from '../events/backup.ts';
import { loadConfig, type Config } from './config.ts';
import { openStore } from './start.ts';

/** Prints a progress line on stderr at most every half second, and the last one always. */
function progressPrinter(verb: string) {
  let shown = 0;
  return (progress: Progress, force = false) => {
    const now = Date.now();
    if (!force && now - shown < 500) return;
    shown = now;
    const line =
      verb === 'exported'
        ? `exported ${progress.events} events (position ${progress.done} of ${progress.total})`
        : `imported ${progress.events} of ${progress.total} events`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
  };
}

const usage = `usage: node runtime/backup.ts export <file.ndjson>   write the whole log to a file
       node runtime/backup.ts import <file.ndjson>   append a backup into an empty store
The store is the app's: DATA_DIR (default ./data), or EVENTSTORE_CONNECTION_STRING.`;

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const [command, file, ...rest] = argv;
  if ((command !== 'export' && command !== 'import') || !file || rest.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  const where = config.EVENTSTORE_CONNECTION_STRING ? 'EventStoreDB' : join(config.dataDir, 'events.db');
  const path = resolve(file);
  if (command === 'import') {
    // Read models folded from another log would be taken for this one's (their checkpoints fit): refuse.
    const readDatabase = config.READ_DB_PATH ?? join(config.dataDir, 'read.sqlite');
    if (existsSync(readDatabase)) {
      process.stderr.write(`${readDatabase} holds read models of another log; delete it (the views are rebuilt from the log) and run again\n`);
      return 1;
    }
    if (!existsSync(path)) {
      process.stderr.write(`no such file: ${path}\n`);
      return 1;
    }
  }
  const store = openStore(config);
  const show = progressPrinter(command === 'export' ? 'exported' : 'imported');
  try {
    if (command === 'export') {
      process.stderr.write(`exporting ${where} to ${path}\n`);
      let lastProgress: Progress = { events: 0, done: '0', total: '0' };
      const result = await exportLog(store, path, { onProgress: (progress) => show((lastProgress = progress)) });
      if (result.events > 0) show(lastProgress, true);
      process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}exported ${result.events} events to ${path}\n`);
      const files = exportAttachments(config.dataDir, path);
      process.stderr.write(`copied ${files.copied} attachments to ${attachmentsBesides(path)} (${files.kept} there already)\n`);
      if (files.damaged.length > 0)
        throw new BackupError(`${files.damaged.length} attachments in DATA_DIR do not match their SHA-256 (damaged): ${files.damaged.join(', ')}`);
    } else {
      process.stderr.write(`restoring ${path} into ${where}\n`);
      let lastProgress: Progress = { events: 0, done: '0', total: '0' };
      const result = await importLog(store, path, { onProgress: (progress) => show((lastProgress = progress)) });
      if (result.events > 0) show(lastProgress, true);
      process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}imported ${result.events} events in ${result.streams} streams (${result.appends} appends)\n`);
      const files = importAttachments(path, config.dataDir);
      process.stderr.write(`restored ${files.copied} attachments from ${attachmentsBesides(path)}\n`);
      if (files.damaged.length > 0)
        throw new BackupError(
          `${files.damaged.length} attachments of the backup do not match their SHA-256 (damaged, not restored): ${files.damaged.join(', ')}`,
        );
    }
    return 0;
  } catch (error) {
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${error instanceof BackupError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
