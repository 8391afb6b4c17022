/**
 * The one cache of read answers (dashboards, the drive's timeline): bytes kept under a key and a
 * version of their inputs, least recently used dropped first, gzipped once for clients that take it.
 */
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';

const json = <T>(c: Context, value: T) => c.json(value, 200);
const encoder = new TextEncoder();
export type Json<T> = ReturnType<typeof json<T>>;

/** Answers kept at most: this many, this many bytes in all, none longer than the last. */
const CACHE = { entries: 4096, bytes: 256 * 2 ** 20, longest: 32 * 2 ** 20 };

/**
 * Answers as they were sent, each under the version of its inputs: asked again before anything
 * it was computed from changed, the same bytes go out without computing them again.
 */
export function createAnswerCache() {
  // Kept as UTF-8 bytes, so an answer asked again is not encoded again, and gzipped once asked so.
  const answers = new Map<string, { version: string; body: Uint8Array<ArrayBuffer>; gzip?: Uint8Array<ArrayBuffer> }>();
  let bytes = 0;
  const size = (entry: { body: Uint8Array; gzip?: Uint8Array }) => entry.body.byteLength + (entry.gzip?.byteLength ?? 0);
  const evict = () => {
    for (const [oldest, entry] of answers) {
      if (answers.size <= CACHE.entries && bytes <= CACHE.bytes) break;
      answers.delete(oldest);
      bytes -= size(entry);
    }
  };
  return {
    /** The JSON of `build()` for `key`, from the cache while `version` is the same (null: always built). */
    json<T>(c: Context, key: string, version: string | null, build: () => T): Json<T> {
      if (version === null) return json(c, build());
      let entry = answers.get(key);
      if (entry && entry.version === version) {
        answers.delete(key);
        answers.set(key, entry); // most recently used last
      } else {
        if (entry) { answers.delete(key); bytes -= size(entry); }
        entry = { version, body: encoder.encode(JSON.stringify(build())) };
        if (entry.body.byteLength <= CACHE.longest) {
          answers.set(key, entry);
          bytes += size(entry);
          evict();
        }
      }
      // Large answers (a county's branches are ~200 KB) go gzipped to clients that take it, as browsers do.
      if (entry.body.byteLength >= 4096 && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
        if (!entry.gzip) {
          entry.gzip = new Uint8Array(gzipSync(entry.body, { level: 6 }));
          if (answers.get(key) === entry) { bytes += entry.gzip.byteLength; evict(); }
        }
        return c.body(entry.gzip, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'accept-encoding' }) as unknown as Json<T>;
      }
      return c.body(entry.body, 200, { 'content-type': 'application/json', vary: 'accept-encoding' }) as unknown as Json<T>;
    },
  };
}
