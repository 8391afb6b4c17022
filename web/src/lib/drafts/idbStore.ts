/**
 * Drafts in the browser: IndexedDB, in a database of their own (`league-pulse-drafts`), so the
 * outbox's database and its upgrade steps are untouched. Add steps to `upgrade`, never edit one.
 */
import { committed, done } from '../outbox/idbStore.ts';
import type { Draft, DraftStore } from './types.ts';

const NAME = 'league-pulse-drafts';
const VERSION = 1;
const DRAFTS = 'drafts';

function upgrade(db: IDBDatabase, from: number) {
  if (from < 1) db.createObjectStore(DRAFTS, { keyPath: 'id' });
}

export function idbDraftStore(): DraftStore {
  let db: Promise<IDBDatabase> | null = null;
  const connection = () =>
    (db ??= (() => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
      return done(request).then(
        (opened) => {
          // A newer version of the app opened in another tab wants to upgrade: let it, and open again next time.
          opened.onversionchange = () => {
            opened.close();
            db = null;
          };
          return opened;
        },
        (error) => {
          db = null;
          throw error;
        },
      );
    })());
  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const transaction = (await connection()).transaction(DRAFTS, mode);
    const result = done(work(transaction.objectStore(DRAFTS)));
    await committed(transaction);
    return result;
  }
  return {
    all: () => run('readonly', (store) => store.getAll() as IDBRequest<Draft[]>),
    get: (id) => run('readonly', (store) => store.get(id) as IDBRequest<Draft | undefined>),
    // Plain data only (no Svelte proxies).
    put: async (draft) => void (await run('readwrite', (store) => store.put(JSON.parse(JSON.stringify(draft)) as Draft))),
    delete: async (id) => void (await run('readwrite', (store) => store.delete(id))),
  };
}
