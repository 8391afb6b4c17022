/**
 * Just enough ZIP for .xlsx files (stored and deflated entries, no ZIP64, no encryption). `writeZip`
 * builds an archive in memory and `streamZip` sends one as it is produced, with Node's zlib;
 * `readZip` reads an upload, inflating its entries with fflate as a stream under a budget.
 */
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { Inflate } from 'fflate';
import { TableFormatError } from './table.ts';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const DATA_DESCRIPTOR = 0x08074b50;
/** Flag bit 3: CRC and sizes follow the data in a data descriptor (and are 0 in the local header). */
const SIZES_AFTER_DATA = 0x0008;
const UTF8_NAMES = 0x0800;
/** The largest size or offset the 32-bit fields hold; beyond it the archive would need ZIP64. */
const ZIP32_MAX = 0xffffffff;
const MAX_ENTRIES = 0xffff;
/** DOS date 1980-01-01 00:00: a fixed timestamp makes equal content give byte-identical files. */
const DOS_DATE = (1 << 5) | 1;

export interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** Deflate this entry (default). Stored entries are still chosen when deflating would not shrink the data. */
  compress?: boolean;
}

/** An entry of a streamed archive: in memory as for `writeZip`, or chunks produced while the archive is sent (always deflated). */
export interface ZipStreamInput {
  name: string;
  data: Uint8Array | string | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;
  /** For data in memory only, as in `ZipInput`. */
  compress?: boolean;
}

/** An entry as the central directory records it. */
interface WrittenEntry {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Builds a ZIP archive: local headers and data, then the central directory and its end record. */
export function writeZip(files: ZipInput[]): Uint8Array {
  checkEntryCount(files.length);
  const parts: Uint8Array[] = [];
  const entries: WrittenEntry[] = [];
  let offset = 0;
  for (const file of files) {
    const packed = packEntry(file, offset);
    parts.push(...packed.parts);
    entries.push(packed.entry);
    offset = zip32(offset + packed.length);
  }
  return Buffer.concat([...parts, ...centralDirectory(entries, offset)]);
}

/**
 * Sends a ZIP archive as it is produced. Entries whose data is an (async) iterable of chunks are
 * deflated as a stream: their local header has flag bit 3 set, and the CRC-32 and sizes, computed
 * as the chunks pass, follow the data in a data descriptor and go into the central directory.
 *
 * The stream is pull-based: chunks are produced (and the iterables read) only as the consumer reads,
 * so a slow client holds back the producer instead of filling memory. Cancelling the stream ends
 * the iterables (their `return()` runs, closing whatever they read from). An error thrown by an
 * iterable, or an archive beyond 4 GiB (which would need ZIP64), errors the stream.
 *
 * `maxBytes` lowers the 4 GiB limit, so tests can reach it.
 */
export function streamZip(files: Iterable<ZipStreamInput>, options: { maxBytes?: number } = {}): ReadableStream<Uint8Array> {
  // Built by hand rather than with ReadableStream.from, which the DOM typings the web app's
  // type-check uses do not know: one chunk per pull, the generator closed on cancel.
  const chunks = zipChunks(files, Math.min(options.maxBytes ?? ZIP32_MAX, ZIP32_MAX));
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return();
    },
  });
}

async function* zipChunks(files: Iterable<ZipStreamInput>, maxBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
  const entries: WrittenEntry[] = [];
  let offset = 0;
  for (const file of files) {
    checkEntryCount(entries.length + 1);
    const { data } = file;
    if (typeof data === 'string' || data instanceof Uint8Array) {
      const packed = packEntry({ name: file.name, data, compress: file.compress }, offset);
      entries.push(packed.entry);
      offset = zip32(offset + packed.length, maxBytes);
      yield* packed.parts;
      continue;
    }
    const entry: WrittenEntry = {
      name: Buffer.from(file.name, 'utf8'),
      flags: nameFlags(file.name) | SIZES_AFTER_DATA,
      method: 8,
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset,
    };
    entries.push(entry);
    const header = localHeader(entry);
    yield header;
    const dataStart = offset + header.length;
    for await (const out of deflateRaw(measure(data, entry, maxBytes))) {
      entry.compressedSize += out.length;
      zip32(dataStart + entry.compressedSize, maxBytes);
      yield out;
    }
    const descriptor = dataDescriptor(entry);
    offset = zip32(dataStart + entry.compressedSize + descriptor.length, maxBytes);
    yield descriptor;
  }
  yield* centralDirectory(entries, offset, maxBytes);
}

/** Passes the chunks on as bytes, adding them to the entry's CRC-32 and size. */
async function* measure(
  chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  entry: WrittenEntry,
  maxBytes: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (bytes.length === 0) continue;
    entry.crc = zlib.crc32(bytes, entry.crc) >>> 0;
    entry.size = zip32(entry.size + bytes.length, maxBytes);
    yield bytes;
  }
}

