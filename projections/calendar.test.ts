import { describe, expect, it } from 'vitest';
import {
  addDays,
  chinaDate,
  chinaTime,
  daysBetween,
  deviceTimeTooOld,
  dueDate,
  effectiveDay,
  endOfChinaDay,
  isLate,
  knownBy,
  monthAfter,
  monthBefore,
  monthEnd,
  monthsBetween,
  monthsUpTo,
  reportingMonthOn,
} from './calendar.ts';

describe('days in China', () => {
  it.each([
    // instant (UTC)                 China day     why
    ['2026-03-31T15:29:59.999Z', '2026-03-31'], // 23:29:59 on Mar 31 in China
    ['2026-03-31T15:30:00.000Z', '2026-03-31'], // 23:30 on Mar 31 in China, still March
    ['2026-03-31T16:00:00.000Z', '2026-04-01'], // midnight in China: April
    ['2026-12-31T16:00:00.000Z', '2027-01-01'], // the year turns in China eight hours before UTC
    ['2027-01-01T15:59:59.999Z', '2027-01-01'],
    ['2027-01-02T04:00:00.000Z', '2027-01-02'],
    ['2028-02-28T16:00:00.000Z', '2028-02-29'], // a leap day
    ['2028-02-29T16:00:00.000Z', '2028-03-01'],
  ])('%s is %s', (instant, day) => {
    expect(chinaDate(instant)).toBe(day);
    expect(chinaDate(new Date(instant))).toBe(day);
  });

  it('a day ends at the next midnight in China, and what happened before then was known by it', () => {
    expect(endOfChinaDay('2026-09-21')).toBe('2026-09-21T16:00:00.000Z');
    expect(knownBy('2026-09-21T15:59:59.999Z', '2026-09-21')).toBe(true);
    expect(knownBy('2026-09-21T16:00:00.000Z', '2026-09-21')).toBe(false);
    expect(chinaTime('2026-09-21', 9)).toBe('2026-09-21T01:00:00.000Z');
    expect(chinaTime('2027-01-01', 0, 30)).toBe('2026-12-31T16:30:00.000Z');
  });

  it('counts days across month, year and leap-day edges', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2026-09-21', '2026-09-20')).toBe(-1);
  });
});

describe('months', () => {
  it('steps across the year and knows their lengths', () => {
    expect(monthBefore('2027-01')).toBe('2026-12');
    expect(monthBefore('2027-01-02')).toBe('2026-12');
    expect(monthAfter('2026-12')).toBe('2027-01');
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2027-02')).toBe('2027-02-28');
    expect(monthsUpTo('2027-02', 3)).toEqual(['2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2027-02', '2026-11')).toEqual([]);
  });

  it('reports are written for the month before today', () => {
    expect(reportingMonthOn('2027-01-02')).toBe('2026-12');
    expect(reportingMonthOn('2028-02-29')).toBe('2028-01');
    expect(reportingMonthOn('2026-07-05')).toBe('2026-06');
  });

  it('a month’s report is due on the due day of the next month', () => {
    expect(dueDate('2026-06', 5)).toBe('2026-07-05');
    expect(dueDate('2026-12', 5)).toBe('2027-01-05');
    expect(dueDate('2028-01', 28)).toBe('2028-02-28');
  });
});

describe('the one lateness rule', () => {
  const due = '2026-07-05';
  it.each<[string, string, string | null, string, boolean, string]>([
    // device time (submittedAt)     arrival (receivedAt)          paper     counts from    late  why
    ['2026-07-05T15:59:00.000Z', '2026-07-05T15:59:00.000Z', null, '2026-07-05', false, 'online at 23:59 on the due day'],
    ['2026-07-05T16:00:00.000Z', '2026-07-05T16:00:00.000Z', null, '2026-07-06', true, 'online at midnight after it'],
    ['2026-07-04T02:00:00.000Z', '2026-07-09T02:00:00.000Z', null, '2026-07-04', false, 'offline: pressed on the 4th, arrived on the 9th'],
    ['2026-06-08T02:00:00.000Z', '2026-07-09T02:00:00.000Z', null, '2026-06-08', false, 'offline for exactly 31 days: still believed'],
    [
      '2026-06-08T01:59:59.000Z',
      '2026-07-09T02:00:00.000Z',
      null,
      '2026-07-09',
      true,
      'a device time older than that: the arrival (old events only; commands refuse it)',
    ],
    ['2026-07-20T02:00:00.000Z', '2026-07-09T02:00:00.000Z', null, '2026-07-09', true, 'a device clock ahead: the arrival'],
    ['2026-07-09T02:00:00.000Z', '2026-07-09T02:00:00.000Z', '2026-07-03', '2026-07-03', false, 'a paper report handed in on the 3rd'],
  ])('pressed %s, arrived %s, paper %s → counts from %s (late: %s): %s', (submittedAt, receivedAt, paper, day, late) => {
    const first = { submittedAt, receivedAt, receivedOnPaper: paper };
    expect(effectiveDay(first)).toBe(day);
    expect(isLate(first, due)).toBe(late);
  });

  it('refuses to believe a device time more than 31 days before arrival', () => {
    expect(deviceTimeTooOld('2026-06-08T02:00:00.000Z', '2026-07-09T02:00:00.000Z')).toBe(false);
    expect(deviceTimeTooOld('2026-06-08T01:59:59.999Z', '2026-07-09T02:00:00.000Z')).toBe(true);
    expect(deviceTimeTooOld(null, '2026-07-09T02:00:00.000Z')).toBe(false);
  });
});
