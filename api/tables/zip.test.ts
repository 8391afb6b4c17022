import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TableFormatError } from './table.ts';
import { readZip, streamZip, writeZip } from './zip.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const collect = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

/** `unzip -t` output, or undefined where unzip is not installed. */
function unzipTest(bytes: Uint8Array): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'zip-'));
  try {
    writeFileSync(join(dir, 't.zip'), bytes);
    return execFileSync('unzip', ['-t', join(dir, 't.zip')], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // no unzip here: covered by the round trips
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
    const bytes = writeZip([
      { name: 'a', data: 'a'.repeat(10_000) },
      { name: 'b', data: 'xyz' },
    ]);
    expect(bytes.length).toBeLessThan(500);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint16(8, true)).toBe(8); // first entry: deflate
  });

  it('writes archives that the system unzip accepts', () => {
    const output = unzipTest(writeZip(files));
    if (output !== undefined) expect(output).toContain('No errors detected');
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

describe('streamZip', () => {
  async function* slowly(parts: string[]) {
    for (const part of parts) {
      await nextTurn();
      yield part;
    }
  }

  it('streams entries with data descriptors that readZip and the system unzip read', async () => {
    const big = Array.from({ length: 2000 }, (_, i) => `<row r="${i}">城关镇第${i}团支部</row>`);
    const bytes = await collect(
      streamZip([
        { name: 'fixed.txt', data: 'in memory' },
        { name: 'xl/组织.xml', data: slowly(big) },
        { name: 'sync.bin', data: [new Uint8Array([1, 2, 3]), 'abc', new Uint8Array(0)] },
        { name: 'empty.txt', data: [] },
        { name: 'stored.bin', data: new Uint8Array([9, 9]), compress: false },
      ]),
    );
    const zip = readZip(bytes);
    expect(zip.names).toEqual(['fixed.txt', 'xl/组织.xml', 'sync.bin', 'empty.txt', 'stored.bin']);
    expect(text(zip.read('fixed.txt'))).toBe('in memory');
    expect(text(zip.read('xl/组织.xml'))).toBe(big.join(''));
    expect([...zip.read('sync.bin')!]).toEqual([1, 2, 3, 97, 98, 99]);
    expect(zip.read('empty.txt')!.length).toBe(0);
    expect([...zip.read('stored.bin')!]).toEqual([9, 9]);

    // The in-memory entry has its sizes up front; the streamed one has flag bit 3, zeros, and a descriptor after its data.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint16(6, true) & 8).toBe(0);
    const second = 30 + 'fixed.txt'.length + view.getUint32(18, true);
    expect(view.getUint32(second, true)).toBe(0x04034b50);
    expect(view.getUint16(second + 6, true) & 8).toBe(8);
    expect(view.getUint16(second + 8, true)).toBe(8); // deflate
    expect([view.getUint32(second + 14, true), view.getUint32(second + 18, true), view.getUint32(second + 22, true)]).toEqual([0, 0, 0]);
    expect(bytes.length).toBeLessThan(big.join('').length / 3);

    const output = unzipTest(bytes);
    if (output !== undefined) expect(output).toContain('No errors detected');
  });

  it('errors the stream with the error of a failing source', async () => {
    async function* failing() {
      yield 'some data';
      throw new Error('database went away');
    }
    await expect(collect(streamZip([{ name: 'a', data: failing() }]))).rejects.toThrow('database went away');
  });

  it('refuses, clearly, an archive beyond the size its 32-bit fields hold (4 GiB)', async () => {
    const random = () => Array.from({ length: 20 }, () => crypto.getRandomValues(new Uint8Array(1000)));
    await expect(collect(streamZip([{ name: 'a', data: random() }], { maxBytes: 10_000 }))).rejects.toThrow(/larger than 10000 bytes, which needs ZIP64/);
    // Compressing well does not help when the unpacked size does not fit either.
    const zeros = Array.from({ length: 20 }, () => new Uint8Array(1000));
    await expect(collect(streamZip([{ name: 'a', data: zeros }], { maxBytes: 10_000 }))).rejects.toThrow(/ZIP64/);
    expect(readZip(await collect(streamZip([{ name: 'a', data: zeros }], { maxBytes: 20_000 }))).read('a')!.length).toBe(20_000);
  });
});

describe('reading an upload under a budget', () => {
  /** A workbook-like archive with one entry that unpacks to `megabytes` of repeated XML. */
  function bomb(megabytes: number, declared?: number) {
    const data = Buffer.alloc(megabytes * 1024 * 1024, '<row><c t="inlineStr"><is><t>x</t></is></c></row>');
    const bytes = writeZip([
      { name: 'a.txt', data: 'hello' },
      { name: 'xl/worksheets/sheet1.xml', data },
    ]);
    if (declared !== undefined) {
      // Rewrite the size the central directory declares (its second entry, after 'a.txt').
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      const end = bytes.length - 22;
      const second = view.getUint32(end + 16, true) + 46 + 'a.txt'.length;
      view.setUint32(second + 24, declared, true);
    }
    return bytes;
  }

  it('refuses an entry that declares more than the budget, before inflating it', () => {
    const bytes = bomb(8);
    expect(bytes.length).toBeLessThan(100_000);
    const error = zipError(() => readZip(bytes, { maxBytes: 4 * 1024 * 1024 }).read('xl/worksheets/sheet1.xml'));
    expect(error.code).toBe('tooLarge');
    expect(error.message).toContain('more than 4 MB');
  });

  it('stops inflating an entry that lies about its size as soon as it passes what it declared', () => {
    const error = zipError(() => readZip(bomb(8, 1000)).read('xl/worksheets/sheet1.xml'));
    expect(error.code).toBe('corruptZip');
    expect(error.message).toContain('more than its declared size');
  });

  it('counts every entry read against one budget', () => {
    const zip = readZip(bomb(3), { maxBytes: 5 * 1024 * 1024 });
    expect(zip.read('xl/worksheets/sheet1.xml')!.length).toBe(3 * 1024 * 1024);
    expect(zip.read('a.txt')!.length).toBe(5);
    const again = zipError(() => zip.read('xl/worksheets/sheet1.xml'));
    expect(again.code).toBe('tooLarge');
  });
});
