/**
 * How long to wait before the next automatic attempt after a transient failure: doubling from
 * 5 s up to 5 min, with jitter so many devices coming back online at once do not send in step.
 * Coming online, loading a page and "retry now" do not wait for it.
 */
export const BACKOFF = { firstMs: 5_000, maxMs: 5 * 60_000 };

export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
