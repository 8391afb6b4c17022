import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../projections/reportingSettings.ts';
import { healthDistributionChart, healthTrendChart, legendRows, needsChart, needsTrendChart, rateChart } from './charts.ts';

const months = ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01'];
const categories = DEFAULT_SETTINGS.needCategories.map((category, i) => ({ ...category, count: i * 2 }));

describe('charts drawn on the server as SVG', () => {
  it('the reporting rate, with months and percentages on the axes', () => {
    const { svg, summary } = rateChart(
      months.map((month, i) => ({ month, rate: i === 0 ? null : i / 5, onTimeRate: i / 10 })),
      'zh-CN',
    );
    expect(svg).toMatch(/^<svg[^>]+viewBox/);
    for (const text of ['2026年8月', '9月', '2027年1月', '上报率', '按时上报率', '100%', '80%']) expect(svg).toContain(text);
    expect(svg).toContain("font-family:'WenQuanYi Micro Hei'");
    expect(summary).toBe('上报率: 2026年8月 —, 2026年9月 20%, 2026年10月 40%, 2026年11月 60%, 2026年12月 80%, 2027年1月 100%');
  });

  it('the health classes as a ring and as a stacked trend, in either language', () => {
    const distribution = { consolidate: 3, improve: 5, rectify: 1, rebuild: 0 };
    const ring = healthDistributionChart(distribution, 'zh-CN');
    for (const text of ['巩固 3', '提高 5', '整顿 1']) expect(ring.svg).toContain(text);
    expect(ring.svg).not.toContain('重建 0');
    expect(ring.summary).toBe('巩固 3, 提高 5, 整顿 1, 重建 0');
    const trend = healthTrendChart(
      months.map((month) => ({ month, ...distribution })),
      'en',
    );
    for (const text of ['Consolidate', 'Improve', 'Rectify', 'Rebuild', 'Aug 2026', 'Jan 2027']) expect(trend.svg).toContain(text);
  });

  it('the needs by category and over the months, with every category’s name', () => {
    const { svg, summary } = needsChart(categories, 'zh-CN');
    for (const category of DEFAULT_SETTINGS.needCategories) expect(svg).toContain(category.zh);
    expect(summary).toContain('技能培训 2');
    const trend = needsTrendChart(
      months.map((month) => ({ month, categories })),
      'en',
    );
    for (const category of DEFAULT_SETTINGS.needCategories) expect(trend.svg).toContain(category.en.replace('&', '&amp;'));
  });

  it('draws each chart again at a phone’s width, wrapping a long legend', () => {
    const { svg, compact } = needsTrendChart(
      months.map((month) => ({ month, categories })),
      'zh-CN',
    );
    expect(svg).toMatch(/^<svg width="880"/);
    expect(compact).toMatch(/^<svg width="340"/);
    for (const category of DEFAULT_SETTINGS.needCategories) expect(compact).toContain(category.zh);
    expect(
      legendRows(
        DEFAULT_SETTINGS.needCategories.map((category) => category.zh),
        880,
      ),
    ).toBe(1);
    expect(
      legendRows(
        DEFAULT_SETTINGS.needCategories.map((category) => category.zh),
        340,
      ),
    ).toBe(3);
  });

  it('escapes what the settings call a category', () => {
    const { svg } = needsChart([{ key: 'x', zh: '<script>alert(1)</script>', en: 'x', count: 1 }], 'zh-CN');
    expect(svg).not.toContain('<script>');
  });
});
