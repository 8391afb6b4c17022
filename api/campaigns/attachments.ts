/**
 * Files attached to an outstanding case (附件3: photos, scans, documents). The bytes are kept
 * content-addressed in DATA_DIR/attachments (named by their SHA-256, so the same file is kept
 * once); the event records only name, type, size and hash. With several app replicas the
 * folder must be shared, as the README says.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Attachment } from '../../events/catalog/campaign.ts';
import { sniffType } from './fileTypes.ts';

export { attachmentTypes } from './fileTypes.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function createAttachmentStore(dataDir: string) {
  const folder = join(dataDir, 'attachments');
  const pathOf = (sha256: string) => join(folder, sha256.slice(0, 2), sha256);
  return {
    /** Keeps the bytes (once per content) and describes them for the event, with the type their content shows. */
    save(bytes: Uint8Array, name: string, type: string): Attachment {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(sha256);
      if (!existsSync(path)) {
        mkdirSync(join(folder, sha256.slice(0, 2)), { recursive: true });
        // Written aside and renamed, so a crash never leaves half a file under the final name.
        const partial = `${path}.${process.pid}.partial`;
        writeFileSync(partial, bytes);
        renameSync(partial, path);
      }
      return { sha256, name: name.slice(0, 200) || 'file', type, size: bytes.byteLength };
    },
    has(attachment: Attachment): boolean {
      const path = pathOf(attachment.sha256);
      return existsSync(path) && statSync(path).size === attachment.size;
    },
    /** The type the kept file's bytes show (null: none a case may carry), whatever was declared for it. */
    typeOf(attachment: Attachment): string | null {
      const path = pathOf(attachment.sha256);
      return existsSync(path) ? sniffType(readFileSync(path), attachment.name) : null;
    },
    open(sha256: string): ReadableStream<Uint8Array> {
      return Readable.toWeb(createReadStream(pathOf(sha256))) as ReadableStream<Uint8Array>;
    },
  };
}
export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
