/**
 * Runs an import plan: parents before children (level by level), many rows at a time so the
 * store's group commit can batch them. Every command's submission id is derived from the row
 * and what it changes, so an import that is interrupted and started again resumes instead of
 * writing twice.
 */
import { uuidFromName } from '../../../events/ids.ts';
import type { EventStore } from '../../../events/store/port.ts';
import { handleCommand, type CommandContext } from '../../commands.ts';
import { unitDecider, unitStream, type ParentFacts, type UnitCommand } from '../decider.ts';
import type { ImportPlan, PlannedAction, PlannedRow } from './plan.ts';

const CONCURRENCY = 128;

export interface ImportProgress {
  done: number;
  total: number;
  lastPosition: bigint | null;
}

export interface ImportRun {
  context: CommandContext;
  /** The date changes to existing units take effect (new units open on their row's date). */
  today: string;
  /** Facts of a parent that is already in the tree, by its code. */
  parentInTree: (code: string) => ParentFacts | null;
  onProgress: (progress: ImportProgress) => void;
}

export async function runImport(store: EventStore, plan: ImportPlan, run: ImportRun): Promise<ImportProgress> {
  const { context, today, parentInTree, onProgress } = run;
  const work = plan.rows.filter((row) => row.actions.length > 0);
  const idByCode = new Map(plan.rows.map((row) => [row.code, row.unitId]));
  const kindByCode = new Map(plan.rows.map((row) => [row.code, row.kind]));
  const progress: ImportProgress = { done: 0, total: work.length, lastPosition: null };
  const parentFacts = (code: string): ParentFacts | null => {
    const id = idByCode.get(code);
    return id ? { id, kind: kindByCode.get(code)!, open: true } : parentInTree(code);
  };

  for (const level of ['province', 'city', 'county', 'township', 'organisation'] as const) {
    const rows = work.filter((row) => row.kind === level);
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        for (const action of row.actions) {
          const receipt = await handleCommand(store, unitDecider, {
            streamName: unitStream(row.unitId),
            submissionId: uuidFromName(`import:${context.actor}:${row.code}:${JSON.stringify(action)}`),
            command: toCommand(row, action, today, parentFacts),
            context,
          });
          const position = BigInt(receipt.position);
          if (progress.lastPosition === null || position > progress.lastPosition) progress.lastPosition = position;
        }
        progress.done++;
        if (progress.done % 500 === 0) onProgress({ ...progress });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
  }
  onProgress({ ...progress });
  return progress;
}

function toCommand(row: PlannedRow, action: PlannedAction, today: string, parent: (code: string) => ParentFacts | null): UnitCommand {
  const on = row.actions[0]?.type === 'open' ? row.on : today;
  switch (action.type) {
    // The plan took a code the actor sees in the tree for that unit's row (a change, not an opening): a row that opens holds a code no one else does.
    case 'open':
      return { ...action, unitId: row.unitId, parent: row.parentCode ? parent(row.parentCode) : null, code: row.code, codeHeldBy: [] };
    case 'move':
      return { type: 'move', to: parent(action.parentCode)!, on };
    case 'rename':
      return { type: 'rename', name: action.name, on };
    case 'reclassify':
      return { type: 'reclassify', organisation: action.organisation, on };
    case 'recordProfile':
      return { type: 'recordProfile', township: action.township, on };
    case 'recordStandards':
      return { type: 'recordStandards', standards: action.standards, on };
    case 'recordMembers':
      return { type: 'recordMembers', leagueMembers: action.leagueMembers, on };
  }
}
