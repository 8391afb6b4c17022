import { createHash } from 'node:crypto';

/** Time-ordered ids for events and submissions: one implementation, shared with the browser. */
export { uuidv7 } from './uuidv7.ts';

/**
 * A UUID derived from a name (version 8, SHA-256): the same name always gives the same id, so
 * an import row or a login name maps to one stream however often it is submitted.
 */
export function uuidFromName(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
