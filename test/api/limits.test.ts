/**
 * Hostile input, through the API: bodies over their limit answer 413 before they are read (and
 * before sign-in), a spreadsheet that unpacks past its budget or holds too many rows is refused as a
 * problem, a dry run's answer stays small however many bad rows a file has, and one account's
 * uploads wait their turn (a third at once is refused before it is read).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv, writeXlsx } from '../../api/tables/index.ts';
import { readZip as readArchive, writeZip } from '../../api/tables/zip.ts';
import { buildProvince, inviteUser, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let township: Auth;

beforeAll(async () => {
  api = await startTestApi({ UPLOAD_LIMIT_MB: '2', IMPORT_UNPACKED_LIMIT_MB: '16', IMPORT_ROW_LIMIT: '3000' });
  tree = await buildProvince(api);
  township = await inviteUser(api, tree.admin, 'town1', 'manager', [tree.township]);
});
afterAll(() => api.close());

const header = ['编码', '名称', '层级', '上级编码', '领域', '建团模式'];
const upload = (name: string, content: Uint8Array | string, auth: Auth, dryRun = true) => {
  const form = new FormData();
  form.set('file', new File([content as Uint8Array<ArrayBuffer>], name));
  form.set('dryRun', String(dryRun));
  return send(api.app, '/api/imports', { method: 'POST', body: form, headers: auth });
};

/** A workbook whose sheet unpacks to `megabytes` of rows (a zip bomb when large: ~1,000 to 1 packed). */
function bomb(megabytes: number): Uint8Array {
  const small = readArchive(writeXlsx([{ name: 'S', rows: [['编码']] }]));
  return writeZip(
    small.names.map((name) => ({
      name,
      data:
        name === 'xl/worksheets/sheet1.xml' ? Buffer.alloc(megabytes * 1024 * 1024, '<row><c t="inlineStr"><is><t>x</t></is></c></row>') : small.read(name)!,
    })),
  );
}

describe('bodies over their limit', () => {
  it('a JSON body over 1 MB answers 413 before sign-in is checked, even on a route that does not exist', async () => {
    const big = JSON.stringify({ filler: 'x'.repeat(1024 * 1024 + 10) });
    const nowhere = await send(api.app, '/api/no-such-route', json(big));
    expect(nowhere.status).toBe(413);
    expect(nowhere.body).toMatchObject({ code: 'tooLarge', title: '请求内容过大(最多 1 MB)' });
    const unsigned = await send(api.app, '/api/units', json(big));
    expect(unsigned.status).toBe(413);
    const signed = await send(api.app, '/api/units', json(big, tree.admin));
    expect(signed.status).toBe(413);
  });

  it('an upload over its limit answers 413, not a misleading 400', async () => {
    const form = new FormData();
    form.append('file', new File([new Uint8Array(3 * 1024 * 1024)], '照片.png', { type: 'image/png' }));
    const attachment = await send(api.app, '/api/attachments', { method: 'POST', body: form, headers: township });
    expect(attachment.status).toBe(413);
    expect(attachment.body.title).toBe('请求内容过大(最多 2 MB)');
    expect((await upload('大.csv', 'x'.repeat(3 * 1024 * 1024), tree.admin)).status).toBe(413);
  });

  it('a body that is not UTF-8 is still a 400 with its reason, for those signed in', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const broken = await api.app.request('/api/units', { method: 'POST', headers: { 'content-type': 'application/json', ...tree.admin }, body: bytes });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { title: string }).title).toBe('请求内容不是有效的 UTF-8 文本');
    // Without a session the answer is 401, and the body is never read.
    expect((await api.app.request('/api/units', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes })).status).toBe(401);
  });
});

describe('spreadsheets under a budget', () => {
  it('a workbook that unpacks past its budget is refused with a 413 problem that says so', async () => {
    const bytes = bomb(64);
    expect(bytes.length).toBeLessThan(300_000);
    const { status, body } = await upload('炸弹.xlsx', bytes, township);
    expect(status).toBe(413);
    expect(body).toMatchObject({ code: 'tooLarge', detail: '文件解压后过大,请拆分成较小的文件后上传' });
  });

  it('a file with more rows than allowed is refused as such', async () => {
    const rows = [header, ...Array.from({ length: 3500 }, (_, i) => [`R${i}`, `第${i}团支部`, '团组织', 'T01', '村团支部', '独立建团'])];
    const { status, body } = await upload('多.csv', toCsv(rows), tree.admin);
    expect(status).toBe(413);
    expect(body.code).toBe('tooManyRows');
  });

  it('a dry run lists the first 1,000 problems with their values cut to 200 characters, and counts them all', async () => {
    const long = '长'.repeat(300);
    const rows = [header, ...Array.from({ length: 1200 }, (_, i) => [`B${i}`, `第${i}团支部`, '团组织', 'T01', long, '独立建团'])];
    const { status, body } = await upload('错.csv', toCsv(rows), tree.admin);
    expect(status).toBe(200);
    expect(body.errors).toHaveLength(1000);
    expect(body.errorCount).toBe(1200);
    expect(body.errorsByProblem).toEqual({ badField: 1200 });
    expect(body.errors[0].value).toBe(`${'长'.repeat(200)}…`);
    expect(JSON.stringify(body).length).toBeLessThan(1_000_000);
  });

  it('one account’s uploads wait their turn; a third at once is refused before it is read', async () => {
    const rows = toCsv([header, ['Q1', '排队团支部', '团组织', 'T01', '村团支部', '独立建团']]);
    const answers = await Promise.all([1, 2, 3].map(() => upload('排队.csv', rows, township)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 429]);
    expect(answers.find((answer) => answer.status === 429)!.body).toMatchObject({ code: 'importsWaiting' });
    // Once they are done, the account may upload again.
    expect((await upload('排队.csv', rows, township)).status).toBe(200);
  });

  it('a well-formed workbook still imports', async () => {
    const bytes = writeXlsx([{ name: 'S', rows: [header, ['W1', '工作簿团支部', '团组织', 'T01', '企业', '联合建团']] }]);
    const { status, body } = await upload('好.xlsx', bytes, tree.admin, false);
    expect(status).toBe(202);
    expect(body.job.total).toBe(1);
  });
});
