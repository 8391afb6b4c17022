import { describe, expect, it } from 'vitest';
import { fullReport } from '../../test/api/reportFixtures.ts';
import { deciderSpec } from '../../test/spec.ts';
import { DomainRuleError } from '../decider.ts';
import { healthOverrideDecider, reportDecider, reportingSettingsDecider } from './decider.ts';
import { DEFAULT_SETTINGS } from '../../projections/reportingSettings.ts';

const spec = deciderSpec(reportDecider);
const unitId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718290';
const first = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718291';
const second = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718292';
const month = '2026-06';
const report = fullReport(month);
const deviceTime = '2026-07-03T02:00:00.000Z';
const arrival = '2026-07-03T02:00:05.000Z';
const submit = (reportId: string, submittedAt = deviceTime, receivedAt = arrival) => ({
  type: 'submit' as const,
  reportId,
  unitId,
  month,
  report,
  submittedAt,
  receivedAt,
});
const submitted = (reportId: string, supersedes: string | null = null, submittedAt = deviceTime) => ({
  type: 'MonthlyReportSubmitted' as const,
  data: { reportId, unitId, month, report, supersedes, submittedAt },
});
const approved = { type: 'MonthlyReportApproved' as const, data: { unitId, month, reportId: first } };
const returned = { type: 'MonthlyReportReturned' as const, data: { unitId, month, reportId: first, reason: '请补充' } };
const rule =
  (code: string, params: Record<string, string> = {}) =>
  (error: unknown) => {
    expect(error).toBeInstanceOf(DomainRuleError);
    expect((error as DomainRuleError).code).toBe(code);
    expect((error as DomainRuleError).params).toMatchObject(params);
  };

describe('a month’s report (decider)', () => {
  it('given nothing, when submitted, then the month’s first report', () => {
    spec
      .given([])
      .when(submit(first))
      .then([submitted(first)]);
  });

  it('given a report, when submitted again, then a correction superseding it', () => {
    spec
      .given([submitted(first)])
      .when(submit(second))
      .then([submitted(second, first)]);
  });

  it('given it was returned, when corrected, then a new report that can be approved', () => {
    spec
      .given([submitted(first), returned])
      .when(submit(second))
      .then([submitted(second, first)]);
    spec
      .given([submitted(first), returned, submitted(second, first)])
      .when({ type: 'approve', unitId, month, version: second })
      .then([{ type: 'MonthlyReportApproved', data: { unitId, month, reportId: second } }]);
  });

  it('given it is approved, when corrected or returned, then reportLocked; approved again, nothing', () => {
    spec
      .given([submitted(first), approved])
      .when(submit(second))
      .thenThrows(rule('reportLocked'));
    spec
      .given([submitted(first), approved])
      .when({ type: 'return', unitId, month, reason: 'x', version: first })
      .thenThrows(rule('reportLocked'));
    spec
      .given([submitted(first), approved])
      .when({ type: 'approve', unitId, month, version: first })
      .then([]);
  });

  it('given it was returned, when approved without a correction, then awaitingCorrection', () => {
    spec
      .given([submitted(first), returned])
      .when({ type: 'approve', unitId, month, version: first })
      .thenThrows(rule('awaitingCorrection'));
  });

  it('given nothing, when approved or returned, then noReport', () => {
    spec.given([]).when({ type: 'approve', unitId, month, version: first }).thenThrows(rule('noReport'));
    spec.given([]).when({ type: 'return', unitId, month, reason: 'x', version: first }).thenThrows(rule('noReport'));
  });
});

describe('approving and returning name the version read', () => {
  it('given a correction arrived after the manager opened the first version, approving or returning that version is refused', () => {
    spec
      .given([submitted(first), submitted(second, first)])
      .when({ type: 'approve', unitId, month, version: first })
      .thenThrows(rule('newerVersion'));
    spec
      .given([submitted(first), submitted(second, first)])
      .when({ type: 'return', unitId, month, reason: '请补充', version: first })
      .thenThrows(rule('newerVersion'));
  });

  it('given the version read is the current one, it is approved', () => {
    spec
      .given([submitted(first), submitted(second, first)])
      .when({ type: 'approve', unitId, month, version: second })
      .then([{ type: 'MonthlyReportApproved', data: { unitId, month, reportId: second } }]);
  });
});

