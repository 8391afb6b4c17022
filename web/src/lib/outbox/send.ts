/**
 * One attempt to deliver one entry, and what the answer means for it:
 * - 2xx with a receipt: delivered (a 200 `duplicate` too — the server had it already);
 * - 4xx: refused, kept with the problem so the user sees why (sending it again unchanged
 *   would be refused again), except 408/425/429, which are about timing;
 * - no answer, 5xx, or an answer that is not a receipt (a captive portal's page): try again later.
 */
import type { OutboxEntry, OutboxError, Receipt } from './types.ts';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export type Outcome =
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'rejected'; error: OutboxError }
  | { kind: 'retry'; error: OutboxError };

const TIMING = new Set([408, 425, 429]);

export async function attempt(entry: OutboxEntry, fetch: Fetch, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Outcome> {
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
    return { kind: 'retry', error: { status: null, title: error instanceof Error ? error.message : String(error), errors: [] } };
  }
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok && !response.redirected && json && typeof json.position === 'string') {
    return { kind: 'sent', receipt: json as Receipt };
  }
  const error: OutboxError = {
    status: response.status,
    title: typeof json?.title === 'string' ? json.title : `HTTP ${response.status}`,
    errors: Array.isArray(json?.errors) ? (json.errors as OutboxError['errors']) : [],
  };
  const refused = response.status >= 400 && response.status < 500 && !TIMING.has(response.status);
  return refused ? { kind: 'rejected', error } : { kind: 'retry', error };
}
