/**
 * The organisation tree (组织架构): every unit with its dated history of names, parents and
 * classes, so the tree can be read as it stands now or "as of" any date (a closed branch is
 * no longer counted from the day it closed; a moved one counts under its new parent from the
 * day it moved).
 *
 * Kept in SQL tables of the read database: one row per unit holding its record (the dated lists
 * as JSON), one per (parent, child) ever linked, and each province's 六有 items. Events change a
 * unit's record in memory; the changed records are written at each flush, once per batch.
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { OrganisationClass, Standards, TownshipProfile, UnitKind } from '../events/catalog/organisation.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqlProjection } from './projection.ts';
import { chinaDate } from './calendar.ts';

/** A value that holds from a date on (ISO yyyy-mm-dd), in order of date then of the log. */
export interface Dated<T> {
  on: string;
  value: T;
}

/** What a walk of the tree reads of a unit: where it stood, what it was called and its class on each day, and its members. */
export interface UnitNode {
  id: string;
  kind: UnitKind;
  openedOn: string;
  closedOn: string | null;
  names: Dated<string>[];
  parents: Dated<string | null>[];
  classes: Dated<OrganisationClass>[];
  /** League members recorded for an organisation (from an import), each with its date. */
  members: Dated<number>[];
}

export interface UnitRecord extends UnitNode {
  code: string | null;
  closeReason: string | null;
  /** The township profile in force now (the latest by date); `profiles` has each with its date. */
  township: TownshipProfile | null;
  profiles: Dated<TownshipProfile>[];
  /** The standards met now (the latest by date); `standardsHistory` has each with its date. */
  standards: Standards | null;
  standardsHistory: Dated<Standards>[];
  /** The revision of the unit's own stream: an editor sends back the one they saw (no silent last-writer-wins). */
  revision: string;
  /** The China day the unit was entered into League Pulse (its opening reached the server): before then it could report nothing here. */
  knownSince: string;
}

export interface SixHasItem {
  key: string;
  zh: string;
  en: string;
}

/**
 * The tree as its queries read it (organisationTreeQueries.ts).
 * - `nodes` and `children` are the tree's shape: where each unit stood and what it was called on
 *   each day. It is read from the tables in one pass at the first question (about 50 bytes of row
 *   per unit), then kept with the events: every scope check and every walk down a province reads it,
 *   and a walk of a province through SQL took half a second.
 * - `units` are whole records (profiles, standards, code, revision), read one unit at a time
 *   from the tables, the latest few thousand kept: memory does not hold a province's records.
 */
export interface OrganisationTreeState {
  units: { get(id: string): UnitRecord | undefined; has(id: string): boolean };
  nodes: { get(id: string): UnitNode | undefined };
  /** Every unit that was ever a child of a parent, in the order they joined it (filtered by date when read). */
  children: { get(parentId: string): readonly string[] | undefined };
  /** The units without a parent (provinces), in the order they opened. */
  readonly roots: readonly string[];
  /**
   * The units holding each code. A code is unique within what one person sees, not across the
   * tree: checking it across the tree would tell a manager what exists outside their scope.
   */
  byCode: { get(code: string): string[] | undefined };
  sixHas: { get(provinceId: string): SixHasItem[] | undefined };
  /** Units whose current name contains `needle` (lower-cased) or whose code is `code`, in the order they opened. */
  matching(needle: string, code: string): Iterable<UnitRecord>;
  /**
   * A township's organisations open now, counted for the targets (new: opened on or after
   * `newSince`). They stand for a day only when `factsHoldOn` says so (nothing in the tree is
   * dated after it); otherwise read the organisations as of that day.
   */
  targetFacts(townshipId: string, newSince: string): TargetFacts;
  factsHoldOn(day: string): boolean;
  /**
   * The organisations opened or entered on `day` or after (the later of the two days) that are or
   * ever were under `rootId`: the only ones that may not yet have had a due day to report by
   * (healthRule.ts: notYetAssessed). A superset: filter by the tree as of a day.
   */
  enteredSince(day: string, rootId: string): Array<{ id: string; openedOn: string; knownSince: string }>;
}

function insertDated<T>(list: Dated<T>[], entry: Dated<T>): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.on > entry.on) i--;
  list.splice(i, 0, entry);
}

