import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableFormatError } from './table.ts';
import { readZip, writeZip } from './zip.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

function zipError(run: () => unknown): TableFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TableFormatError);
    return error as TableFormatError;
  }
  throw new Error('expected a TableFormatError');
}

describe('zip', () => {
  const files = [
    { name: 'a.txt', data: 'hello '.repeat(1000) },
    { name: 'dir/组织.xml', data: '<x>城关镇</x>' },
    { name: 'stored.bin', data: new Uint8Array([1, 2, 3, 4]), compress: false },
    { name: 'empty.txt', data: '' },
  ];

  it('round-trips stored and deflated entries, UTF-8 names and empty files', () => {
    const zip = readZip(writeZip(files));
    expect(zip.names).toEqual(['a.txt', 'dir/组织.xml', 'stored.bin', 'empty.txt']);
    expect(text(zip.read('a.txt'))).toBe('hello '.repeat(1000));
    expect(text(zip.read('dir/组织.xml'))).toBe('<x>城关镇</x>');
    expect([...zip.read('stored.bin')!]).toEqual([1, 2, 3, 4]);
    expect(zip.read('empty.txt')!.length).toBe(0);
    expect(zip.read('missing')).toBeUndefined();
  });

  it('looks names up ignoring case, a leading slash and backslashes', () => {
    const zip = readZip(writeZip([{ name: 'xl\\Workbook.xml', data: 'w' }]));
    expect(text(zip.read('/xl/workbook.xml'))).toBe('w');
  });

  it('deflates compressible data and stores what does not shrink', () => {
    const bytes = writeZip([{ name: 'a', data: 'a'.repeat(10_000) }, { name: 'b', data: 'xyz' }]);
    expect(bytes.length).toBeLessThan(500);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint16(8, true)).toBe(8); // first entry: deflate
  });

  it('writes archives that the system unzip accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-'));
    try {
      writeFileSync(join(dir, 't.zip'), writeZip(files));
      let output: string;
      try {
        output = execFileSync('unzip', ['-t', join(dir, 't.zip')], { encoding: 'utf8' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // no unzip here: covered by the round trips
        throw error;
      }
      expect(output).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects data that is not a zip, or is cut off', () => {
    expect(zipError(() => readZip(new TextEncoder().encode('名称,类型\n'))).code).toBe('corruptZip');
    const bytes = writeZip(files);
    expect(zipError(() => readZip(bytes.subarray(0, bytes.length - 30))).code).toBe('corruptZip');
  });

  it('detects a corrupted entry by its checksum', () => {
    const bytes = writeZip([{ name: 'a.txt', data: 'abcdef', compress: false }]);
    bytes[30 + 5] = 'X'.charCodeAt(0); // first data byte after the 30-byte header and 5-byte name
    const error = zipError(() => readZip(bytes).read('a.txt'));
    expect(error.code).toBe('corruptZip');
    expect(error.message).toContain('checksum');
  });

  it('refuses ZIP64, encrypted entries and unknown compression with clear messages', () => {
    const zip64 = writeZip(files);
    new DataView(zip64.buffer, zip64.byteOffset).setUint32(zip64.length - 22 + 16, 0xffffffff, true);
    expect(zipError(() => readZip(zip64)).code).toBe('zip64');

    const encrypted = writeZip([{ name: 'a', data: 'x' }]);
    const centralFlags = encrypted.length - 22 - 46 - 1 + 8;
    encrypted[centralFlags] = 1;
    const error = zipError(() => readZip(encrypted).read('a'));
    expect(error.code).toBe('encrypted');
    expect(error.message).toContain('password');

    const bzip = writeZip([{ name: 'a', data: 'x' }]);
    new DataView(bzip.buffer, bzip.byteOffset).setUint16(bzip.length - 22 - 46 - 1 + 10, 12, true);
    expect(zipError(() => readZip(bzip).read('a')).code).toBe('unsupportedCompression');
  });
});
