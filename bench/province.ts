/**
 * A deterministic synthetic province in the import layout: 14 cities, ~100 counties, ~1,500
 * townships with populations in all three 2345 bands, ~50,000 organisations.
 */
export const IMPORT_HEADER = [
  '编码',
  '名称',
  '层级',
  '上级编码',
  '成立日期',
  '乡镇人口',
  '团委委员数',
  '年度经费(元)',
  '领域',
  '建团模式',
  '发文',
  '备案',
  '挂牌',
];
const FIELDS = ['村团支部', '企业', '农村专业合作社', '机关', '事业单位', '居民社区', '社会组织', '农业产业基地'];
const MODES = ['独立建团', '联合建团', '挂靠建团', '依托建团', '区域建团'];

/** A small deterministic generator (mulberry32), so every run builds the same province. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function provinceRows(options = { cities: 14, countiesPerCity: 7, townshipsPerCounty: 15, organisationsPerTownship: 33 }): string[][] {
  const next = random(2026);
  const rows = [IMPORT_HEADER, ['P', '示范省', '省', '', '2026-01-01', '', '', '', '', '', '', '', '']];
  for (let c = 1; c <= options.cities; c++) {
    const city = `C${c}`;
    rows.push([city, `第${c}市`, '市', 'P', '2026-01-01', '', '', '', '', '', '', '', '']);
    for (let x = 1; x <= options.countiesPerCity; x++) {
      const county = `${city}X${x}`;
      rows.push([county, `第${c}市第${x}县`, '县', city, '2026-01-01', '', '', '', '', '', '', '', '']);
      for (let t = 1; t <= options.townshipsPerCounty; t++) {
        const township = `${county}T${t}`;
        const population = String(Math.round(20_000 + next() * 110_000));
        rows.push([township, `${township}镇团委`, '乡镇', county, '2026-01-01', population, String(3 + Math.floor(next() * 8)), '20000', '', '', '', '', '']);
        for (let o = 1; o <= options.organisationsPerTownship; o++) {
          const field = FIELDS[Math.floor(next() * FIELDS.length)]!;
          const affiliated = field !== '村团支部';
          const yes = () => (affiliated ? (next() < 0.8 ? '是' : '否') : '');
          rows.push([
            `${township}O${o}`,
            `${township}第${o}${affiliated ? field : ''}团支部`,
            '团组织',
            township,
            '2026-02-01',
            '',
            '',
            '',
            field,
            MODES[Math.floor(next() * MODES.length)]!,
            yes(),
            yes(),
            yes(),
          ]);
        }
      }
    }
  }
  return rows;
}
