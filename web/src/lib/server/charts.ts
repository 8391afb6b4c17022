/**
 * The reporting pages' charts, drawn on the server with Apache ECharts as SVG strings (its
 * server-side rendering: no browser, no JavaScript on the page), so they show without
 * JavaScript, print sharply and can be tested. Each chart is drawn twice — at the width a
 * desktop page shows it and at a phone's width — so its text reads at its own size on either
 * (the page shows one by a media query); with a sentence saying what it shows, for screen readers.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { healthClasses, type HealthClass } from '../../../../events/catalog/report.ts';
import { axisMonth, percent, reportMessages, standingLabels } from '../i18n/reports.ts';
import type { Locale } from '../i18n.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

export interface Chart {
  /** At the width a desktop page shows it. */
  svg: string;
  /** At a phone's width. */
  compact: string;
  /** What the chart shows, in words (its accessible name). */
  summary: string;
}

/** The page's own fonts, Chinese ones first that render on servers, Macs and Windows alike. */
export const CHART_FONT = "'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', system-ui, sans-serif";
/** The site's text, muted text and rule colours. */
export const INK = '#1f2933';
export const MUTED = '#52606d';
export const LINE = '#d9e2ec';
/** Classes in the site's colours: good green to bad red. */
export const HEALTH_COLOURS: Record<Standing, string> = {
  consolidate: '#1b7f3b',
  improve: '#1565c0',
  rectify: '#ef6c00',
  rebuild: '#b00020',
  unassessed: '#78909c',
};
type Standing = HealthClass | 'unassessed';
/** The classes a chart shows: the four, and 未评定 when any branch is not yet assessed. */
const standingsIn = (counts: Array<Partial<Record<Standing, number>>>): Standing[] =>
  counts.some((count) => (count.unassessed ?? 0) > 0) ? [...healthClasses, 'unassessed'] : [...healthClasses];
const PALETTE = ['#c62828', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#5d4037', '#558b2f', '#283593', '#f9a825', '#37474f'];

/** Widths: the whole of a desktop page (main is 60rem), its two columns, a phone. */
export const WIDTHS = { full: 880, wide: 540, narrow: 360, phone: 340 } as const;

/** One chart drawn to an SVG string, then let go. */
function render(option: EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: CHART_FONT, color: INK, fontSize: 13 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart at its desktop width and at a phone's (the option may adapt to the width it is drawn at). */
export function draw(option: (width: number) => EChartsCoreOption, width: number, height: (width: number) => number, summary: string): Chart {
  return { svg: render(option(width), width, height(width)), compact: render(option(WIDTHS.phone), WIDTHS.phone, height(WIDTHS.phone)), summary };
}

export const axisLabel = { color: MUTED, fontFamily: CHART_FONT, fontSize: 12 };
const legend = { top: 0, textStyle: { fontFamily: CHART_FONT, color: INK, fontSize: 13 }, itemWidth: 14, itemHeight: 10 };
const splitLine = { lineStyle: { color: LINE } };
/** Months along the bottom; on a phone the first one without its year (unless it is January), so all six fit. */
const monthAxis = (list: { month: string }[], locale: Locale, width: number) => ({
  type: 'category',
  data: list.map((item, i) => axisMonth(item.month, locale, i === 0 && width > WIDTHS.phone)),
  axisLabel: { ...axisLabel, hideOverlap: true },
  axisLine: { lineStyle: { color: MUTED } },
  axisTick: { show: false },
});
const valueAxis = (extra: object = {}) => ({ type: 'value', minInterval: 1, axisLabel, splitLine, ...extra });

/** Width of a text at 13 px: CJK characters square, Latin about half. */
export const textWidth = (text: string) => [...text].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 13 : 7), 0);

/** How many rows a legend of these names takes at a width (13 px text: CJK characters square, Latin about half). */
export function legendRows(names: string[], width: number): number {
  const itemWidth = (name: string) => 14 + 5 + textWidth(name) + 10;
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const item = itemWidth(name);
    if (used > 0 && used + item > width - 20) {
      rows++;
      used = 0;
    }
    used += item;
  }
  return rows;
}
const belowLegend = (names: string[], width: number) => 16 + 22 * legendRows(names, width);

/** The reporting rate and the on-time rate month by month (0–100 %). */
export function rateChart(
  series: Array<{ month: string; rate: number | null; onTimeRate: number | null }>,
  locale: Locale,
  width: number = WIDTHS.full,
): Chart {
  const t = reportMessages(locale).chart;
  const pct = (share: number | null) => (share === null ? null : Math.round(share * 100));
  return draw(
    (w) => ({
      legend: { ...legend, data: [t.rate, t.onTimeRate] },
      grid: { left: 48, right: 16, top: belowLegend([t.rate, t.onTimeRate], w), bottom: 28 },
      xAxis: monthAxis(series, locale, w),
      yAxis: valueAxis({ min: 0, max: 100, interval: 25, axisLabel: { ...axisLabel, formatter: '{value}%' } }),
      series: [
        {
          name: t.rate,
          type: 'bar',
          barMaxWidth: 40,
          itemStyle: { color: '#c62828', borderRadius: [3, 3, 0, 0] },
          data: series.map((item) => pct(item.rate)),
          label: { show: true, position: 'top', formatter: '{c}%', fontFamily: CHART_FONT, color: INK, fontSize: 12 },
        },
        {
          name: t.onTimeRate,
          type: 'line',
          symbolSize: 7,
          lineStyle: { width: 2 },
          itemStyle: { color: '#1565c0' },
          data: series.map((item) => pct(item.onTimeRate)),
        },
      ],
    }),
    width,
    () => 300,
    `${t.rate}: ${series.map((item) => `${axisMonth(item.month, locale, true)} ${percent(item.rate)}`).join(', ')}`,
  );
}

