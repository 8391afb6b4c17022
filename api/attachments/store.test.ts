import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Of } from '../../events/attachments.ts';
import { png } from '../../test/api/images.ts';
import { DomainRuleError } from '../decider.ts';
import { createAttachmentStore } from './store.ts';

const store = () => createAttachmentStore(mkdtempSync(join(tmpdir(), 'store-')));
const photo = png(6, 4, [250, 0, 0]);

describe('the attachment store', () => {
  it('keeps bytes sent under their own hash, once, with the type their content shows', () => {
    const attachments = store();
    const sha = sha256Of(photo);
    expect(attachments.held(sha)).toBeNull();
    expect(attachments.put(sha, photo, 'whatever.txt')).toEqual({ sha256: sha, type: 'image/png', size: photo.byteLength, written: true });
    expect(attachments.put(sha, photo)).toMatchObject({ written: false });
    expect(attachments.held(sha)).toEqual({ sha256: sha, type: 'image/png', size: photo.byteLength });
  });

  it('refuses bytes that are not their address’s content, empty ones, and types off the allow-list (by the bytes)', () => {
    const attachments = store();
    const other = png(6, 4, [0, 250, 0]);
    expect(attachments.put(sha256Of(other), photo)).toEqual({ refused: 'hashMismatch' });
    expect(attachments.put(sha256Of(new Uint8Array(0)), new Uint8Array(0))).toEqual({ refused: 'empty' });
    const program = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]); // an .exe's first bytes
    expect(attachments.put(sha256Of(program), program, 'photo.jpg')).toEqual({ refused: 'fileType' });
  });

  it('lets a command name only files it holds, of the type their bytes show', () => {
    const attachments = store();
    const saved = attachments.save(photo, '活动.png', 'image/png');
    expect(() => attachments.requireKept([saved])).not.toThrow();
    const refusal = (list: Parameters<typeof attachments.requireKept>[0]) => {
      try {
        attachments.requireKept(list, 'files');
        return null;
      } catch (error) {
        return error instanceof DomainRuleError ? [error.code, error.field] : error;
      }
    };
    expect(refusal([saved, { ...saved, sha256: 'f'.repeat(64) }])).toEqual(['attachmentMissing', 'files.1']);
    expect(refusal([{ ...saved, size: saved.size + 1 }])).toEqual(['attachmentMissing', 'files.0']);
    expect(refusal([{ ...saved, type: 'image/jpeg' }])).toEqual(['attachmentType', 'files.0']);
  });
});
