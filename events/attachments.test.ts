import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachmentFiles, copyAttachments, sha256Of } from './attachments.ts';

const folder = () => attachmentFiles(join(mkdtempSync(join(tmpdir(), 'attachments-')), 'attachments'));
const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('the attachment files (content-addressed)', () => {
  it('keeps a content once under its SHA-256, in a folder named by its first two digits', () => {
    const files = folder();
    const content = bytes('团员活动照片');
    const sha = sha256Of(content);
    expect(files.has(sha)).toBe(false);
    expect(files.write(sha, content)).toBe(true);
    expect(files.write(sha, content)).toBe(false);
    expect(files.pathOf(sha)).toBe(join(files.root, sha.slice(0, 2), sha));
    expect(files.sizeOf(sha)).toBe(content.byteLength);
    expect(new Uint8Array(files.read(sha))).toEqual(content);
    expect([...files.list()]).toEqual([sha]);
  });

  it('takes only SHA-256 addresses (no path can be named through one)', () => {
    const files = folder();
    expect(() => files.pathOf('../../etc/passwd')).toThrow();
    expect(() => files.has('A'.repeat(64))).toThrow();
  });

  it('lists only kept files: a partial write or a stray file is not one', () => {
    const files = folder();
    const sha = sha256Of(bytes('一'));
    files.write(sha, bytes('一'));
    writeFileSync(`${files.pathOf(sha)}.123.partial`, 'half');
    writeFileSync(join(files.root, 'README'), 'x');
    expect([...files.list()]).toEqual([sha]);
  });

  it('copies what the other folder lacks, and reports a file whose bytes no longer match its name', () => {
    const from = folder();
    const to = folder();
    const [a, b, c] = ['甲', '乙', '丙'].map(bytes) as [Uint8Array, Uint8Array, Uint8Array];
    for (const content of [a, b, c]) from.write(sha256Of(content), content);
    to.write(sha256Of(a), a);
    writeFileSync(from.pathOf(sha256Of(c)), 'damaged');
    const result = copyAttachments(from, to);
    expect(result).toEqual({ copied: 1, kept: 1, damaged: [sha256Of(c)] });
    expect(to.has(sha256Of(b))).toBe(true);
    expect(to.has(sha256Of(c))).toBe(false);
    expect(readFileSync(to.pathOf(sha256Of(b)), 'utf8')).toBe('乙');
  });
});
