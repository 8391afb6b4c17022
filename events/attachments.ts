/**
 * The attachment files: every file a case, a visit or a report refers to, kept once by content in
 * DATA_DIR/attachments/<first two hex digits>/<sha256>. Only bytes live here; what they are
 * (name, type, size) is in the events that refer to them. Backup copies this folder beside the
 * log's file and restore puts it back (events/backup.ts), which is why it lives with the log and
 * knows nothing of the API. With several app replicas the folder must be shared storage.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export const ATTACHMENTS_FOLDER = 'attachments';
const SHA256 = /^[0-9a-f]{64}$/;

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const isSha256 = (value: string) => SHA256.test(value);

/** The content-addressed folder under `root` (DATA_DIR/attachments, or a backup's copy of it). */
export function attachmentFiles(root: string) {
  const pathOf = (sha256: string) => {
    if (!isSha256(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return join(root, sha256.slice(0, 2), sha256);
  };
  /** The size of the kept file, or null when there is none. */
  const sizeOf = (sha256: string): number | null => {
    const path = pathOf(sha256);
    return existsSync(path) ? statSync(path).size : null;
  };
  return {
    root,
    pathOf,
    sizeOf,
    has: (sha256: string) => sizeOf(sha256) !== null,
    /**
     * Keeps bytes whose hash the caller has checked is `sha256`; false when they were kept already
     * (nothing is written twice).
     */
    write(sha256: string, bytes: Uint8Array): boolean {
      const path = pathOf(sha256);
      if (existsSync(path)) return false;
      mkdirSync(join(root, sha256.slice(0, 2)), { recursive: true });
      // Written aside and renamed, so a crash never leaves half a file under the final name.
      const partial = `${path}.${randomUUID()}.partial`; // unique per writer, read from no clock
      writeFileSync(partial, bytes);
      renameSync(partial, path);
      return true;
    },
    read: (sha256: string): Uint8Array => readFileSync(pathOf(sha256)),
    /** The first `bytes` bytes of a kept file (what a type is told by, mostly). */
    head(sha256: string, bytes: number): Uint8Array {
      const handle = openSync(pathOf(sha256), 'r');
      try {
        const buffer = Buffer.alloc(bytes);
        return new Uint8Array(buffer.subarray(0, readSync(handle, buffer, 0, bytes, 0)));
      } finally {
        closeSync(handle);
      }
    },
    open: (sha256: string) => Readable.toWeb(createReadStream(pathOf(sha256))) as ReadableStream<Uint8Array>,
    /** Every kept file's hash (partial files and anything else in the folder are skipped). */
    *list(): Generator<string> {
      if (!existsSync(root)) return;
      for (const prefix of readdirSync(root).sort()) {
        if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
        for (const name of readdirSync(join(root, prefix)).sort()) if (isSha256(name) && name.startsWith(prefix)) yield name;
      }
    },
  };
}
export type AttachmentFiles = ReturnType<typeof attachmentFiles>;

export const attachmentFolderOf = (dataDir: string) => attachmentFiles(join(dataDir, ATTACHMENTS_FOLDER));

/**
 * Copies every file of `from` that `to` lacks, checking each file's bytes against its name (a
 * damaged or edited file is reported, not copied). Backup copies the store to the backup's
 * folder; restore copies it back.
 */
export function copyAttachments(from: AttachmentFiles, to: AttachmentFiles): { copied: number; kept: number; damaged: string[] } {
  let copied = 0;
  let kept = 0;
  const damaged: string[] = [];
  for (const sha256 of from.list()) {
    if (to.has(sha256)) {
      kept++;
      continue;
    }
    const bytes = from.read(sha256);
    if (sha256Of(bytes) !== sha256) {
      damaged.push(sha256);
      continue;
    }
    to.write(sha256, bytes);
    copied++;
  }
  return { copied, kept, damaged };
}
