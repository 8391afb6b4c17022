/**
 * Monthly reports as they stand: per organisation and month the current report, its history
 * of corrections, its approval; the townships' health overrides; the provinces' settings.
 * Lateness, rates, needs and health are answered from this state by `reporting*.ts` queries.
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { HealthClass, MonthlyReportContent, ReportingSettings } from '../events/catalog/report.ts';
import { knownBy } from './calendar.ts';
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
  /** The day a manager recorded the paper report as handed in: lateness counts from it. */
  receivedOnPaper: PaperReceipt | null;
}

export interface PaperReceipt { on: string; reason: string; actor: string; at: string }

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

/** Whether the month's first report had reached the server by the end of `day` in China. */
export function reportKnownBy(record: ReportRecord, day: string): boolean {
  return knownBy(record.history[0]!.receivedAt, day);
}

/**
 * Hash-consing of report contents. A province keeps half a million reports in memory, and most
 * of their parts repeat: the same meeting counts, the same training figures, a branch's same
 * members month after month, the same short notes. Each distinct part (and short text) is kept
 * once and shared; parts are never changed in place (a correction replaces the report), so
 * sharing is safe. Snapshots keep the sharing (v8.serialize keeps object identity).
 */
const shared = new Map<string, unknown>();
/** The shared copy of `value`, whose parts are all in `key` (keys are built by hand: JSON.stringify per report costs more than the fold). */
function share<T>(key: string, value: T): T {
  const known = shared.get(key);
  if (known !== undefined) return known as T;
  shared.set(key, value);
  return value;
}
const SHORT = 40;
const text = (value: string) => (value.length <= SHORT ? share(`s${value}`, value) : value);

export function compactReport(r: MonthlyReportContent): MonthlyReportContent {
  const { activity: a, pairing: p, survey, service: v, meetings: m, members, training: t } = r;
  const needs = survey.needs.map((need) => share(`n${need.category},${need.count}`, need));
  return {
    activity: a.held || a.title !== '' || a.date !== null ? { ...a, title: text(a.title) } : share(`a${a.participants}`, a),
    pairing: p.note.length <= SHORT ? share(`p${p.youthPaired},${p.note}`, p) : p,
    survey: {
      respondents: survey.respondents,
      needs: share(`N${needs.map((need) => `${need.category},${need.count}`).join(';')}`, needs),
      freeText: text(survey.freeText),
    },
    service: v.what.length <= SHORT ? share(`v${+v.done},${v.beneficiaries},${v.what}`, v) : v,
    talks: share(`t${r.talks.count}`, r.talks),
    meetings: share(`m${m.committee},${m.assembly},${m.group},${m.lecture},${+m.evaluationRule},${+m.registrationRule}`, m),
    members: share(`M${members.leagueMembers},${members.youthUnder35}`, members),
    workManualInUse: r.workManualInUse,
    volunteers: r.volunteers,
    training: share(`T${t.sessions},${t.people},${t.hours}`, t),
  };
}

export const monthlyReports: Projection<MonthlyReportsState> = {
  name: 'monthlyReports',
  version: 5,
  initialState: () => ({ reports: new Map(), monthsOf: new Map(), overrides: new Map(), settings: new Map() }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'MonthlyReportSubmitted': {
        const { unitId, month, reportId, supersedes, submittedAt } = event.data;
        const report = compactReport(event.data.report);
        const key = reportKey(unitId, month);
        const version: ReportVersion = { reportId, submittedAt, receivedAt: event.metadata.serverTime, supersedes, actor: text(event.metadata.actor), position: event.position.toString() };
        const record = state.reports.get(key);
        if (record) {
          record.report = report;
          record.history.push(version);
          record.status = 'submitted';
        } else {
          state.reports.set(key, { unitId, month, report, history: [version], status: 'submitted', returnReason: null, decidedBy: null, decidedAt: null, receivedOnPaper: null });
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
      case 'MonthlyReportReceivedOnPaper': {
        const record = state.reports.get(reportKey(event.data.unitId, event.data.month));
        if (record) record.receivedOnPaper = { on: event.data.receivedOn, reason: event.data.reason, actor: event.metadata.actor, at: event.metadata.serverTime };
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
