/**
 * Four zip bombs at once, against the API as it runs (`node api/server.ts`): four managers each
 * upload a ~1 MB workbook whose sheet unpacks to 256 MiB — one honest about its size, the others
 * lying about it so that they are inflated until they pass what they declared. Meanwhile health
 * is asked every 50 ms. Each bomb is refused with a 4xx problem, health keeps answering within a
 * second, and the server's peak memory (its resident set's high-water mark) stays under 1 GiB.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../api/tables/index.ts';
import { readZip, writeZip } from '../../api/tables/zip.ts';
import { uuidv7 } from '../../events/ids.ts';
import { freePort } from '../browser/harness.ts';
import { peakRssBytes, startApiProcess } from './apiProcess.ts';

const MiB = 1024 * 1024;
let server: ChildProcess | undefined;
afterAll(() => server?.kill('SIGKILL'));

/** A workbook whose sheet unpacks to 256 MiB; `declared` rewrites the size its directory states. */
function bomb(declared?: number): Uint8Array {
  const small = readZip(writeXlsx([{ name: 'S', rows: [['编码']] }]));
  const sheet = 'xl/worksheets/sheet1.xml';
  const names = [...small.names.filter((name) => name !== sheet), sheet];
  const bytes = writeZip(names.map((name) => ({ name, data: name === sheet ? Buffer.alloc(256 * MiB, '<row><c t="inlineStr"><is><t>x</t></is></c></row>') : small.read(name)! })));
  if (declared !== undefined) {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const end = bytes.length - 22;
    let at = view.getUint32(end + 16, true);
    for (let i = 0; i < names.length - 1; i++) at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint32(at + 24, declared, true);
  }
  return bytes;
}

describe('zip bombs in parallel', () => {
  it('are each refused with a 4xx problem while health answers within a second and memory stays under 1 GiB', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'league-pulse-bombs-'));
    const port = await freePort();
    const log: string[] = [];
    server = await startApiProcess(dataDir, port, log, { CLOCK_AT: '2026-07-20T10:00:00+08:00' });
    const url = `http://127.0.0.1:${port}`;
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      const answer = await response.json() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    };
    const admin = (await post('/api/setup', { submissionId: uuidv7(), loginName: 'admin', displayName: '管理员', password: 'correct horse battery' })).session.token as string;
    const province = (await post('/api/units', { submissionId: uuidv7(), kind: 'province', parentId: null, name: '示范省' }, admin)).unitId as string;
    const managers: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const { invitation } = await post('/api/users', { submissionId: uuidv7(), loginName: `manager${i}`, displayName: `管理员${i}`, role: 'manager', unitIds: [province] }, admin);
      managers.push((await post(`/api/invitations/${invitation.token}`, { submissionId: uuidv7(), password: `manager${i} long password` })).session.token);
    }
    const bombs = [bomb(), bomb(127 * MiB), bomb(100 * MiB), bomb(1000)];
    for (const bytes of bombs) expect(bytes.length).toBeLessThan(1.5 * MiB);
    const baseline = peakRssBytes(server.pid!);

    // Health every 50 ms while the four bombs go in.
    let slowest = 0;
    let asking = true;
    const health = (async () => {
      while (asking) {
        const started = performance.now();
        const response = await fetch(`${url}/api/health`);
        await response.arrayBuffer();
        slowest = Math.max(slowest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const answers = await Promise.all(bombs.map(async (bytes, i) => {
      const form = new FormData();
      form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], `炸弹${i}.xlsx`));
      form.set('dryRun', 'true');
      const response = await fetch(`${url}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${managers[i]}` } });
      return { status: response.status, type: response.headers.get('content-type'), body: await response.json() as { code?: string; title: string } };
    }));
    asking = false;
    await health;

    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.type).toContain('application/problem+json');
    }
    // The honest one is refused for its size before it is inflated; the liars once they unpack past their budget or their word.
    expect(answers[0]!.body.code).toBe('tooLarge');
    for (const answer of answers.slice(1)) expect(['tooLarge', 'corruptZip']).toContain(answer.body.code);
    expect(answers[3]!.body.code).toBe('corruptZip');
    const peak = peakRssBytes(server.pid!);
    console.log(`zip bombs: slowest health answer ${slowest.toFixed(0)} ms; peak RSS ${(peak / MiB).toFixed(0)} MiB (${(baseline / MiB).toFixed(0)} MiB before)`);
    expect(slowest).toBeLessThan(1000);
    expect(peak).toBeLessThan(1024 * MiB);
    // The server is still up and answers.
    expect((await fetch(`${url}/api/health`)).ok).toBe(true);
  }, 120_000);
});
