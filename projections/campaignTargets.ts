/**
 * The targets of the drive, computed from recorded facts and never typed again [000][003][004]:
 *  - every township has ≥ 20 directly affiliated organisations (直属团组织);
 *  - Jiangsu's "2345": ≥ 2 new ones per committee member and ≥ 20 new ones per township, and a
 *    total by population: < 50,000 → ≥ 30, 50,000–100,000 → ≥ 40, > 100,000 → ≥ 50;
 *  - the share of 六有 branches (kept up; no fixed figure);
 *  - the work manual used by ≥ 50 % of branches during the drive and ≥ 70 % by the year's end.
 * A directly affiliated organisation counts only when it is registered (announced by document,
 * filed, plaque hung) and has all of the 五个有; it is new when opened on or after the drive's
 * `newSince` day. Both the recorded and the counted figures are given, so a township sees what
 * is missing.
 */
import { pageOf, sortRows, type PageRequest } from './paging.ts';
import type { CampaignRecord } from './campaigns.ts';
import { reportKnownBy, type MonthlyReports } from './monthlyReportsRead.ts';
import type { OrganisationTreeState, UnitRecord } from './organisationTree.ts';
import { isOpen, organisationsUnder, recordsOf, sixHasFor, view } from './organisationTreeQueries.ts';
import { monthBefore, monthEnd } from './calendar.ts';
import { valueAsOf } from './organisationTree.ts';

export const DIRECT_TARGET = 20;
export const NEW_TARGET = 20;
export const NEW_PER_MEMBER = 2;
export const WORK_MANUAL_DURING = 0.5;
export const WORK_MANUAL_YEAR_END = 0.7;

/** The 2345 total by township population; null when the population is not recorded. */
export function totalTarget(population: number | null): number | null {
  if (population === null) return null;
  if (population < 50_000) return 30;
  if (population <= 100_000) return 40;
  return 50;
}

/** New organisations a township must build: ≥ 20, and ≥ 2 per committee member when that is more. */
export function newTarget(committeeMembers: number | null): number {
  return Math.max(NEW_TARGET, NEW_PER_MEMBER * (committeeMembers ?? 0));
}

/** Registered (发文、备案、挂牌) with all of the 五个有 (as recorded by `asOf`): the only kind the targets count. */
export function meetsStandard(unit: UnitRecord, asOf: string | null = null): boolean {
  const standards = view(unit, asOf).standards;
  if (!standards) return false;
  return Object.values(standards.registration).every(Boolean) && Object.values(standards.fiveHas).every(Boolean);
}

/**
 * The months the work-manual targets are measured in on `today`: the drive's last month (or the
 * latest month reported so far), and December of its year (or the latest so far).
 */
export function workManualMonths(campaign: CampaignRecord, today: string): { during: string; yearEnd: string; duringFinal: boolean; yearEndFinal: boolean } {
  const latest = monthBefore(today);
  const driveMonth = campaign.phases[campaign.phases.length - 1]!.end.slice(0, 7);
  const december = `${driveMonth.slice(0, 4)}-12`;
  return {
    during: latest < driveMonth ? latest : driveMonth,
    duringFinal: latest >= driveMonth,
    yearEnd: latest < december ? latest : december,
    yearEndFinal: latest >= december,
  };
}

export interface Share {
  of: number;
  count: number;
  share: number | null;
}
const share = (count: number, of: number): Share => ({ count, of, share: of ? count / of : null });

export interface TownshipTargets {
  unitId: string;
  name: string;
  population: number | null;
  committeeMembers: number | null;
  organisations: number;
  village: number;
  direct: { recorded: number; counted: number; newRecorded: number; newCounted: number };
  targets: { direct: number; new: number; total: number | null };
  met: { direct: boolean; new: boolean; total: boolean | null };
  sixHas: Share;
  workManual: { during: Share & { month: string }; yearEnd: Share & { month: string } };
}

export function townshipTargets(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  campaign: CampaignRecord,
  township: UnitRecord,
  today: string,
): TownshipTargets {
  const months = workManualMonths(campaign, today);
  const { organisations, village, direct, sixHas, manual } = countedOn(tree, reports, campaign, township, today);
  const profile = view(township, today).township;
  const population = profile?.population ?? null;
  const committeeMembers = profile?.committeeMembers ?? null;
  const targets = targetsFor(profile);
  return {
    unitId: township.id,
    name: view(township, today).name,
    population,
    committeeMembers,
    organisations,
    village,
    direct,
    targets,
    met: {
      direct: direct.counted >= targets.direct,
      new: direct.newCounted >= targets.new,
      total: targets.total === null ? null : direct.counted >= targets.total,
    },
    sixHas: share(sixHas, organisations),
    workManual: { during: manual(months.during), yearEnd: manual(months.yearEnd) },
  };
}

