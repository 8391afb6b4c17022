/**
 * The one calendar of the product: days and months in China (where its users are), due days,
 * the end of a day as an instant, and the one lateness rule. Nothing here reads a clock: "now"
 * comes from the runtime's clock (api/clock.ts) and is passed in.
 *
 * China keeps UTC+8 all year (no daylight saving), so a China day is the UTC day of the instant
 * shifted by eight hours, and needs no time-zone database.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The day (yyyy-mm-dd) an instant falls on in China. */
export function chinaDate(instant: Date | string | number): string {
  const time = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(time)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The minute (yyyy-mm-dd hh:mm) an instant falls in, in China: how a time is written in a download. */
export function chinaMinute(instant: Date | string | number): string {
  const time = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(time)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The month (yyyy-mm) an instant falls in, in China. */
export function chinaMonth(instant: Date | string | number): string {
  return chinaDate(instant).slice(0, 7);
}

/** The first instant after a China day ends (its next midnight in China), as an ISO string. */
export function endOfChinaDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - CHINA_OFFSET_MS).toISOString();
}

/** A wall-clock time on a China day, as an ISO instant (`chinaTime('2026-09-21', 9)` is 01:00 UTC). */
export function chinaTime(day: string, hour: number, minute = 0, second = 0): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + ((hour * 60 + minute) * 60 + second) * 1000 - CHINA_OFFSET_MS).toISOString();
}

/** Whether something that happened at `instant` was already known at the end of `day` in China. */
export function knownBy(instant: string, day: string): boolean {
  return Date.parse(instant) < Date.parse(endOfChinaDay(day));
}

/** A day `days` after (or before, when negative) another. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The month after a month (yyyy-mm; a day's yyyy-mm-dd is taken as its month). */
export function monthAfter(monthOrDay: string): string {
  const [year, m] = monthOrDay.slice(0, 7).split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The month before a month (yyyy-mm; a day's yyyy-mm-dd is taken as its month). */
export function monthBefore(monthOrDay: string): string {
  const [year, m] = monthOrDay.slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** The last day (yyyy-mm-dd) of a month: the tree is read as of that day. */
export function monthEnd(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The `count` months ending with `month`, oldest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, m - 1 - (count - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** The months from `first` to `last` (yyyy-mm), both included; empty when `last` is earlier. */
export function monthsBetween(first: string, last: string, limit = 120): string[] {
  const months: string[] = [];
  for (let month = first.slice(0, 7); month <= last.slice(0, 7) && months.length < limit; month = monthAfter(month)) months.push(month);
  return months;
}

/**
 * The date (yyyy-mm-dd) by which the report for `month` is due: `dueDay` of the next month,
 * or that month's last day when it is shorter (a due day of 31 in February is the 28th or 29th).
 */
export function dueDate(month: string, dueDay: number): string {
  const next = monthAfter(month);
  const last = monthEnd(next);
  return Number(last.slice(8)) < dueDay ? last : `${next}-${String(dueDay).padStart(2, '0')}`;
}

/** The month reports are being written for on `today`: the one before it. */
export function reportingMonthOn(today: string): string {
  return monthBefore(today);
}

/**
 * How long before its arrival a device's clock is believed. An offline form may wait days for a
 * network; a device time older than this is more likely a wrong clock than a long wait, and is
 * refused (see `checkDeviceTime`) rather than silently replaced.
 */
export const TRUSTED_DEVICE_WINDOW_MS = 31 * DAY_MS;
/** A device clock a little ahead of the server's is a clock, not a forgery: up to this is taken as "now". */
export const DEVICE_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * Whether a submission's device time (when the user pressed submit) can be believed, given when
 * it arrived: not when it lies more than the trusted window before arrival. A device time after
 * arrival cannot be true either, but it harms no one: the submission counts from its arrival.
 */
export function deviceTimeTooOld(deviceTime: string | null | undefined, receivedAt: string): boolean {
  return Boolean(deviceTime) && Date.parse(deviceTime!) < Date.parse(receivedAt) - TRUSTED_DEVICE_WINDOW_MS;
}

/** One submission as the lateness rule sees it. */
export interface SubmissionTimes {
  /** When the user pressed submit, by their device (offline: earlier than it arrived). */
  submittedAt: string;
  /** When the server accepted it. */
  receivedAt: string;
  /** The day a manager recorded a paper submission as received, when one did. */
  receivedOnPaper?: string | null;
}

/**
 * The China day a submission counts from: the day a manager recorded for a paper submission;
 * else the device's time when it lies in the trusted window before arrival; else the day it
 * arrived. (Commands refuse device times older than the window, so that case is for events
 * written before they did; a device time after arrival counts as the arrival.)
 */
export function effectiveDay(first: SubmissionTimes): string {
  if (first.receivedOnPaper) return first.receivedOnPaper;
  const received = Date.parse(first.receivedAt);
  const submitted = Date.parse(first.submittedAt);
  const trusted = submitted <= received + DEVICE_CLOCK_SKEW_MS && submitted >= received - TRUSTED_DEVICE_WINDOW_MS;
  return chinaDate(trusted ? Math.min(submitted, received) : received);
}

/** The one lateness rule: late when the first submission counts from a day after the due day. */
export function isLate(first: SubmissionTimes, due: string): boolean {
  return effectiveDay(first) > due;
}