/** How many branches are in each class, as a ring. */
export function healthDistributionChart(
  distribution: Record<HealthClass, number> & { unassessed?: number },
  locale: Locale,
  width: number = WIDTHS.narrow,
): Chart {
  const shown = standingsIn([distribution]);
  const count = (key: Standing) => distribution[key] ?? 0;
  const names = shown.map((key) => standingLabels[key][locale]);
  // Every class in the legend (its colour is the key to the page); an empty class draws no slice and no label.
  const data = shown.map((key) => ({
    name: standingLabels[key][locale],
    value: count(key),
    itemStyle: { color: HEALTH_COLOURS[key] },
    ...(count(key) === 0 ? { label: { show: false }, labelLine: { show: false } } : {}),
  }));
  return draw(
    (w) => ({
      legend: { ...legend, data: names },
      series: [
        {
          type: 'pie',
          radius: ['38%', '66%'],
          center: ['50%', `${50 + (100 * belowLegend(names, w)) / 2 / 280}%`],
          data,
          label: { formatter: '{b} {c}', fontFamily: CHART_FONT, color: INK, fontSize: 14 },
          labelLine: { length: 10, length2: 8 },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
        },
      ],
    }),
    width,
    () => 280,
    shown.map((key) => `${standingLabels[key][locale]} ${count(key)}`).join(', '),
  );
}

/** The classes month by month, stacked. */
export function healthTrendChart(
  trend: Array<{ month: string } & Record<HealthClass, number> & { unassessed?: number }>,
  locale: Locale,
  width: number = WIDTHS.wide,
): Chart {
  const shown = standingsIn(trend);
  const names = shown.map((key) => standingLabels[key][locale]);
  return draw(
    (w) => ({
      legend: { ...legend, data: names },
      grid: { left: 40, right: 16, top: belowLegend(names, w), bottom: 28 },
      xAxis: monthAxis(trend, locale, w),
      yAxis: valueAxis(),
      series: shown.map((key) => ({
        name: standingLabels[key][locale],
        type: 'bar',
        stack: 'classes',
        barMaxWidth: 48,
        itemStyle: { color: HEALTH_COLOURS[key] },
        data: trend.map((item) => item[key] ?? 0),
      })),
    }),
    width,
    () => 280,
    trend
      .map((item) => `${axisMonth(item.month, locale, true)}: ${shown.map((key) => `${standingLabels[key][locale]} ${item[key] ?? 0}`).join(' ')}`)
      .join('; '),
  );
}

type Category = { key: string; zh: string; en: string };
const categoryName = (category: Category, locale: Locale) => (locale === 'en' ? category.en : category.zh) || category.key;

/** Youth naming each need in a month: one bar per category, in the settings' order from the top. */
export function needsChart(categories: Array<Category & { count: number }>, locale: Locale, width: number = WIDTHS.wide): Chart {
  const t = reportMessages(locale).chart;
  const names = categories.map((category) => categoryName(category, locale));
  const longest = Math.max(...names.map((name) => [...name].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 13 : 7), 0)), 40);
  return draw(
    (w) => ({
      grid: { left: Math.min(w * 0.45, 16 + longest), right: 40, top: 16, bottom: 28 },
      xAxis: valueAxis({ name: t.people, nameLocation: 'end', nameGap: 6, nameTextStyle: axisLabel }),
      yAxis: {
        type: 'category',
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: MUTED } },
        axisLabel: { ...axisLabel, color: INK, fontSize: 13, width: w * 0.45 - 16, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 22,
          itemStyle: { color: '#c62828', borderRadius: [0, 3, 3, 0] },
          data: categories.map((category) => category.count),
          label: { show: true, position: 'right', fontFamily: CHART_FONT, color: INK, fontSize: 12 },
        },
      ],
    }),
    width,
    () => Math.max(160, 44 + categories.length * 34),
    categories.map((category) => `${categoryName(category, locale)} ${category.count}`).join(', '),
  );
}

/** Youth naming each need, month by month, stacked by category. */
export function needsTrendChart(
  series: Array<{ month: string; categories: Array<Category & { count: number }> }>,
  locale: Locale,
  width: number = WIDTHS.full,
): Chart {
  const known = new Map<string, Category>();
  for (const item of series) for (const category of item.categories) if (!known.has(category.key)) known.set(category.key, category);
  const categories = [...known.values()];
  const names = categories.map((category) => categoryName(category, locale));
  const countOf = (item: (typeof series)[number], key: string) => item.categories.find((category) => category.key === key)?.count ?? 0;
  return draw(
    (w) => ({
      legend: { ...legend, data: names },
      grid: { left: 40, right: 16, top: belowLegend(names, w), bottom: 28 },
      xAxis: monthAxis(series, locale, w),
      yAxis: valueAxis(),
      series: categories.map((category, i) => ({
        name: names[i],
        type: 'bar',
        stack: 'needs',
        barMaxWidth: 48,
        data: series.map((item) => countOf(item, category.key)),
      })),
    }),
    width,
    (w) => 240 + belowLegend(names, w),
    series
      .map(
        (item) =>
          `${axisMonth(item.month, locale, true)}: ${categories.map((category) => `${categoryName(category, locale)} ${countOf(item, category.key)}`).join(' ')}`,
      )
      .join('; '),
  );
}