/**
 * Raw deflate of a chunk stream, as one deflate stream. Node's stream machinery does the
 * back-pressure: the source is read (one chunk ahead) only as fast as the output is taken. Ending
 * early or failing on either side ends the other, and this generator finishes only once the
 * source has been closed (so cancelling a download has closed the rows' cursor when it resolves).
 */
async function* deflateRaw(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer, void, undefined> {
  let closed!: () => void;
  const allClosed = new Promise<void>((resolve) => (closed = resolve));
  // An error also reaches the loop below, through the destroyed zlib stream.
  const output = pipeline(Readable.from(source, { highWaterMark: 1 }), zlib.createDeflateRaw(), () => closed());
  try {
    for await (const chunk of output) yield chunk as Buffer;
  } finally {
    output.destroy();
    await allClosed;
  }
}

/** A whole entry whose data is in memory: its local header, then its data, deflated when that shrinks it. */
function packEntry(file: ZipInput, offset: number): { parts: Uint8Array[]; entry: WrittenEntry; length: number } {
  const raw = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
  const deflated = file.compress === false ? undefined : zlib.deflateRawSync(raw);
  const useDeflate = deflated !== undefined && deflated.length < raw.length;
  const body = useDeflate ? deflated : raw;
  const entry: WrittenEntry = {
    name: Buffer.from(file.name, 'utf8'),
    flags: nameFlags(file.name),
    method: useDeflate ? 8 : 0,
    crc: zlib.crc32(raw) >>> 0,
    compressedSize: body.length,
    size: raw.length,
    offset,
  };
  const header = localHeader(entry);
  return { parts: [header, body], entry, length: header.length + body.length };
}

function nameFlags(name: string): number {
  return /^[\x20-\x7e]*$/.test(name) ? 0 : UTF8_NAMES;
}

/** The local header with the entry's name. With flag bit 3 the CRC and sizes are not known yet and stay 0 here. */
function localHeader(entry: WrittenEntry): Buffer {
  const later = (entry.flags & SIZES_AFTER_DATA) !== 0;
  const local = Buffer.alloc(30 + entry.name.length);
  local.writeUInt32LE(LOCAL_HEADER, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate, data descriptor)
  local.writeUInt16LE(entry.flags, 6);
  local.writeUInt16LE(entry.method, 8);
  local.writeUInt16LE(0, 10); // time
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(later ? 0 : entry.crc, 14);
  local.writeUInt32LE(later ? 0 : entry.compressedSize, 18);
  local.writeUInt32LE(later ? 0 : entry.size, 22);
  local.writeUInt16LE(entry.name.length, 26);
  local.writeUInt16LE(0, 28); // extra field length
  entry.name.copy(local, 30);
  return local;
}

function dataDescriptor(entry: WrittenEntry): Buffer {
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(entry.crc, 4);
  descriptor.writeUInt32LE(entry.compressedSize, 8);
  descriptor.writeUInt32LE(entry.size, 12);
  return descriptor;
}

/** The central directory records and the end record, for an archive whose entries end at `offset`. */
function centralDirectory(entries: WrittenEntry[], offset: number, maxBytes = ZIP32_MAX): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const entry of entries) {
    const record = Buffer.alloc(46 + entry.name.length);
    record.writeUInt32LE(CENTRAL_HEADER, 0);
    record.writeUInt16LE(20, 4); // version made by
    record.writeUInt16LE(20, 6); // version needed
    record.writeUInt16LE(entry.flags, 8);
    record.writeUInt16LE(entry.method, 10);
    record.writeUInt16LE(0, 12);
    record.writeUInt16LE(DOS_DATE, 14);
    record.writeUInt32LE(entry.crc, 16);
    record.writeUInt32LE(entry.compressedSize, 20);
    record.writeUInt32LE(entry.size, 24);
    record.writeUInt16LE(entry.name.length, 28);
    // extra, comment, disk, internal and external attributes stay 0
    record.writeUInt32LE(entry.offset, 42);
    entry.name.copy(record, 46);
    parts.push(record);
    size += record.length;
  }
  zip32(offset + size + 22, maxBytes);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  parts.push(end);
  return parts;
}

function checkEntryCount(count: number): void {
  if (count > MAX_ENTRIES) throw new RangeError(`Too many zip entries (${count}; more than ${MAX_ENTRIES} would need ZIP64)`);
}

/** Returns a size or offset that fits the archive's 32-bit fields, or refuses it. */
function zip32(bytes: number, maxBytes = ZIP32_MAX): number {
  if (bytes > maxBytes) {
    throw new RangeError(
      `The zip archive would be larger than ${maxBytes === ZIP32_MAX ? '4 GiB' : `${maxBytes} bytes`}, which needs ZIP64 (not supported); export less data per file`,
    );
  }
  return bytes;
}

