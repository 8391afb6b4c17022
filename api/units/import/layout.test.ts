import { describe, expect, it } from 'vitest';
import { allowedValues, isSampleRow, parseDay, templateRows } from './layout.ts';

describe('the import layout', () => {
  it('reads a day as spreadsheets hold it, and nothing that is not one', () => {
    for (const [text, day] of [
      ['2026-06-18', '2026-06-18'],
      ['2026-6-8', '2026-06-08'],
      ['2026/6/18', '2026-06-18'],
      ['2026.06.18', '2026-06-18'],
      ['2026年6月18日', '2026-06-18'],
      ['2026年06月18', '2026-06-18'],
      [' 2026 / 3 / 1 ', '2026-03-01'],
      // Date cells: Excel, WPS and LibreOffice store the serial number (and a time as its fraction).
      ['46023', '2026-01-01'],
      ['46191', '2026-06-18'],
      ['46191.75', '2026-06-18'],
      ['21916', '1960-01-01'],
    ] as const)
      expect(parseDay(text), text).toBe(day);
    for (const text of ['2026-02-30', '2026/13/1', '18/6/2026', '6/18/2026', '2026-06', '12345', '999999', 'today', ''])
      expect(parseDay(text), text).toBeNull();
  });

  it("marks the template's sample rows, and lists the coded columns' values within a drop-down list's 255 characters", () => {
    const [, , ...samples] = templateRows();
    expect(samples.length).toBeGreaterThan(0);
    for (const row of samples) expect(isSampleRow(row[0]!), row[0]).toBe(true);
    expect(isSampleRow('P01')).toBe(false);
    for (const [key, values] of Object.entries(allowedValues())) {
      expect(values.join(',').length, key).toBeLessThanOrEqual(255);
      for (const value of values) expect(value, key).not.toMatch(/[,"]/);
    }
    expect(allowedValues().kind).toEqual(['省', '市', '县', '乡镇', '团组织']);
  });
});
