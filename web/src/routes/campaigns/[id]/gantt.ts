/**
 * Where things sit on the timeline: every date becomes a fraction (0–1) of the drive's span,
 * which the page hands to CSS (`--at`, `--width`), so the chart is plain HTML that renders
 * without JavaScript, prints, and stretches with the page.
 */
const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const clamp = (value: number) => Math.min(1, Math.max(0, value));
/** Four places: enough for a pixel on any screen, short in the markup. */
const round = (value: number) => Math.round(value * 10_000) / 10_000;

export interface Span {
  start: string;
  end: string;
}

export function scaleOf(span: Span) {
  const first = dayNumber(span.start);
  const days = Math.max(1, dayNumber(span.end) - first + 1);
  return {
    days,
    within: (day: string) => day >= span.start && day <= span.end,
    /** A day as a point: its middle, so a deadline's diamond sits on its own day. */
    point: (day: string) => round(clamp((dayNumber(day) - first + 0.5) / days)),
    /** Days from start to end, both included: where the bar starts and how wide it is. */
    bar: (start: string, end: string) => {
      const left = clamp((dayNumber(start) - first) / days);
      return { left: round(left), width: round(clamp((dayNumber(end) - first + 1) / days) - left) };
    },
  };
}

/** The axis: the first of each month inside the span, and the span's own first day unless a month starts within a tenth of the span (no room for its label). */
export function monthTicks(span: Span): Array<{ month: string; at: number }> {
  const scale = scaleOf(span);
  const ticks: Array<{ month: string; at: number }> = [];
  let [year, month] = span.start.slice(0, 7).split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 60; guard++) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    const day = `${key}-01`;
    if (day > span.end) break;
    if (day >= span.start) ticks.push({ month: key, at: scale.bar(day, day).left });
    if (month === 12) {
      year += 1;
      month = 1;
    } else month += 1;
  }
  // The span rarely starts on the 1st: label its month at the start too, when there is room before the next tick.
  if (span.start.slice(8) !== '01' && (ticks[0]?.at ?? 1) >= 0.1) ticks.unshift({ month: span.start.slice(0, 7), at: 0 });
  return ticks;
}

/** A marker at a point of the span with a label of a known width (both fractions of the track). */
export interface Marker<Key extends string> {
  key: Key;
  at: number;
  width: number;
}
export interface Placement {
  lane: number;
  side: 'right' | 'left';
}

/** A label runs right of its point in the first part of the span, left of it after (so it stays inside). */
export const sideOf = (at: number): Placement['side'] => (at > 0.55 ? 'left' : 'right');

/**
 * Lanes for a row's markers, so two deadlines close in time never cover each other's label: a
 * marker takes the first lane where its label overlaps none already there.
 */
export function lanesOf<Key extends string>(markers: ReadonlyArray<Marker<Key>>, diamond = 0.015): { placed: Record<Key, Placement>; count: number } {
  const lanes: Array<Array<[number, number]>> = [];
  const placed = {} as Record<Key, Placement>;
  for (const marker of [...markers].sort((a, b) => a.at - b.at)) {
    const side = sideOf(marker.at);
    const [from, to] = side === 'right' ? [marker.at - diamond, marker.at + marker.width] : [marker.at - marker.width, marker.at + diamond];
    let lane = lanes.findIndex((taken) => taken.every(([a, b]) => to + 0.01 <= a || from >= b + 0.01));
    if (lane === -1) lane = lanes.push([]) - 1;
    lanes[lane]!.push([from, to]);
    placed[marker.key] = { lane, side };
  }
  return { placed, count: Math.max(1, lanes.length) };
}
