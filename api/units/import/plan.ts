/**
 * Checks an uploaded tree against the layout, the tree as it stands and the importer's scope,
 * and plans the commands that bring the tree in line with the file. A dry run shows the plan
 * and every bad row with its reason; an import runs the plan. A file imported twice plans
 * nothing the second time.
 *
 * Scope before existence: the plan sees only the units the importer may see. A code or a parent
 * outside their scope reads exactly as one that does not exist (a new unit, or an unknown parent),
 * never as "not permitted" or "unchanged", which would confirm what is there.
 */
import type { OrganisationClass, Standards, TownshipProfile, UnitKind } from '../../../events/catalog/organisation.ts';
import { parentKind, townshipProfile, unitCode, unitKinds, unitName } from '../../../events/catalog/organisation.ts';
import { uuidFromName } from '../../../events/ids.ts';
import type { OrganisationTreeState } from '../../../projections/organisationTree.ts';
import { view } from '../../../projections/organisationTreeQueries.ts';
import { canChange, canOpenUnder, unitsWithCode, type Actor } from '../../auth/scope.ts';
import type { Table } from '../../tables/index.ts';
import { columnFor, isNoteRow, isSampleRow, parseDay, parseField, parseKind, parseMode, parseYesNo, type ColumnKey } from './layout.ts';

export type RowProblem =
  | 'missingColumn'
  | 'required'
  | 'tooLong'
  | 'tooLarge'
  | 'duplicateCode'
  | 'badKind'
  | 'badDate'
  | 'badNumber'
  | 'badField'
  | 'legacyField'
  | 'badMode'
  | 'badYesNo'
  | 'unknownParent'
  | 'parentHasErrors'
  | 'wrongParentKind'
  | 'kindChanged'
  | 'notPermitted'
  | 'parentCycle'
  | 'ambiguousCode';

export interface RowError {
  line: number;
  column: ColumnKey | null;
  problem: RowProblem;
  value: string;
}

export type PlannedAction =
  | { type: 'open'; kind: UnitKind; name: string; on: string; township: TownshipProfile | null; organisation: OrganisationClass | null }
  | { type: 'rename'; name: string }
  | { type: 'move'; parentCode: string }
  | { type: 'reclassify'; organisation: OrganisationClass }
  | { type: 'recordProfile'; township: TownshipProfile }
  | { type: 'recordStandards'; standards: Standards }
  | { type: 'recordMembers'; leagueMembers: number };

export interface PlannedRow {
  line: number;
  code: string;
  unitId: string;
  kind: UnitKind;
  parentCode: string | null;
  on: string;
  actions: PlannedAction[];
}

export interface ImportPlan {
  rows: PlannedRow[];
  errors: RowError[];
  /** How many of each action, plus unchanged rows and the template's sample rows skipped. */
  summary: Record<PlannedAction['type'] | 'unchanged' | 'samples', number>;
}

interface ParsedRow {
  line: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  on: string;
  township: TownshipProfile | null;
  organisation: OrganisationClass | null;
  registration: Standards['registration'] | null;
  leagueMembers: number | null;
}

