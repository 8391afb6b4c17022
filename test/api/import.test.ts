import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTable, toCsv, writeXlsx } from '../../api/tables/index.ts';
import { readZip } from '../../api/tables/zip.ts';
import { columns } from '../../api/units/import/layout.ts';
import * as readModels from '../../projections/index.ts';
import { setupAdministrator, type Auth } from './fixtures.ts';
import { send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let admin: Auth;
beforeAll(async () => {
  api = await startTestApi();
  admin = await setupAdministrator(api);
});
afterAll(() => api.close());

const header = ['编码', '名称', '层级', '上级编码', '成立日期', '乡镇人口', '团委委员数', '年度经费(元)', '领域', '建团模式', '发文', '备案', '挂牌'];
/** A small province: 2 cities × 2 counties × 5 townships × 25 organisations (527 rows, 500 organisations). */
function province(rename = false): string[][] {
  const rows = [header, ['P', '示范省', '省', '', '2026-01-01', '', '', '', '', '', '', '', '']];
  for (let c = 1; c <= 2; c++) {
    rows.push([`C${c}`, `第${c}市`, '市', 'P', '2026-01-01', '', '', '', '', '', '', '', '']);
    for (let x = 1; x <= 2; x++) {
      rows.push([`C${c}X${x}`, `第${c}市第${x}县`, '县', `C${c}`, '2026-01-01', '', '', '', '', '', '', '', '']);
      for (let t = 1; t <= 5; t++) {
        const code = `C${c}X${x}T${t}`;
        rows.push([code, `${code}镇团委`, '乡镇', `C${c}X${x}`, '2026-01-01', String(30_000 * t), '7', '20000', '', '', '', '', '']);
        for (let o = 1; o <= 25; o++) {
          const name = rename && o === 1 ? `${code}新名团支部` : `${code}第${o}团支部`;
          rows.push([
            `${code}O${o}`,
            name,
            '团组织',
            code,
            '2026-02-01',
            '',
            '',
            '',
            o % 2 ? '村团支部' : '企业',
            o % 3 ? '独立建团' : '联合建团',
            o % 2 ? '' : '是',
            o % 2 ? '' : '是',
            o % 2 ? '' : '否',
          ]);
        }
      }
    }
  }
  return rows;
}
const upload = (name: string, content: string | Uint8Array, dryRun: boolean) => {
  const form = new FormData();
  form.set('file', new File([content as string], name));
  form.set('dryRun', String(dryRun));
  return send(api.app, '/api/imports', { method: 'POST', body: form, headers: admin });
};
async function finished(jobId: string) {
  for (let i = 0; i < 300; i++) {
    const { body } = await send(api.app, `/api/imports/${jobId}`, { headers: admin });
    if (body.job.status !== 'running') return body.job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

/** The day the unit with this code opened, as the tree has it after an import. */
function openedOn(code: string): string | undefined {
  const tree = api.runtime.runner.state(readModels.organisationTree);
  const [id] = tree.byCode.get(code) ?? [];
  return id ? tree.units.get(id)?.openedOn : undefined;
}

const office = (process.env['PATH'] ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'soffice'))
  .find((path) => existsSync(path));

describe('importing the organisation tree', () => {
  it('offers a template in both formats, in the documented layout', async () => {
    for (const format of ['xlsx', 'csv']) {
      const response = await api.app.request(`/api/imports/template?format=${format}`, { headers: admin });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toContain(`.${format}`);
      const table = parseTable(`template.${format}`, new Uint8Array(await response.arrayBuffer()));
      expect(table.headers).toEqual(columns.map((column) => column.zh));
    }
  });

  it('a dry run lists every bad row with its reason and appends nothing', async () => {
    const before = await api.runtime.store.lastPosition();
    const rows = [
      header,
      ['P9', '', '省', '', '', '', '', '', '', '', '', '', ''],
      ['C9', '某市', '州市', 'P9', '', '', '', '', '', '', '', '', ''],
      ['X9', '某县', '县', 'NOPE', '2026-13-45', '', '', '', '', '', '', '', ''],
      ['O9', '某团支部', '团组织', 'X9', '', '', '', '', '火星', '独立建团', '也许', '', ''],
      ['O9', '重复', '团组织', 'X9', '', '', '', '', '村团支部', '独立建团', '', '', ''],
    ];
    const { status, body } = await upload('bad.csv', toCsv(rows), true);
    expect(status).toBe(200);
    expect(body.errors.map((e: { line: number; column: string; problem: string }) => `${e.line} ${e.column} ${e.problem}`)).toEqual([
      '2 name required',
      '3 kind badKind',
      '4 openedOn badDate',
      '5 field badField',
      '5 document badYesNo',
      '6 code duplicateCode',
    ]);
    expect(body.errors[0].message).toBe('第 2 行「名称」:必填');
    expect(await api.runtime.store.lastPosition()).toBe(before);
    const real = await upload('bad.csv', toCsv(rows), false);
    expect(real.status).toBe(400);
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });

  it('imports a province with progress; the same file again changes nothing', async () => {
    const file = toCsv(province());
    const dry = await upload('province.csv', file, true);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.summary).toMatchObject({ open: 527, recordStandards: 240, unchanged: 0 });
    const started = await upload('province.csv', file, false);
    expect(started.status).toBe(202);
    const job = await finished(started.body.job.id);
    expect(job).toMatchObject({ status: 'done', done: 527, total: 527, error: null });

    const units = await send(api.app, `/api/units?after=${job.position}`, { headers: admin });
    expect(units.body.units).toEqual([expect.objectContaining({ name: '示范省', organisations: 500 })]);
    const last = await api.runtime.store.lastPosition();
    const again = await upload('province.csv', file, true);
    expect(again.body.summary).toMatchObject({ open: 0, rename: 0, move: 0, unchanged: 527 });
    const realAgain = await finished((await upload('province.csv', file, false)).body.job.id);
    expect(realAgain).toMatchObject({ status: 'done', total: 0 });
    expect(await api.runtime.store.lastPosition()).toBe(last);
  });

  it('an edited workbook (.xlsx) renames and moves what changed, nothing else', async () => {
    const rows = province(true);
    const moved = rows.findIndex((row) => row[0] === 'C1X1T1O2');
    rows[moved]![3] = 'C1X1T2';
    const workbook = writeXlsx([{ name: '组织架构', rows }]);
    const dry = await upload('province.xlsx', workbook, true);
    expect(dry.body.summary).toMatchObject({ open: 0, rename: 20, move: 1, unchanged: 506 });
    const job = await finished((await upload('province.xlsx', workbook, false)).body.job.id);
    expect(job.status).toBe('done');
    const search = await send(api.app, `/api/units/search?q=${encodeURIComponent('C1X1T1新名')}&after=${job.position}`, { headers: admin });
    expect(search.body.units).toHaveLength(1);
  });

  it('an unreadable file is a clear 400', async () => {
    const { status, body } = await upload('tree.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), true);
    expect(status).toBe(400);
    expect(body.detail).toBe('不支持旧版 Excel(.xls)文件,请在 Excel 或 WPS 中另存为 .xlsx 或 .csv');
  });
});

describe('机关, 事业单位 and league members in the import, and the township’s composition', () => {
  const head = [...header, '团员数'];
  const row = (code: string, name: string, field: string, members = '') => [
    code,
    name,
    '团组织',
    'CT',
    '2026-02-01',
    '',
    '',
    '',
    field,
    '独立建团',
    '',
    '',
    '',
    members,
  ];
  const rows = () => [
    head,
    ['CP', '构成省', '省', '', '2026-01-01', '', '', '', '', '', '', '', '', ''],
    ['CC', '构成市', '市', 'CP', '2026-01-01', '', '', '', '', '', '', '', '', ''],
    ['CX', '构成县', '县', 'CC', '2026-01-01', '', '', '', '', '', '', '', '', ''],
    ['CT', '构成镇团委', '乡镇', 'CX', '2026-01-01', '45000', '7', '20000', '', '', '', '', '', ''],
    row('CT1', '东风村团支部', '村团支部', '12'),
    row('CT2', '卫生院团支部', '事业单位', '6'),
    row('CT3', '镇机关团支部', '机关', ''),
  ];

  it('refuses the old 机关事业单位 with a message naming the two, and a field outside the list naming the list', async () => {
    const old = await upload('old.csv', toCsv([...rows(), row('CT4', '老字段团支部', '机关事业单位'), row('CT5', '错字段团支部', '工厂')]), true);
    const messages = old.body.errors.map((error: { message: string }) => error.message);
    expect(messages).toContainEqual(expect.stringContaining('“机关事业单位”已分为“机关”和“事业单位”'));
    expect(messages).toContainEqual(expect.stringMatching(/领域不在列表中,可选:村团支部、机关、事业单位、企业/));
  });

  it('imports them; the township counts organisations by field and its members; the same file again changes nothing', async () => {
    const started = await upload('composition.csv', toCsv(rows()), false);
    expect(started.status).toBe(202);
    const job = await finished(started.body.job.id);
    expect(job.summary).toMatchObject({ open: 7, recordMembers: 2 });
    const townshipId = (await send(api.app, `/api/units/search?q=${encodeURIComponent('构成镇')}&after=${job.position}`, { headers: admin })).body.units[0].id;
    const { body } = await send(api.app, `/api/units/${townshipId}`, { headers: admin });
    const byField = Object.fromEntries(body.composition.byField.map((entry: { field: string; count: number }) => [entry.field, entry.count]));
    expect(byField).toMatchObject({ village: 1, publicInstitution: 1, governmentOrgan: 1 });
    expect(body.composition).toMatchObject({ total: 3, members: { total: 18, fromImport: 2, fromReports: 0, unknown: 1 } });
    const again = await upload('composition.csv', toCsv(rows()), true);
    expect(again.body.summary).toMatchObject({ open: 0, recordMembers: 0, unchanged: 7 });
  });
});

describe('an import that works with spreadsheets as people fill them in', () => {
  it('gives the template drop-down lists for the coded columns and an instructions sheet; its sample rows are skipped if left in', async () => {
    const response = await api.app.request('/api/imports/template?format=xlsx', { headers: admin });
    const zip = readZip(new Uint8Array(await response.arrayBuffer()));
    const workbook = new TextDecoder().decode(zip.read('xl/workbook.xml'));
    expect(workbook).toContain('name="组织架构"');
    expect(workbook).toContain('name="填写说明"');
    const sheet = new TextDecoder().decode(zip.read('xl/worksheets/sheet1.xml'));
    const levelColumn = String.fromCharCode(65 + columns.findIndex((column) => column.key === 'kind'));
    expect(sheet).toContain(
      `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${levelColumn}3:${levelColumn}20000"><formula1>"省,市,县,乡镇,团组织"</formula1>`,
    );
    for (const key of ['field', 'buildingMode', 'document']) {
      const column = String.fromCharCode(65 + columns.findIndex((c) => c.key === key));
      expect(sheet).toMatch(new RegExp(`<dataValidation type="list"[^>]*sqref="${column}3:${column}20000">`));
    }
    const instructions = new TextDecoder().decode(zip.read('xl/worksheets/sheet2.xml'));
    expect(instructions).toContain('村团支部、');
    expect(instructions).toContain('示例-');
    // The template sent back untouched: nothing to import, nothing wrong, its six sample rows counted as skipped.
    for (const format of ['xlsx', 'csv']) {
      const template = await api.app.request(`/api/imports/template?format=${format}`, { headers: admin });
      const dry = await upload(`template.${format}`, new Uint8Array(await template.arrayBuffer()), true);
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      expect(dry.body.errors).toEqual([]);
      expect(dry.body.summary).toMatchObject({ open: 0, samples: 6 });
    }
  });

  it('reads dates as spreadsheets hold them: date cells, 2026/3/1 and 2026年3月1日; a bad one says what is accepted', async () => {
    const rows = [
      header,
      ['ZDP', '日期省', '省', '', '46082', '', '', '', '', '', '', '', ''],
      ['ZDC1', '日期一市', '市', 'ZDP', '2026/3/2', '', '', '', '', '', '', '', ''],
      ['ZDC2', '日期二市', '市', 'ZDP', '2026年3月3日', '', '', '', '', '', '', '', ''],
      ['ZDC3', '日期三市', '市', 'ZDP', '2026-02-30', '', '', '', '', '', '', '', ''],
    ];
    const dry = await upload('dates.csv', toCsv(rows), true);
    expect(dry.body.errors).toEqual([
      expect.objectContaining({ line: 5, column: 'openedOn', problem: 'badDate', message: expect.stringContaining('2026年6月18日') }),
    ]);
    const job = await finished((await upload('dates.csv', toCsv(rows.slice(0, 4)), false)).body.job.id);
    expect(job.status).toBe('done');
    expect(['ZDP', 'ZDC1', 'ZDC2'].map(openedOn)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });

  it.skipIf(!office)(
    `imports a template filled in and saved by LibreOffice Calc, with real date cells${office ? '' : ' (skipped: soffice is not on PATH)'}`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lp-calc-'));
      try {
        const template = parseTable(
          'template.csv',
          new Uint8Array(await (await api.app.request('/api/imports/template?format=csv', { headers: admin })).arrayBuffer()),
        );
        const filled = [
          template.headers,
          ...template.rows.map((row) => template.headers.map((h) => row.cells[h] ?? '')),
          ['ZCP', '导入省', '省', '', '2026-03-01', ...Array(columns.length - 5).fill('')],
          ['ZCC', '导入市', '市', 'ZCP', '2026-03-02', ...Array(columns.length - 5).fill('')],
        ];
        writeFileSync(join(dir, 'filled.csv'), toCsv(filled));
        // Calc reads the CSV as a person typing it would be read (dates become date cells) and saves it as .xlsx.
        execFileSync(
          office!,
          [
            '--headless',
            '--norestore',
            `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
            '--infilter=CSV:44,34,76,1,,0,false,true,false,false,true',
            '--convert-to',
            'xlsx',
            '--outdir',
            dir,
            join(dir, 'filled.csv'),
          ],
          { stdio: 'pipe', timeout: 120_000 },
        );
        const bytes = new Uint8Array(readFileSync(join(dir, 'filled.xlsx')));
        // The dates are date cells: the file holds their serial numbers, not the text typed.
        expect(new TextDecoder().decode(readZip(bytes).read('xl/worksheets/sheet1.xml'))).toContain('<v>46082</v>');
        const dry = await upload('filled.xlsx', bytes, true);
        expect(dry.body.errors).toEqual([]);
        expect(dry.body.summary).toMatchObject({ open: 2, samples: 6 });
        const job = await finished((await upload('filled.xlsx', bytes, false)).body.job.id);
        expect(job.status).toBe('done');
        expect(['ZCP', 'ZCC'].map(openedOn)).toEqual(['2026-03-01', '2026-03-02']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
