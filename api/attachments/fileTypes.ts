/**
 * What a file is, from its own bytes — never from the type a browser (or anyone) declares for it.
 * Attachments (a case's files, a visit's or a report's photos) are kept and served as the type their
 * content shows, and only the types allowed here: pictures, PDF, office documents, plain text.
 */
import { decodeText } from '../tables/csv.ts';
import { looksLikeZip, readZip } from '../tables/zip.ts';

export const JPEG = 'image/jpeg';
export const PNG = 'image/png';
export const WEBP = 'image/webp';
export const GIF = 'image/gif';
export const PDF = 'application/pdf';
export const TEXT = 'text/plain';
export const DOC = 'application/msword';
export const XLS = 'application/vnd.ms-excel';
export const PPT = 'application/vnd.ms-powerpoint';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** The types an attachment may be (the allow-list), with the extension each is saved under. */
export const attachmentTypes = new Map<string, string>([
  [JPEG, 'jpg'],
  [PNG, 'png'],
  [WEBP, 'webp'],
  [GIF, 'gif'],
  [PDF, 'pdf'],
  [TEXT, 'txt'],
  [DOC, 'doc'],
  [DOCX, 'docx'],
  [XLS, 'xls'],
  [XLSX, 'xlsx'],
  [PPT, 'ppt'],
  [PPTX, 'pptx'],
]);

const startsWith = (bytes: Uint8Array, ...values: number[]) => values.every((value, i) => bytes[i] === value);
const ascii = (bytes: Uint8Array, from: number, text: string) => [...text].every((char, i) => bytes[from + i] === char.charCodeAt(0));

/**
 * The type the bytes show, among those allowed, or null. Old Office files (OLE2) look
 * alike inside, so for them the file's name (`.doc`, `.xls`, `.ppt`) says which.
 */
export function sniffType(bytes: Uint8Array, name: string): string | null {
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return JPEG;
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return PNG;
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return GIF;
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return WEBP;
  if (ascii(bytes, 0, '%PDF-')) return PDF;
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    const extension = /\.(doc|xls|ppt)$/i.exec(name)?.[1]?.toLowerCase();
    return extension === 'doc' ? DOC : extension === 'xls' ? XLS : extension === 'ppt' ? PPT : null;
  }
  if (looksLikeZip(bytes)) {
    try {
      const names = new Set(readZip(bytes, { maxBytes: 0 }).names.map((entry) => entry.toLowerCase()));
      if (names.has('word/document.xml')) return DOCX;
      if (names.has('xl/workbook.xml')) return XLSX;
      if (names.has('ppt/presentation.xml')) return PPTX;
    } catch {
      /* not an archive we can read */
    }
    return null;
  }
  return isPlainText(bytes) ? TEXT : null;
}

/** Text (UTF-8, or the GB18030 Chinese Windows writes) with no control characters but line breaks and tabs. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const text = decodeText(bytes.subarray(0, 64 * 1024));
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(text.slice(0, -1));
}
