/**
 * Counts rolled up the tree, for the monthlyReports tables: a count kept for a unit that holds
 * branches (a township, or a county or city with branches right under it) for a month is added
 * to that unit's row and to the row of every unit above it as the tree stood at the month's end,
 * so a county, city or province reads its own row instead of adding up its townships.
 *
 * The walk up the tree is the walk down that the dashboards do (reportingSettings.ts:
 * eachTownshipUnder), turned round: a unit counts under its parent for a month only while it is
 * open at the month's end, so a closed township's branches count for no one above it, and a
 * unit's row is what the units open below it hold (whether the unit itself is open is for the
 * reader to ask).
 *
 * Three kinds of counts:
 *   - per month (reports received, needs, classes): a month's count goes to that month's chain;
 *   - running (expected organisations): +n from a month on, kept as the change at that month;
 *     a change goes to each run of months whose chain is the same, and is taken back from the
 *     units that leave the chain where a run ends;
 *   - undated (a drive's deliverables, campaigns.ts): counted up the tree as it stands now.
 *
 * Used by the monthly reports (monthlyReports.ts) and the drives (campaigns.ts), each with its own
 * copy of the units above the branches: a projection reads only its own tables.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { monthEnd } from './calendar.ts';

/** A unit above the branches: when open, and its parents by date (the last on or before a day is its parent then). */
export interface Area {
  openedOn: string;
  closedOn: string | null;
  parents: Array<{ on: string; parentId: string | null }>;
}

/** Open on `day`; with no day, open now (not closed). */
const isOpenOn = (area: Area, day: string | null) =>
  day === null ? area.closedOn === null : area.openedOn <= day && (area.closedOn === null || area.closedOn > day);

/** Its parent on `day`; with no day, its parent now (the latest by date). */
function parentOn(area: Area, day: string | null): string | null {
  let found: string | null = null;
  for (const parent of area.parents) {
    if (day !== null && parent.on > day) break;
    found = parent.parentId;
  }
  return found;
}

/** The months from which an area's place in the tree can change: its moves, opening and closure. */
function changeMonths(area: Area): string[] {
  const months = area.parents.map((parent) => parent.on.slice(0, 7));
  months.push(area.openedOn.slice(0, 7));
  if (area.closedOn !== null) months.push(area.closedOn.slice(0, 7));
  return months;
}

/**
 * The areas of one read database as the counts need them, read once each and then kept: as many
 * entries as units above the branches (about 1,600 a province), whatever the log's length.
 */
export class Areas {
  private readonly known = new Map<string, Area | null>();
  private readonly read: (unitId: string) => Area | undefined;
  constructor(read: (unitId: string) => Area | undefined) {
    this.read = read;
  }

  get(unitId: string): Area | undefined {
    let found = this.known.get(unitId);
    if (found === undefined) this.known.set(unitId, (found = this.read(unitId) ?? null));
    return found ?? undefined;
  }

  /** After an area opened, moved or closed. */
  forget(unitId: string): void {
    this.known.delete(unitId);
  }

  /**
   * The units a holder's counts for a month go to: itself, then each parent as of the month's
   * end, while the unit below is open. With no month: the tree as it stands now.
   */
  chainAt(holderId: string, month: string | null): string[] {
    const day = month === null ? null : monthEnd(month);
    const chain = [holderId];
    for (let id = holderId; chain.length < 12; ) {
      const area = this.get(id);
      if (!area || !isOpenOn(area, day)) break;
      const parentId = parentOn(area, day);
      if (parentId === null) break;
      chain.push((id = parentId));
    }
    return chain;
  }

  /** The chain from `from` on, in runs of months with the same chain (the last run has no end). */
  runsFrom(holderId: string, from: string): Array<{ from: string; until: string | null; chain: string[] }> {
    const runs: Array<{ from: string; until: string | null; chain: string[] }> = [];
    for (let month: string | null = from; month !== null; ) {
      const chain = this.chainAt(holderId, month);
      // The chain can change next where one of its units (or the one that cut it, which may open later) moves, opens or closes.
      let next: string | null = null;
      for (const id of chain) {
        const area = this.get(id);
        if (area) for (const change of changeMonths(area)) if (change > month && (next === null || change < next)) next = change;
      }
      const previous = runs[runs.length - 1];
      if (previous && previous.chain.join() === chain.join()) previous.until = next;
      else runs.push({ from: month, until: next, chain });
      month = next;
    }
    return runs;
  }
}

/**
 * The areas of a projection's own tables: one with each unit's `opened_on` and `closed_on`, one with
 * its dated parents (`on_day`, `seq`, `parent_id`), both keyed by `unit_id`.
 */
export function areasOf(db: DatabaseSync, units: string, parents: string): Areas {
  const unitRow = db.prepare(`SELECT opened_on AS openedOn, closed_on AS closedOn FROM ${units} WHERE unit_id = ?`);
  const parentRows = db.prepare(`SELECT on_day AS "on", parent_id AS parentId FROM ${parents} WHERE unit_id = ? ORDER BY on_day, seq`);
  return new Areas((unitId) => {
    const row = unitRow.get(unitId) as { openedOn: string; closedOn: string | null } | undefined;
    return row && { openedOn: row.openedOn, closedOn: row.closedOn, parents: parentRows.all(unitId) as unknown as Area['parents'] };
  });
}