const TREE_EVENTS = new Set<string>([
  'UnitOpened',
  'UnitRenamed',
  'UnitMoved',
  'UnitReclassified',
  'TownshipProfileRecorded',
  'StandardsRecorded',
  'LeagueMembersRecorded',
  'UnitClosed',
  'SixHasConfigured',
]);

const VERSION = 8;
export const UNITS = `organisation_tree_v${VERSION}_units`;
export const RECORDS = `organisation_tree_v${VERSION}_records`;
export const CHILDREN = `organisation_tree_v${VERSION}_children`;
export const SIX_HAS = `organisation_tree_v${VERSION}_six_has`;
/**
 * Per organisation, what the drive's targets count, as it stands now (its latest parent, class
 * and standards): its township, a village branch or not, registered with all of the 五个有
 * (counted), with all of its province's 六有. A township's targets sum its rows in one query.
 */
export const TARGET_FACTS = `organisation_tree_v${VERSION}_target_facts`;
/** The latest day any unit opened, moved, closed, was reclassified or had standards recorded on: "now" is the tree of any day from then on. */
export const TREE_DAY = `organisation_tree_v${VERSION}_tree_day`;

/** Used until a province sets its own six items (六有 is set locally). */
export const DEFAULT_SIX_HAS: SixHasItem[] = [
  { key: 'organisation', zh: '有健全的组织', en: 'A complete organisation' },
  { key: 'venue', zh: '有活动阵地', en: 'A venue' },
  { key: 'rules', zh: '有规章制度', en: 'Rules' },
  { key: 'activities', zh: '有经常性活动', en: 'Regular activities' },
  { key: 'funding', zh: '有工作经费', en: 'Funding' },
  { key: 'results', zh: '有工作实效', en: 'Results' },
];

/** What a township's organisations count toward the drive's targets (see campaignTargets.ts); new ones opened on or after the day asked. */
export interface TargetFacts {
  organisations: number;
  village: number;
  recorded: number;
  counted: number;
  newRecorded: number;
  newCounted: number;
  sixHas: number;
}
/** A root's row in CHILDREN has this parent. */
const NO_PARENT = '';
/** Whole records kept parsed after a read: a county's pages and a township's lists stay in it. */
const CACHED_UNITS = 8_192;

/** The tree's shape (see OrganisationTreeState): every unit's node, and each parent's children in the order they joined it. */
interface Shape {
  nodes: Map<string, UnitNode>;
  children: Map<string, string[]>;
}

export interface TreeStatements {
  db: DatabaseSync;
  unit: StatementSync;
  putUnit: StatementSync;
  putRecord: StatementSync;
  link: StatementSync;
  byCode: StatementSync;
  sixHas: StatementSync;
  putSixHas: StatementSync;
  allNodes: StatementSync;
  allLinks: StatementSync;
  matching: StatementSync;
  putFacts: StatementSync;
  facts: StatementSync;
  treeDay: StatementSync;
  enteredSince: StatementSync;
  setTreeDay: StatementSync;
  /** Organisations whose target facts are to be worked out again at the flush (their standards, class, place or province's 六有 changed). */
  refacts: Set<string>;
  /** Read at the first question that needs it, then kept by `apply`; null until then (and after a rollback). */
  shape: Shape | null;
  /** Units changed by the events applied since the last flush (written then). */
  dirty: Map<string, UnitRecord>;
  /** The log position of each unit opened since the last flush. */
  opened: Map<string, bigint>;
  /** Units read or written last, most recent last (a Map keeps insertion order). */
  cache: Map<string, UnitRecord>;
}

/** Puts a unit last in the cache (the most recently used), dropping the least recently used beyond the bound. */
function remember(sql: TreeStatements, unit: UnitRecord): UnitRecord {
  sql.cache.delete(unit.id);
  sql.cache.set(unit.id, unit);
  if (sql.cache.size > CACHED_UNITS) sql.cache.delete(sql.cache.keys().next().value!);
  return unit;
}

function loadUnit(sql: TreeStatements, id: string): UnitRecord | undefined {
  const found = sql.dirty.get(id) ?? sql.cache.get(id);
  if (found) return remember(sql, found);
  const row = sql.unit.get(id) as { record: string } | undefined;
  return row ? remember(sql, JSON.parse(row.record) as UnitRecord) : undefined;
}

