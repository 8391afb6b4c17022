/** Drafts in memory: for unit tests, and where IndexedDB is missing (nothing then survives a reload). */
import type { Draft, DraftStore } from './types.ts';

export function memoryDraftStore(initial: Draft[] = []): DraftStore & { drafts: Map<string, Draft> } {
  const drafts = new Map(initial.map((draft) => [draft.id, structuredClone(draft)]));
  return {
    drafts,
    // Copies in and out, as IndexedDB does.
    all: async () => [...drafts.values()].map((draft) => structuredClone(draft)),
    get: async (id) => (drafts.has(id) ? structuredClone(drafts.get(id)) : undefined),
    put: async (draft) => void drafts.set(draft.id, structuredClone(draft)),
    delete: async (id) => void drafts.delete(id),
  };
}
