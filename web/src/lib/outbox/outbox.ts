/**
 * The outbox's logic, free of the browser so it runs in unit tests: a submission is stored
 * first and sent second, oldest first, one sender at a time; every transition is written to
 * the store before the next step, so a closed tab or a crash loses nothing (a submission found
 * "sending" is sent again — harmless, the API answers a repeated submissionId with its original
 * receipt and writes nothing).
 *
 * client.svelte.ts wires this to IndexedDB, fetch, Web Locks and the window's events.
 */
import { retryDelay } from './backoff.ts';
import { attempt, type Fetch } from './send.ts';
import { normalise, type NewEntry, type OutboxEntry, type OutboxStore } from './types.ts';

export interface OutboxOptions {
  store: OutboxStore;
  fetch: Fetch;
  /** Runs `work` holding the one lock all tabs share (Web Locks); without it, this instance only. */
  lock?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Headers for every request (the page's language, so refusals come in the words the user reads). */
  headers?: () => Record<string, string>;
  /** The signed-in user's id: entries of another user wait for them. */
  owner?: () => string | null;
  now?: () => number;
  /** A timer; returns its cancel function. */
  setTimer?: (run: () => void, ms: number) => () => void;
  random?: () => number;
  /** Per request; a slow answer then counts as no answer. */
  timeoutMs?: number;
}

export type Outbox = ReturnType<typeof createOutbox>;

const active = (entry: OutboxEntry) => entry.status === 'pending' || entry.status === 'sending';
const oldestFirst = (a: OutboxEntry, b: OutboxEntry) => a.createdAt.localeCompare(b.createdAt) || a.submissionId.localeCompare(b.submissionId);

export function createOutbox(options: OutboxOptions) {
  const { store, fetch } = options;
  const lock = options.lock ?? ((work) => work());
  const now = options.now ?? Date.now;
  const owner = options.owner ?? (() => null);
  const setTimer =
    options.setTimer ??
    ((run, ms) => {
      const id = setTimeout(run, ms);
      return () => clearTimeout(id);
    });
  const iso = (ms: number) => new Date(ms).toISOString();
  const mine = (entry: OutboxEntry) => entry.owner === null || entry.owner === owner();

  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const save = async (entry: OutboxEntry) => {
    await store.put(entry);
    changed();
    return entry;
  };

  // One thing at a time in this tab (sending, removing), and under the shared lock across tabs.
  let chain: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(() => lock(work));
    chain = next.catch(() => undefined);
    return next;
  }

  let cancelTimer: (() => void) | null = null;
  async function scheduleNext() {
    cancelTimer?.();
    cancelTimer = null;
    const times = (await store.all()).filter((entry) => active(entry) && mine(entry) && entry.nextAttemptAt).map((entry) => Date.parse(entry.nextAttemptAt!));
    if (times.length > 0) cancelTimer = setTimer(() => void flush(false), Math.max(0, Math.min(...times) - now()));
  }

  async function flushOnce(force: boolean) {
    const queue = (await store.all()).filter((entry) => active(entry) && mine(entry)).sort(oldestFirst);
    for (const listed of queue) {
      const entry = await store.get(listed.submissionId); // removed or changed meanwhile?
      if (!entry || !active(entry)) continue;
      // In order: a later submission may depend on an earlier one (open a unit, then rename it).
      if (!force && entry.nextAttemptAt && Date.parse(entry.nextAttemptAt) > now()) break;
      await save({ ...entry, status: 'sending' });
      const outcome = await attempt(entry, fetch, options.headers?.(), options.timeoutMs);
      const attempts = entry.attempts + 1;
      // Files the server has now are not sent again; once delivered, their bytes are let go.
      const uploaded = new Set(outcome.uploaded ?? []);
      const files = entry.files.map((file) => (uploaded.has(file.sha256) ? { ...file, uploaded: true } : file));
      if (outcome.kind === 'sent') {
        const sent = files.map(({ blob: _blob, ...file }) => ({ ...file, uploaded: true }));
        await save({ ...entry, files: sent, status: 'sent', attempts, receipt: outcome.receipt, sentAt: iso(now()), lastError: null, nextAttemptAt: null });
      } else if (outcome.kind === 'rejected') {
        await save({ ...entry, files, status: 'rejected', attempts, lastError: outcome.error, nextAttemptAt: null });
      } else {
        await save({
          ...entry,
          files,
          status: 'pending',
          attempts,
          lastError: outcome.error,
          nextAttemptAt: iso(now() + retryDelay(attempts, options.random)),
        });
        break; // no network or no server: the rest would fail the same way
      }
    }
    await scheduleNext();
  }

  // Calls that arrive while one is waiting its turn join it (an `online` event, a page load and
  // a timer at once send once).
  let waiting: { force: boolean; done: Promise<void> } | null = null;
  /** Sends what is due (`force`: everything pending, ignoring the backoff). */
  function flush(force = true): Promise<void> {
    if (waiting) {
      waiting.force ||= force;
      return waiting.done;
    }
    const request: { force: boolean; done: Promise<void> } = { force, done: Promise.resolve() };
    request.done = exclusive(() => {
      if (waiting === request) waiting = null;
      return flushOnce(request.force);
    });
    waiting = request;
    return request.done;
  }

