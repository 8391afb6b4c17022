import { describe, expect, it } from 'vitest';
import { fullReport, emptyReport } from '../test/api/reportFixtures.ts';
import { fiveOnesDone } from './branchHealth.ts';
import type { ReportRecord } from './monthlyReports.ts';
import { isOnTime } from './reportingRates.ts';
import { dueDate, monthEnd, monthsUpTo } from './reportingSettings.ts';

const record = (submittedAt: string, receivedAt: string): ReportRecord => ({
  unitId: 'u', month: '2026-05', report: fullReport('2026-05'), status: 'submitted', returnReason: null, decidedBy: null, decidedAt: null,
  history: [{ reportId: 'r', submittedAt, receivedAt, supersedes: null, actor: 'a', position: '1' }],
});

describe('reporting calendar', () => {
  it('due dates, month ends and windows cross years and leap days', () => {
    expect(dueDate('2026-12', 5)).toBe('2027-01-05');
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(monthsUpTo('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('on time by the due day in China; a device time counts only within a month before arrival', () => {
    expect(isOnTime(record('2026-06-05T15:00:00Z', '2026-06-05T15:00:00Z'), '2026-06-05')).toBe(true); // 23:00 in Beijing
    expect(isOnTime(record('2026-06-05T16:30:00Z', '2026-06-05T16:30:00Z'), '2026-06-05')).toBe(false); // 00:30 on the 6th
    expect(isOnTime(record('2026-06-04T10:00:00Z', '2026-06-20T10:00:00Z'), '2026-06-05')).toBe(true); // offline, sent later
    expect(isOnTime(record('2026-04-01T10:00:00Z', '2026-06-20T10:00:00Z'), '2026-06-05')).toBe(false); // implausibly old clock
    expect(isOnTime(record('2026-06-30T10:00:00Z', '2026-06-20T10:00:00Z'), '2026-06-05')).toBe(false); // clock ahead: server time
  });

  it('counts the 五个一 done in a report', () => {
    expect(fiveOnesDone(fullReport('2026-05'))).toBe(5);
    expect(fiveOnesDone(emptyReport())).toBe(0);
    expect(fiveOnesDone({ ...emptyReport(), talks: { count: 1 }, service: { done: true, what: '修路', beneficiaries: 3 } })).toBe(2);
  });
});
