/**
 * Field research as it stands: rounds, teams, every visit record, and an n-gram index over
 * what was written, so a Chinese word is found inside longer words (合作社 in 农村专业合作社).
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { FindingTopic, ResearchItem } from '../events/catalog/research.ts';
import type { Projection } from './projection.ts';

export interface Round { roundId: string; unitId: string; name: string; startsOn: string; endsOn: string; teamIds: string[] }
export interface Team { teamId: string; roundId: string; name: string; memberIds: string[]; regionIds: string[] }
export interface VisitRecord {
  recordId: string; roundId: string; teamId: string; regionId: string; item: ResearchItem; date: string; place: string;
  participants: { count: number; who: string }; notes: string; findings: Array<{ topic: FindingTopic; text: string }>;
  recommendations: string; location: { lat: number; lng: number } | null; actor: string; receivedAt: string;
}

export interface ResearchState {
  rounds: Map<string, Round>;
  teams: Map<string, Team>;
  records: Map<string, VisitRecord>;
  /** Record ids by `${teamId}|${regionId}`, in the order recorded. */
  byTeamRegion: Map<string, string[]>;
  /** Record ids by each two-character sequence of their text (lower-cased). */
  bigrams: Map<string, Set<string>>;
}

export const researchText = (record: VisitRecord) =>
  [record.place, record.participants.who, record.notes, record.recommendations, ...record.findings.map((f) => f.text)].join('\n').toLowerCase();

/** The distinct two-character sequences of a text (characters, so a CJK character counts as one). */
export function bigramsOf(text: string): Set<string> {
  const chars = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    if (!/\s/.test(chars[i]!) && !/\s/.test(chars[i + 1]!)) grams.add(chars[i]! + chars[i + 1]!);
  }
  return grams;
}

export const research: Projection<ResearchState> = {
  name: 'research',
  version: 1,
  initialState: () => ({ rounds: new Map(), teams: new Map(), records: new Map(), byTeamRegion: new Map(), bigrams: new Map() }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'ResearchRoundDeclared':
        state.rounds.set(event.data.roundId, { ...event.data, teamIds: [] });
        return state;
      case 'ResearchTeamFormed':
        state.teams.set(event.data.teamId, event.data);
        state.rounds.get(event.data.roundId)?.teamIds.push(event.data.teamId);
        return state;
      case 'VisitItemRecorded': {
        const record: VisitRecord = { ...event.data, actor: event.metadata.actor, receivedAt: event.metadata.serverTime };
        state.records.set(record.recordId, record);
        const key = `${record.teamId}|${record.regionId}`;
        state.byTeamRegion.set(key, [...(state.byTeamRegion.get(key) ?? []), record.recordId]);
        for (const gram of bigramsOf(researchText(record))) {
          const ids = state.bigrams.get(gram) ?? new Set<string>();
          ids.add(record.recordId);
          state.bigrams.set(gram, ids);
        }
        return state;
      }
      default:
        return state;
    }
  },
};

/** Records whose text contains `query`: candidates from the bigram index, confirmed by substring. */
export function recordsMatching(state: ResearchState, query: string): VisitRecord[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...state.records.values()];
  const grams = [...bigramsOf(needle)];
  let candidates: Iterable<string>;
  if (grams.length === 0) {
    candidates = state.records.keys(); // one character: no bigram to narrow by
  } else {
    const sets = grams.map((gram) => state.bigrams.get(gram) ?? new Set<string>()).sort((a, b) => a.size - b.size);
    candidates = [...sets[0]!].filter((id) => sets.every((set) => set.has(id)));
  }
  const found: VisitRecord[] = [];
  for (const id of candidates) {
    const record = state.records.get(id)!;
    if (researchText(record).includes(needle)) found.push(record);
  }
  return found;
}
