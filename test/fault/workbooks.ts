/**
 * Workbooks made to attack the import: sheets that unpack far beyond their size, and directories
 * that lie about how large an entry is.
 */
import { writeXlsx } from '../../api/tables/index.ts';
import { readZip, writeZip } from '../../api/tables/zip.ts';

const MiB = 1024 * 1024;
const SHEET = 'xl/worksheets/sheet1.xml';

/** A workbook whose one sheet is `sheetBytes` of the same row over and over (~1 MB for 256 MiB). */
export function bomb(sheetBytes = 256 * MiB, declared?: number): Uint8Array {
  const small = readZip(writeXlsx([{ name: 'S', rows: [['编码']] }]));
  const names = [...small.names.filter((name) => name !== SHEET), SHEET];
  const bytes = writeZip(
    names.map((name) => ({ name, data: name === SHEET ? Buffer.alloc(sheetBytes, '<row><c t="inlineStr"><is><t>x</t></is></c></row>') : small.read(name)! })),
  );
  return declared === undefined ? bytes : withDeclaredSize(bytes, SHEET, declared);
}

/** The same archive with the uncompressed size its central directory states for `entry` rewritten. */
export function withDeclaredSize(zip: Uint8Array, entry: string, declared: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const end = bytes.length - 22;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (name === entry) {
      view.setUint32(at + 24, declared, true);
      return bytes;
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`no entry ${entry} in the archive`);
}
