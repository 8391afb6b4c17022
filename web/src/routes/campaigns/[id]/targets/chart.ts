/**
 * The targets page's chart: for each count target, how many townships meet it, miss it, or
 * cannot be judged (no population recorded), as stacked bars. Drawn on the server with
 * ECharts as SVG through the reporting charts' `draw` (lib/server/charts.ts), at a desktop's and a phone's width.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { TargetsSummary } from '../../../../../../projections/campaignTargets.ts';
import { CHART_FONT, draw, legendRows, WIDTHS, type Chart } from '#lib/server/charts.ts';
import { deliverableMessages } from '#lib/i18n/deliverables.ts';
import type { Locale } from '#lib/i18n.ts';

const COLOURS = { met: '#1b7f3b', missed: '#b00020', unknown: '#9aa5b1' };

/** Townships meeting each of the three count targets (direct ≥ 20, new, total by population). */
export function targetsChart(summary: TargetsSummary, locale: Locale): Chart {
  const t = deliverableMessages(locale).targets;
  const of = summary.townships;
  const rows = [
    { name: t.cards.direct, met: summary.met.direct, unknown: 0 },
    { name: t.cards.new, met: summary.met.new, unknown: 0 },
    { name: t.cards.total, met: summary.met.total, unknown: summary.met.totalUnknown },
  ];
  const legend = [t.chartMet, t.chartMissed, t.chartUnknown];
  const option = (width: number): EChartsCoreOption => {
    const top = 16 + 22 * legendRows(legend, width);
    // On a phone the target's name goes above its bar, so the bars keep the width.
    const narrow = width <= WIDTHS.phone;
    const label = {
      show: true,
      fontFamily: CHART_FONT,
      fontSize: 12,
      color: '#fff',
      formatter: ({ value }: { value: number }) => (value > 0 ? String(value) : ''),
    };
    const series = (name: string, colour: string, pick: (row: (typeof rows)[number]) => number) => ({
      name,
      type: 'bar',
      stack: 'townships',
      barWidth: 22,
      itemStyle: { color: colour },
      label,
      data: rows.map(pick),
    });
    return {
      legend: { top: 0, data: legend, textStyle: { fontFamily: CHART_FONT, fontSize: 13 }, itemWidth: 14, itemHeight: 10 },
      grid: { left: narrow ? 12 : 190, right: 24, top: top + (narrow ? 18 : 0), bottom: 24 },
      xAxis: {
        type: 'value',
        min: 0,
        max: Math.max(of, 1),
        minInterval: 1,
        axisLabel: { fontFamily: CHART_FONT, color: '#52606d' },
        splitLine: { lineStyle: { color: '#d9e2ec' } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((row) => row.name),
        axisTick: { show: false },
        axisLabel: narrow
          ? { inside: true, verticalAlign: 'bottom', padding: [0, 0, 16, 0], fontFamily: CHART_FONT, color: '#1f2933', fontSize: 12 }
          : { fontFamily: CHART_FONT, color: '#1f2933', fontSize: 13, width: 176, overflow: 'truncate' },
        z: 3,
      },
      series: [
        series(t.chartMet, COLOURS.met, (row) => row.met),
        series(t.chartMissed, COLOURS.missed, (row) => of - row.met - row.unknown),
        series(t.chartUnknown, COLOURS.unknown, (row) => row.unknown),
      ],
    };
  };
  const height = (width: number) => 16 + 22 * legendRows(legend, width) + 24 + rows.length * (width <= WIDTHS.phone ? 62 : 46);
  const summaryText = rows.map((row) => `${row.name}: ${t.chartMet} ${row.met} / ${of}${row.unknown ? `, ${t.chartUnknown} ${row.unknown}` : ''}`).join('; ');
  return draw(option, WIDTHS.full, height, summaryText);
}