/** The count targets of a township with this profile (no total target while the population is not recorded). */
function targetsFor(profile: { population: number | null; committeeMembers: number | null } | null): TownshipTargets['targets'] {
  return { direct: DIRECT_TARGET, new: newTarget(profile?.committeeMembers ?? null), total: totalTarget(profile?.population ?? null) };
}

/** The facts and counts kept as events arrive are those of `today` when nothing in the tree is dated after it and every report kept was in by then. */
function countedOn(tree: OrganisationTreeState, reports: MonthlyReports, campaign: CampaignRecord, township: UnitRecord, today: string): Counted {
  return tree.factsHoldOn(today) && reports.allKnownBy(today) ? kept(tree, reports, campaign, township) : asOf(tree, reports, campaign, township, today);
}

/**
 * A township's attainment of its count targets on `today` (the bulletin's part): from its kept facts
 * when they hold that day, else organisation by organisation — reading whole only the directly
 * affiliated ones (a village branch never counts: its class is on its node), not its work-manual shares.
 */
export function townshipAttainment(tree: OrganisationTreeState, campaign: CampaignRecord, township: UnitRecord, today: string): number {
  let direct: TownshipTargets['direct'];
  if (tree.factsHoldOn(today)) {
    const facts = tree.targetFacts(township.id, campaign.newSince);
    direct = { recorded: facts.recorded, counted: facts.counted, newRecorded: facts.newRecorded, newCounted: facts.newCounted };
  } else {
    direct = { recorded: 0, counted: 0, newRecorded: 0, newCounted: 0 };
    for (const node of organisationsUnder(tree, township.id, today)) {
      if (valueAsOf(node.classes, today)?.field !== 'village') countDirect(direct, tree.units.get(node.id)!, campaign, today);
    }
  }
  return attainment({ direct, targets: targetsFor(view(township, today).township) });
}

/** Adds a directly affiliated organisation to the counts: recorded, counted (registered with the 五个有 by `today`), and new ones of each. */
function countDirect(direct: TownshipTargets['direct'], unit: UnitRecord, campaign: CampaignRecord, today: string): void {
  const isNew = unit.openedOn >= campaign.newSince;
  const counts = meetsStandard(unit, today);
  direct.recorded++;
  if (isNew) direct.newRecorded++;
  if (counts) direct.counted++;
  if (counts && isNew) direct.newCounted++;
}

interface Counted {
  organisations: number;
  village: number;
  direct: TownshipTargets['direct'];
  sixHas: number;
  manual: (month: string) => Share & { month: string };
}

/** From the tables: the township's target facts (one query) and its kept counts of the month's reports. */
function kept(tree: OrganisationTreeState, reports: MonthlyReports, campaign: CampaignRecord, township: UnitRecord): Counted {
  const facts = tree.targetFacts(township.id, campaign.newSince);
  return {
    organisations: facts.organisations,
    village: facts.village,
    direct: { recorded: facts.recorded, counted: facts.counted, newRecorded: facts.newRecorded, newCounted: facts.newCounted },
    sixHas: facts.sixHas,
    manual: (month) => {
      const open = isOpen(tree.nodes.get(township.id)!, monthEnd(month));
      const counts = reports.counts(township.id, month);
      return { month, ...share(open ? counts.workManual : 0, open ? counts.expected : 0) };
    },
  };
}

/** Organisation by organisation, as the tree stood on `today` and with the reports in by its end. */
function asOf(tree: OrganisationTreeState, reports: MonthlyReports, campaign: CampaignRecord, township: UnitRecord, today: string): Counted {
  const organisations = recordsOf(tree, organisationsUnder(tree, township.id, today));
  const sixItems = sixHasFor(tree, township.id).map((item) => item.key);
  const direct = { recorded: 0, counted: 0, newRecorded: 0, newCounted: 0 };
  let village = 0;
  let sixHas = 0;
  for (const unit of organisations) {
    const field = valueAsOf(unit.classes, today)?.field;
    const standards = view(unit, today).standards;
    if (field === 'village') village++;
    else countDirect(direct, unit, campaign, today);
    if (standards && sixItems.every((item) => standards.sixHas.includes(item))) sixHas++;
  }
  // Reports count once they had reached the server by the end of `today`.
  const manual = (month: string) => {
    const expected = organisationsUnder(tree, township.id, monthEnd(month));
    const window = reports.window(
      expected.map((unit) => unit.id),
      month,
      month,
    );
    const using = expected.filter((unit) => {
      const report = window.summary(unit.id, month);
      return report !== undefined && reportKnownBy(report, today) && report.workManualInUse;
    }).length;
    return { month, ...share(using, expected.length) };
  };
  return { organisations: organisations.length, village, direct, sixHas, manual };
}

