/**
 * Imports and dry runs wait their turn: one at a time per account, in the order they came, and
 * only a few waiting at once (each holds its file in memory), per account and in all. A request
 * beyond that is refused before its file is read.
 */
export interface ImportTicket {
  /** Runs the work when the account's earlier imports are done; the place is freed afterwards. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Frees the place without running (the request failed before its turn). */
  cancel(): void;
}

export class ImportQueue {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly held = new Map<string, number>();
  private total = 0;
  readonly perAccount: number;
  readonly inAll: number;

  constructor(options: { perAccount?: number; inAll?: number } = {}) {
    this.perAccount = options.perAccount ?? 2;
    this.inAll = options.inAll ?? 8;
  }

  /** A place in the queue, or why there is none: 'account' (this account has enough waiting) or 'server'. */
  admit(account: string): ImportTicket | 'account' | 'server' {
    const mine = this.held.get(account) ?? 0;
    if (mine >= this.perAccount) return 'account';
    if (this.total >= this.inAll) return 'server';
    this.held.set(account, mine + 1);
    this.total++;
    let done = false;
    const free = () => {
      if (done) return;
      done = true;
      this.total--;
      const left = (this.held.get(account) ?? 1) - 1;
      if (left === 0) this.held.delete(account);
      else this.held.set(account, left);
    };
    return {
      run: <T>(work: () => Promise<T>) => {
        const before = this.chains.get(account) ?? Promise.resolve();
        const mine = before
          .catch(() => undefined)
          .then(work)
          .finally(free);
        const tail = mine.catch(() => undefined);
        this.chains.set(account, tail);
        void tail.then(() => {
          if (this.chains.get(account) === tail) this.chains.delete(account);
        });
        return mine;
      },
      cancel: free,
    };
  }
}