const nodeOf = ({ id, kind, openedOn, closedOn, names, parents, classes, members }: UnitRecord): UnitNode => ({
  id,
  kind,
  openedOn,
  closedOn,
  names,
  parents,
  classes,
  members,
});

function shapeOf(sql: TreeStatements): Shape {
  if (sql.shape) return sql.shape;
  const nodes = new Map<string, UnitNode>();
  type Row = {
    id: string;
    kind: UnitKind;
    openedOn: string;
    closedOn: string | null;
    name: string;
    parentId: string | null;
    field: OrganisationClass['field'] | null;
    buildingMode: OrganisationClass['buildingMode'] | null;
    history: string | null;
  };
  for (const row of sql.allNodes.iterate() as Iterable<Row>) {
    const { id, kind, openedOn, closedOn } = row;
    // Most units never moved, were never renamed or reclassified, and have no members recorded: their lists are their columns.
    const history = row.history === null ? null : (JSON.parse(row.history) as Pick<UnitNode, 'names' | 'parents' | 'classes' | 'members'>);
    nodes.set(
      id,
      history
        ? { id, kind, openedOn, closedOn, ...history }
        : {
            id,
            kind,
            openedOn,
            closedOn,
            names: [{ on: openedOn, value: row.name }],
            parents: [{ on: openedOn, value: row.parentId }],
            classes: row.field ? [{ on: openedOn, value: { field: row.field, buildingMode: row.buildingMode! } }] : [],
            members: [],
          },
    );
  }
  const children = new Map<string, string[]>();
  for (const row of sql.allLinks.iterate() as Iterable<{ parentId: string; unitId: string }>) {
    const list = children.get(row.parentId);
    if (list) list.push(row.unitId);
    else children.set(row.parentId, [row.unitId]);
  }
  // Units changed since the last flush are not in the rows yet.
  for (const unit of sql.dirty.values()) nodes.set(unit.id, nodeOf(unit));
  return (sql.shape = { nodes, children });
}

function changed(sql: TreeStatements, unit: UnitRecord): void {
  sql.shape?.nodes.set(unit.id, nodeOf(unit));
  sql.dirty.set(unit.id, unit);
  remember(sql, unit);
}

function link(sql: TreeStatements, parentId: string | null, unitId: string, position: bigint): void {
  sql.link.run(parentId ?? NO_PARENT, unitId, position);
  if (!sql.shape) return;
  // As the row: a link made again (moved back) keeps its first place.
  const list = sql.shape.children.get(parentId ?? NO_PARENT);
  if (!list) sql.shape.children.set(parentId ?? NO_PARENT, [unitId]);
  else if (!list.includes(unitId)) list.push(unitId);
}

