/**
 * The outbox in the browser: one instance per tab over IndexedDB, sending under a Web Lock
 * so only one tab sends at a time, woken by the `online` event, by page loads and by its own
 * backoff timer; tabs tell each other of changes over a BroadcastChannel. `outboxView` is
 * reactive state for the header's indicator and the panel.
 */
import { createOutbox, type Outbox } from './outbox.ts';
import { download, fileName, fromFile, toFile } from './file.ts';
import { idbStore } from './idbStore.ts';
import { memoryStore } from './memoryStore.ts';
import type { NewEntry, OutboxEntry } from './types.ts';

const NAME = 'league-pulse-outbox';
const KEEP_SENT_MS = 30 * 24 * 3600_000;

class OutboxView {
  entries = $state<OutboxEntry[]>([]);
  online = $state(true);
  /** Whether the browser promised not to clear this site's storage (null: not asked yet, or cannot tell). */
  persisted = $state<boolean | null>(null);
  /** The signed-in user's id: only their entries are sent from here. */
  owner = $state<string | null>(null);
  /** Pending or being sent. */
  waiting = $derived(this.entries.filter((entry) => entry.status === 'pending' || entry.status === 'sending').length);
}

export const outboxView = new OutboxView();

let instance: Outbox | null = null;

/** This tab's outbox (created on first use; browser only). */
export function outbox(): Outbox {
  if (instance) return instance;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(NAME) : null;
  const box = createOutbox({
    store: typeof indexedDB === 'object' ? idbStore() : memoryStore(),
    fetch: (url, init) => fetch(url, init),
    lock: navigator.locks ? (work) => navigator.locks.request(NAME, work) : undefined,
    headers: () => ({ 'accept-language': document.documentElement.lang === 'en' ? 'en' : 'zh-CN' }),
    owner: () => outboxView.owner,
  });
  let fromOtherTab = false;
  let reads = 0;
  box.subscribe(() => {
    const read = ++reads;
    void box.list().then((entries) => {
      if (read === reads) outboxView.entries = entries; // only the latest read wins
    });
    if (!fromOtherTab) channel?.postMessage('changed');
  });
  channel?.addEventListener('message', () => {
    fromOtherTab = true;
    try {
      box.external();
    } finally {
      fromOtherTab = false;
    }
  });
  return (instance = box);
}

let started = false;
let outboxPageKept = false;

/** Called by the layout on every page: loads the list and sends what waits (as `userId`). */
export function startOutbox(userId: string | null) {
  outboxView.owner = userId;
  const box = outbox();
  if (!started) {
    started = true;
    outboxView.online = navigator.onLine;
    addEventListener('online', () => {
      outboxView.online = true;
      void box.flush(true);
    });
    addEventListener('offline', () => (outboxView.online = false));
    void navigator.storage?.persisted?.().then((persisted) => (outboxView.persisted = persisted ? true : null));
    void box.clearSent(Date.now() - KEEP_SENT_MS);
  }
  box.external(); // refresh the list
  void box.flush(true);
  if (userId && !outboxPageKept) {
    // The outbox's own page (the header's panel links to it) opens offline too: the service
    // worker keeps it, and its files, the first time a signed-in page asks.
    outboxPageKept = true;
    void navigator.serviceWorker?.ready.then((registration) => registration.active?.postMessage({ type: 'cache-page', url: '/outbox', ifMissing: true }));
  }
}

/** Queues a submission (and asks, the first time, that the browser keep the outbox). */
export async function submit(entry: NewEntry): Promise<OutboxEntry> {
  const stored = await outbox().enqueue(entry);
  void askToPersist();
  return stored;
}

async function askToPersist() {
  const storage = navigator.storage;
  if (!storage?.persist || outboxView.persisted !== null) return; // once per tab: Firefox asks the user
  outboxView.persisted = (await storage.persisted()) || (await storage.persist());
}

export async function exportOutbox() {
  download(toFile(await outbox().list()), fileName());
}

/** Loads an exported file; the number of entries new to this device. */
export async function importOutbox(file: File): Promise<number> {
  return outbox().import(fromFile(await file.text()));
}
