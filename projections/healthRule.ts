/**
 * The branch health rule (巩固 / 提高 / 整顿 / 重建), written once: a branch's class from the facts
 * of its window of months, with the reasons when asked. The monthlyReports projection keeps each
 * branch's class by it as reports arrive; branchHealth.ts asks it again for the reasons shown.
 * Over the `window` months ending with the month asked about:
 *   重建 rebuild     — no report at all in the window, or fewer league members than the minimum;
 *   整顿 rectify     — 五个一 done below `rectifyFiveOnes` on average, or more than one month
 *                     unreported, or no meeting (支委会 / 团员大会 / 团小组会) in the window;
 *   巩固 consolidate — 五个一 at or above `consolidateFiveOnes`, every month reported on time, a
 *                     meeting every month, a 团课 in the window, and the 四有 all met (if recorded);
 *   提高 improve     — every other branch.
 * A township's override (with its written reason) replaces the computed class for that month.
 * Not yet assessed (未评定): a branch without a report in the window that could not yet have
 * reported — its first due day (of the first month it was open and already in League Pulse
 * before that month's due day) falls after the month asked about or has not passed yet. A
 * freshly imported province is not all 重建 before any report could exist.
 */
import type { HealthClass, ReportingSettings } from '../events/catalog/report.ts';
import { dueDate, monthAfter, monthBefore, monthEnd, monthsUpTo } from './calendar.ts';

/** A reason, as a code with its figures; the API words it in the caller's language. */
export interface HealthReason {
  code: string;
  values: Record<string, number | string>;
}

/** The window's months and their due dates, worked out once per (month, window, due day): every branch asks. */
const windows = new Map<string, { months: string[]; dues: string[]; end: string }>();
export function windowOf(month: string, size: number, dueDay: number) {
  const key = `${month}|${size}|${dueDay}`;
  let found = windows.get(key);
  if (!found) {
    const months = monthsUpTo(month, size);
    found = { months, dues: months.map((m) => dueDate(m, dueDay)), end: monthEnd(month) };
    if (windows.size > 10_000) windows.clear();
    windows.set(key, found);
  }
  return found;
}

/** What the rule reads of a branch's window of months, counted in one pass. */
export interface WindowFacts {
  months: number;
  reported: number;
  fiveOnes: number;
  onTime: number;
  meetingMonths: number;
  lectures: number;
  members: number | null;
  fourHasMet: boolean;
}

/** What the rule reads of one month's report. */
export interface MonthFacts {
  countedDay: string;
  fiveOnes: number;
  meetings: number;
  lectures: number;
  members: number;
}

/** A window's facts, from its months' reports in order (undefined: not reported) and their due days. */
export function factsOf(reports: Array<MonthFacts | undefined>, dues: string[], fourHasMet: boolean): WindowFacts {
  // The 五个一 done are summed as counts and divided once: twelve of fifteen is 0.8 exactly, as the
  // threshold is (1 + 0.8 + 0.6 summed as shares falls a hair below it and loses 巩固).
  let reported = 0,
    fiveOnesDone = 0,
    onTime = 0,
    meetingMonths = 0,
    lectures = 0;
  let members: number | null = null;
  for (let i = 0; i < reports.length; i++) {
    const report = reports[i];
    if (!report) continue;
    reported++;
    fiveOnesDone += report.fiveOnes;
    // On time by the one lateness rule: counted from the due day or before (reportingRates.ts: isOnTime).
    if (report.countedDay <= dues[i]!) onTime++;
    if (report.meetings > 0) meetingMonths++;
    lectures += report.lectures;
    // The latest month reported gives the members.
    members = report.members;
  }
  return { months: reports.length, reported, fiveOnes: fiveOnesDone / (5 * reports.length), onTime, meetingMonths, lectures, members, fourHasMet };
}

/**
 * The rule of the file's comment: a branch's class from its window's facts, and — when `reasons`
 * is given — why, pushed onto it. The one place the rule is written: the trend asks it without reasons.
 */
export function judge(f: WindowFacts, rule: ReportingSettings['health'], reasons: HealthReason[] | null): HealthClass {
  const share = Math.round(f.fiveOnes * 100) / 100;
  if (f.reported === 0) {
    reasons?.push({ code: 'noReports', values: { window: f.months } });
    return 'rebuild';
  }
  if (f.members !== null && f.members < rule.minimumMembers) {
    reasons?.push({ code: 'tooFewMembers', values: { members: f.members, minimum: rule.minimumMembers } });
    return 'rebuild';
  }
  const rectify = f.fiveOnes < rule.rectifyFiveOnes || f.months - f.reported > 1 || f.meetingMonths === 0;
  if (rectify) {
    if (reasons) {
      if (f.fiveOnes < rule.rectifyFiveOnes) reasons.push({ code: 'fiveOnesLow', values: { share, threshold: rule.rectifyFiveOnes } });
      if (f.months - f.reported > 1) reasons.push({ code: 'monthsMissing', values: { missing: f.months - f.reported, window: f.months } });
      if (f.meetingMonths === 0) reasons.push({ code: 'noMeetings', values: { window: f.months } });
    }
    return 'rectify';
  }
  const consolidate = f.fiveOnes >= rule.consolidateFiveOnes && f.onTime >= f.months && f.meetingMonths >= f.months && f.lectures > 0 && f.fourHasMet;
  if (reasons) {
    if (consolidate) reasons.push({ code: 'allMet', values: { share, window: f.months } });
    if (f.fiveOnes < rule.consolidateFiveOnes) reasons.push({ code: 'fiveOnesBelowConsolidate', values: { share, threshold: rule.consolidateFiveOnes } });
    if (f.onTime < f.months) reasons.push({ code: 'notAllOnTime', values: { onTime: f.onTime, window: f.months } });
    if (f.meetingMonths < f.months) reasons.push({ code: 'meetingsNotMonthly', values: { meetingMonths: f.meetingMonths, window: f.months } });
    if (f.lectures === 0) reasons.push({ code: 'noLecture', values: { window: f.months } });
    if (!f.fourHasMet) reasons.push({ code: 'fourHasNotMet', values: {} });
  }
  return consolidate ? 'consolidate' : 'improve';
}

/** When a branch is first held to a due day: when it opened and when it was entered into League Pulse. */
export interface Entry {
  openedOn: string;
  knownSince: string;
}

/** The first month a branch could report for, and that month's due day: open in it, and entered before its due day. */
export function firstDue(entry: Entry, dueDay: number): { month: string; due: string } {
  const opened = entry.openedOn.slice(0, 7);
  const entered = monthBefore(entry.knownSince.slice(0, 7));
  let month = opened > entered ? opened : entered;
  while (dueDate(month, dueDay) <= entry.knownSince) month = monthAfter(month);
  return { month, due: dueDate(month, dueDay) };
}

/**
 * Whether a branch with no report in its window is not yet assessed (未评定) for `month` on
 * `today`: the first month it could report for is later, or that month's due day is today or
 * still ahead. Otherwise its silence is 重建.
 */
export function notYetAssessed(entry: Entry, month: string, today: string, dueDay: number): boolean {
  const first = firstDue(entry, dueDay);
  return first.month > month || first.due >= today;
}

/**
 * The earliest day a branch not yet assessed for `month` on `today` may have opened or been
 * entered on: every branch opened and entered before it has had a due day it could meet, so
 * only those since are looked at (organisationTree: enteredSince).
 */
export function unassessedSince(month: string, today: string): string {
  const before = `${monthBefore(today.slice(0, 7))}-01`;
  const start = `${month}-01`;
  return start < before ? start : before;
}
