/**
 * The month view's and branch health's lists as downloads: every row the list's filter keeps, in
 * its order, as .csv and .xlsx — and an .xlsx that LibreOffice Calc opens with the same rows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince, type GeneratedProvince } from '../../bench/generate.ts';
import { parseTable } from '../../api/tables/index.ts';
import { healthOfUnit } from '../../projections/branchHealth.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { monthView } from '../../projections/reportingRates.ts';
import { organisationsUnder } from '../../projections/organisationTreeQueries.ts';
import { monthEnd } from '../../projections/calendar.ts';
import * as readModels from '../../projections/index.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let province: GeneratedProvince;
let auth: { authorization: string };

beforeAll(async () => {
  api = await startTestApi({}, { now: '2026-07-10T20:00:00+08:00' });
  province = await generateProvince(api.runtime.store, 'demo', 5, () => {}, { asOf: '2026-07-10' });
  await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 10_000);
  const signIn = await send(api.app, '/api/session', json({ loginName: province.accounts[0]!.loginName, password: province.accounts[0]!.password }));
  auth = { authorization: `Bearer ${signIn.body.session.token}` };
}, 60_000);
afterAll(() => api.close());

const tree = () => api.runtime.runner.state(readModels.organisationTree);
const reports = () => monthlyReportsOf(api.runtime.runner.tables(readModels.monthlyReports));

async function download(path: string) {
  const response = await api.app.request(path, { headers: auth });
  expect(response.status, path).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('lists as downloads', () => {
  it('the branch health list filtered to 整顿: every such branch, in Chinese, with its numbers as numbers', async () => {
    const month = province.months.at(-1)!;
    const health = healthOfUnit(tree(), reports(), province.provinceId, month, api.clock.today());
    const rectify = health.branches.filter((branch) => branch.healthClass === 'rectify');
    expect(rectify.length).toBeGreaterThan(0);
    const { response, bytes } = await download(`/api/units/${province.provinceId}/health/export?month=${month}&class=rectify&sort=name&format=csv`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(decodeURIComponent(response.headers.get('content-disposition')!)).toContain(`支部分类-`);
    const table = parseTable('health.csv', bytes);
    expect(table.headers.slice(0, 4)).toEqual(['团组织', '乡镇(街道)', '县(区)', '分类']);
    expect(table.rows).toHaveLength(rectify.length);
    expect(new Set(table.rows.map((row) => row.cells['分类']))).toEqual(new Set(['整顿']));
    expect(table.rows.map((row) => row.cells['团组织']).sort()).toEqual(rectify.map((branch) => branch.name).sort());
    for (const row of table.rows) {
      expect(row.cells['乡镇(街道)']).not.toBe('');
      expect(Number(row.cells['五个一完成率(%)'])).toBeGreaterThanOrEqual(0);
    }
    // The same as .xlsx: the numbers are number cells, and the filter is written under the title.
    const xlsx = await download(`/api/units/${province.provinceId}/health/export?month=${month}&class=rectify&sort=name`);
    expect(xlsx.response.headers.get('content-type')).toContain('spreadsheetml');
    const sheet = new TextDecoder().decode((await import('../../api/tables/zip.ts')).readZip(xlsx.bytes).read('xl/worksheets/sheet1.xml'));
    expect(sheet).toContain('筛选:整顿');
    expect(sheet).toMatch(/<c r="F\d+"><v>[\d.]+<\/v><\/c>/);
  });

  it('the month view of the province: every organisation expected, and only the missing ones when filtered', async () => {
    const month = province.months.at(-1)!;
    const view = monthView(tree(), reports(), province.provinceId, month);
    const all = parseTable('all.csv', (await download(`/api/units/${province.provinceId}/reporting/export?month=${month}&format=csv`)).bytes);
    expect(all.rows).toHaveLength(view.expected);
    expect(all.rows.map((row) => row.cells['团组织']).sort()).toEqual(
      organisationsUnder(tree(), province.provinceId, monthEnd(month))
        .map((unit) => unit.names.at(-1)!.value)
        .sort(),
    );
    const missing = parseTable(
      'missing.csv',
      (await download(`/api/units/${province.provinceId}/reporting/export?month=${month}&status=missing&format=csv`)).bytes,
    );
    expect(missing.rows).toHaveLength(view.missing);
    for (const row of missing.rows) expect([row.cells['上报情况'], row.cells['首次上报时间']]).toEqual(['未报', '']);
    const received = all.rows.filter((row) => row.cells['上报情况'] !== '未报');
    expect(received).toHaveLength(view.received);
    for (const row of received) expect(row.cells['首次上报时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // In English when asked so.
    const english = await api.app.request(`/api/units/${province.provinceId}/reporting/export?month=${month}&format=csv`, {
      headers: { ...auth, 'accept-language': 'en' },
    });
    expect(parseTable('en.csv', new Uint8Array(await english.arrayBuffer())).headers[0]).toBe('Organisation');
  });

  const office = (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'soffice'))
    .find((path) => existsSync(path));
  it.skipIf(!office)(
    `opens in LibreOffice Calc: the health list filtered to 整顿 as .xlsx, read back by Calc, has the same rows${office ? '' : ' (skipped: soffice is not on PATH)'}`,
    async () => {
      const month = province.months.at(-1)!;
      const dir = mkdtempSync(join(tmpdir(), 'lp-download-'));
      try {
        const { bytes } = await download(`/api/units/${province.provinceId}/health/export?month=${month}&class=rectify&sort=name`);
        writeFileSync(join(dir, 'health.xlsx'), bytes);
        execFileSync(
          office!,
          [
            '--headless',
            '--norestore',
            `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
            '--convert-to',
            'csv:Text - txt - csv (StarCalc):44,34,76',
            '--outdir',
            dir,
            join(dir, 'health.xlsx'),
          ],
          { stdio: 'pipe', timeout: 120_000 },
        );
        const lines = readFileSync(join(dir, 'health.csv'), 'utf8').trim().split(/\r?\n/);
        // Two title lines, the header, then the rows.
        expect(lines[2]!.split(',').slice(0, 4)).toEqual(['团组织', '乡镇(街道)', '县(区)', '分类']);
        const csv = parseTable(
          'health.csv',
          (await download(`/api/units/${province.provinceId}/health/export?month=${month}&class=rectify&sort=name&format=csv`)).bytes,
        );
        expect(lines.slice(3).map((line) => line.split(',')[0])).toEqual(csv.rows.map((row) => row.cells['团组织']));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
