/**
 * Checks against a real spreadsheet program: LibreOffice writes an .xlsx we must read, and reads
 * the .xlsx we write. Skipped where LibreOffice is not installed (apt: libreoffice-calc-nogui).
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCsv, toCsv } from './csv.ts';
import { parseXlsx, writeXlsx } from './xlsx.ts';

function onPath(...names: string[]): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of names) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const office = onPath('soffice', 'libreoffice');
const skipNote = office ? '' : ' (skipped: neither soffice nor libreoffice is on PATH)';

/** Runs a headless conversion with a throw-away profile, so it neither needs HOME nor meets a running instance. */
function convert(dir: string, input: string, target: string, options: { inFilter?: string; outDir?: string } = {}): void {
  const args = ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`];
  if (options.inFilter) args.push(`--infilter=${options.inFilter}`);
  args.push('--convert-to', target, '--outdir', options.outDir ?? dir, join(dir, input));
  execFileSync(office!, args, { stdio: 'pipe', timeout: 120_000 });
}

const headers = [...['名称', '人数', '备注'], ...Array.from({ length: 27 }, (_, i) => `C${i + 4}`)];
const rows = [
  headers,
  ['城关镇团委', '50000', '', ...Array.from({ length: 27 }, (_, i) => `v${i}`)],
  ['西村团支部, 二组', '1.5', '含"引号"', ...Array<string>(26).fill(''), 'last'],
];

describe('with LibreOffice', () => {
  it.skipIf(!office)(`reads an .xlsx that LibreOffice converted from CSV${skipNote}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tables-office-'));
    try {
      writeFileSync(join(dir, 'org.csv'), toCsv(rows));
      convert(dir, 'org.csv', 'xlsx', { inFilter: 'CSV:44,34,76,1' }); // comma, double quote, UTF-8, from line 1
      const fromOffice = parseXlsx(readFileSync(join(dir, 'org.xlsx')));
      expect(fromOffice).toEqual(parseCsv(readFileSync(join(dir, 'org.csv'))));
      expect(fromOffice.rows[0]!.cells['人数']).toBe('50000');
      expect(fromOffice.rows[1]!.cells['C30']).toBe('last');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it.skipIf(!office)(`opens the .xlsx we write, with every sheet and cell intact${skipNote}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tables-office-'));
    try {
      const written = rows.map((row) => row.map((cell, i) => (i === 1 && /^[\d.]+$/.test(cell) ? Number(cell) : cell)));
      writeFileSync(join(dir, 'out.xlsx'), writeXlsx([{ name: '组织', rows: written, columnWidths: [20] }, { name: '第二页', rows: [['x']] }]));
      // LibreOffice re-saves it as its own .xlsx (proving it loaded), and exports the first sheet as UTF-8 CSV.
      convert(dir, 'out.xlsx', 'csv:Text - txt - csv (StarCalc):44,34,76,1');
      expect(parseCsv(readFileSync(join(dir, 'out.csv')))).toEqual(parseCsv(new TextEncoder().encode(toCsv(rows))));
      convert(dir, 'out.xlsx', 'xlsx', { outDir: join(dir, 'again') });
      const resaved = parseXlsx(readFileSync(join(dir, 'again', 'out.xlsx')));
      expect(resaved.rows[1]!.cells['备注']).toBe('含"引号"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