/**
 * A table of counts keyed by (unit, month, …) — or (unit, …) when they are not by month
 * (`undated`: counted up the tree as it stands now): add to a row (made when missing), and
 * remove a row whose counts are all back to zero.
 */
export interface Counter {
  name: string;
  running: boolean;
  dated: boolean;
  keys: number;
  add: StatementSync;
  remove: StatementSync;
  rowsOf: StatementSync;
}

export function counter(db: DatabaseSync, name: string, keys: string[], values: string[], kind: 'monthly' | 'running' | 'undated' = 'monthly'): Counter {
  const running = kind === 'running';
  const where = keys.map((key) => `${key} = ?`).join(' AND ');
  return {
    name,
    running,
    dated: kind !== 'undated',
    keys: keys.length,
    add: db.prepare(`INSERT INTO ${name} (${[...keys, ...values].join(', ')}) VALUES (${[...keys, ...values].map(() => '?').join(', ')})
      ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${values.map((v) => `${v} = ${v} + excluded.${v}`).join(', ')} RETURNING ${values.join(', ')}`),
    remove: db.prepare(`DELETE FROM ${name} WHERE ${where}`),
    rowsOf: db.prepare(`SELECT ${[...keys.slice(1), ...values].join(', ')} FROM ${name} WHERE ${keys[0]} = ?`),
  };
}

interface Entry {
  counter: Counter;
  keys: SQLInputValue[];
  values: number[];
}

function addTo(entries: Map<string, Entry>, counter: Counter, keys: SQLInputValue[], values: number[], sign = 1): void {
  const id = `${counter.name}\u0000${keys.join('\u0000')}`;
  const found = entries.get(id);
  if (!found) {
    entries.set(id, { counter, keys, values: values.map((value) => sign * value) });
    return;
  }
  for (let i = 0; i < values.length; i++) found.values[i]! += sign * values[i]!;
}

/**
 * Counts to add, gathered in memory and written once per batch (`flush`): while catching up, a
 * township's month takes thousands of additions, and one upsert per row of counts costs less
 * than one per report. Each is rolled up the chain of its holder when written, so whatever
 * changes a chain (an area moving, opening or closing) flushes first. Nothing in `apply` reads
 * these counts back. A row whose counts come back to zero is removed, so the tables are the
 * same however the events were batched.
 */
export class Deltas {
  private readonly entries = new Map<string, Entry & { above: boolean }>();
  private readonly areas: Areas;
  constructor(areas: Areas) {
    this.areas = areas;
  }

  /** Adds to the holder's row (keys: holder, month, …) and the rows above it; `above`: to the rows above it only. */
  add(counter: Counter, keys: SQLInputValue[], values: number[], above = false): void {
    const id = `${above ? '^' : ''}${counter.name}\u0000${keys.join('\u0000')}`;
    const found = this.entries.get(id);
    if (!found) {
      this.entries.set(id, { counter, keys, values: [...values], above });
      return;
    }
    for (let i = 0; i < values.length; i++) found.values[i]! += values[i]!;
  }

  /**
   * Moves the rows of an area (what the units open below it hold) from the units above it to
   * those above it after `change` (a move, a closure): taken out along the chains before it,
   * put back along the chains after.
   */
  moveAbove(counters: Counter[], unitId: string, change: () => void): void {
    this.flush();
    // Each row read: the keys after the unit, then the counts.
    const rows = counters.flatMap((counter) =>
      (counter.rowsOf.all(unitId) as Array<Record<string, SQLInputValue>>).map((row) => {
        const cells = Object.values(row);
        return { counter, keys: [unitId, ...cells.slice(0, counter.keys - 1)], values: cells.slice(counter.keys - 1).map(Number) };
      }),
    );
    for (const row of rows)
      this.add(
        row.counter,
        row.keys,
        row.values.map((value) => -value),
        true,
      );
    this.flush();
    change();
    this.areas.forget(unitId);
    for (const row of rows) this.add(row.counter, row.keys, row.values, true);
    this.flush();
  }

  flush(): void {
    const rolled = new Map<string, Entry>();
    for (const { counter, keys, values, above } of this.entries.values()) {
      if (values.every((value) => value === 0)) continue;
      if (!counter.dated) {
        const [holderId, ...rest] = keys as [string, ...SQLInputValue[]];
        for (const unitId of this.areas.chainAt(holderId, null).slice(above ? 1 : 0)) addTo(rolled, counter, [unitId, ...rest], values);
        continue;
      }
      const [holderId, month, ...rest] = keys as [string, string, ...SQLInputValue[]];
      if (!counter.running) {
        for (const unitId of this.areas.chainAt(holderId, month).slice(above ? 1 : 0)) addTo(rolled, counter, [unitId, month, ...rest], values);
        continue;
      }
      for (const run of this.areas.runsFrom(holderId, month)) {
        for (const unitId of run.chain.slice(above ? 1 : 0)) {
          addTo(rolled, counter, [unitId, run.from, ...rest], values);
          if (run.until !== null) addTo(rolled, counter, [unitId, run.until, ...rest], values, -1);
        }
      }
    }
    this.entries.clear();
    for (const { counter: table, keys, values } of rolled.values()) {
      if (values.every((value) => value === 0)) continue;
      const after = table.add.get(...keys, ...values) as Record<string, number>;
      if (Object.values(after).every((value) => value === 0)) table.remove.run(...keys);
    }
  }
}
