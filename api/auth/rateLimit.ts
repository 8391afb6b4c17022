/**
 * Limits failed sign-ins per account and per client address (a sliding window in memory),
 * so a password cannot be guessed quickly from one address or against one account from many.
 */
import { systemClock, type Clock } from '../clock.ts';

export interface LoginLimiter {
  /** Seconds to wait before trying again, or 0 when a try is allowed now. */
  retryAfter(account: string, address: string): number;
  recordFailure(account: string, address: string): void;
  recordSuccess(account: string, address: string): void;
}

export function createLoginLimiter(clock: Clock = systemClock, options = { perAccount: 5, perAddress: 20, windowMs: 15 * 60 * 1000 }): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const times = (failures.get(key) ?? []).filter((time) => now - time < options.windowMs);
    if (times.length === 0) failures.delete(key); else failures.set(key, times);
    return times;
  };
  const wait = (times: number[], max: number, now: number) =>
    times.length >= max ? Math.ceil((times[times.length - max]! + options.windowMs - now) / 1000) : 0;
  return {
    retryAfter(account, address) {
      const now = clock.now().getTime();
      return Math.max(wait(recent(`a:${account}`, now), options.perAccount, now), wait(recent(`i:${address}`, now), options.perAddress, now));
    },
    recordFailure(account, address) {
      const now = clock.now().getTime();
      for (const key of [`a:${account}`, `i:${address}`]) failures.set(key, [...recent(key, now), now]);
    },
    recordSuccess(account) {
      failures.delete(`a:${account}`);
    },
  };
}
