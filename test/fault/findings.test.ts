/**
 * What the fault tests found, kept as tests once fixed: an import row the events cannot hold,
 * and a JSON body that is not valid UTF-8, are both refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../api/tables/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince } from '../api/fixtures.ts';
import { send, startTestApi } from '../api/harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
});
afterAll(() => api?.close());

const header = ['编码', '名称', '层级', '上级编码', '成立日期', '乡镇人口', '团委委员数', '年度经费(元)', '领域', '建团模式', '发文', '备案', '挂牌'];
const row = (code: string, name: string) => [code, name, '团组织', 'T01', '2026-05-01', '', '', '', '村团支部', '独立建团', '', '', ''];
const upload = (rows: string[][], dryRun: boolean) => {
  const form = new FormData();
  form.set('file', new File([toCsv([header, ...rows])], 'tree.csv'));
  form.set('dryRun', String(dryRun));
  return send(api.app, '/api/imports', { method: 'POST', body: form, headers: tree.admin });
};

describe('found by the fault tests', () => {
  // api/units/import/plan.ts checks that a name and a code are present, not their length, and
  // that a township's numbers are numbers ≥ 0, not their upper bounds; the event schemas allow
  // names of 60 characters, codes of 40, a population up to 10,000,000, 1,000 committee members
  // and 1,000,000,000 yuan. So the dry run reports no error, the import answers 202, writes the
  // rows before the bad one, and the job fails with a raw zod dump as its error.
  it('the import check refuses what the events cannot hold (long names and codes, numbers out of range)', async () => {
    const township = (code: string, population: string, members: string, funding: string) => [
      code,
      `${code}镇团委`,
      '乡镇',
      'X01',
      '2026-05-01',
      population,
      members,
      funding,
      '',
      '',
      '',
      '',
      '',
    ];
    const rows = [
      row('FZ01', '好团支部'),
      row('FZ02', '名'.repeat(61)),
      row('C'.repeat(41), '长编码团支部'),
      township('TZ1', '99999999', '7', '1000'),
      township('TZ2', '1000', '5000', '1000'),
      township('TZ3', '1000', '7', '9999999999'),
    ];
    const dry = await upload(rows, true);
    expect(dry.body.errors.map((error: { line: number; column: string }) => `${error.line} ${error.column}`)).toEqual([
      '3 name',
      '4 code',
      '5 population',
      '6 committeeMembers',
      '7 annualFunding',
    ]);
    const before = await api.runtime.store.lastPosition();
    expect((await upload(rows, false)).status).toBe(400);
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });

  // A body's bytes are decoded leniently (invalid UTF-8 becomes U+FFFD) before JSON.parse, so
  // a valid body with a broken byte sequence inside a string is accepted and stored altered.
  it('a JSON body that is not valid UTF-8 is refused', async () => {
    const text = JSON.stringify({ submissionId: uuidv7(), name: '东风村XX团支部', on: '2026-06-01' });
    const bytes = Buffer.from(text);
    const at = bytes.indexOf('XX');
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    const before = await api.runtime.store.lastPosition();
    const answer = await api.app.request(`/api/units/${tree.branch}/rename`, {
      method: 'POST',
      headers: { ...tree.admin, 'content-type': 'application/json' },
      body: new Uint8Array(bytes),
    });
    expect(answer.status).toBe(400);
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });
});
