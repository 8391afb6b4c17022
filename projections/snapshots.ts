import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** A projection's state together with the log position it describes. */
export interface Snapshot {
  name: string;
  version: number;
  /** Last position folded into the state; null for a state that has folded nothing. */
  position: bigint | null;
  state: unknown;
}

export interface SnapshotStore {
  load(name: string): Snapshot | null;
  /** Writes state and checkpoint together (one file, replaced atomically), so they can never disagree. */
  save(snapshot: Snapshot): void;
  close(): void;
}

/**
 * Snapshots in a folder beside the log (`DATA_DIR/snapshots`, also when the log is EventStoreDB):
 * a restart loads them instead of replaying the whole log. One file per projection, written with
 * v8.serialize — it keeps Maps, Sets and bigints as they are (no replacer runs per value) and has
 * no limit on size, where JSON of a million events' state passes V8's 512 MiB string limit —
 * to a temporary file, fsynced, then renamed over the old one. `:memory:` keeps them in memory
 * (tests, a fresh rebuild to compare with).
 */
export function createSnapshotStore(folder: string): SnapshotStore {
  if (folder === ':memory:') {
    const kept = new Map<string, Uint8Array>();
    return {
      load: (name) => (kept.has(name) ? deserialize(kept.get(name)!) as Snapshot : null),
      save: (snapshot) => void kept.set(snapshot.name, serialize(snapshot)),
      close: () => kept.clear(),
    };
  }
  mkdirSync(folder, { recursive: true });
  const file = (name: string) => join(folder, `${encodeURIComponent(name)}.v8`);
  return {
    load(name) {
      return existsSync(file(name)) ? deserialize(readFileSync(file(name))) as Snapshot : null;
    },
    save(snapshot) {
      const bytes = serialize(snapshot);
      const temporary = `${file(snapshot.name)}.partial`;
      const fd = openSync(temporary, 'w');
      try {
        for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, Math.min(bytes.length - offset, 1 << 30));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file(snapshot.name));
    },
    close() {},
  };
}
