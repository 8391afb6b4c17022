/**
 * One attempt to deliver one entry, and what the answer means for it:
 * - 2xx with a receipt: delivered (a 200 `duplicate` too — the server had it already);
 * - 4xx: refused, kept with the problem so the user sees why (sending it again unchanged
 *   would be refused again), except 408/425/429, which are about timing;
 * - no answer, 5xx, or an answer that is not a receipt (a captive portal's page): try again later.
 * An entry's files go first, each PUT by its hash; the JSON only once the server has them all.
 */
import { api } from '../apiPaths.ts';
import type { OutboxEntry, OutboxError, Receipt } from './types.ts';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export type Outcome = ({ kind: 'sent'; receipt: Receipt } | { kind: 'rejected'; error: OutboxError } | { kind: 'retry'; error: OutboxError }) & {
  /** The files the server has now (answered 200/201 to this attempt's uploads). */
  uploaded?: string[];
};

const TIMING = new Set([408, 425, 429]);

const unreachable = (error: unknown): OutboxError => ({ status: null, title: error instanceof Error ? error.message : String(error), errors: [] });

const errorOf = (status: number, json: Record<string, unknown> | null): OutboxError => ({
  status,
  title: typeof json?.title === 'string' ? json.title : `HTTP ${status}`,
  errors: Array.isArray(json?.errors) ? (json.errors as OutboxError['errors']) : [],
});
const jsonOf = async (response: Response) => (await response.json().catch(() => null)) as Record<string, unknown> | null;
const refusal = (status: number) => status >= 400 && status < 500 && !TIMING.has(status);

/**
 * Uploads the entry's files the server does not have yet, each by its hash (a repeat is
 * harmless: the server answers 200 and keeps it once). Stops at the first that fails.
 */
async function upload(entry: OutboxEntry, fetch: Fetch, headers: Record<string, string>, timeoutMs: number): Promise<{ uploaded: string[]; failed?: Outcome }> {
  const uploaded: string[] = [];
  for (const file of entry.files ?? []) {
    // Without its bytes (already sent, or loaded from an exported file) the server judges the record.
    if (file.uploaded || !file.blob) continue;
    let response: Response;
    try {
      response = await fetch(api.attachments[':sha256'].$path({ param: { sha256: file.sha256 }, query: { name: file.name } }), {
        method: 'PUT',
        credentials: 'same-origin',
        body: file.blob,
        headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json', ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { uploaded, failed: { kind: 'retry', error: unreachable(error), uploaded } };
    }
    if (response.ok && !response.redirected) {
      await response.body?.cancel();
      uploaded.push(file.sha256);
      continue;
    }
    const error = errorOf(response.status, await jsonOf(response));
    return { uploaded, failed: { kind: refusal(response.status) ? 'rejected' : 'retry', error, uploaded } };
  }
  return { uploaded };
}

export async function attempt(entry: OutboxEntry, fetch: Fetch, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Outcome> {
  const files = await upload(entry, fetch, headers, timeoutMs);
  if (files.failed) return files.failed;
  const { uploaded } = files;
  let response: Response;
  try {
    response = await fetch(entry.url, {
      method: entry.method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(entry.body),
      // A hung request must not hold the sending lock for ever; resending is safe (same submissionId).
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: 'retry', error: unreachable(error), uploaded };
  }
  const json = await jsonOf(response);
  if (response.ok && !response.redirected && json && typeof json.position === 'string') {
    return { kind: 'sent', receipt: json as Receipt, uploaded };
  }
  const error = errorOf(response.status, json);
  return refusal(response.status) ? { kind: 'rejected', error, uploaded } : { kind: 'retry', error, uploaded };
}
