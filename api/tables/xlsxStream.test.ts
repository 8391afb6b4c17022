import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { parseXlsx, streamXlsx, writeXlsx, type SheetRow, type StreamSheetInput } from './xlsx.ts';
import { readZip } from './zip.ts';

const collect = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());
const part = (bytes: Uint8Array, name: string) => new TextDecoder().decode(readZip(bytes).read(name));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const HEADER = ['名称', '上级', '类型', '编号', '人数', '比例', '备注', '地址', '负责人', '电话'];

/** Row i of a province-sized table, as the size test in xlsx.test.ts writes it (and the memory test below, in its child process). */
function provinceRow(i: number): SheetRow {
  return [
    `城关镇第${i}团支部`,
    `城关镇团委${i % 37}`,
    i % 3 ? '村' : '社区',
    `T${String(i).padStart(6, '0')}`,
    i,
    i / 4,
    i % 10 ? null : 'A&B',
    `甘肃省兰州市${i}号`,
    '张三',
    `138${String(i).padStart(8, '0')}`,
  ];
}

/** Rows from a generator that counts what has been taken from it and notices when it is closed. */
function countedRows(count: number) {
  const state = { taken: 0, closed: false };
  function* rows() {
    try {
      for (let i = 0; i < count; i++) {
        state.taken++;
        yield provinceRow(i);
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, rows: rows() };
}

describe('streamXlsx', () => {
  it('writes the same parts as writeXlsx, read back by parseXlsx, from arrays and async rows', async () => {
    const rows: SheetRow[] = [
      ['城关镇团委', 50000, null, '', '西村团支部', 1.5, -3, 0.1],
      [],
      Array.from({ length: 30 }, (_, i) => (i % 2 ? i : `值${i}`)),
      ['A & B <c> "q" \'s\'', 'line1\nline2', ' 前后空格 ', 'ctl\u0001x', '_x000D_ is literal', '\u{20BB7}字', 1e-7, 2 ** 53],
    ];
    const header = Array.from({ length: 30 }, (_, i) => `列${i + 1}`);
    async function* later() {
      for (const row of rows) {
        await wait(1);
        yield row;
      }
    }
    const streamed = await collect(
      streamXlsx([
        { name: '组织树', header, rows, columnWidths: [24, 0, 10] },
        { name: 'Other', header: ['x'], rows: later() },
      ]),
    );
    const written = writeXlsx([
      { name: '组织树', rows: [header, ...rows], columnWidths: [24, 0, 10] },
      { name: 'Other', rows: [['x'], ...rows] },
    ]);
    expect(parseXlsx(streamed)).toEqual(parseXlsx(written));
    expect(readZip(streamed).names).toEqual(readZip(written).names);
    for (const name of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']) {
      expect(part(streamed, name)).toBe(part(written, name));
    }
    // The worksheets differ only in the <dimension>, which a stream cannot know in advance.
    for (const name of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
      expect(part(streamed, name)).not.toContain('<dimension');
      expect(part(streamed, name)).toBe(part(written, name).replace(/<dimension ref="[^"]*"\/>/, ''));
    }
  });

  it('writes title rows bold and merged across the header, with the panes frozen below the header', async () => {
    const bytes = await collect(
      streamXlsx([
        {
          name: '统计表',
          title: ['附件1 乡镇团委建设情况统计表', '填报单位：城关镇团委  截至：2026-09-25'],
          header: ['乡镇', '团委数', '团员数', '备注', '比例'],
          rows: [['城关镇', 12, 340, null, 0.25]],
        },
        { name: '说明', title: ['只有一列'], header: ['说明'], rows: [] },
      ]),
    );
    const sheet = part(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>附件1 乡镇团委建设情况统计表</t></is></c></row>');
    expect(sheet).toContain('<row r="2"><c r="A2" s="1" t="inlineStr"><is><t>填报单位：城关镇团委  截至：2026-09-25</t></is></c></row>');
    expect(sheet).toContain('<c r="A3" s="1" t="inlineStr"><is><t>乡镇</t></is></c>');
    expect(sheet).toContain(
      '<row r="4"><c r="A4" t="inlineStr"><is><t>城关镇</t></is></c><c r="B4"><v>12</v></c><c r="C4"><v>340</v></c><c r="E4"><v>0.25</v></c></row>',
    );
    expect(sheet).toContain('<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toMatch(/<\/sheetData><mergeCells count="2"><mergeCell ref="A1:E1"\/><mergeCell ref="A2:E2"\/><\/mergeCells><\/worksheet>$/);
    expect(part(bytes, 'xl/styles.xml')).toContain('<b/>');
    // One column needs no merge (and a one-cell merge is invalid).
    const narrow = part(bytes, 'xl/worksheets/sheet2.xml');
    expect(narrow).not.toContain('mergeCell');
    expect(narrow).toContain('<pane ySplit="2" topLeftCell="A3"');
  });

  it('sends 50,000 rows while they are produced, not after', async () => {
    const { state, rows } = countedRows(50_000);
    const start = performance.now();
    const chunks: Uint8Array[] = [];
    let firstDataAt: number | undefined;
    let bytesBeforeLastRow = 0;
    for await (const chunk of streamXlsx([{ name: '组织', header: HEADER, rows }])) {
      if (firstDataAt === undefined && state.taken > 0) firstDataAt = state.taken;
      if (!state.closed) bytesBeforeLastRow += chunk.length;
      chunks.push(chunk);
    }
    const elapsed = performance.now() - start;
    const bytes = Buffer.concat(chunks);
    console.log(
      `streamXlsx: 50,000 rows × 10 columns (${(bytes.length / 1e6).toFixed(1)} MB, ${chunks.length} chunks) in ${elapsed.toFixed(0)} ms;` +
        ` first data after ${firstDataAt} rows, ${((100 * bytesBeforeLastRow) / bytes.length).toFixed(0)}% sent before the last row was read`,
    );
    expect(firstDataAt).toBeLessThan(2_500);
    expect(bytesBeforeLastRow / bytes.length).toBeGreaterThan(0.9);
    const table = parseXlsx(bytes);
    expect(table.headers).toEqual(HEADER);
    expect(table.rows).toHaveLength(50_000);
    expect(table.rows[49_999]).toEqual({
      line: 50_001,
      cells: {
        名称: '城关镇第49999团支部',
        上级: '城关镇团委12',
        类型: '村',
        编号: 'T049999',
        人数: '49999',
        比例: '12499.75',
        备注: '',
        地址: '甘肃省兰州市49999号',
        负责人: '张三',
        电话: '13800049999',
      },
    });
    // Its speed is measured by the benchmarks (npm run bench), not asserted here: a loaded machine is no failure.
  });

  it('keeps its live memory far below the file size while streaming 50,000 rows × 20 columns', () => {
    // Measured in a child process, where gc() may be called to see live memory rather than garbage.
    const script = `
      import v8 from 'node:v8';
      const { streamXlsx } = await import(${JSON.stringify(new URL('./xlsxWrite.ts', import.meta.url).href)});
      // A statistical table: the ten columns above and ten columns of counts.
      const COUNTS = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31];
      const HEADER = [...${JSON.stringify(HEADER)}, ...COUNTS.map((k) => 'count' + k)];
      function* rows(count) {
        for (let i = 0; i < count; i++) {
          yield [\`城关镇第\${i}团支部\`, \`城关镇团委\${i % 37}\`, i % 3 ? '村' : '社区', \`T\${String(i).padStart(6, '0')}\`, i, i / 4, i % 10 ? null : 'A&B', \`甘肃省兰州市\${i}号\`, '张三', \`138\${String(i).padStart(8, '0')}\`, ...COUNTS.map((k) => (i * k) % 997)];
        }
      }
      // Data, not code: the heap without the spaces compiled code lives in, plus memory outside the heap (zlib's, buffers).
      const live = () => {
        globalThis.gc();
        globalThis.gc(); // the second also finishes freeing what the first found (array buffers are freed behind it)
        const heap = v8.getHeapSpaceStatistics().filter((s) => !/code|trusted/.test(s.space_name)).reduce((sum, s) => sum + s.space_used_size, 0);
        return heap + process.memoryUsage().external;
      };
      /** The peak of live memory while reading the stream; \`keep\` holds on to the chunks, as a sanity check of the measure. */
      async function measure(count, keep) {
        const base = live();
        const kept = [];
        let peak = 0, size = 0, n = 0;
        for await (const chunk of streamXlsx([{ name: 'S', header: HEADER, rows: rows(count) }])) {
          size += chunk.length;
          if (keep) kept.push(chunk);
          if (n++ % 16 === 0) peak = Math.max(peak, live() - base);
        }
        peak = Math.max(peak, live() - base);
        return { peak, size, kept: kept.length };
      }
      await measure(10000, false); // warm up: compiled code and caches belong to the baseline
      console.log(JSON.stringify({ streamed: await measure(50000, false), held: await measure(20000, true) }));
    `;
    const output = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    const { streamed, held } = JSON.parse(output) as Record<'streamed' | 'held', { peak: number; size: number }>;
    const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
    console.log(
      `streamXlsx: peak live memory ${mb(streamed.peak)} MB while streaming a ${mb(streamed.size)} MB file (${mb(held.peak)} MB when the chunks are kept)`,
    );
    expect(held.peak).toBeGreaterThan(held.size * 0.9); // the measure sees a file held in memory
    expect(streamed.peak).toBeLessThan(streamed.size / 4);
  }, 60_000);

  it('produces only as fast as the reader reads, and cancelling closes the rows', async () => {
    const { state, rows } = countedRows(50_000);
    const reader = streamXlsx([{ name: '组织', header: HEADER, rows }]).getReader();
    while (state.taken < 10_000) expect((await reader.read()).done).toBe(false);
    const atPause = state.taken;
    // However loaded the machine, the producer settles: it stops, with a bounded read-ahead (were
    // it not held back, it would settle only at the last of the 50,000 rows).
    let readAhead = -1;
    for (let stable = 0, deadline = Date.now() + 10_000; stable < 4 && Date.now() < deadline; ) {
      const before = state.taken;
      await wait(25);
      stable = state.taken === before ? stable + 1 : 0;
      readAhead = state.taken - atPause;
    }
    expect(readAhead).toBeGreaterThanOrEqual(0);
    expect(readAhead).toBeLessThan(2_000);
    expect(state.closed).toBe(false);
    await reader.cancel();
    expect(state.closed).toBe(true);
    expect(state.taken).toBe(atPause + readAhead);
  });

  it('lets other work run while a large sheet is written', async () => {
    let turns = 0;
    let turnsWhenDone = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    function* rows() {
      for (let i = 0; i < 20_000; i++) yield provinceRow(i);
      turnsWhenDone = turns;
    }
    try {
      await collect(streamXlsx([{ name: 'S', header: HEADER, rows: rows() }]));
    } finally {
      running = false;
    }
    expect(turnsWhenDone).toBeGreaterThan(40); // at least once per 500 rows
  });

  it('checks sheet names, header, title and widths at once, and fails the stream on a bad row or source', async () => {
    const sheet = (more: Partial<StreamSheetInput>): StreamSheetInput => ({ name: 'S', header: ['a'], rows: [], ...more });
    expect(() => streamXlsx([])).toThrow(RangeError);
    expect(() => streamXlsx([sheet({ name: 'a/b' })])).toThrow(/\[\]:\*\?\/\\/);
    expect(() => streamXlsx([sheet({}), sheet({ name: 's' })])).toThrow(/twice/);
    expect(() => streamXlsx([sheet({ header: [] })])).toThrow(/header/);
    expect(() => streamXlsx([sheet({ title: ['x'.repeat(40_000)] })])).toThrow(/32767/);
    expect(() => streamXlsx([sheet({ columnWidths: [300] })])).toThrow(/255/);

    await expect(collect(streamXlsx([sheet({ rows: [[1], [Number.NaN]] })]))).rejects.toThrow(/Cell A3 of sheet "S" is NaN/);
    async function* failing() {
      yield ['ok'];
      throw new Error('database went away');
    }
    await expect(collect(streamXlsx([sheet({ rows: failing() })]))).rejects.toThrow('database went away');
  });

  it('serves as the body of a Response', async () => {
    const response = new Response(streamXlsx([{ name: '统计表', header: ['乡镇', '团员数'], rows: [['城关镇', 340]] }]), {
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    const table = parseXlsx(new Uint8Array(await response.arrayBuffer()));
    expect(table).toEqual({ headers: ['乡镇', '团员数'], rows: [{ line: 2, cells: { 乡镇: '城关镇', 团员数: '340' } }] });
  });
});

describe('date cells', () => {
  it('writes a day and a minute as serial numbers with date formats; a bad date throws at once', async () => {
    const bytes = await collect(
      streamXlsx([
        {
          name: 'd',
          header: ['日', '时'],
          rows: [
            [{ date: '2026-07-05' }, { date: '2026-07-05 12:30' }],
            [{ date: '1900-03-01' }, null],
          ],
        },
      ]),
    );
    const sheet = part(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A2" s="2"><v>46208</v></c>');
    expect(sheet).toContain('<c r="B2" s="3"><v>46208.52083333</v></c>');
    expect(sheet).toContain('<c r="A3" s="2"><v>61</v></c>');
    expect(part(bytes, 'xl/styles.xml')).toContain('formatCode="yyyy-mm-dd hh:mm"');
    expect(parseXlsx(bytes).rows[0]!.cells['日']).toBe('46208');
    expect(() => writeXlsx([{ name: 'd', rows: [[{ date: '2026/7/5' }]] }])).toThrow(/yyyy-mm-dd/);
  });
});
