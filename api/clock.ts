/**
 * The one clock of the runtime. Every "now" of the API and the pages (the server time stamped on
 * events, today in China, lateness, expiry) is read from it; nothing else calls `new Date()`.
 * Tests set it; outside production, a server can be started at a fixed time or with an offset
 * (CLOCK_AT, CLOCK_OFFSET) for demonstrations and training.
 */
import { chinaDate } from '../projections/calendar.ts';

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Today's date in China (yyyy-mm-dd). */
  today(): string;
  /** How the clock runs, for the start-up line and health: 'system', 'fixed …' or 'offset …'. */
  readonly description: string;
}

/** A clock that can be set and moved, for tests. */
export interface SettableClock extends Clock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

function clockOf(now: () => Date, description: () => string): Clock {
  return {
    now,
    today: () => chinaDate(now()),
    get description() {
      return description();
    },
  };
}

export const systemClock: Clock = clockOf(
  () => new Date(),
  () => 'system',
);

/** A clock standing still at `instant` until it is set or advanced. */
export function fixedClock(instant: Date | string): SettableClock {
  let at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const clock = clockOf(
    () => new Date(at),
    () => `fixed at ${at.toISOString()}`,
  );
  return Object.assign(clock, {
    set(next: Date | string) {
      const parsed = new Date(next);
      if (Number.isNaN(parsed.getTime())) throw new RangeError(`not an instant: ${String(next)}`);
      at = parsed;
    },
    advance(ms: number) {
      at = new Date(at.getTime() + ms);
    },
  }) as SettableClock;
}

/** The system's clock moved by `offsetMs` (it keeps running). */
export function offsetClock(offsetMs: number): Clock {
  return clockOf(
    () => new Date(Date.now() + offsetMs),
    () => `offset ${formatOffset(offsetMs)} (now ${new Date(Date.now() + offsetMs).toISOString()})`,
  );
}

const UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

/** Parses an offset such as `-75d`, `+3h`, `90m` or `-1d12h`; null when it is not one. */
export function parseOffset(text: string): number | null {
  const match = /^([+-]?)((?:\d{1,6}[dhms])+)$/.exec(text.trim());
  if (!match) return null;
  let total = 0;
  for (const [, amount, unit] of match[2]!.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * UNITS[unit!]!;
  return match[1] === '-' ? -total : total;
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(ms);
  let text = '';
  for (const [unit, size] of Object.entries(UNITS)) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return `${sign}${text || '0s'}`;
}
