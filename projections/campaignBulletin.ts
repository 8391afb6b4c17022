/**
 * The monthly progress bulletin (进度通报) of a drive: the units under a committee ranked by one
 * score a manager can read, the bottom three flagged to be called in for a talk (约谈).
 *
 *   score = 100 × (0.4 × deliverables + 0.3 × targets + 0.2 × reporting + 0.1 × work manual)
 *
 *   deliverables — of what the unit's area owed by the bulletin's day: 1 for each submitted by
 *                  its due date (and not returned), ½ for each submitted late, ¼ for each
 *                  returned, 0 for each missing; 1 when nothing was due yet;
 *   targets      — the townships' average attainment of their count targets (each capped at 1);
 *   reporting    — the month's reports received on time, of those expected;
 *   work manual  — the month's share of branches using it, against the target in force
 *                  (50 % during the drive, 70 % after it), capped at 1.
 * The bulletin stands at the day the month's reports are due (or today, before then); only what
 * the server had received by the end of that day counts.
 *
 * A bulletin ranks one level below its publisher (市/县/乡镇, by default its direct children): every
 * unit of that level open in the publisher's area on the bulletin's day, each scored over its own
 * area by the same rule.
 *
 * Units with the same score (as shown, to one decimal) share a rank. With four units or more the
 * last three are flagged, with two or three the last one — and every unit tied with the last
 * flagged one is flagged too: a name never decides who is called in. (Within a tie the list shows
 * units by name, for reading only.)
 */
import { deliverableKinds, rankedLevels, type BulletinRow, type DeliverableKind, type RankedLevel } from '../events/catalog/campaign.ts';
import type { UnitKind } from '../events/catalog/organisation.ts';
import type { CampaignRecord, CampaignsState, DeliverableCounts } from './campaigns.ts';
import { dueOf, owedUnder, owingUnits, statusesOf } from './campaignDuties.ts';
import { townshipAttainment, townshipsUnder, WORK_MANUAL_DURING, WORK_MANUAL_YEAR_END } from './campaignTargets.ts';
import { reportKnownBy, type MonthlyReports } from './monthlyReportsRead.ts';
import { valueAsOf, type OrganisationTreeState } from './organisationTree.ts';
import { isOpen, isWithin, organisationsUnder } from './organisationTreeQueries.ts';
import { isOnTime } from './reportingRates.ts';
import { settingsFor } from './reportingSettings.ts';
import { dueDate, monthEnd } from './calendar.ts';

/**
 * The weights of the score's four parts (the formula in this file's comment; bulletinScore.test.ts
 * works one score out by hand). They sum to 1, so a unit that has done everything scores 100. The
 * parts' own figures are defined where they are worked out: a deliverable's 1 / ½ / ¼ / 0 in
 * `deliverablesAsOf` and `deliverablesKept`, the work-manual targets (50 % / 70 %) in
 * campaignTargets.ts. A score is shown to one decimal, each part to three.
 */
export const WEIGHTS = { deliverables: 0.4, targets: 0.3, reporting: 0.2, workManual: 0.1 } as const;

/** One collator for a ranking's ties (a province's townships: thousands of comparisons). */
const byName = new Intl.Collator('zh-CN').compare;

const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * The day a month's bulletin stands at: the day that month's reports are due (the bulletin
 * cannot rank reporting before the reports are in), or today while that day is still to come.
 */
export function bulletinDay(month: string, today: string, dueDay: number): string {
  const due = dueDate(month, dueDay);
  return today < due ? today : due;
}

const depth: Record<UnitKind, number> = { province: 0, city: 1, county: 2, township: 3, organisation: 4 };

/** The levels a unit may rank, its direct children's first (a township's children are organisations: none). */
export function levelsBelow(kind: UnitKind): RankedLevel[] {
  return rankedLevels.filter((level) => depth[level] > depth[kind]);
}

