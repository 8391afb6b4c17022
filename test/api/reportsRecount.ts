/**
 * The monthly reports' figures recounted straight from the log, the slow and obvious way: every
 * report event folded into a map, then for a unit and month the organisations the in-memory tree
 * says were open under it at the month's end, each looked up. The SQL tables' counts (kept as
 * events arrive, moved with moves and closures) must give the same.
 */
import { decode } from '../../events/catalog/index.ts';
import type { EventStore } from '../../events/store/port.ts';
import { dueDate, effectiveDay, monthEnd } from '../../projections/calendar.ts';
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import { organisationsUnder } from '../../projections/organisationTreeQueries.ts';

interface Counted {
  submittedAt: string;
  receivedAt: string;
  paperOn: string | null;
  approved: boolean;
  respondents: number;
  needs: Array<{ category: string; count: number }>;
}

export interface Recount {
  reports: Map<string, Counted>;
  dueDay: number;
}

export async function recountFromLog(store: EventStore): Promise<Recount> {
  const reports = new Map<string, Counted>();
  let dueDay = 5;
  for (const recorded of await store.readAll()) {
    const event = decode(recorded);
    if (event.type === 'ReportingSettingsConfigured') dueDay = event.data.settings.dueDay;
    if (!('month' in event.data) || !('unitId' in event.data)) continue;
    const key = `${event.data.unitId}|${event.data.month}`;
    const found = reports.get(key);
    if (event.type === 'MonthlyReportSubmitted') {
      const { survey } = event.data.report;
      if (found) Object.assign(found, { approved: false, respondents: survey.respondents, needs: survey.needs });
      else
        reports.set(key, {
          submittedAt: event.data.submittedAt,
          receivedAt: event.metadata.serverTime,
          paperOn: null,
          approved: false,
          respondents: survey.respondents,
          needs: survey.needs,
        });
    } else if (found && event.type === 'MonthlyReportApproved') found.approved = true;
    else if (found && event.type === 'MonthlyReportReturned') found.approved = false;
    else if (found && event.type === 'MonthlyReportReceivedOnPaper') found.paperOn = event.data.receivedOn;
  }
  return { reports, dueDay };
}

/** A unit's rates and needs for a month, recounted. */
export function recountOf(tree: OrganisationTreeState, recount: Recount, unitId: string, month: string) {
  const due = dueDate(month, recount.dueDay);
  const counts = { expected: 0, received: 0, onTime: 0, late: 0, approved: 0, respondents: 0 };
  const needs: Record<string, number> = {};
  for (const unit of organisationsUnder(tree, unitId, monthEnd(month))) {
    counts.expected++;
    const report = recount.reports.get(`${unit.id}|${month}`);
    if (!report) continue;
    counts.received++;
    if ((report.paperOn ?? effectiveDay(report)) <= due) counts.onTime++;
    else counts.late++;
    if (report.approved) counts.approved++;
    counts.respondents += report.respondents;
    for (const need of report.needs) needs[need.category] = (needs[need.category] ?? 0) + need.count;
  }
  return { counts, needs };
}
