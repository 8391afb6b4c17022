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
import { csvRecords, decodeText, parseCsv, toCsv } from './csv.ts';
import { parseXlsx, streamXlsx, writeXlsx } from './xlsx.ts';
import { readZip } from './zip.ts';

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

/** Whether a cell of a sheet LibreOffice saved is bold: its style (cellXfs) uses a font with <b>. */
function boldCells(sheetXml: string, stylesXml: string): (ref: string) => boolean {
  const section = (name: string) => new RegExp(`<${name}[^>]*>(.*?)</${name}>`, 's').exec(stylesXml)?.[1] ?? '';
  const fontOfStyle = [...section('cellXfs').matchAll(/<xf [^>]*fontId="(\d+)"/g)].map((match) => Number(match[1]));
  const boldFont = [...section('fonts').matchAll(/<font>(.*?)<\/font>/gs)].map((match) => /<b( val="(true|1)")?\/>/.test(match[1]!));
  return (ref) => {
    const style = Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(sheetXml)?.[1] ?? 0);
    return boldFont[fontOfStyle[style] ?? 0] === true;
  };
}

const headers = [...['名称', '人数', '备注'], ...Array.from({ length: 27 }, (_, i) => `C${i + 4}`)];
const rows = [
  headers,
  ['城关镇团委', '50000', '', ...Array.from({ length: 27 }, (_, i) => `v${i}`)],
  ['西村团支部, 二组', '1.5', '含"引号"', ...Array<string>(26).fill(''), 'last'],
];

describe('with LibreOffice', () => {
  it.skipIf(!office)(
    `reads an .xlsx that LibreOffice converted from CSV${skipNote}`,
    () => {
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
    },
    180_000,
  );

  it.skipIf(!office)(
    `opens the .xlsx we write, with every sheet and cell intact${skipNote}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'tables-office-'));
      try {
        const written = rows.map((row) => row.map((cell, i) => (i === 1 && /^[\d.]+$/.test(cell) ? Number(cell) : cell)));
        writeFileSync(
          join(dir, 'out.xlsx'),
          writeXlsx([
            { name: '组织', rows: written, columnWidths: [20] },
            { name: '第二页', rows: [['x']] },
          ]),
        );
        // LibreOffice re-saves it as its own .xlsx (proving it loaded), and exports the first sheet as UTF-8 CSV.
        convert(dir, 'out.xlsx', 'csv:Text - txt - csv (StarCalc):44,34,76,1');
        expect(parseCsv(readFileSync(join(dir, 'out.csv')))).toEqual(parseCsv(new TextEncoder().encode(toCsv(rows))));
        convert(dir, 'out.xlsx', 'xlsx', { outDir: join(dir, 'again') });
        const resaved = parseXlsx(readFileSync(join(dir, 'again', 'out.xlsx')));
        expect(resaved.rows[1]!.cells['备注']).toBe('含"引号"');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it.skipIf(!office)(
    `opens a streamed .xlsx with merged title rows, Chinese text, numbers and empty cells${skipNote}`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tables-office-'));
      try {
        const title = ['附件1 乡镇团委建设情况统计表', '填报单位：城关镇团委  截至：2026-09-25'];
        const header = ['乡镇', '团委数', '团员数', '备注', '比例'];
        const data: Array<Array<string | number | null>> = [
          ['城关镇', 12, 340, null, 0.25],
          ['西村, "二组"', 0, 1234567, '含"引号"', -1.5],
          [],
          ['新区', null, 45, '', 3],
        ];
        async function* rows() {
          yield* data;
        }
        const stream = streamXlsx([
          { name: '统计表', title, header, rows: rows(), columnWidths: [20] },
          { name: '第二页', header: ['x'], rows: [['y']] },
        ]);
        writeFileSync(join(dir, 'stream.xlsx'), new Uint8Array(await new Response(stream).arrayBuffer()));
        convert(dir, 'stream.xlsx', 'csv:Text - txt - csv (StarCalc):44,34,76,1');
        const lines = csvRecords(decodeText(readFileSync(join(dir, 'stream.csv')))).map((record) => record.cells);
        expect(lines).toEqual([
          [title[0], '', '', '', ''],
          [title[1], '', '', '', ''],
          header,
          ['城关镇', '12', '340', '', '0.25'],
          ['西村, "二组"', '0', '1234567', '含"引号"', '-1.5'],
          ['', '', '', '', ''],
          ['新区', '', '45', '', '3'],
        ]);
        // Re-saved by LibreOffice, the title rows are still merged, and they and the header bold. (A headless
        // conversion drops view settings such as frozen panes, for writeXlsx's files as well.)
        convert(dir, 'stream.xlsx', 'xlsx', { outDir: join(dir, 'again') });
        const resaved = readZip(readFileSync(join(dir, 'again', 'stream.xlsx')));
        const sheet = new TextDecoder().decode(resaved.read('xl/worksheets/sheet1.xml'));
        expect(sheet).toContain('<mergeCell ref="A1:E1"/>');
        expect(sheet).toContain('<mergeCell ref="A2:E2"/>');
        const bold = boldCells(sheet, new TextDecoder().decode(resaved.read('xl/styles.xml')));
        expect(['A1', 'A2', 'A3', 'E3', 'A4', 'B4'].map(bold)).toEqual([true, true, true, true, false, false]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