/** The level a bulletin ranks: the one it names, else (published before levels) its publisher's direct children. */
export function levelOf(bulletin: { level?: RankedLevel | null }, publisherKind: UnitKind): RankedLevel | null {
  return bulletin.level ?? levelsBelow(publisherKind)[0] ?? null;
}

/** The units of one level open on `asOf` in the area of `rootId` (as the tree stood that day), from the tree's nodes. */
export function unitsAtLevel(tree: OrganisationTreeState, rootId: string, level: RankedLevel, asOf: string): Array<{ id: string; name: string }> {
  const found: Array<{ id: string; name: string }> = [];
  const visit = (id: string) => {
    const node = tree.nodes.get(id);
    if (!node || !isOpen(node, asOf) || depth[node.kind] > depth[level]) return;
    if (node.kind === level && id !== rootId) {
      found.push({ id, name: valueAsOf(node.names, asOf) ?? node.names[0]!.value });
      return;
    }
    for (const child of tree.children.get(id) ?? []) {
      if (valueAsOf(tree.nodes.get(child)!.parents, asOf) === id) visit(child);
    }
  };
  visit(rootId);
  return found;
}

/**
 * The month's ranking of the units of `level` (default: the direct children) under `unitId`, within
 * the drive, as the bulletin's day saw them. An empty list when the unit has nothing below it to rank.
 */
export function ranking(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  state: CampaignsState,
  campaign: CampaignRecord,
  unitId: string,
  month: string,
  today: string,
  level?: RankedLevel,
): BulletinRow[] {
  const due = dueDate(month, settingsFor(tree, reports, unitId).dueDay);
  const asOf = today < due ? today : due;
  const driveEnd = campaign.phases[campaign.phases.length - 1]!.end;
  const manualTarget = monthEnd(month) <= driveEnd ? WORK_MANUAL_DURING : WORK_MANUAL_YEAR_END;
  const publisher = tree.nodes.get(unitId);
  const ranked = level ?? (publisher ? levelsBelow(publisher.kind)[0] : undefined);
  if (!publisher || !ranked) return [];
  const units = unitsAtLevel(tree, unitId, ranked, asOf).filter((unit) => unit.id !== campaign.unitId && isWithin(tree, unit.id, campaign.unitId));
  const keptDrive = state.countsHoldOn(campaign.id, asOf);
  const scored = units.map((unit) => {
    const deliverables = keptDrive ? deliverablesKept(tree, state, campaign, unit.id, asOf) : deliverablesAsOf(tree, state, campaign, unit.id, asOf);
    const townships = townshipsUnder(tree, unit.id, asOf).map((township) => townshipAttainment(tree, campaign, township, asOf));
    const targets = townships.length ? townships.reduce((sum, part) => sum + part, 0) / townships.length : 0;
    const { expected, onTime, using } = reportsKnown(tree, reports, unit.id, month, asOf, due);
    const reporting = expected ? onTime / expected : 0;
    const workManual = expected ? Math.min(1, using / expected / manualTarget) : 0;
    const score = 100 * (WEIGHTS.deliverables * deliverables + WEIGHTS.targets * targets + WEIGHTS.reporting * reporting + WEIGHTS.workManual * workManual);
    return {
      unitId: unit.id,
      name: unit.name,
      score: round(score, 1),
      deliverables: round(deliverables),
      targets: round(targets),
      reporting: round(reporting),
      workManual: round(workManual),
    };
  });
  scored.sort((a, b) => b.score - a.score || byName(a.name, b.name));
  return rankWithTies(scored);
}

/** The deliverables score of a unit's area, deliverable by deliverable as the bulletin's day saw them (statusesOf reads each as of that day). */
function deliverablesAsOf(tree: OrganisationTreeState, state: CampaignsState, campaign: CampaignRecord, unitId: string, asOf: string): number {
  const cells = owingUnits(tree, campaign, unitId, asOf)
    .flatMap((owing) => statusesOf(state, campaign, owing, asOf))
    .filter((cell) => cell.due <= asOf);
  return cells.length === 0
    ? 1
    : cells.reduce((sum, cell) => sum + (cell.status === 'returned' ? 0.25 : cell.status === 'overdue' ? 0 : cell.late ? 0.5 : 1), 0) / cells.length;
}

