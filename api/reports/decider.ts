/**
 * One organisation's report for one month (stream `report-<unitId>-<month>`): submitted,
 * corrected (a new submission superseding the current one), approved (locked) or returned.
 */
import type { DomainEvent, StoredEvent } from '../../events/catalog/index.ts';
import type { MonthlyReportContent } from '../../events/catalog/report.ts';
import { DomainRuleError, type Decider } from '../decider.ts';

export type ReportCommand =
  | { type: 'submit'; reportId: string; unitId: string; month: string; report: MonthlyReportContent; submittedAt: string }
  | { type: 'approve'; unitId: string; month: string }
  | { type: 'return'; unitId: string; month: string; reason: string };

export interface ReportState { currentId: string | null; status: 'none' | 'submitted' | 'approved' | 'returned' }

export const reportDecider: Decider<ReportState, ReportCommand> = {
  initialState: () => ({ currentId: null, status: 'none' }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'MonthlyReportSubmitted': return { currentId: event.data.reportId, status: 'submitted' };
      case 'MonthlyReportApproved': return { ...state, status: 'approved' };
      case 'MonthlyReportReturned': return { ...state, status: 'returned' };
      default: return state;
    }
  },
  decide(command, state): DomainEvent[] {
    switch (command.type) {
      case 'submit': {
        if (state.status === 'approved') throw new DomainRuleError('reportLocked', 'the report for this month is approved and locked');
        const { reportId, unitId, month, report, submittedAt } = command;
        return [{ type: 'MonthlyReportSubmitted', data: { reportId, unitId, month, report, supersedes: state.currentId, submittedAt } }];
      }
      case 'approve':
        if (state.status === 'none') throw new DomainRuleError('noReport', 'there is no report to approve');
        if (state.status === 'approved') return [];
        if (state.status === 'returned') throw new DomainRuleError('awaitingCorrection', 'the report was returned; it can be approved once corrected');
        return [{ type: 'MonthlyReportApproved', data: { unitId: command.unitId, month: command.month, reportId: state.currentId! } }];
      case 'return':
        if (state.status === 'none') throw new DomainRuleError('noReport', 'there is no report to return');
        if (state.status === 'approved') throw new DomainRuleError('reportLocked', 'the report for this month is approved and locked');
        if (state.status === 'returned') return [];
        return [{ type: 'MonthlyReportReturned', data: { unitId: command.unitId, month: command.month, reportId: state.currentId!, reason: command.reason } }];
    }
  },
};

export const reportStream = (unitId: string, month: string) => `report-${unitId}-${month}`;
