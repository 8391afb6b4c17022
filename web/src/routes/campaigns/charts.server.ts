import type { DeliverableKind } from '../../../../events/catalog/campaign.ts';
import { axisLabel, CHART_FONT, draw, INK, legendRows, LINE, MUTED, textWidth, WIDTHS, type Chart } from '#lib/server/charts.ts';
import { campaignMessages, deliverableName } from '#lib/i18n/campaigns.ts';
import type { Locale } from '#lib/i18n.ts';
import { STATUS_COLOURS, statusOrder, type DeliverableStatus } from './statuses.ts';

/** The names down the left, at most 45 % of the chart (longer ones are cut with an ellipsis). */
const categoryAxis = (names: string[], width: number) => ({
  type: 'category',
  inverse: true,
  data: names,
  axisTick: { show: false },
  axisLine: { lineStyle: { color: MUTED } },
  axisLabel: { ...axisLabel, color: INK, fontSize: 13, width: width * 0.45 - 16, overflow: 'truncate' },
});
const leftFor = (names: string[], width: number) => Math.min(width * 0.45, 16 + Math.max(40, ...names.map(textWidth)));

type Counts = Record<DeliverableStatus, number> & { kind: DeliverableKind; owed: number };

/** Each deliverable's units by status, stacked: how many approved, awaiting review, returned, overdue, not yet due. */
export function statusChart(totals: Counts[], locale: Locale, width: number = WIDTHS.full): Chart {
  const t = campaignMessages(locale);
  const names = statusOrder.map((status) => t.statuses[status]);
  const kinds = totals.map((item) => deliverableName(item.kind, locale));
  return draw(
    (w) => ({
      legend: { top: 0, data: names, textStyle: { fontFamily: CHART_FONT, color: INK, fontSize: 13 }, itemWidth: 14, itemHeight: 10 },
      grid: { left: leftFor(kinds, w), right: 20, top: 16 + 22 * legendRows(names, w), bottom: 28 },
      xAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel,
        splitLine: { lineStyle: { color: LINE } },
        name: t.chart.owed,
        nameLocation: 'end',
        nameGap: 6,
        nameTextStyle: axisLabel,
      },
      yAxis: categoryAxis(kinds, w),
      series: statusOrder.map((status, i) => ({
        name: names[i],
        type: 'bar',
        stack: 'statuses',
        barMaxWidth: 26,
        itemStyle: { color: STATUS_COLOURS[status] },
        data: totals.map((item) => item[status]),
        // The count inside its segment, when there is one to show.
        label: { show: true, color: '#fff', fontFamily: CHART_FONT, fontSize: 12, formatter: (p: { value: number }) => (p.value > 0 ? String(p.value) : '') },
      })),
    }),
    width,
    (w) => 16 + 22 * legendRows(names, w) + totals.length * 40 + 36,
    totals
      .map(
        (item) =>
          `${deliverableName(item.kind, locale)}: ${
            statusOrder
              .filter((s) => item[s] > 0)
              .map((s) => `${t.statuses[s]} ${item[s]}`)
              .join(', ') || t.timeline.nothingOwed
          }`,
      )
      .join('; '),
  );
}

/** A bulletin's scores, best at the top; the units called in for a talk in red. */
export function scoreChart(rows: Array<{ name: string; rank: number; score: number; talk: boolean }>, locale: Locale, width: number = WIDTHS.full): Chart {
  const t = campaignMessages(locale).bulletin;
  const names = rows.map((row) => row.name);
  return draw(
    (w) => ({
      grid: { left: leftFor(names, w), right: 48, top: 12, bottom: 28 },
      xAxis: { type: 'value', min: 0, max: 100, interval: 20, axisLabel, splitLine: { lineStyle: { color: LINE } } },
      yAxis: categoryAxis(names, w),
      series: [
        {
          type: 'bar',
          barMaxWidth: 22,
          data: rows.map((row) => ({ value: row.score, itemStyle: { color: row.talk ? STATUS_COLOURS.overdue : '#243b53', borderRadius: [0, 3, 3, 0] } })),
          label: { show: true, position: 'right', fontFamily: CHART_FONT, color: INK, fontSize: 12, formatter: (p: { value: number }) => p.value.toFixed(1) },
        },
      ],
    }),
    width,
    () => Math.max(140, 40 + rows.length * 34),
    rows.map((row) => `${row.rank}. ${row.name} ${row.score.toFixed(1)} ${t.points}${row.talk ? ` (${t.talk})` : ''}`).join('; '),
  );
}
