/**
 * Limits sign-in attempts per account and per client address (a sliding window in memory), so a
 * password cannot be guessed quickly from one address or against one account from many.
 *
 * An attempt is reserved — counted as a failure — before its password is hashed, and forgiven
 * only if it succeeds. Attempts sent at once therefore all count: of a hundred sent together,
 * only as many as the limit allows are judged; the rest are refused at once.
 */
import { systemClock, type Clock } from '../clock.ts';

export interface LoginLimiter {
  /** Reserves an attempt: 0 when it may go ahead (it counts as a failure until forgiven), else seconds to wait. */
  reserve(account: string, address: string): number;
  /** The attempt succeeded: the account's count starts again (the address keeps its own). */
  succeeded(account: string): void;
}

export function createLoginLimiter(clock: Clock = systemClock, options = { perAccount: 5, perAddress: 20, windowMs: 15 * 60 * 1000 }): LoginLimiter {
  const attempts = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const times = (attempts.get(key) ?? []).filter((time) => now - time < options.windowMs);
    if (times.length === 0) attempts.delete(key);
    else attempts.set(key, times);
    return times;
  };
  const wait = (times: number[], max: number, now: number) =>
    times.length >= max ? Math.max(1, Math.ceil((times[times.length - max]! + options.windowMs - now) / 1000)) : 0;
  return {
    reserve(account, address) {
      const now = clock.now().getTime();
      const byAccount = recent(`a:${account}`, now);
      const byAddress = recent(`i:${address}`, now);
      const seconds = Math.max(wait(byAccount, options.perAccount, now), wait(byAddress, options.perAddress, now));
      if (seconds > 0) return seconds;
      attempts.set(`a:${account}`, [...byAccount, now]);
      attempts.set(`i:${address}`, [...byAddress, now]);
      return 0;
    },
    succeeded(account) {
      attempts.delete(`a:${account}`);
    },
  };
}