export const organisationTree: SqlProjection<TreeStatements, OrganisationTreeState, 'organisationTree'> & { read(sql: TreeStatements): OrganisationTreeState } =
  {
    name: 'organisationTree',
    version: VERSION,
    tables: [UNITS, RECORDS, CHILDREN, SIX_HAS, TARGET_FACTS, TREE_DAY],
    // A unit's row holds what walks and search read (small, so a province's rows are read in one pass); its
    // whole record, with profiles, standards and members, is a row of RECORDS read one unit at a time.
    // `name` is the latest name by date and `opened` the log position of its opening.
    schema: `
    CREATE TABLE ${UNITS} (id TEXT PRIMARY KEY, opened INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT, name TEXT NOT NULL,
      opened_on TEXT NOT NULL, closed_on TEXT, parent_id TEXT, field TEXT, building_mode TEXT, history TEXT, known_since TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX ${UNITS}_code ON ${UNITS} (code) WHERE code IS NOT NULL;
    CREATE INDEX ${UNITS}_entered ON ${UNITS} (max(opened_on, known_since)) WHERE kind = 'organisation';
    CREATE TABLE ${RECORDS} (id TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE ${CHILDREN} (parent_id TEXT NOT NULL, unit_id TEXT NOT NULL, joined INTEGER NOT NULL, PRIMARY KEY (parent_id, unit_id)) WITHOUT ROWID;
    CREATE TABLE ${SIX_HAS} (province_id TEXT PRIMARY KEY, items TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${TARGET_FACTS} (unit_id TEXT PRIMARY KEY, township_id TEXT, opened_on TEXT NOT NULL, closed_on TEXT,
      village INTEGER NOT NULL, counted INTEGER NOT NULL, six_has INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${TREE_DAY} (id INTEGER PRIMARY KEY CHECK (id = 1), day TEXT NOT NULL);`,
    // A township's facts are read from the index alone (covering): a province's targets read 1,470 ranges, not 48,000 rows one by one.
    indexes: `DROP INDEX IF EXISTS ${TARGET_FACTS}_township;
    CREATE INDEX IF NOT EXISTS ${TARGET_FACTS}_by_township ON ${TARGET_FACTS} (township_id, closed_on, opened_on, village, counted, six_has);`,
    prepare: (db: DatabaseSync) => ({
      db,
      unit: db.prepare(`SELECT record FROM ${RECORDS} WHERE id = ?`),
      putUnit:
        db.prepare(`INSERT INTO ${UNITS} (id, opened, kind, code, name, opened_on, closed_on, parent_id, field, building_mode, history, known_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, closed_on = excluded.closed_on, parent_id = excluded.parent_id, field = excluded.field,
        building_mode = excluded.building_mode, history = excluded.history`),
      putRecord: db.prepare(`INSERT OR REPLACE INTO ${RECORDS} (id, record) VALUES (?, ?)`),
      link: db.prepare(`INSERT OR IGNORE INTO ${CHILDREN} (parent_id, unit_id, joined) VALUES (?, ?, ?)`),
      byCode: db.prepare(`SELECT id FROM ${UNITS} WHERE code = ? ORDER BY opened`),
      sixHas: db.prepare(`SELECT items FROM ${SIX_HAS} WHERE province_id = ?`),
      putSixHas: db.prepare(`INSERT OR REPLACE INTO ${SIX_HAS} (province_id, items) VALUES (?, ?)`),
      allNodes: db.prepare(
        `SELECT id, kind, opened_on AS openedOn, closed_on AS closedOn, name, parent_id AS parentId, field, building_mode AS buildingMode, history FROM ${UNITS}`,
      ),
      allLinks: db.prepare(`SELECT parent_id AS parentId, unit_id AS unitId FROM ${CHILDREN} ORDER BY joined`),
      matching: db.prepare(`SELECT id FROM ${UNITS} WHERE instr(lower(name), ?1) > 0 OR code = ?2 ORDER BY opened`),
      putFacts: db.prepare(
        `INSERT OR REPLACE INTO ${TARGET_FACTS} (unit_id, township_id, opened_on, closed_on, village, counted, six_has) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      facts: db.prepare(`SELECT count(*) AS organisations, coalesce(sum(village), 0) AS village, coalesce(sum(1 - village), 0) AS recorded,
      coalesce(sum(counted * (1 - village)), 0) AS counted, coalesce(sum((opened_on >= ?2) * (1 - village)), 0) AS newRecorded,
      coalesce(sum((opened_on >= ?2) * counted * (1 - village)), 0) AS newCounted, coalesce(sum(six_has), 0) AS sixHas
      FROM ${TARGET_FACTS} WHERE township_id = ?1 AND closed_on IS NULL`),
      treeDay: db.prepare(`SELECT day FROM ${TREE_DAY} WHERE id = 1`),
      // Down every link ever made (a unit moved away is still found under its old parent): a township's is a few rows, a province's all.
      enteredSince: db.prepare(`WITH RECURSIVE below (id) AS (SELECT ?1 UNION SELECT c.unit_id FROM ${CHILDREN} AS c JOIN below AS b ON c.parent_id = b.id)
      SELECT u.id, u.opened_on AS openedOn, u.known_since AS knownSince FROM below AS b JOIN ${UNITS} AS u ON u.id = b.id
      WHERE u.kind = 'organisation' AND max(u.opened_on, u.known_since) >= ?2`),
      setTreeDay: db.prepare(`INSERT INTO ${TREE_DAY} (id, day) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET day = max(day, ?1)`),
      refacts: new Set(),
      shape: null,
      dirty: new Map(),
      opened: new Map(),
      cache: new Map(),
    }),
    apply(event: StoredEvent, sql: TreeStatements) {
      // Most of the log is reports: leave before looking anything up.
      if (!TREE_EVENTS.has(event.type)) return;
      if (event.type === 'SixHasConfigured') {
        sql.putSixHas.run(event.data.provinceId, JSON.stringify(event.data.items));
        // Rare (a province sets its items once or twice): its organisations are judged again.
        refactBelow(sql, event.data.provinceId);
        return;
      }
      if ('on' in event.data && event.type !== 'UnitRenamed' && event.type !== 'TownshipProfileRecorded' && event.type !== 'LeagueMembersRecorded')
        sql.setTreeDay.run(event.data.on);
      if (event.type === 'UnitOpened') {
        const { unitId, kind, parentId, name, code, on, township, organisation } = event.data;
        const unit: UnitRecord = {
          id: unitId,
          kind,
          code,
          openedOn: on,
          closedOn: null,
          closeReason: null,
          names: [{ on, value: name }],
          parents: [{ on, value: parentId }],
          classes: organisation ? [{ on, value: organisation }] : [],
          township,
          standards: null,
          profiles: township ? [{ on, value: township }] : [],
          standardsHistory: [],
          members: [],
          revision: event.revision.toString(),
          knownSince: chinaDate(event.metadata.serverTime),
        };
        // The opening position orders units by code and in search, as the log opened them.
        sql.opened.set(unitId, event.position);
        changed(sql, unit);
        if (kind === 'organisation') sql.refacts.add(unitId);
        link(sql, parentId, unitId, event.position);
        return;
      }
      const unit = 'unitId' in event.data ? loadUnit(sql, event.data.unitId) : undefined;
      if (!unit) return;
      if (event.streamName === `unit-${unit.id}`) unit.revision = event.revision.toString();
      switch (event.type) {
        case 'UnitRenamed':
          insertDated(unit.names, { on: event.data.on, value: event.data.name });
          break;
        case 'UnitMoved':
          insertDated(unit.parents, { on: event.data.on, value: event.data.toParentId });
          link(sql, event.data.toParentId, unit.id, event.position);
          // Under another township — or, for a unit above them, maybe another province's 六有.
          if (unit.kind === 'organisation') sql.refacts.add(unit.id);
          else refactBelow(sql, unit.id);
          break;
        case 'UnitReclassified':
          insertDated(unit.classes, { on: event.data.on, value: event.data.organisation });
          sql.refacts.add(unit.id);
          break;
        case 'TownshipProfileRecorded':
          insertDated(unit.profiles, { on: event.data.on, value: event.data.township });
          unit.township = valueAsOf(unit.profiles, null) ?? null;
          break;
        case 'StandardsRecorded':
          insertDated(unit.standardsHistory, { on: event.data.on, value: event.data.standards });
          unit.standards = valueAsOf(unit.standardsHistory, null) ?? null;
          if (unit.kind === 'organisation') sql.refacts.add(unit.id);
          break;
        case 'LeagueMembersRecorded':
          insertDated(unit.members, { on: event.data.on, value: event.data.leagueMembers });
          break;
        case 'UnitClosed':
          unit.closedOn = event.data.on;
          unit.closeReason = event.data.reason || null;
          if (unit.kind === 'organisation') sql.refacts.add(unit.id);
          break;
      }
      changed(sql, unit);
    },
    flush(sql: TreeStatements) {
      // Facts first: they read the units above (their 六有 items), which may be dirty too.
      for (const id of sql.refacts) putFacts(sql, loadUnit(sql, id)!);
      sql.refacts.clear();
      for (const unit of sql.dirty.values()) {
        const { names, parents, classes, members } = unit;
        // The lists as the unit opened (one name, one parent, at most one class, no members) are read back from the columns.
        const opened = unit.openedOn;
        const asOpened =
          names.length === 1 &&
          names[0]!.on === opened &&
          parents.length === 1 &&
          parents[0]!.on === opened &&
          (classes.length === 0 || (classes.length === 1 && classes[0]!.on === opened)) &&
          members.length === 0;
        sql.putUnit.run(
          unit.id,
          sql.opened.get(unit.id) ?? 0,
          unit.kind,
          unit.code,
          names[names.length - 1]!.value,
          unit.openedOn,
          unit.closedOn,
          parents[0]!.value,
          classes[0]?.value.field ?? null,
          classes[0]?.value.buildingMode ?? null,
          asOpened ? null : JSON.stringify({ names, parents, classes, members }),
          unit.knownSince,
        );
        sql.putRecord.run(unit.id, JSON.stringify(unit));
      }
      sql.dirty.clear();
      sql.opened.clear();
    },
    read: (sql: TreeStatements): OrganisationTreeState => ({
      units: { get: (id) => loadUnit(sql, id), has: (id) => loadUnit(sql, id) !== undefined },
      nodes: { get: (id) => shapeOf(sql).nodes.get(id) },
      children: { get: (parentId) => shapeOf(sql).children.get(parentId) },
      get roots() {
        return shapeOf(sql).children.get(NO_PARENT) ?? [];
      },
      byCode: {
        get(code) {
          const rows = sql.byCode.all(code) as Array<{ id: string }>;
          return rows.length === 0 ? undefined : rows.map((row) => row.id);
        },
      },
      sixHas: {
        get(provinceId) {
          const row = sql.sixHas.get(provinceId) as { items: string } | undefined;
          return row ? (JSON.parse(row.items) as SixHasItem[]) : undefined;
        },
      },
      *matching(needle, code) {
        for (const row of sql.matching.iterate(needle, code) as Iterable<{ id: string }>) yield loadUnit(sql, row.id)!;
      },
      targetFacts: (townshipId, newSince) => ({ ...(sql.facts.get(townshipId, newSince) as unknown as TargetFacts) }),
      factsHoldOn(day) {
        const row = sql.treeDay.get() as { day: string } | undefined;
        return row === undefined || row.day <= day;
      },
      enteredSince(day, rootId) {
        const found = new Map((sql.enteredSince.all(rootId, day) as Array<{ id: string; openedOn: string; knownSince: string }>).map((row) => [row.id, row]));
        // Units changed since the last flush are not in the rows yet.
        for (const unit of sql.dirty.values()) {
          if (unit.kind === 'organisation' && (unit.openedOn >= day || unit.knownSince >= day))
            found.set(unit.id, { id: unit.id, openedOn: unit.openedOn, knownSince: unit.knownSince });
        }
        return [...found.values()];
      },
    }),
  };

/** Every organisation under a unit now (from the tree's shape) is to have its facts worked out again. */
function refactBelow(sql: TreeStatements, unitId: string): void {
  const { nodes, children } = shapeOf(sql);
  const visit = (id: string) => {
    const node = nodes.get(id);
    if (!node) return;
    if (node.kind === 'organisation') {
      sql.refacts.add(id);
      return;
    }
    for (const child of children.get(id) ?? []) if (valueAsOf(nodes.get(child)!.parents, null) === id) visit(child);
  };
  visit(unitId);
}

/** An organisation's target facts as it stands now: its parent, class and standards latest by date, its province's 六有 items. */
function putFacts(sql: TreeStatements, unit: UnitRecord): void {
  const standards = unit.standards;
  let province: UnitRecord = unit;
  for (let id = valueAsOf(unit.parents, null) ?? null, depth = 0; id !== null && depth < 10; depth++) {
    const above = loadUnit(sql, id);
    if (!above) break;
    province = above;
    id = valueAsOf(above.parents, null) ?? null;
  }
  const items = sql.sixHas.get(province.id) as { items: string } | undefined;
  const sixItems = (items ? (JSON.parse(items.items) as SixHasItem[]) : DEFAULT_SIX_HAS).map((item) => item.key);
  const counted = standards !== null && Object.values(standards.registration).every(Boolean) && Object.values(standards.fiveHas).every(Boolean);
  sql.putFacts.run(
    unit.id,
    valueAsOf(unit.parents, null) ?? null,
    unit.openedOn,
    unit.closedOn,
    valueAsOf(unit.classes, null)?.field === 'village' ? 1 : 0,
    counted ? 1 : 0,
    standards !== null && sixItems.every((item) => standards.sixHas.includes(item)) ? 1 : 0,
  );
}

/** The value in force on `asOf` (the latest when asOf is null); undefined before the first. */
export function valueAsOf<T>(list: Dated<T>[], asOf: string | null): T | undefined {
  if (asOf === null) return list[list.length - 1]?.value;
  let found: T | undefined;
  for (const entry of list) {
    if (entry.on > asOf) break;
    found = entry.value;
  }
  return found;
}
