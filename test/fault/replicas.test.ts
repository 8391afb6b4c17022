/**
 * Two app processes on one embedded log (one DATA_DIR), each with a read database of its own
 * (READ_DB_PATH): a session made on one is valid on the other, a write made through one is read
 * back through the other with `?after=`, and signing out on one ends the session on both.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { freePort } from '../browser/harness.ts';
import { startApiProcess } from './apiProcess.ts';

const NOW = '2026-07-20T10:00:00+08:00';
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const child of procs) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** One request on a connection of its own; the answer parsed. */
async function call(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), connection: 'close' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('two replicas on one log', () => {
  it("share sessions, read each other's writes with ?after=, and sign out together", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'league-pulse-replicas-'));
    const [portA, portB] = [await freePort(), await freePort()];
    const logs: string[][] = [[], []];
    const a = await startApiProcess(dataDir, portA, logs[0]!, { CLOCK_AT: NOW, READ_DB_PATH: join(dataDir, 'read-a.sqlite') });
    procs.push(a);
    const b = await startApiProcess(dataDir, portB, logs[1]!, { CLOCK_AT: NOW, READ_DB_PATH: join(dataDir, 'read-b.sqlite') });
    procs.push(b);

    const setup = await call(
      portA,
      'POST',
      '/api/setup',
      {},
      { submissionId: uuidv7(), loginName: 'admin', displayName: '系统管理员', password: 'correct horse battery' },
    );
    expect(setup.status).toBe(201);
    const auth = { authorization: `Bearer ${setup.body.session.token}` };
    // The session made on A is valid on B (sessions live in DATA_DIR, which both share).
    const me = await call(portB, 'GET', '/api/session', auth);
    expect(me.status).toBe(200);
    expect(me.body.user.loginName).toBe('admin');

    // A write through A, read back through B: B waits for its own projections to reach the position.
    const opened = await call(portA, 'POST', '/api/units', auth, {
      submissionId: uuidv7(),
      kind: 'province',
      parentId: null,
      name: '示范省',
      on: '2026-07-01',
    });
    expect(opened.status).toBe(201);
    const seen = await call(portB, 'GET', `/api/units/${opened.body.unitId}?after=${opened.body.position}`, auth);
    expect(seen.status).toBe(200);
    expect(seen.body.unit.name).toBe('示范省');
    // B's own read database has the write in its audit trail too.
    const trail = await call(portB, 'GET', `/api/units/${opened.body.unitId}/audit?after=${opened.body.position}`, auth);
    expect(trail.body.entries.map((entry: { type: string }) => entry.type)).toEqual(['UnitOpened']);
    // And the other way round.
    const renamed = await call(portB, 'POST', `/api/units/${opened.body.unitId}/rename`, auth, {
      submissionId: uuidv7(),
      name: '示范省团委',
      revision: seen.body.unit.revision,
    });
    expect(renamed.status).toBe(201);
    expect((await call(portA, 'GET', `/api/units/${opened.body.unitId}?after=${renamed.body.position}`, auth)).body.unit.name).toBe('示范省团委');

    // Signing out on B ends the session on A.
    expect((await call(portB, 'DELETE', '/api/session', auth)).status).toBeLessThan(300);
    expect((await call(portA, 'GET', '/api/session', auth)).status).toBe(401);
  }, 60_000);
});
