/**
 * Also: 24 bodies of 63 MB at once, without credentials, to a route that does not exist — each
 * refused with a 413 before it is read (Content-Length declared, or streamed in chunks), with health
 * answering meanwhile and memory low.
 *
 * Four zip bombs at once, against the API as it runs (`node runtime/apiServer.ts`): four managers each
 * upload a ~1 MB workbook whose sheet unpacks to 256 MiB — one honest about its size, the others
 * lying about it so that they are inflated until they pass what they declared. Meanwhile health
 * is asked every 50 ms. Each bomb is refused with a 4xx problem, health keeps answering within a
 * second, and the server's peak memory (its resident set's high-water mark) stays under 1 GiB.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { freePort } from '../browser/harness.ts';
import { askHealth, peakRssBytes, postForm, startApiProcess } from './apiProcess.ts';
import { bomb } from './workbooks.ts';

const MiB = 1024 * 1024;
let server: ChildProcess | undefined;
afterAll(() => server?.kill('SIGKILL'));

describe('zip bombs in parallel', () => {
  it('are each refused with a 4xx problem while health answers within a second and memory stays under 1 GiB', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'league-pulse-bombs-'));
    const port = await freePort();
    const log: string[] = [];
    server = await startApiProcess(dataDir, port, log, { CLOCK_AT: '2026-07-20T10:00:00+08:00' });
    const url = `http://127.0.0.1:${port}`;
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      // biome-ignore lint/suspicious/noExplicitAny: a parsed answer, its shape asserted below
      const answer = (await response.json()) as Record<string, any>;
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    };
    const admin = (await post('/api/setup', { submissionId: uuidv7(), loginName: 'admin', displayName: '管理员', password: 'correct horse battery' })).session
      .token as string;
    const province = (await post('/api/units', { submissionId: uuidv7(), kind: 'province', parentId: null, name: '示范省' }, admin)).unitId as string;
    const managers: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const { invitation } = await post(
        '/api/users',
        { submissionId: uuidv7(), loginName: `manager${i}`, displayName: `管理员${i}`, role: 'manager', unitIds: [province] },
        admin,
      );
      managers.push((await post(`/api/invitations/${invitation.token}`, { submissionId: uuidv7(), password: `manager${i} long password` })).session.token);
    }
    const bombs = [bomb(), bomb(256 * MiB, 127 * MiB), bomb(256 * MiB, 100 * MiB), bomb(256 * MiB, 1000)];
    for (const bytes of bombs) expect(bytes.length).toBeLessThan(1.5 * MiB);
    const baseline = peakRssBytes(server.pid!);

    // Health every 50 ms while the four bombs go in.
    const { result: answers, slowest } = await slowestHealthDuring(port, () =>
      Promise.all(
        bombs.map(async (bytes, i) => {
          const form = new FormData();
          form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], `炸弹${i}.xlsx`));
          form.set('dryRun', 'true');
          const answer = await postForm(port, '/api/imports', form, { authorization: `Bearer ${managers[i]}` });
          return answer as typeof answer & { body: { code?: string; title: string } };
        }),
      ),
    );

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
    console.log(
      `zip bombs: slowest health answer ${slowest.toFixed(0)} ms; peak RSS ${(peak / MiB).toFixed(0)} MiB (${(baseline / MiB).toFixed(0)} MiB before)`,
    );
    expect(slowest).toBeLessThan(1000);
    expect(peak).toBeLessThan(1024 * MiB);
    // The server is still up and answers.
    expect((await fetch(`${url}/api/health`)).ok).toBe(true);
  }, 120_000);
});

/** Health asked every 50 ms while `work` runs: the slowest answer, in ms. */
async function slowestHealthDuring<T>(port: number, work: () => Promise<T>): Promise<{ result: T; slowest: number }> {
  let slowest = 0;
  let asking = true;
  const health = (async () => {
    while (asking) {
      const started = performance.now();
      await askHealth(port);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return { result: await work(), slowest };
  } finally {
    asking = false;
    await health;
  }
}

/**
 * POSTs `size` bytes of JSON-looking text, made as it is sent (the test holds no 63 MB buffer),
 * with its Content-Length or chunked; resolves with the status once the server answers (it may
 * answer, and close, long before the body is all sent).
 */
function postLarge(port: number, path: string, size: number, chunked: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const outgoing = request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(size) }) },
    });
    let answered = false;
    outgoing.on('response', (response) => {
      answered = true;
      response.resume();
      resolve(response.statusCode!);
      outgoing.destroy();
    });
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const write = () => {
      while (!answered && sent < size) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once('drain', write);
      }
      if (!answered) outgoing.end();
    };
    write();
  });
}

describe('large bodies before sign-in', () => {
  it('24 bodies of 63 MB at once, without credentials, to a route that does not exist: each 413, health on time, memory low', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'league-pulse-bodies-'));
    const port = await freePort();
    const log: string[] = [];
    const bodies = await startApiProcess(dataDir, port, log, { CLOCK_AT: '2026-07-20T10:00:00+08:00' });
    try {
      const { result: statuses, slowest } = await slowestHealthDuring(port, () =>
        Promise.all(Array.from({ length: 24 }, (_, i) => postLarge(port, '/api/no-such-route', 63 * MiB, i % 2 === 1))),
      );
      const peak = peakRssBytes(bodies.pid!);
      console.log(
        `large bodies: 24 × 63 MB answered ${[...new Set(statuses)].join(', ')}; slowest health answer ${slowest.toFixed(0)} ms; peak RSS ${(peak / MiB).toFixed(0)} MiB`,
      );
      expect(statuses).toEqual(Array.from({ length: 24 }, () => 413));
      expect(slowest).toBeLessThan(1000);
      expect(peak).toBeLessThan(512 * MiB);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).ok).toBe(true);
    } finally {
      bodies.kill('SIGKILL');
    }
  }, 120_000);
});
