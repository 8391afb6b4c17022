/**
 * Who is owing, and who is told: the reminders a unit's missing monthly reports or a drive's
 * missing deliverables call for, read from the read models (the month view's list of
 * organisations, the drive's duties) and the accounts holding a role over each owing unit.
 * Nothing here decides whether to send: the reminder decider does (once a day).
 */
import type { DeliverableKind } from '../../events/catalog/campaign.ts';
import type { Role } from '../../events/catalog/account.ts';
import type { ReminderKind } from '../../events/catalog/reminder.ts';
import type { AccountsState } from '../../projections/accounts.ts';
import { dueDate, monthEnd } from '../../projections/calendar.ts';
import { dueOf, kindsOwedBy, owingUnits } from '../../projections/campaignDuties.ts';
import { deliverableAsOf, deliverableKey, type CampaignRecord, type CampaignsState } from '../../projections/campaigns.ts';
import type { MonthlyReports } from '../../projections/monthlyReportsRead.ts';
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import { isOpen, isWithin } from '../../projections/organisationTreeQueries.ts';
import { allOrganisations } from '../../projections/reportingRates.ts';
import { eachTownshipUnder, settingsFor } from '../../projections/reportingSettings.ts';

/** One reminder to send: its unit, period and kind (its id with the day), the owing units and who is told. */
export interface ReminderPlan {
  kind: ReminderKind;
  unitId: string;
  period: string;
  due: string;
  units: string[];
  recipients: string[];
}

/** The accounts holding `role` over the units, each once; an account switched off is told nothing. */
export function holdersOf(accounts: AccountsState, unitIds: readonly string[], role: Role): string[] {
  const found = new Set<string>();
  for (const unitId of unitIds) {
    for (const account of accounts.ofUnit(unitId, role)) if (account.status !== 'deactivated') found.add(account.userId);
  }
  return [...found];
}

/** The organisations expected under a township (or the organisation itself) that have no report for the month. */
export function missingReports(tree: OrganisationTreeState, reports: MonthlyReports, areaId: string, month: string): string[] {
  return allOrganisations(tree, reports, areaId, month, { status: 'missing', sort: 'name' }).map((row) => row.unitId);
}

/** The month's reminder of an area's missing organisations (or one organisation), told to their secretaries. */
export function monthlyReportReminder(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  accounts: AccountsState,
  areaId: string,
  month: string,
): ReminderPlan {
  const units = missingReports(tree, reports, areaId, month);
  return {
    kind: 'monthlyReport',
    unitId: areaId,
    period: month,
    due: dueDate(month, settingsFor(tree, reports, areaId).dueDay),
    units,
    recipients: holdersOf(accounts, units, 'secretary'),
  };
}

/** After the due day: a township's managers are told which of its organisations are overdue. */
export function escalationOf(tree: OrganisationTreeState, reports: MonthlyReports, accounts: AccountsState, townshipId: string, month: string): ReminderPlan {
  const units = missingReports(tree, reports, townshipId, month);
  return {
    kind: 'escalation',
    unitId: townshipId,
    period: month,
    due: dueDate(month, settingsFor(tree, reports, townshipId).dueDay),
    units,
    recipients: holdersOf(accounts, [townshipId], 'manager'),
  };
}

/**
 * The areas one reminder each goes to when a unit's missing reports are reminded: a township or
 * an organisation is one; above them, each township of the subtree as it stood at the month's
 * end (one reminder per township, as the schedule sends) and each organisation outside one.
 */
export function reminderAreas(tree: OrganisationTreeState, unitId: string, month: string): string[] {
  const kind = tree.nodes.get(unitId)?.kind;
  if (kind === 'township' || kind === 'organisation') return [unitId];
  const areas: string[] = [];
  eachTownshipUnder(
    tree,
    unitId,
    monthEnd(month),
    (townshipId) => areas.push(townshipId),
    (organisation) => areas.push(organisation.id),
  );
  return areas;
}

/**
 * A drive's reminder for one kind of deliverable: the unit itself when it owes the kind, or (all)
 * every unit of its area that owes it, that has not submitted it by `today`; told to their managers.
 */
export function deliverableReminder(
  tree: OrganisationTreeState,
  state: CampaignsState,
  accounts: AccountsState,
  campaign: CampaignRecord,
  kind: DeliverableKind,
  unitId: string,
  all: boolean,
  today: string,
): ReminderPlan {
  const own = tree.units.get(unitId);
  const candidates = all
    ? owingUnits(tree, campaign, unitId, today)
    : own && own.id !== campaign.unitId && isOpen(own, today) && isWithin(tree, unitId, campaign.unitId, today)
      ? [own]
      : [];
  const units = candidates
    .filter((unit) => kindsOwedBy(unit.kind).includes(kind) && !deliverableAsOf(state.deliverables.get(deliverableKey(campaign.id, kind, unit.id)), today))
    .map((unit) => unit.id);
  return {
    kind: 'deliverable',
    unitId,
    period: `${campaign.id}:${kind}`,
    due: dueOf(campaign, kind),
    units,
    recipients: holdersOf(accounts, units, 'manager'),
  };
}

/**
 * The plan without the units already reminded of its period today — by a reminder of their own or
 * of an area holding them (notifications.ts remindedOn) — and its recipients those of the rest:
 * however the reminders are asked for (one unit, a township, a county, the schedule), a unit is
 * reminded of a period once a day. `skipped` counts the units left out.
 */
export function withoutRemindedToday(plan: ReminderPlan, reminded: ReadonlySet<string>, accounts: AccountsState): ReminderPlan & { skipped: number } {
  if (plan.kind === 'escalation' || !plan.units.some((unitId) => reminded.has(unitId))) return { ...plan, skipped: 0 };
  const units = plan.units.filter((unitId) => !reminded.has(unitId));
  return {
    ...plan,
    units,
    recipients: holdersOf(accounts, units, plan.kind === 'monthlyReport' ? 'secretary' : 'manager'),
    skipped: plan.units.length - units.length,
  };
}
