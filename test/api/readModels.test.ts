/**
 * Read models fail alone: a command waits only for the projections it reads, so a stopped
 * audit (here: its table dropped under it) does not stop report submissions or unit changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { ENTRIES } from '../../projections/audit.ts';
import { buildProvince, type Auth } from './fixtures.ts';
import { captureLog } from '../logs.ts';
import { json, send, startTestApi } from './harness.ts';

const logged = captureLog('warn');
let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
beforeAll(async () => {
  api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '2000' }, { logger: logged.logger });
  tree = await buildProvince(api);
});
afterAll(() => api.close());

const post = (path: string, body: Record<string, unknown>, auth: Auth) => send(api.app, path, json({ submissionId: uuidv7(), ...body }, auth));
const get = (path: string, auth: Auth) => send(api.app, path, { headers: auth });

describe('read models that fail alone', () => {
  it('with the audit stopped, commands still answer and the tree still reads its own writes; the audit answers 503', async () => {
    api.runtime.readDatabase.db.exec(`DROP TABLE ${ENTRIES}`);
    const opened = await post(
      '/api/units',
      { kind: 'organisation', parentId: tree.township, name: '审计停摆后团支部', organisation: { field: 'village', buildingMode: 'independent' } },
      tree.admin,
    );
    expect(opened.status).toBe(201);
    const unit = await get(`/api/units/${opened.body.unitId}?after=${opened.body.position}`, tree.admin);
    expect(unit.status).toBe(200);
    // A second command after the audit has stopped: it does not wait for the audit.
    const renamed = await post(`/api/units/${opened.body.unitId}/rename`, { name: '改名后团支部', revision: unit.body.unit.revision }, tree.admin);
    expect(renamed.status).toBe(201);
    const audit = await get(`/api/units/${tree.township}/audit`, tree.admin);
    expect(audit.status).toBe(503);
    expect(audit.body.detail).toMatch(/projection audit has stopped/);
    const health = await get('/api/health', tree.admin);
    expect(health.body.projections.find((projection: { name: string }) => projection.name === 'audit').error).toMatch(/no such table/);
    expect(health.body.projections.find((projection: { name: string }) => projection.name === 'organisationTree').error).toBeNull();
    // Said in the log with its facts: which projection, at which event, why; and the request refused for it, with its correlation id.
    expect(logged.entries.find((entry) => entry.msg.startsWith('projection audit stopped'))).toMatchObject({
      level: 'error',
      projection: 'audit',
      eventType: 'UnitOpened',
      reason: expect.stringMatching(/no such table/),
    });
    expect(logged.entries.find((entry) => entry.error === 'ProjectionFailedError')).toMatchObject({
      level: 'warn',
      path: `/api/units/${tree.township}/audit`,
      correlationId: expect.any(String),
    });
  });
});