/** How far a township is toward its count targets, 0..1 (each capped at 1, averaged over the known ones). */
export function attainment(targets: Pick<TownshipTargets, 'direct' | 'targets'>): number {
  const parts = [targets.direct.counted / targets.targets.direct, targets.direct.newCounted / targets.targets.new];
  if (targets.targets.total !== null) parts.push(targets.direct.counted / targets.targets.total);
  return parts.reduce((sum, part) => sum + Math.min(1, part), 0) / parts.length;
}

export interface TargetsSummary {
  townships: number;
  met: { direct: number; new: number; total: number; totalUnknown: number };
  direct: { recorded: number; counted: number; newCounted: number };
  sixHas: Share;
  workManual: { during: Share & { month: string; target: number; final: boolean }; yearEnd: Share & { month: string; target: number; final: boolean } };
  attainment: number | null;
}

/** Sums over townships: how many meet each target, and shares pooled over their branches. */
export function summariseTargets(campaign: CampaignRecord, list: TownshipTargets[], today: string): TargetsSummary {
  const months = workManualMonths(campaign, today);
  const sum = (pick: (t: TownshipTargets) => number) => list.reduce((total, t) => total + pick(t), 0);
  return {
    townships: list.length,
    met: {
      direct: list.filter((t) => t.met.direct).length,
      new: list.filter((t) => t.met.new).length,
      total: list.filter((t) => t.met.total === true).length,
      totalUnknown: list.filter((t) => t.met.total === null).length,
    },
    direct: { recorded: sum((t) => t.direct.recorded), counted: sum((t) => t.direct.counted), newCounted: sum((t) => t.direct.newCounted) },
    sixHas: share(
      sum((t) => t.sixHas.count),
      sum((t) => t.sixHas.of),
    ),
    workManual: {
      during: {
        month: months.during,
        target: WORK_MANUAL_DURING,
        final: months.duringFinal,
        ...share(
          sum((t) => t.workManual.during.count),
          sum((t) => t.workManual.during.of),
        ),
      },
      yearEnd: {
        month: months.yearEnd,
        target: WORK_MANUAL_YEAR_END,
        final: months.yearEndFinal,
        ...share(
          sum((t) => t.workManual.yearEnd.count),
          sum((t) => t.workManual.yearEnd.of),
        ),
      },
    },
    attainment: list.length ? list.reduce((total, t) => total + attainment(t), 0) / list.length : null,
  };
}

/** The townships of a subtree (open on `today`), in the drive. */
export function townshipsUnder(tree: OrganisationTreeState, unitId: string, today: string): UnitRecord[] {
  const found: UnitRecord[] = [];
  const visit = (id: string) => {
    // Organisations are left on their node: only townships and the units above are read whole.
    const node = tree.nodes.get(id);
    if (!node || node.kind === 'organisation' || !isOpen(node, today)) return;
    const unit = tree.units.get(id)!;
    if (unit.kind === 'township') {
      found.push(unit);
      return;
    }
    for (const child of tree.children.get(id) ?? []) {
      if (valueAsOf(tree.nodes.get(child)!.parents, today) === id) visit(child);
    }
  };
  visit(unitId);
  return found;
}

/**
 * A county's townships against the targets, filtered to those missing one (`unmet`), in the order
 * asked (name, population, direct or new organisations counted, 六有 or work-manual share), paged.
 */
export function townshipsPage(list: TownshipTargets[], filter: { sort: string; unmet?: 'direct' | 'new' | 'total' }, page: PageRequest) {
  const kept = filter.unmet ? list.filter((township) => township.met[filter.unmet!] === false) : list;
  const sorted = sortRows(sortRows(kept, 'name', { name: (t) => t.name }), filter.sort, {
    name: (t) => t.name,
    population: (t) => t.population ?? -1,
    direct: (t) => t.direct.counted,
    new: (t) => t.direct.newCounted,
    sixHas: (t) => t.sixHas.share ?? -1,
    manual: (t) => t.workManual.during.share ?? -1,
  });
  const { rows, total, nextCursor } = pageOf(sorted, page);
  return { townships: rows, total, nextCursor };
}
