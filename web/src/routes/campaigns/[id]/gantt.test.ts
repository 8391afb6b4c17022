import { describe, expect, it } from 'vitest';
import { hundredDaysTemplate } from '../../../../../events/catalog/campaignTemplate.ts';
import { lanesOf, monthTicks, scaleOf } from './gantt.ts';

const span = { start: '2026-06-18', end: '2026-09-30' };

describe('the timeline’s geometry', () => {
  it('places days as fractions of the span: bars cover whole days, points sit mid-day', () => {
    const scale = scaleOf(span);
    expect(scale.days).toBe(105);
    expect(scale.bar('2026-06-18', '2026-09-30')).toEqual({ left: 0, width: 1 });
    expect(scale.bar('2026-06-18', '2026-06-18').width).toBeCloseTo(1 / 105, 4);
    expect(scale.point('2026-06-18')).toBeCloseTo(0.5 / 105, 4);
    expect(scale.point('2027-01-01')).toBe(1);
    expect(scale.within('2026-10-01')).toBe(false);
  });

  it('labels each month’s first day, and the span’s first month when it starts mid-month', () => {
    expect(monthTicks(span).map((tick) => tick.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09']);
    expect(monthTicks(span)[0]!.at).toBe(0);
    // A month starting within a tenth of the span leaves no room for two labels: the 1st alone.
    expect(monthTicks({ start: '2026-06-27', end: '2026-08-10' }).map((tick) => tick.month)).toEqual(['2026-07', '2026-08']);
  });

  it('gives markers whose labels would meet lanes of their own; a label past the middle runs left', () => {
    const { deadlines } = hundredDaysTemplate(2026);
    const scale = scaleOf(span);
    const markers = deadlines.map((deadline) => ({ key: deadline.kind, at: scale.point(deadline.due), width: 0.15 }));
    const { placed, count } = lanesOf(markers);
    expect(count).toBe(3);
    expect(placed.baseline).toEqual({ lane: 0, side: 'right' });
    expect(placed.rectification).toEqual({ lane: 1, side: 'right' });
    // 20 September is 90 % along: its label runs left, and so do those of 25 September.
    expect(placed.case).toEqual({ lane: 0, side: 'left' });
    expect([placed.summary.lane, placed.tables.lane].sort()).toEqual([1, 2]);
    expect(
      lanesOf([
        { key: 'a', at: 0.1, width: 0.2 },
        { key: 'b', at: 0.5, width: 0.2 },
      ]).count,
    ).toBe(1);
    expect(
      lanesOf([
        { key: 'a', at: 0.1, width: 0.2 },
        { key: 'b', at: 0.25, width: 0.2 },
      ]).placed.b,
    ).toEqual({ lane: 1, side: 'right' });
  });
});