export function planImport(table: Table, tree: OrganisationTreeState, actor: Actor, today: string): ImportPlan {
  const errors: RowError[] = [];
  const headers = new Map<string, ColumnKey>();
  for (const header of table.headers) {
    const key = columnFor(header);
    if (key) headers.set(header, key);
  }
  const present = new Set(headers.values());
  for (const key of ['code', 'name', 'kind', 'parentCode'] as const) {
    if (!present.has(key)) errors.push({ line: 1, column: key, problem: 'missingColumn', value: '' });
  }
  const summary: ImportPlan['summary'] = {
    open: 0,
    rename: 0,
    move: 0,
    reclassify: 0,
    recordProfile: 0,
    recordStandards: 0,
    recordMembers: 0,
    unchanged: 0,
    samples: 0,
  };
  if (errors.length > 0) return { rows: [], errors, summary };

  const parsed = new Map<string, ParsedRow>();
  /** Every code seen, with or without errors: a duplicate is a duplicate even of a bad row. */
  const seen = new Set<string>();
  for (const row of table.rows) {
    if (isNoteRow(row.cells, headers)) continue;
    const cell = (key: ColumnKey) => {
      for (const [header, k] of headers) if (k === key) return row.cells[header] ?? '';
      return '';
    };
    const bad = (column: ColumnKey, problem: RowProblem) => {
      errors.push({ line: row.line, column, problem, value: cell(column) });
    };
    /** A township's figure, within what its event can hold (the catalog's schema is the limit). */
    const number = (key: 'population' | 'committeeMembers' | 'annualFunding') => {
      const text = cell(key).replace(/[,,\s]/g, '');
      if (text === '') return null;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0) {
        bad(key, 'badNumber');
        return null;
      }
      const rounded = key === 'annualFunding' ? value : Math.round(value);
      if (!townshipProfile.shape[key].safeParse(rounded).success) {
        bad(key, 'tooLarge');
        return null;
      }
      return rounded;
    };
    const before = errors.length;
    const code = cell('code');
    if (isSampleRow(code)) {
      summary.samples++;
      continue;
    }
    const name = cell('name');
    if (!code) bad('code', 'required');
    else if (!unitCode.safeParse(code).success) bad('code', 'tooLong');
    else if (seen.has(code)) bad('code', 'duplicateCode');
    seen.add(code);
    if (!name) bad('name', 'required');
    else if (!unitName.safeParse(name).success) bad('name', 'tooLong');
    const kind = parseKind(cell('kind'));
    if (!kind) bad('kind', 'badKind');
    const parentCode = cell('parentCode') || null;
    if (kind && kind !== 'province' && !parentCode) bad('parentCode', 'required');
    const on = cell('openedOn') ? (parseDay(cell('openedOn')) ?? '') : today;
    if (!on) bad('openedOn', 'badDate');
    let township: TownshipProfile | null = null;
    let organisation: OrganisationClass | null = null;
    let registration: Standards['registration'] | null = null;
    let leagueMembers: number | null = null;
    if (kind === 'township') {
      const population = number('population');
      const committeeMembers = number('committeeMembers');
      township = { population, committeeMembers, annualFunding: number('annualFunding') };
    }
    if (kind === 'organisation') {
      const field = parseField(cell('field'));
      const buildingMode = parseMode(cell('buildingMode'));
      // 机关事业单位 was one field until 机关 and 事业单位 were told apart: say so, not just "not in the list".
      if (!field) bad('field', !cell('field') ? 'required' : cell('field').trim() === '机关事业单位' ? 'legacyField' : 'badField');
      if (!buildingMode) bad('buildingMode', cell('buildingMode') ? 'badMode' : 'required');
      if (field && buildingMode) organisation = { field, buildingMode };
      const answers = (['document', 'filing', 'plaque'] as const).map((key) => {
        const answer = parseYesNo(cell(key));
        if (answer === 'bad') bad(key, 'badYesNo');
        return answer === true;
      });
      if (present.has('document') && (['document', 'filing', 'plaque'] as const).some((key) => cell(key) !== '')) {
        registration = { document: answers[0]!, filing: answers[1]!, plaque: answers[2]! };
      }
      const members = cell('leagueMembers').replace(/[,,\s]/g, '');
      if (members !== '') {
        const value = Number(members);
        if (!Number.isInteger(value) || value < 0) bad('leagueMembers', 'badNumber');
        else if (value > 100_000) bad('leagueMembers', 'tooLarge');
        else leagueMembers = value;
      }
    }
    if (errors.length === before && kind && !parsed.has(code))
      parsed.set(code, { line: row.line, code, name, kind, parentCode, on, township, organisation, registration, leagueMembers });
  }

  const rows: PlannedRow[] = [];
  /** The unit the importer sees with this code: one, none, or 'ambiguous' (two in their scope). */
  const visible = (code: string): string | null | 'ambiguous' => {
    const ids = unitsWithCode(tree, actor, code);
    return ids.length > 1 ? 'ambiguous' : (ids[0] ?? null);
  };
  /** New units' ids come from their codes; a code someone else also used elsewhere gets the next free one. */
  const taken = new Set<string>();
  const newUnitId = (code: string) => {
    for (let n = 1; ; n++) {
      const id = uuidFromName(n === 1 ? `unit:${code}` : `unit:${code}:${n}`);
      if (!tree.units.has(id) && !taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  for (const row of parsed.values()) {
    const problem = (column: ColumnKey | null, kind: RowProblem, value = '') => errors.push({ line: row.line, column, problem: kind, value });
    const found = visible(row.code);
    if (found === 'ambiguous') {
      problem('code', 'ambiguousCode', row.code);
      continue;
    }
    const existingId = found;
    const existing = existingId ? tree.units.get(existingId) : undefined;
    // The parent: a row of this file, or a unit already in the tree that the importer sees.
    let parentKindFound: UnitKind | null = null;
    if (row.parentCode) {
      const inFile = parsed.get(row.parentCode);
      const inTreeId = visible(row.parentCode);
      if (inTreeId === 'ambiguous' && !inFile) {
        problem('parentCode', 'ambiguousCode', row.parentCode);
        continue;
      }
      parentKindFound = inFile?.kind ?? (inTreeId && inTreeId !== 'ambiguous' ? tree.units.get(inTreeId)!.kind : null);
      if (!parentKindFound) {
        problem('parentCode', seen.has(row.parentCode) ? 'parentHasErrors' : 'unknownParent', row.parentCode);
        continue;
      }
    }
    if (parentKindFound !== parentKind[row.kind]) {
      problem('parentCode', 'wrongParentKind', row.parentCode ?? '');
      continue;
    }
    if (existing && existing.kind !== row.kind) {
      problem('kind', 'kindChanged', row.kind);
      continue;
    }
    const anchor = nearestExisting(row, parsed, (code) => {
      const id = visible(code);
      return id === 'ambiguous' ? null : id;
    });
    if (anchor === 'cycle') {
      problem('parentCode', 'parentCycle', row.parentCode ?? '');
      continue;
    }
    const permitted = existing ? canChange(tree, actor, existing.id) || isUnchanged(row, existing.id, tree) : canOpenUnder(tree, actor, anchor);
    if (!permitted) {
      problem('parentCode', 'notPermitted', row.parentCode ?? '');
      continue;
    }

    const actions: PlannedAction[] = [];
    if (!existing) {
      actions.push({ type: 'open', kind: row.kind, name: row.name, on: row.on, township: row.township, organisation: row.organisation });
    } else {
      const now = view(existing);
      if (now.name !== row.name) actions.push({ type: 'rename', name: row.name });
      const parentCodeNow = now.parentId ? (tree.units.get(now.parentId)?.code ?? null) : null;
      if (row.parentCode && parentCodeNow !== row.parentCode) actions.push({ type: 'move', parentCode: row.parentCode });
      if (row.organisation && !same(now.organisation, row.organisation)) actions.push({ type: 'reclassify', organisation: row.organisation });
      if (row.township && !same(now.township, row.township)) actions.push({ type: 'recordProfile', township: row.township });
    }
    if (row.registration) {
      const current = existing?.standards ?? null;
      const standards: Standards = current
        ? { ...current, registration: row.registration }
        : {
            registration: row.registration,
            fiveHas: { venue: false, supplies: false, rules: false, divisionOfWork: false, workPlan: false },
            fourHas: { organisation: false, venue: false, activities: false, results: false },
            sixHas: [],
          };
      if (!same(current, standards)) actions.push({ type: 'recordStandards', standards });
    }
    // Members as recorded: written when the file gives another count than the last one recorded.
    if (row.leagueMembers !== null && (existing?.members.at(-1)?.value ?? null) !== row.leagueMembers) {
      actions.push({ type: 'recordMembers', leagueMembers: row.leagueMembers });
    }
    for (const action of actions) summary[action.type]++;
    if (actions.length === 0) summary.unchanged++;
    rows.push({ line: row.line, code: row.code, unitId: existingId ?? newUnitId(row.code), kind: row.kind, parentCode: row.parentCode, on: row.on, actions });
  }
  errors.sort((a, b) => a.line - b.line);
  rows.sort((a, b) => unitKinds.indexOf(a.kind) - unitKinds.indexOf(b.kind) || a.line - b.line);
  return { rows, errors, summary };
}

/** The closest ancestor that already exists in the tree (null above a new province). */
function nearestExisting(row: ParsedRow, parsed: Map<string, ParsedRow>, inTree: (code: string) => string | null): string | null | 'cycle' {
  let code = row.parentCode;
  for (let depth = 0; code !== null; depth++) {
    if (depth > unitKinds.length) return 'cycle';
    const id = inTree(code);
    if (id) return id;
    code = parsed.get(code)?.parentCode ?? null;
  }
  return null;
}

function isUnchanged(row: ParsedRow, id: string, tree: OrganisationTreeState): boolean {
  const now = view(tree.units.get(id)!);
  const parentCode = now.parentId ? (tree.units.get(now.parentId)?.code ?? null) : null;
  return (
    now.name === row.name &&
    parentCode === row.parentCode &&
    (!row.organisation || same(now.organisation, row.organisation)) &&
    (!row.township || same(now.township, row.township)) &&
    (!row.registration || same(now.standards?.registration ?? null, row.registration)) &&
    (row.leagueMembers === null || tree.units.get(id)!.members.at(-1)?.value === row.leagueMembers)
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