/** A read-only view of an archive; entries are inflated only when read. */
export interface ZipArchive {
  /** Entry names as stored (folders included). */
  readonly names: string[];
  /** The entry's bytes, or undefined if absent. Lookup ignores case and a leading slash, as OPC part names do. */
  read(name: string): Uint8Array | undefined;
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function corrupt(detail: string): TableFormatError {
  return new TableFormatError('corruptZip', `The file is damaged (${detail}); open it in Excel or WPS and save it again`);
}

/** True when the bytes start like a ZIP archive (an empty archive starts with its end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** What reading an archive may unpack in all (an import's budget): a zip bomb stops here, not in memory. */
export const DEFAULT_UNPACK_BUDGET = 128 * 1024 * 1024;

/**
 * Reads the central directory; throws TableFormatError for anything it cannot or will not read.
 * Sizes and CRCs come from the directory, never from local headers, so entries written with a data
 * descriptor (flag bit 3, as `streamZip` and many streaming writers do) read like any other.
 *
 * Entries are inflated by fflate as a stream, a kilobyte of input at a time, against a budget
 * shared by every entry read (`maxBytes`, default 128 MiB) and against the size the directory
 * declares: a bomb is refused as soon as it unpacks past either, holding at most a few
 * megabytes more than it was allowed.
 */
export function readZip(bytes: Uint8Array, options: { maxBytes?: number } = {}): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const budget = { left: options.maxBytes ?? DEFAULT_UNPACK_BUDGET, total: options.maxBytes ?? DEFAULT_UNPACK_BUDGET };

  // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw corrupt('no zip directory found');
  const count = u16(end + 10);
  const centralSize = u32(end + 12);
  const centralOffset = u32(end + 16);
  if (count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    throw new TableFormatError('zip64', 'The file uses the ZIP64 format, which is not supported; open it in Excel or WPS and save it again as .xlsx');
  }
  if (centralOffset + centralSize > end) throw corrupt('zip directory out of range');

  const entries = new Map<string, Entry>();
  const names: string[] = [];
  let at = centralOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(at) !== CENTRAL_HEADER) throw corrupt('bad zip directory entry');
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength), flags);
    const entry: Entry = { name, flags, method: u16(at + 10), crc: u32(at + 16), compressedSize: u32(at + 20), size: u32(at + 24), localOffset: u32(at + 42) };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw new TableFormatError('zip64', 'The file uses the ZIP64 format, which is not supported; open it in Excel or WPS and save it again as .xlsx');
    }
    names.push(name);
    const key = partKey(name);
    if (!entries.has(key)) entries.set(key, entry);
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }

  return {
    names,
    read(name) {
      const entry = entries.get(partKey(name));
      return entry && inflateEntry(bytes, view, entry, budget);
    },
  };
}

/** Input fed to the inflater at a time: deflate expands at most about 1,032-fold, so an output chunk stays under about 8 MB. */
const INFLATE_STEP = 8 * 1024;

function inflateEntry(bytes: Uint8Array, view: DataView, entry: Entry, budget: { left: number; total: number }): Uint8Array {
  if (entry.flags & 1) {
    throw new TableFormatError('encrypted', 'The file is password-protected; remove the password in Excel or WPS and upload it again');
  }
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) throw corrupt(`bad local header for ${entry.name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) throw corrupt(`${entry.name} is cut off`);
  const tooLarge = () =>
    new TableFormatError(
      'tooLarge',
      `The file is too large to import: it unpacks to more than ${Math.round(budget.total / 1024 / 1024)} MB; split it into smaller files`,
    );
  if (entry.size > budget.left) throw tooLarge();
  const data = bytes.subarray(start, stop);
  let out: Uint8Array;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) out = inflateWithin(data, entry, budget, tooLarge);
  else {
    throw new TableFormatError(
      'unsupportedCompression',
      `The file uses zip compression method ${entry.method}, which is not supported; save it again from Excel or WPS`,
    );
  }
  if (out.length !== entry.size || zlib.crc32(out) >>> 0 !== entry.crc) throw corrupt(`${entry.name} fails its checksum`);
  budget.left -= out.length;
  return out;
}

/** Inflates one entry as a stream, stopping at the budget or the declared size, whichever comes first. */
function inflateWithin(data: Uint8Array, entry: Entry, budget: { left: number }, tooLarge: () => TableFormatError): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let over: TableFormatError | null = null;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > budget.left) over = tooLarge();
    else if (size > entry.size) over = corrupt(`${entry.name} unpacks to more than its declared size`);
    else parts.push(chunk);
  });
  try {
    for (let offset = 0; offset < data.length && !over; offset += INFLATE_STEP) {
      inflater.push(data.subarray(offset, offset + INFLATE_STEP), offset + INFLATE_STEP >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    throw corrupt(`${entry.name} cannot be unpacked`);
  }
  if (over) throw over;
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

/** Names are UTF-8 when flagged (and in practice often when not); otherwise CP437, which for OOXML part names is ASCII. */
function decodeName(raw: Uint8Array, flags: number): string {
  if (flags & UTF8_NAMES) return new TextDecoder().decode(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return Buffer.from(raw).toString('latin1');
  }
}

function partKey(name: string): string {
  return name.replaceAll('\\', '/').replace(/^\/+/, '').toLowerCase();
}