describe('the device time of a submission', () => {
  const dayMs = 86_400_000;
  const before = (days: number, ms = 0) => new Date(Date.parse(arrival) - days * dayMs - ms).toISOString();
  it('is believed up to 31 days before arrival (offline), at the edge too', () => {
    spec
      .given([])
      .when(submit(first, before(31), arrival))
      .then([submitted(first, null, before(31))]);
  });
  it('is refused a moment beyond 31 days, naming both days; nothing is replaced by today', () => {
    spec
      .given([])
      .when(submit(first, before(31, 1), arrival))
      .thenThrows(rule('deviceTimeTooOld', { deviceDay: '2026-06-02', receivedDay: '2026-07-03' }));
  });
  it('a device clock ahead of the server is taken as given (lateness then counts from arrival)', () => {
    const ahead = new Date(Date.parse(arrival) + 3 * dayMs).toISOString();
    spec
      .given([])
      .when(submit(first, ahead, arrival))
      .then([submitted(first, null, ahead)]);
  });
});

describe('the day a paper report was received', () => {
  // The month's first report reached the server on 2026-07-08 (China): typed in from paper.
  const typedIn = '2026-07-08T03:00:00.000Z';
  const record = (receivedOn: string, today = '2026-07-20') => ({
    type: 'recordPaperReceipt' as const,
    unitId,
    month,
    receivedOn,
    reason: '7月4日交纸质报表至乡镇团委',
    today,
  });

  it('is recorded for the month’s first report, with the reason', () => {
    spec
      .given([submitted(first), submitted(second, first)], typedIn)
      .when(record('2026-07-04'))
      .then([
        { type: 'MonthlyReportReceivedOnPaper', data: { unitId, month, reportId: first, receivedOn: '2026-07-04', reason: '7月4日交纸质报表至乡镇团委' } },
      ]);
  });
  it('may be the day it was typed in, but not after it', () => {
    spec
      .given([submitted(first)], typedIn)
      .when(record('2026-07-08'))
      .then([expect.objectContaining({ type: 'MonthlyReportReceivedOnPaper' })]);
    spec
      .given([submitted(first)], typedIn)
      .when(record('2026-07-09'))
      .thenThrows(rule('paperReceiptAfterArrival', { firstDay: '2026-07-08' }));
  });
  it('cannot be before the month reported on, nor in the future, nor without a report', () => {
    spec
      .given([submitted(first)], typedIn)
      .when(record('2026-05-31'))
      .thenThrows(rule('paperReceiptBeforeMonth'));
    spec
      .given([submitted(first)], typedIn)
      .when(record('2026-06-01'))
      .then([expect.objectContaining({ type: 'MonthlyReportReceivedOnPaper' })]);
    spec
      .given([submitted(first)], typedIn)
      .when(record('2026-07-08', '2026-07-07'))
      .thenThrows(rule('futureDate'));
    spec.given([]).when(record('2026-07-04')).thenThrows(rule('noReport'));
  });
});

describe('a manager’s class for a month, and a province’s settings (deciders)', () => {
  it('an override is written as given, replacing the one before', () => {
    const overridden = { type: 'HealthClassOverridden' as const, data: { unitId, month, healthClass: 'rectify' as const, reason: '班子长期缺位' } };
    deciderSpec(healthOverrideDecider)
      .given([overridden])
      .when({ ...overridden.data, healthClass: 'improve' })
      .then([{ ...overridden, data: { ...overridden.data, healthClass: 'improve' } }]);
  });
  it('the settings are written as given', () => {
    const settings = { ...DEFAULT_SETTINGS, dueDay: 3 };
    deciderSpec(reportingSettingsDecider)
      .given([])
      .when({ provinceId: unitId, settings })
      .then([{ type: 'ReportingSettingsConfigured', data: { provinceId: unitId, settings } }]);
  });
});