  /**
   * Stores a submission, then sends it. The same submissionId again is the same submission:
   * the stored one is kept (nothing is sent twice) — unless it was refused, when the
   * corrected one replaces it (a refused submission wrote nothing).
   */
  async function enqueue(input: NewEntry): Promise<OutboxEntry> {
    const existing = await store.get(input.submissionId);
    if (existing && existing.status !== 'rejected') return existing;
    const entry = await save(
      normalise({
        submissionId: input.submissionId,
        url: input.url,
        method: input.method ?? 'POST',
        body: input.body,
        label: input.label,
        createdAt: iso(now()),
        owner: input.owner === undefined ? owner() : input.owner,
        form: input.form ?? null,
        files: input.files ?? [],
      }),
    );
    void flush(true).catch(() => undefined);
    return entry;
  }

  /**
   * The user changed a queued submission before it went ("修改"): the new fields replace the
   * waiting one under the same submissionId, so only one is ever sent. Done under the lock, so
   * never while that entry is being sent. Too late when it is delivered or being sent (a tab
   * that closed mid-send): then nothing is replaced, the entry as it is comes back, and the
   * change is a new submission (a correction). Missing (the user deleted it): stored anew.
   */
  async function replace(input: NewEntry): Promise<{ entry: OutboxEntry; replaced: boolean }> {
    const outcome = await exclusive(async () => {
      const existing = await store.get(input.submissionId);
      if (existing && existing.status !== 'pending' && existing.status !== 'rejected') return { entry: existing, replaced: false };
      const entry = await save(
        normalise({
          submissionId: input.submissionId,
          url: input.url,
          method: input.method ?? 'POST',
          body: input.body,
          label: input.label,
          // Its place in the queue stays: a later submission may depend on it.
          createdAt: existing?.createdAt ?? iso(now()),
          owner: input.owner === undefined ? owner() : input.owner,
          form: input.form ?? null,
          files: input.files ?? [],
        }),
      );
      return { entry, replaced: true };
    });
    if (outcome.replaced) void flush(true).catch(() => undefined);
    return outcome;
  }

  /**
   * Resolves once the entry's first attempt since `attemptsBefore` is over (or it is delivered or
   * refused), or after `ms` with the entry as it is: a form waits this long for a quick answer.
   */
  function settled(submissionId: string, ms: number, attemptsBefore = 0): Promise<OutboxEntry | undefined> {
    return new Promise((resolve) => {
      let finished = false;
      const finish = (entry: OutboxEntry | undefined) => {
        if (finished) return;
        finished = true;
        unsubscribe();
        cancel();
        resolve(entry);
      };
      const check = async () => {
        const entry = await store.get(submissionId);
        if (!entry || entry.status === 'sent' || entry.status === 'rejected' || (entry.status === 'pending' && entry.attempts > attemptsBefore)) finish(entry);
      };
      const unsubscribe = subscribe(() => void check());
      const cancel = setTimer(() => void store.get(submissionId).then(finish), ms);
      void check();
    });
  }

  /** Sends one entry again now (a refused one after signing in again, say), or everything pending. */
  async function retry(submissionId?: string) {
    if (submissionId) {
      const entry = await store.get(submissionId);
      if (entry && (entry.status === 'rejected' || entry.status === 'pending')) await save({ ...entry, status: 'pending', nextAttemptAt: null });
    }
    await flush(true);
  }

  function subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return {
    enqueue,
    replace,
    flush,
    settled,
    retry,
    subscribe,
    /** Newest first. */
    list: async () => (await store.all()).sort(oldestFirst).reverse(),
    get: (submissionId: string) => store.get(submissionId),
    /** Gives up on an entry (after the one being sent, if it is that one). */
    remove: (submissionId: string) =>
      exclusive(async () => {
        await store.delete(submissionId);
        changed();
      }),
    /** Forgets delivered entries, all or those delivered before `before` (ms). */
    clearSent: (before = Infinity) =>
      exclusive(async () => {
        for (const entry of await store.all()) {
          if (entry.status === 'sent' && Date.parse(entry.sentAt ?? '') < before) await store.delete(entry.submissionId);
        }
        changed();
      }),
    /** Adds entries from an export (a reset device); those already here are left as they are. */
    async import(entries: OutboxEntry[]): Promise<number> {
      let added = 0;
      for (const record of entries) {
        if (await store.get(record.submissionId)) continue;
        const entry = normalise(record);
        await store.put(entry.status === 'sending' ? { ...entry, status: 'pending' } : entry);
        added++;
      }
      changed();
      if (added > 0) void flush(true).catch(() => undefined);
      return added;
    },
    /** The store was changed by another tab: tell the listeners, and wait for this tab's timers again. */
    external: () => {
      changed();
      void scheduleNext().catch(() => undefined);
    },
  };
}