/**
 * The same score from the counts kept for the area (campaigns.ts), when they hold on the day: of
 * the kinds due by then, each returned one scores ¼, each late one not returned ½, each other one
 * in 1, and each missing one 0 once its due day has passed (on the due day itself it is still pending: 1).
 */
function deliverablesKept(tree: OrganisationTreeState, state: CampaignsState, campaign: CampaignRecord, unitId: string, asOf: string): number {
  const owed = owedUnder(tree, campaign, unitId, asOf);
  const counts = isOpen(tree.nodes.get(unitId)!, asOf) ? state.counts(unitId, campaign.id) : new Map<DeliverableKind, DeliverableCounts>();
  let cells = 0;
  let sum = 0;
  for (const kind of deliverableKinds) {
    const due = dueOf(campaign, kind);
    if (due > asOf || !owed.get(kind)) continue;
    const { approved, submitted, returned, late, returnedLate } = counts.get(kind) ?? { approved: 0, submitted: 0, returned: 0, late: 0, returnedLate: 0 };
    const missing = owed.get(kind)! - approved - submitted - returned;
    cells += owed.get(kind)!;
    sum += 0.25 * returned + (approved + submitted) - 0.5 * (late - returnedLate) + (asOf > due ? 0 : missing);
  }
  return cells === 0 ? 1 : sum / cells;
}

/**
 * Of the organisations expected in a unit's area for the month, how many reports in by the end of
 * `asOf` were on time and said the work manual is in use: the kept counts on the due day (or any
 * day once every report kept was in by then), else report by report.
 */
function reportsKnown(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  unitId: string,
  month: string,
  asOf: string,
  due: string,
): { expected: number; onTime: number; using: number } {
  const node = tree.nodes.get(unitId)!;
  const kept = node.kind === 'organisation' ? null : reports.knownCountsOn(asOf, due);
  if (kept !== null) {
    if (!isOpen(node, monthEnd(month))) return { expected: 0, onTime: 0, using: 0 };
    const counts = reports.counts(unitId, month);
    return kept === 'byDue'
      ? { expected: counts.expected, onTime: counts.onTimeByDue, using: counts.workManualByDue }
      : { expected: counts.expected, onTime: counts.onTime, using: counts.workManual };
  }
  const expected = organisationsUnder(tree, unitId, monthEnd(month));
  let onTime = 0;
  let using = 0;
  const window = reports.window(
    expected.map((organisation) => organisation.id),
    month,
    month,
  );
  for (const organisation of expected) {
    const report = window.summary(organisation.id, month);
    if (!report || !reportKnownBy(report, asOf)) continue;
    if (isOnTime(report, due)) onTime++;
    if (report.workManualInUse) using++;
  }
  return { expected: expected.length, onTime, using };
}

/** How many of `count` ranked units are called in for a talk (约谈), before ties are counted. */
export function talksFor(count: number): number {
  return count >= 4 ? 3 : count >= 2 ? 1 : 0;
}

/**
 * Ranks rows already sorted by score (best first): equal scores share a rank (1, 2, 2, 4), and
 * every unit scoring no better than the last one flagged is flagged, so a tie straddling the
 * boundary is flagged whole.
 */
export function rankWithTies<Row extends { score: number }>(sorted: Row[]): Array<Row & { rank: number; talk: boolean }> {
  const flagged = talksFor(sorted.length);
  const threshold = flagged > 0 ? sorted[sorted.length - flagged]!.score : Number.NEGATIVE_INFINITY;
  // Sorted best first: a row's rank is one more than the rows before its score's first row (a province's ~1,700 townships in one pass).
  let rank = 0;
  return sorted.map((row, i) => {
    if (i === 0 || sorted[i - 1]!.score !== row.score) rank = i + 1;
    return { ...row, rank, talk: row.score <= threshold };
  });
}
