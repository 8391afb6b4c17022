import { describe, expect, it } from 'vitest';
import { fullReport, emptyReport } from '../test/api/reportFixtures.ts';
import type { DomainEvent } from '../events/catalog/index.ts';
import { uuidFromName } from '../events/ids.ts';
import { sqlSpec, stored } from '../test/spec.ts';
import { fiveOnesDone } from './branchHealth.ts';
import { monthlyReports } from './monthlyReports.ts';
import { monthlyReportsOf } from './monthlyReportsRead.ts';
import { isOnTime } from './reportingRates.ts';

const unitId = uuidFromName('reporting-test/branch');
/** The month's report as the table keeps it, once submitted at `submittedAt` (device) and received at `receivedAt` (server), maybe handed in on paper. */
const record = (submittedAt: string, receivedAt: string, paper: string | null = null) => {
  const reportId = uuidFromName(`reporting-test/${submittedAt}/${receivedAt}`);
  const events: DomainEvent[] = [
    { type: 'MonthlyReportSubmitted', data: { reportId, unitId, month: '2026-05', report: fullReport('2026-05'), supersedes: null, submittedAt } },
    ...(paper
      ? [{ type: 'MonthlyReportReceivedOnPaper', data: { unitId, month: '2026-05', reportId, receivedOn: paper, reason: '纸质报表' } } as DomainEvent]
      : []),
  ];
  const db = sqlSpec(monthlyReports).given(events.map((event, i) => stored(event, BigInt(i + 1), 'spec-1', receivedAt)));
  return monthlyReportsOf(db).summary(unitId, '2026-05')!;
};

// The rule itself has its table in calendar.test.ts; these check that reports use it.
describe('a report’s lateness', () => {
  it('on time by the due day in China; a device time counts only within a month before arrival', () => {
    expect(isOnTime(record('2026-06-05T15:00:00Z', '2026-06-05T15:00:00Z'), '2026-06-05')).toBe(true); // 23:00 in Beijing
    expect(isOnTime(record('2026-06-05T16:30:00Z', '2026-06-05T16:30:00Z'), '2026-06-05')).toBe(false); // 00:30 on the 6th
    expect(isOnTime(record('2026-06-04T10:00:00Z', '2026-06-20T10:00:00Z'), '2026-06-05')).toBe(true); // offline, sent later
    expect(isOnTime(record('2026-04-01T10:00:00Z', '2026-06-20T10:00:00Z'), '2026-06-05')).toBe(false); // implausibly old clock
    expect(isOnTime(record('2026-06-30T10:00:00Z', '2026-06-20T10:00:00Z'), '2026-06-05')).toBe(false); // clock ahead: server time
  });

  it('counts from the day a manager recorded a paper report as handed in', () => {
    expect(isOnTime(record('2026-06-20T10:00:00Z', '2026-06-20T10:00:00Z', '2026-06-04'), '2026-06-05')).toBe(true);
    expect(isOnTime(record('2026-06-20T10:00:00Z', '2026-06-20T10:00:00Z', '2026-06-06'), '2026-06-05')).toBe(false);
  });

  it('counts the 五个一 done in a report', () => {
    expect(fiveOnesDone(fullReport('2026-05'))).toBe(5);
    expect(fiveOnesDone(emptyReport())).toBe(0);
    expect(fiveOnesDone({ ...emptyReport(), talks: { count: 1 }, service: { done: true, what: '修路', beneficiaries: 3 } })).toBe(2);
  });
});
