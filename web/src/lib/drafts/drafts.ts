/**
 * The drafts' logic, free of the browser so it runs in unit tests: keep the latest fields of a
 * form per user and form identity, find them again for that user only, and let old ones go
 * (a draft left for two months is not what anyone means to send).
 */
import type { Values } from '../forms.ts';
import { draftId, type Draft, type DraftStore } from './types.ts';

/** Drafts older than this are dropped (not offered, and deleted on the next prune). */
export const DRAFT_MAX_AGE_MS = 60 * 24 * 3600_000;

export interface DraftsOptions {
  store: DraftStore;
  now?: () => number;
  maxAgeMs?: number;
}

export type Drafts = ReturnType<typeof createDrafts>;

export function createDrafts(options: DraftsOptions) {
  const { store } = options;
  const now = options.now ?? Date.now;
  const maxAge = options.maxAgeMs ?? DRAFT_MAX_AGE_MS;
  const expired = (draft: Draft) => !(now() - Date.parse(draft.savedAt) <= maxAge);

  return {
    /** Keeps the fields as they are now, replacing the form's earlier draft. */
    async save(owner: string | null, key: string, values: Values): Promise<Draft> {
      const draft: Draft = { id: draftId(owner, key), owner, key, values: { ...values }, savedAt: new Date(now()).toISOString() };
      await store.put(draft);
      return draft;
    },
    /** This user's draft of this form, unless it is too old (then it is dropped). */
    async find(owner: string | null, key: string): Promise<Draft | undefined> {
      const draft = await store.get(draftId(owner, key));
      if (!draft || draft.owner !== owner || draft.key !== key) return undefined;
      if (expired(draft)) {
        await store.delete(draft.id);
        return undefined;
      }
      return draft;
    },
    /** Sent, queued in the outbox (which then holds it), or given up by the user. */
    discard: (owner: string | null, key: string) => store.delete(draftId(owner, key)),
    /** Drops every user's drafts older than the limit; how many went. */
    async prune(): Promise<number> {
      let dropped = 0;
      for (const draft of await store.all()) {
        if (!expired(draft)) continue;
        await store.delete(draft.id);
        dropped++;
      }
      return dropped;
    },
  };
}
