/**
 * The outbox's store in the browser: IndexedDB, which survives reloads, app updates and the
 * service worker's cache being replaced. The database has a schema version; an app update that
 * needs a new shape adds a step to `upgrade` (never edits an old one), and `normalise` fills
 * fields that records written by older versions lack.
 */
import { normalise, type OutboxEntry, type OutboxStore } from './types.ts';

const NAME = 'league-pulse';
const VERSION = 1;
const SUBMISSIONS = 'submissions';

function upgrade(db: IDBDatabase, from: number) {
  if (from < 1) db.createObjectStore(SUBMISSIONS, { keyPath: 'submissionId' });
  // if (from < 2) { … next version's step, e.g. an index … }
}

export const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** Resolves once the transaction has committed (its writes are on disk), rejects when it fails or aborts. */
export const committed = (transaction: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });

function open(): Promise<IDBDatabase> {
  const request = indexedDB.open(NAME, VERSION);
  request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
  return done(request).then((db) => {
    // A newer version of the app opened in another tab wants to upgrade: let it.
    db.onversionchange = () => db.close();
    return db;
  });
}

export function idbStore(): OutboxStore {
  let db: Promise<IDBDatabase> | null = null;
  const connection = () =>
    (db ??= open().then(
      (opened) => {
        opened.addEventListener('close', () => (db = null));
        return opened;
      },
      (error) => {
        db = null;
        throw error;
      },
    ));
  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    let database = await connection();
    if (!database.objectStoreNames.contains(SUBMISSIONS)) throw new Error('outbox store missing');
    let transaction: IDBTransaction;
    try {
      transaction = database.transaction(SUBMISSIONS, mode);
    } catch {
      // Closed by a version change since: open again (the new version's upgrade has run).
      db = null;
      database = await connection();
      transaction = database.transaction(SUBMISSIONS, mode);
    }
    const result = done(work(transaction.objectStore(SUBMISSIONS)));
    await committed(transaction);
    return result;
  }
  return {
    all: async () => (await run('readonly', (store) => store.getAll() as IDBRequest<OutboxEntry[]>)).map(normalise),
    get: async (id) => {
      const record = await run('readonly', (store) => store.get(id) as IDBRequest<OutboxEntry | undefined>);
      return record ? normalise(record) : undefined;
    },
    put: async (entry) => void (await run('readwrite', (store) => store.put(plain(entry)))),
    delete: async (id) => void (await run('readwrite', (store) => store.delete(id))),
  };
}

/**
 * IndexedDB clones records; plain data only (no Svelte proxies, no functions) — but the files'
 * Blobs as they are (IndexedDB keeps them; JSON would lose them). No schema step is needed: a
 * record is one value, and `normalise` gives older records `files: []`.
 */
function plain(entry: OutboxEntry): OutboxEntry {
  const files = entry.files ?? [];
  const copy = JSON.parse(JSON.stringify({ ...entry, files: files.map(({ blob: _blob, ...file }) => file) })) as OutboxEntry;
  copy.files = copy.files.map((file, i) => (files[i]!.blob ? { ...file, blob: files[i]!.blob } : file));
  return copy;
}
