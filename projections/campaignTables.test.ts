import { describe, expect, it } from 'vitest';
import { placeOf, table2Columns, totalsOf, withTotals, type Column } from './campaignTables.ts';

describe('the statistical tables', () => {
  it('name the township a committee serves in the 乡镇(街道) column', () => {
    expect(placeOf('城关镇团委')).toBe('城关镇');
    expect(placeOf('城关街道团工委')).toBe('城关街道');
    expect(placeOf('河口镇')).toBe('河口镇');
    expect(placeOf('团委')).toBe('团委');
  });

  it("total each share as the ratio of the totals, not the average of the rows' shares", () => {
    const columns: Column[] = [
      { key: 'township', zh: '乡镇', en: 'Township' },
      { key: 'organisations', zh: '团组织数', en: 'Organisations', total: true },
      { key: 'using', zh: '使用', en: 'Using', total: true },
      { key: 'share', zh: '使用率(%)', en: 'Share (%)', share: { count: 'using', of: 'organisations' } },
      { key: 'fiveOnes', zh: '五个一完成率(%)', en: '五个一 (%)', share: { count: 'done', of: 'organisations', per: 5 } },
    ];
    const rows = [
      { township: '甲镇', organisations: 1, using: 1, share: 100, done: 5, fiveOnes: 100 },
      { township: '乙镇', organisations: 3, using: 0, share: 0, done: 3, fiveOnes: 20 },
    ];
    const lines = [...withTotals(columns, rows, '合计')];
    // 1 of 4 use the manual (25 %, not the 50 % an average would give); 8 of 20 五个一 (40 %).
    expect(lines.at(-1)).toEqual(['合计 (2)', 4, 1, 25, 40]);
    expect(lines[0]).toEqual(['甲镇', 1, 1, 100, 100]);
    expect(totalsOf(columns, rows)).toEqual({ townships: 2, organisations: 4, using: 1 });
    // Nothing to share among: the share is left empty, not 0.
    expect([...withTotals(columns, [], '合计')].at(-1)).toEqual(['合计 (0)', 0, 0, null, null]);
  });

  it('give every percentage of 附件2 a ratio for its totals line', () => {
    for (const column of table2Columns.filter((c) => c.key.endsWith('Share') || c.key.endsWith('Rate') || c.key === 'fiveOnes'))
      expect(column.share, column.key).toBeDefined();
  });
});
