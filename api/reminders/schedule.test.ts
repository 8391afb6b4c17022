import { describe, expect, it } from 'vitest';
import { deadlinesDue, remindersDue } from './schedule.ts';

const at = (instant: string) => new Date(instant);

describe('remindersDue: what the schedule sends at a time (pure)', () => {
  it('three days before the due day (the 5th): the month being reported, from 09:00 China time', () => {
    expect(remindersDue(at('2026-07-02T08:59:59+08:00'), 5, 3)).toEqual([]);
    expect(remindersDue(at('2026-07-02T09:00:00+08:00'), 5, 3)).toEqual([{ kind: 'monthlyReport', month: '2026-06', due: '2026-07-05' }]);
    expect(remindersDue(at('2026-07-02T23:59:00+08:00'), 5, 3)).toEqual([{ kind: 'monthlyReport', month: '2026-06', due: '2026-07-05' }]);
    // 00:30 on 3 July in China is still 2 July in UTC: the China day counts.
    expect(remindersDue(at('2026-07-02T16:30:00Z'), 5, 3)).toEqual([]);
  });

  it('the day after the due day: the escalation of that month; on other days nothing', () => {
    expect(remindersDue(at('2026-07-06T10:00:00+08:00'), 5, 3)).toEqual([{ kind: 'escalation', month: '2026-06', due: '2026-07-05' }]);
    for (const day of ['2026-07-01', '2026-07-03', '2026-07-05', '2026-07-07', '2026-07-20'])
      expect(remindersDue(at(`${day}T10:00:00+08:00`), 5, 3)).toEqual([]);
  });

  it('across a year’s end, with the days before set, and a due day past the end of a short month', () => {
    expect(remindersDue(at('2026-12-31T10:00:00+08:00'), 5, 5)).toEqual([{ kind: 'monthlyReport', month: '2026-12', due: '2027-01-05' }]);
    expect(remindersDue(at('2027-01-06T10:00:00+08:00'), 5, 5)).toEqual([{ kind: 'escalation', month: '2026-12', due: '2027-01-05' }]);
    // Due on the 31st: January's report is due on 28 February 2027 (calendar.ts dueDate).
    expect(remindersDue(at('2027-02-25T10:00:00+08:00'), 31, 3)).toEqual([{ kind: 'monthlyReport', month: '2027-01', due: '2027-02-28' }]);
    expect(remindersDue(at('2027-03-01T10:00:00+08:00'), 31, 3)).toEqual([{ kind: 'escalation', month: '2027-01', due: '2027-02-28' }]);
  });

  it('with no days before, the reminder goes on the due day itself', () => {
    expect(remindersDue(at('2026-07-05T10:00:00+08:00'), 5, 0)).toEqual([{ kind: 'monthlyReport', month: '2026-06', due: '2026-07-05' }]);
    expect(remindersDue(at('2026-07-02T10:00:00+08:00'), 5, 0)).toEqual([]);
  });

  it('a drive’s deadlines: each reminded the days before, from 09:00; two due the same day both', () => {
    const drive = {
      deadlines: [
        { kind: 'baseline' as const, phase: 'survey' as const, due: '2026-07-10' },
        { kind: 'case' as const, phase: 'mobilise' as const, due: '2026-08-20' },
        { kind: 'summary' as const, phase: 'summarise' as const, due: '2026-08-20' },
      ],
    };
    expect(deadlinesDue(at('2026-07-07T08:00:00+08:00'), drive, 3)).toEqual([]);
    expect(deadlinesDue(at('2026-07-07T09:00:00+08:00'), drive, 3)).toEqual([{ kind: 'baseline', due: '2026-07-10' }]);
    expect(deadlinesDue(at('2026-08-17T10:00:00+08:00'), drive, 3)).toEqual([
      { kind: 'case', due: '2026-08-20' },
      { kind: 'summary', due: '2026-08-20' },
    ]);
    expect(deadlinesDue(at('2026-08-18T10:00:00+08:00'), drive, 3)).toEqual([]);
  });
});
