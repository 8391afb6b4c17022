/**
 * The visit record form (one of the 六个一 items done in a region) and the API's body, both
 * ways, in code that runs on the server (the form action) and in the browser (the offline
 * outbox): `visitBody(formData)` builds the JSON of `POST /api/research-teams/:teamId/visits`;
 * `visitFailure(problem, status, values)` puts each of the API's messages beside the field it
 * names (`participants.count` → `participants-count`, `findings.0.text` → the text of the
 * first finding row that was sent); `visitSentPage` is where a record lands.
 *
 * Findings are rows `findings-<n>-topic` / `findings-<n>-text`: rows left empty are not sent,
 * so the API's `findings.<i>` is the i-th row with text. Without JavaScript the form offers one
 * row per topic; with it, the user may add rows. The location is two hidden inputs filled by
 * "use my location" (never required).
 */
import type { Problem } from '../../../api/problem.ts';
import { findingTopics, type FindingTopic, type ResearchItem } from '../../../events/catalog/research.ts';
import { numberOrText, type FormFailure, type Values } from './forms.ts';

/** The body of `POST /api/research-teams/:teamId/visits`. */
export interface VisitBody {
  submissionId: string;
  regionId: string;
  item: ResearchItem;
  date: string;
  place: string;
  participants: { count: number; who: string };
  notes: string;
  findings: { topic: FindingTopic; text: string }[];
  recommendations: string;
  location: { lat: number; lng: number } | null;
  /** When the researcher pressed submit on their device (the outbox sets it). */
  clientTime?: string;
}

/** The fields of a visit whose input is named as the API names them. */
export const visitTexts = ['regionId', 'item', 'date', 'place', 'notes', 'recommendations'] as const;

export const findingName = (row: number, part: 'topic' | 'text') => `findings-${row}-${part}`;
const FINDING = /^findings-(\d+)-(topic|text)$/;

/** How many finding rows the form shows: one per topic at least, and every row the values hold. */
export function findingRows(values: Values): number {
  let rows: number = findingTopics.length;
  for (const name of Object.keys(values)) {
    const match = FINDING.exec(name);
    if (match) rows = Math.max(rows, Number(match[1]) + 1);
  }
  return rows;
}

/**
 * The day a new visit record starts with: today while the round runs, its last day once it has
 * ended (a record written up afterwards is of a visit made during it), its first day before it.
 * A visit cannot be dated after today nor outside the round, so these are the days the form takes.
 */
export function defaultVisitDate(round: { startsOn: string; endsOn: string }, today: string): string {
  if (today < round.startsOn) return round.startsOn;
  return today > round.endsOn ? round.endsOn : today;
}

/** The latest day a visit can be dated: the round's last day, or today while it runs. */
export function lastVisitDate(round: { endsOn: string }, today: string): string {
  return today < round.endsOn ? today : round.endsOn;
}

/** A new form's values: today's date, the region and item asked for, one finding row per topic. */
export function blankVisit(options: { regionId: string; item: string; date: string }): Values {
  const values: Values = {
    regionId: options.regionId,
    item: options.item,
    date: options.date,
    'participants-count': '',
    'location-lat': '',
    'location-lng': '',
  };
  findingTopics.forEach((topic, row) => {
    values[findingName(row, 'topic')] = topic;
  });
  return values;
}

const text = (form: FormData | Values, name: string) => {
  const value = form instanceof FormData ? form.get(name) : form[name];
  return typeof value === 'string' ? value : '';
};

/** The rows that are sent (with text), in the form's order: `findings.<i>` is the i-th of these. */
function sentRows(form: FormData | Values): number[] {
  const names = form instanceof FormData ? [...form.keys()] : Object.keys(form);
  const rows = new Set<number>();
  for (const name of names) {
    const match = FINDING.exec(name);
    if (match?.[2] === 'text' && text(form, name).trim() !== '') rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

function location(form: FormData): VisitBody['location'] {
  const lat = text(form, 'location-lat').trim();
  const lng = text(form, 'location-lng').trim();
  if (!lat || !lng) return null;
  return { lat: Number(lat), lng: Number(lng) };
}

/** The API's body from the form (what was typed, unjudged: the API validates; an item or topic not chosen goes on as ''). */
export function visitBody(form: FormData): VisitBody {
  const clientTime = text(form, 'clientTime');
  return {
    submissionId: text(form, 'submissionId'),
    regionId: text(form, 'regionId'),
    item: text(form, 'item') as ResearchItem,
    date: text(form, 'date').trim(),
    place: text(form, 'place'),
    participants: { count: numberOrText(text(form, 'participants-count')) as number, who: text(form, 'participants-who') },
    notes: text(form, 'notes'),
    findings: sentRows(form).map((row) => ({ topic: text(form, findingName(row, 'topic')) as FindingTopic, text: text(form, findingName(row, 'text')) })),
    recommendations: text(form, 'recommendations'),
    location: location(form),
    ...(clientTime ? { clientTime } : {}),
  };
}

/** Everything the form held, as typed: what a failed form shows again. */
export function visitValues(form: FormData): Values {
  const values: Values = {};
  for (const [name, value] of form) if (typeof value === 'string' && !(name in values)) values[name] = value;
  return values;
}

/** The form field an API error path names, or null when the form has no such field. */
export function visitFieldOf(path: string, values: Values): string | null {
  if ((visitTexts as readonly string[]).includes(path)) return path;
  if (path === 'participants.count' || path === 'participants.who') return path.replace('.', '-');
  if (path === 'findings') return 'findings';
  if (path === 'location' || path.startsWith('location.')) return 'location';
  const finding = /^findings\.(\d+)(?:\.(topic|text))?$/.exec(path);
  if (finding) {
    const row = sentRows(values)[Number(finding[1])];
    return row === undefined ? 'findings' : findingName(row, (finding[2] as 'topic' | 'text' | undefined) ?? 'text');
  }
  return null;
}

/**
 * The API's refusal as the form shows it, from the problem and the fields as typed only, so a
 * refusal that came back through the outbox days later shows in the very same way.
 */
export function visitFailure(problem: Pick<Problem, 'title' | 'errors'>, status: number, values: Values, action = 'visit'): FormFailure {
  const errors: Record<string, string> = {};
  const others: string[] = [];
  for (const item of problem.errors ?? []) {
    const field = visitFieldOf(item.field, values);
    if (field && !errors[field]) errors[field] = item.message;
    else others.push(item.message);
  }
  return { action, values, errors, formError: status >= 500 ? null : problem.title, others, status };
}

/** The team's board after a record, showing it (`after`: read-your-writes) with "recorded" above it. */
export function visitSentPage(teamId: string, receipt: { position: string; recordId?: unknown }): string {
  return `/research/teams/${teamId}?${new URLSearchParams({ after: receipt.position, recorded: String(receipt.recordId ?? '1') })}`;
}
