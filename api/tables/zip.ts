/**
 * Just enough ZIP for .xlsx files (stored and deflated entries, no ZIP64, no encryption), written
 * against Node's zlib so the project needs no archive dependency.
 */
import zlib from 'node:zlib';
import { TableFormatError } from './table.ts';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const UTF8_NAMES = 0x0800;
/** The largest entry we inflate: far above a 50,000-row sheet, low enough to stop a zip bomb. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** DOS date 1980-01-01 00:00: a fixed timestamp makes equal content give byte-identical files. */
const DOS_DATE = (1 << 5) | 1;

export interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** Deflate this entry (default). Stored entries are still chosen when deflating would not shrink the data. */
  compress?: boolean;
}

/** Builds a ZIP archive: local headers and data, then the central directory and its end record. */
export function writeZip(files: ZipInput[]): Uint8Array {
  if (files.length > 0xffff) throw new RangeError('Too many zip entries (more would need ZIP64)');
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const raw = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
    const deflated = file.compress === false ? undefined : zlib.deflateRawSync(raw);
    const useDeflate = deflated !== undefined && deflated.length < raw.length;
    const body = useDeflate ? deflated : raw;
    const crc = zlib.crc32(raw) >>> 0;
    const flags = /^[\x20-\x7e]*$/.test(file.name) ? 0 : UTF8_NAMES;
    const method = useDeflate ? 8 : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(CENTRAL_HEADER, 0);
    entry.writeUInt16LE(20, 4); // version made by
    entry.writeUInt16LE(20, 6); // version needed
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes stay 0
    entry.writeUInt32LE(offset, 42);

    parts.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
    if (offset > 0xffffffff) throw new RangeError('Zip archive over 4 GiB (would need ZIP64)');
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
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

/** Reads the central directory; throws TableFormatError for anything it cannot or will not read. */
export function readZip(bytes: Uint8Array): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);

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
      return entry && inflateEntry(bytes, view, entry);
    },
  };
}

function inflateEntry(bytes: Uint8Array, view: DataView, entry: Entry): Uint8Array {
  if (entry.flags & 1) {
    throw new TableFormatError('encrypted', 'The file is password-protected; remove the password in Excel or WPS and upload it again');
  }
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) throw corrupt(`bad local header for ${entry.name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) throw corrupt(`${entry.name} is cut off`);
  if (entry.size > MAX_ENTRY_BYTES) {
    throw new TableFormatError('tooLarge', `The file is too large to import (${entry.name} unpacks to ${entry.size} bytes); split it into smaller files`);
  }
  const data = bytes.subarray(start, stop);
  let out: Uint8Array;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch {
      throw corrupt(`${entry.name} cannot be unpacked`);
    }
  } else {
    throw new TableFormatError('unsupportedCompression', `The file uses zip compression method ${entry.method}, which is not supported; save it again from Excel or WPS`);
  }
  if (out.length !== entry.size || zlib.crc32(out) >>> 0 !== entry.crc) throw corrupt(`${entry.name} fails its checksum`);
  return out;
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
