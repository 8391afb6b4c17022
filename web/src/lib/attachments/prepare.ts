/**
 * A file chosen on the phone, made ready to travel: a picture is drawn again at 1,600 px on its
 * longest side at most and encoded as JPEG (smaller to send over a village's network, and
 * without the camera's metadata, GPS included), then everything is hashed (SHA-256): the hash is
 * its address on the server (PUT /api/attachments/:sha256), so sending it twice stores it once.
 */
export const MAX_SIDE = 1600;
export const MAX_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;
const QUALITY = 0.85;

/** What a visit or report names (the API's attachment), with its bytes until they are sent. */
export interface PreparedFile {
  sha256: string;
  name: string;
  type: string;
  size: number;
  /** The bytes to send; absent for a file already on the server (a report's earlier version). */
  blob?: Blob;
}

/** The types the server keeps (it checks the bytes again); pictures are re-encoded first. */
const DOCUMENTS = new Set([
  'application/pdf',
  'text/plain',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);
const PICTURE = /^image\/(jpeg|png|webp|gif|heic|heif|avif|bmp)$/;
export const ACCEPT = ['image/*', ...DOCUMENTS, '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.pdf', '.txt'].join(',');

export type Refusal = { refused: 'tooBig' | 'notAllowed' | 'unreadable' | 'noHashing'; name: string };

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The picture at 1,600 px on its longest side at most, as JPEG. */
async function downscale(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file); // turned the way the camera's orientation says
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#fff'; // a transparent PNG's background, as JPEG has none
      context.fillRect(0, 0, width, height);
      context.drawImage(bitmap, 0, 0, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
    }
    const canvas = Object.assign(document.createElement('canvas'), { width, height });
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('not encoded'))), 'image/jpeg', QUALITY),
    );
  } finally {
    bitmap.close();
  }
}

const jpegName = (name: string) => `${name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;

export async function prepare(file: File): Promise<PreparedFile | Refusal> {
  const name = file.name.slice(0, 200) || 'file';
  if (!globalThis.crypto?.subtle) return { refused: 'noHashing', name };
  const picture = PICTURE.test(file.type) || (!file.type && /\.(jpe?g|png|webp|gif|heic|heif)$/i.test(name));
  if (picture) {
    let blob: Blob;
    try {
      blob = await downscale(file);
    } catch {
      return { refused: 'unreadable', name };
    }
    if (blob.size > MAX_BYTES) return { refused: 'tooBig', name };
    return { sha256: await sha256Hex(blob), name: jpegName(name), type: 'image/jpeg', size: blob.size, blob };
  }
  if (!DOCUMENTS.has(file.type) && !/\.(pdf|txt|docx?|xlsx?|pptx?)$/i.test(name)) return { refused: 'notAllowed', name };
  if (file.size === 0 || file.size > MAX_BYTES) return { refused: 'tooBig', name };
  return { sha256: await sha256Hex(file), name, type: file.type || 'application/octet-stream', size: file.size, blob: file };
}
