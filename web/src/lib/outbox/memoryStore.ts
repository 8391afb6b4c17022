/** The outbox's store in memory: for unit tests, and where IndexedDB is missing (nothing then survives a reload). */
import type { OutboxEntry, OutboxStore } from './types.ts';

export function memoryStore(initial: OutboxEntry[] = []): OutboxStore & { entries: Map<string, OutboxEntry> } {
  const entries = new Map(initial.map((entry) => [entry.submissionId, structuredClone(entry)]));
  return {
    entries,
    // Copies in and out, as IndexedDB does, so callers never share objects with the store.
    all: async () => [...entries.values()].map((entry) => structuredClone(entry)),
    get: async (id) => (entries.has(id) ? structuredClone(entries.get(id)) : undefined),
    put: async (entry) => void entries.set(entry.submissionId, structuredClone(entry)),
    delete: async (id) => void entries.delete(id),
  };
}
