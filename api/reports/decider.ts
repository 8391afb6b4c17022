/**
 * One organisation's report for one month (stream `report-<unitId>-<month>`): submitted,
 * corrected (a new submission superseding the current one), approved (locked) or returned, and
 * the day a paper report was handed in, when a manager records it.
 *
 * Approving and returning name the version the manager read: a correction that arrived after
 * they opened the report is not approved or returned unseen.
 */
import type { DomainEvent, StoredEvent } from '../../events/catalog/index.ts';
import type { Attachment } from '../../events/catalog/attachment.ts';
import type { MonthlyReportContent } from '../../events/catalog/report.ts';
import { chinaDate } from '../../projections/calendar.ts';
import { DomainRuleError, requireTrustedDeviceTime, type Decider } from '../decider.ts';

export type ReportCommand =
  | {
      type: 'submit';
      reportId: string;
      unitId: string;
      month: string;
      report: MonthlyReportContent;
      submittedAt: string;
      receivedAt: string;
      attachments?: Attachment[];
    }
  | { type: 'approve'; unitId: string; month: string; version: string }
  | { type: 'return'; unitId: string; month: string; reason: string; version: string }
  | { type: 'recordPaperReceipt'; unitId: string; month: string; receivedOn: string; reason: string; today: string };

export interface ReportState {
  currentId: string | null;
  firstId: string | null;
  /** When the month's first report arrived (server time). */
  firstReceivedAt: string | null;
  status: 'none' | 'submitted' | 'approved' | 'returned';
}

export const reportDecider: Decider<ReportState, ReportCommand> = {
  initialState: () => ({ currentId: null, firstId: null, firstReceivedAt: null, status: 'none' }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'MonthlyReportSubmitted':
        return {
          currentId: event.data.reportId,
          firstId: state.firstId ?? event.data.reportId,
          firstReceivedAt: state.firstReceivedAt ?? event.metadata.serverTime,
          status: 'submitted',
        };
      case 'MonthlyReportApproved':
        return { ...state, status: 'approved' };
      case 'MonthlyReportReturned':
        return { ...state, status: 'returned' };
      default:
        return state;
    }
  },
  decide(command, state): DomainEvent[] {
    switch (command.type) {
      case 'submit': {
        if (state.status === 'approved') throw new DomainRuleError('reportLocked', 'the report for this month is approved and locked');
        requireTrustedDeviceTime(command.submittedAt, command.receivedAt);
        const { reportId, unitId, month, report, submittedAt, attachments = [] } = command;
        // Only a report with files names them: one without reads as reports always did.
        return [
          {
            type: 'MonthlyReportSubmitted',
            data: { reportId, unitId, month, report, supersedes: state.currentId, submittedAt, ...(attachments.length > 0 ? { attachments } : {}) },
          },
        ];
      }
      case 'approve':
        if (state.status === 'none') throw new DomainRuleError('noReport', 'there is no report to approve');
        if (command.version !== state.currentId) throw new DomainRuleError('newerVersion', 'a newer version arrived after this one was opened', 'version');
        if (state.status === 'approved') return [];
        if (state.status === 'returned') throw new DomainRuleError('awaitingCorrection', 'the report was returned; it can be approved once corrected');
        return [{ type: 'MonthlyReportApproved', data: { unitId: command.unitId, month: command.month, reportId: state.currentId! } }];
      case 'return':
        if (state.status === 'none') throw new DomainRuleError('noReport', 'there is no report to return');
        if (command.version !== state.currentId) throw new DomainRuleError('newerVersion', 'a newer version arrived after this one was opened', 'version');
        if (state.status === 'approved') throw new DomainRuleError('reportLocked', 'the report for this month is approved and locked');
        if (state.status === 'returned') return [];
        return [{ type: 'MonthlyReportReturned', data: { unitId: command.unitId, month: command.month, reportId: state.currentId!, reason: command.reason } }];
      case 'recordPaperReceipt': {
        if (state.status === 'none') throw new DomainRuleError('noReport', 'enter the paper report first, then record the day it was received');
        const firstDay = chinaDate(state.firstReceivedAt!);
        if (command.receivedOn > command.today) throw new DomainRuleError('futureDate', 'the day is still to come', 'receivedOn');
        if (command.receivedOn > firstDay)
          throw new DomainRuleError('paperReceiptAfterArrival', `the paper report cannot have been received after ${firstDay}`, 'receivedOn', { firstDay });
        if (command.receivedOn < `${command.month}-01`) throw new DomainRuleError('paperReceiptBeforeMonth', 'before the month reported on', 'receivedOn');
        return [
          {
            type: 'MonthlyReportReceivedOnPaper',
            data: { unitId: command.unitId, month: command.month, reportId: state.firstId!, receivedOn: command.receivedOn, reason: command.reason },
          },
        ];
      }
    }
  },
};

export const reportStream = (unitId: string, month: string) => `report-${unitId}-${month}`;

/**
 * A manager's class for one organisation's month (stream `health-<unitId>-<month>`), standing
 * instead of the computed one; each override replaces the one before.
 */
export type HealthOverrideCommand = Extract<DomainEvent, { type: 'HealthClassOverridden' }>['data'];

export const healthOverrideDecider: Decider<null, HealthOverrideCommand> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: ({ unitId, month, healthClass, reason }): DomainEvent[] => [{ type: 'HealthClassOverridden', data: { unitId, month, healthClass, reason } }],
};

export const healthOverrideStream = (unitId: string, month: string) => `health-${unitId}-${month}`;

/** A province's reporting settings (stream `settings-<provinceId>`): each configuration replaces the one before. */
export type ReportingSettingsCommand = Extract<DomainEvent, { type: 'ReportingSettingsConfigured' }>['data'];

export const reportingSettingsDecider: Decider<null, ReportingSettingsCommand> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: ({ provinceId, settings }): DomainEvent[] => [{ type: 'ReportingSettingsConfigured', data: { provinceId, settings } }],
};

export const reportingSettingsStream = (provinceId: string) => `settings-${provinceId}`;
