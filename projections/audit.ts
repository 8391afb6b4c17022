/**
 * The audit trail (操作记录): who did what, when, to which unit — read from the log itself.
 * Each entry keeps the unit it concerns, so a unit's page can list its subtree's history.
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { Projection } from './projection.ts';

export interface AuditEntry {
  position: string;
  type: string;
  /** The unit the event concerns (for an account: the first unit of its scope). */
  unitId: string | null;
  actor: string;
  serverTime: string;
  /** The date the change takes effect, when it has one. */
  on: string | null;
  /** The event's data, minus secrets (password and token hashes). */
  details: Record<string, unknown>;
}

export interface AuditState {
  entries: AuditEntry[];
  /** The unit each account belongs to, so its later events land under that unit too. */
  userUnits: Map<string, string>;
}

const SECRET = new Set(['passwordHash', 'tokenHash']);

/** One copy of each unit and account id for a million entries, instead of one per event read. */
const interned = new Map<string, string>();
function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  interned.set(text, text);
  return text;
}

/**
 * What an entry keeps of its event: the short facts a line of the audit needs (names, codes,
 * kinds, reasons, the organisation's class), never secrets, and never the bulk of a report or
 * a case — a million entries must fit in memory; the full event stays in the log.
 */
function brief(data: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in data) {
    if (SECRET.has(key)) continue;
    const value = data[key];
    // Ids are on the entry already or mean nothing to a reader; times are the entry's own.
    if (key.endsWith('Id') || key === 'supersedes' || key === 'submittedAt') continue;
    if (key === 'organisation' || value === null || typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value.length <= 200)) kept[key] = value;
  }
  return kept;
}

export const audit: Projection<AuditState> = {
  name: 'audit',
  version: 3,
  initialState: () => ({ entries: [], userUnits: new Map() }),
  evolve(state, event: StoredEvent) {
    const data = event.data as Record<string, unknown>;
    if (event.type === 'UserInvited' && event.data.unitIds[0]) state.userUnits.set(event.data.userId, event.data.unitIds[0]);
    const unitId = typeof data.unitId === 'string' ? data.unitId
      : typeof data.provinceId === 'string' ? data.provinceId
        : typeof data.userId === 'string' ? state.userUnits.get(data.userId) ?? null : null;
    state.entries.push({
      position: event.position.toString(),
      type: event.type,
      unitId: unitId === null ? null : intern(unitId),
      actor: intern(event.metadata.actor),
      serverTime: event.metadata.serverTime,
      on: typeof data.on === 'string' ? data.on : null,
      details: brief(data),
    });
    return state;
  },
};

/** The latest entries (newest first) whose unit passes `include`, up to `limit`. */
export function latestEntries(state: AuditState, include: (unitId: string | null) => boolean, limit = 100): AuditEntry[] {
  const found: AuditEntry[] = [];
  for (let i = state.entries.length - 1; i >= 0 && found.length < limit; i--) {
    const entry = state.entries[i]!;
    if (include(entry.unitId)) found.push(entry);
  }
  return found;
}
