/**
 * Waiting for a condition on state that changes from time to time (a runner's position, a
 * delivery worker's queue): whoever changes the state calls `changed()`, and each waiter checks
 * its condition then, instead of polling.
 */
export class Conditions {
  private readonly waiters = new Set<() => void>();

  get waiting(): boolean {
    return this.waiters.size > 0;
  }

  changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves true once `done()` holds (checked at each change), or false after `timeoutMs`. */
  until(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? null : setTimeout(() => finish(false), timeoutMs);
      const check = () => {
        if (done()) finish(true);
      };
      const finish = (result: boolean) => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      this.waiters.add(check);
    });
  }
}
