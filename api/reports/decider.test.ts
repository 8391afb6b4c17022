import { describe, expect, it } from 'vitest';
import { fullReport } from '../../test/api/reportFixtures.ts';
import { deciderSpec } from '../../test/spec.ts';
import { DomainRuleError } from '../decider.ts';
import { reportDecider } from './decider.ts';

const spec = deciderSpec(reportDecider);
const unitId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718290';
const first = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718291';
const second = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718292';
const month = '2026-06';
const report = fullReport(month);
const submitted = (reportId: string, supersedes: string | null = null) => ({ type: 'MonthlyReportSubmitted' as const, data: { reportId, unitId, month, report, supersedes, submittedAt: '2026-07-03T02:00:00.000Z' } });
const approved = { type: 'MonthlyReportApproved' as const, data: { unitId, month, reportId: first } };
const returned = { type: 'MonthlyReportReturned' as const, data: { unitId, month, reportId: first, reason: '请补充' } };
const rule = (code: string) => (error: unknown) => {
  expect(error).toBeInstanceOf(DomainRuleError);
  expect((error as DomainRuleError).code).toBe(code);
};

describe('a month’s report (decider)', () => {
  it('given nothing, when submitted, then the month’s first report', () => {
    spec.given([]).when({ type: 'submit', reportId: first, unitId, month, report, submittedAt: '2026-07-03T02:00:00.000Z' }).then([submitted(first)]);
  });

  it('given a report, when submitted again, then a correction superseding it', () => {
    spec.given([submitted(first)]).when({ type: 'submit', reportId: second, unitId, month, report, submittedAt: '2026-07-03T02:00:00.000Z' }).then([submitted(second, first)]);
  });

  it('given it was returned, when corrected, then a new report that can be approved', () => {
    spec.given([submitted(first), returned]).when({ type: 'submit', reportId: second, unitId, month, report, submittedAt: '2026-07-03T02:00:00.000Z' }).then([submitted(second, first)]);
    spec.given([submitted(first), returned, submitted(second, first)]).when({ type: 'approve', unitId, month }).then([{ type: 'MonthlyReportApproved', data: { unitId, month, reportId: second } }]);
  });

  it('given it is approved, when corrected or returned, then reportLocked; approved again, nothing', () => {
    spec.given([submitted(first), approved]).when({ type: 'submit', reportId: second, unitId, month, report, submittedAt: '2026-07-03T02:00:00.000Z' }).thenThrows(rule('reportLocked'));
    spec.given([submitted(first), approved]).when({ type: 'return', unitId, month, reason: 'x' }).thenThrows(rule('reportLocked'));
    spec.given([submitted(first), approved]).when({ type: 'approve', unitId, month }).then([]);
  });

  it('given it was returned, when approved without a correction, then awaitingCorrection', () => {
    spec.given([submitted(first), returned]).when({ type: 'approve', unitId, month }).thenThrows(rule('awaitingCorrection'));
  });

  it('given nothing, when approved or returned, then noReport', () => {
    spec.given([]).when({ type: 'approve', unitId, month }).thenThrows(rule('noReport'));
    spec.given([]).when({ type: 'return', unitId, month, reason: 'x' }).thenThrows(rule('noReport'));
  });
});
