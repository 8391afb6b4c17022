/**
 * Monthly reports as they stand: per organisation and month the current report, its history
 * of corrections, its approval; the townships' health overrides; the provinces' settings.
 * Lateness, rates, needs and health are answered from this state by `reporting*.ts` queries.
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { HealthClass, MonthlyReportContent, ReportingSettings } from '../events/catalog/report.ts';
import type { Projection } from './projection.ts';

export interface ReportVersion {
  reportId: string;
  /** When the secretary submitted it, by their device (may be earlier than received, offline). */
  submittedAt: string;
  /** When the server accepted it. */
  receivedAt: string;
  supersedes: string | null;
  actor: string;
  position: string;
}

export interface ReportRecord {
  unitId: string;
  month: string;
  report: MonthlyReportContent;
  /** Every version, oldest first; the last is the current one. */
  history: ReportVersion[];
  status: 'submitted' | 'approved' | 'returned';
  returnReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface HealthOverride { healthClass: HealthClass; reason: string; actor: string; at: string }

export interface MonthlyReportsState {
  /** Keyed by `${unitId}|${month}`. */
  reports: Map<string, ReportRecord>;
  /** The months each organisation has reported, so its history is found without a scan. */
  monthsOf: Map<string, string[]>;
  overrides: Map<string, HealthOverride>;
  settings: Map<string, ReportingSettings>;
}

export const reportKey = (unitId: string, month: string) => `${unitId}|${month}`;

export const monthlyReports: Projection<MonthlyReportsState> = {
  name: 'monthlyReports',
  version: 3,
  initialState: () => ({ reports: new Map(), monthsOf: new Map(), overrides: new Map(), settings: new Map() }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'MonthlyReportSubmitted': {
        const { unitId, month, report, reportId, supersedes, submittedAt } = event.data;
        const key = reportKey(unitId, month);
        const version: ReportVersion = { reportId, submittedAt, receivedAt: event.metadata.serverTime, supersedes, actor: event.metadata.actor, position: event.position.toString() };
        const record = state.reports.get(key);
        if (record) {
          record.report = report;
          record.history.push(version);
          record.status = 'submitted';
        } else {
          state.reports.set(key, { unitId, month, report, history: [version], status: 'submitted', returnReason: null, decidedBy: null, decidedAt: null });
          const months = state.monthsOf.get(unitId);
          if (months) months.push(month);
          else state.monthsOf.set(unitId, [month]);
        }
        return state;
      }
      case 'MonthlyReportApproved':
      case 'MonthlyReportReturned': {
        const record = state.reports.get(reportKey(event.data.unitId, event.data.month));
        if (record) {
          record.status = event.type === 'MonthlyReportApproved' ? 'approved' : 'returned';
          record.returnReason = event.type === 'MonthlyReportReturned' ? event.data.reason : null;
          record.decidedBy = event.metadata.actor;
          record.decidedAt = event.metadata.serverTime;
        }
        return state;
      }
      case 'HealthClassOverridden':
        state.overrides.set(reportKey(event.data.unitId, event.data.month), { healthClass: event.data.healthClass, reason: event.data.reason, actor: event.metadata.actor, at: event.metadata.serverTime });
        return state;
      case 'ReportingSettingsConfigured':
        state.settings.set(event.data.provinceId, event.data.settings);
        return state;
      default:
        return state;
    }
  },
};
