/**
 * The one attachment store of the app: a case's files (附件3), a visit's and a report's photos.
 * Bytes are kept content-addressed (events/attachments.ts: DATA_DIR/attachments, by SHA-256, so
 * the same file is kept once); what a file is comes from its bytes (fileTypes.ts), within the
 * allow-list and under MAX_ATTACHMENT_BYTES. Events record only name, type, size and hash.
 */
import type { Attachment } from '../../events/catalog/attachment.ts';
import { attachmentFolderOf, sha256Of } from '../../events/attachments.ts';
import { DomainRuleError } from '../decider.ts';
import { looksLikeZip } from '../tables/zip.ts';
import { attachmentTypes, sniffType } from './fileTypes.ts';

export { attachmentTypes } from './fileTypes.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type Kept = { sha256: string; type: string; size: number; written: boolean };

export function createAttachmentStore(dataDir: string) {
  const files = attachmentFolderOf(dataDir);
  const has = (attachment: Pick<Attachment, 'sha256' | 'size'>) => files.sizeOf(attachment.sha256) === attachment.size;
  /**
   * The type the kept bytes show. Their start tells, except for an archive (docx, xlsx, pptx), read
   * whole for its directory: a photo served to a board is not read twice.
   */
  const typeOf = (attachment: Pick<Attachment, 'sha256' | 'name'>): string | null => {
    if (!files.has(attachment.sha256)) return null;
    const head = files.head(attachment.sha256, 64 * 1024);
    return sniffType(looksLikeZip(head) ? files.read(attachment.sha256) : head, attachment.name);
  };
  return {
    /** Keeps the bytes (once per content) and describes them for the event, with the type their content shows. */
    save(bytes: Uint8Array, name: string, type: string): Attachment {
      const sha256 = sha256Of(bytes);
      files.write(sha256, bytes);
      return { sha256, name: name.slice(0, 200) || 'file', type, size: bytes.byteLength };
    },
    /**
     * Keeps bytes sent as `sha256` when they are that content and of an allowed type. The name only
     * tells old Office files apart (their bytes look alike); it is not kept.
     */
    put(sha256: string, bytes: Uint8Array, name = ''): Kept | { refused: 'hashMismatch' | 'fileType' | 'empty' } {
      if (bytes.byteLength === 0) return { refused: 'empty' };
      if (sha256Of(bytes) !== sha256) return { refused: 'hashMismatch' };
      const type = sniffType(bytes, name);
      if (!type) return { refused: 'fileType' };
      return { sha256, type, size: bytes.byteLength, written: files.write(sha256, bytes) };
    },
    /** Held already: the kept file's type and size (the name, for old Office files), or null. */
    held(sha256: string, name = ''): Omit<Kept, 'written'> | null {
      const size = files.sizeOf(sha256);
      if (size === null) return null;
      const type = typeOf({ sha256, name });
      return type ? { sha256, type, size } : null;
    },
    has,
    /** The type the kept file's bytes show (null: none allowed), whatever was declared for it. */
    typeOf,
    open: (sha256: string) => files.open(sha256),
    /**
     * A command's list of files must name files this store holds, of the size and the type their
     * bytes show: else it is refused on the field (`attachments.<i>`) before anything is written.
     */
    requireKept(attachments: readonly Attachment[], field = 'attachments') {
      attachments.forEach((attachment, i) => {
        if (!has(attachment)) throw new DomainRuleError('attachmentMissing', `attachment ${attachment.sha256} was not uploaded`, `${field}.${i}`);
        if (!attachmentTypes.has(attachment.type) || typeOf(attachment) !== attachment.type) {
          throw new DomainRuleError('attachmentType', `attachment ${attachment.sha256} is not a ${attachment.type}`, `${field}.${i}`);
        }
      });
    },
  };
}
export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
