/**
 * The outbox as a file: a device about to be reset (or a browser whose data is about to be
 * cleared) can save what has not been sent, and another device can load it and send it. The
 * submission ids travel with the entries, so loading the same file twice, or on two devices,
 * still delivers each submission once.
 */
import { normalise, type OutboxEntry } from './types.ts';

const FORMAT = 'league-pulse-outbox';
const VERSION = 1;

export interface OutboxFile {
  format: typeof FORMAT;
  version: number;
  exportedAt: string;
  entries: OutboxEntry[];
}

export function toFile(entries: OutboxEntry[], now = new Date()): string {
  const file: OutboxFile = { format: FORMAT, version: VERSION, exportedAt: now.toISOString(), entries };
  return JSON.stringify(file, null, 2);
}

export function fileName(now = new Date()): string {
  return `league-pulse-outbox-${now.toISOString().slice(0, 19).replace(/[T:]/g, '-')}.json`;
}

/** The entries of an exported file; throws on anything else. */
export function fromFile(text: string): OutboxEntry[] {
  const file = JSON.parse(text) as Partial<OutboxFile>;
  if (file?.format !== FORMAT || !Array.isArray(file.entries)) throw new Error('not an outbox file');
  // An imported entry may only ever send to the API: a test of the prefix its routes share, not an address built.
  return file.entries
    .filter((entry) => typeof entry?.submissionId === 'string' && typeof entry.url === 'string' && entry.url.startsWith('/api/'))
    .map(normalise);
}

/** Saves text as a file through the browser's download. */
export function download(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
