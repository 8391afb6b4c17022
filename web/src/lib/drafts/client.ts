/** The tab's drafts over IndexedDB (a Map where IndexedDB is missing); old drafts go the first time. */
import { createDrafts, type Drafts } from './drafts.ts';
import { idbDraftStore } from './idbStore.ts';
import { memoryDraftStore } from './memoryStore.ts';

let instance: Drafts | null = null;

export function drafts(): Drafts {
  if (instance) return instance;
  instance = createDrafts({ store: typeof indexedDB === 'object' ? idbDraftStore() : memoryDraftStore() });
  void instance.prune().catch(() => undefined);
  return instance;
}
