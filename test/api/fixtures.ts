/**
 * A small real tree and its people, built through the API itself:
 * 示范省 → 示范市 → 示范县 → 城关镇团委 → 东风村团支部, plus a second county (邻县) with its own
 * township and branch, so every role has something inside and something outside its scope.
 */
import { uuidv7 } from '../../events/ids.ts';
import { json, send, type startTestApi } from './harness.ts';

type Api = Awaited<ReturnType<typeof startTestApi>>;
export type Auth = { authorization: string };

export async function setupAdministrator(api: Api): Promise<Auth> {
  const { status, body } = await send(
    api.app,
    '/api/setup',
    json({ submissionId: uuidv7(), loginName: 'admin', displayName: '系统管理员', password: 'correct horse battery' }),
  );
  if (status !== 201) throw new Error(`set-up failed: ${JSON.stringify(body)}`);
  return { authorization: `Bearer ${body.session.token}` };
}

export async function openUnit(
  api: Api,
  auth: Auth,
  kind: string,
  parentId: string | null,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { status, body } = await send(api.app, '/api/units', json({ submissionId: uuidv7(), kind, parentId, name, on: '2026-01-01', ...extra }, auth));
  if (status !== 201) throw new Error(`opening ${name} failed: ${JSON.stringify(body)}`);
  return body.unitId;
}

/** Invites a user and accepts the invitation; returns their Bearer header. */
export async function inviteUser(api: Api, auth: Auth, loginName: string, role: string, unitIds: string[]): Promise<Auth> {
  const invited = await send(api.app, '/api/users', json({ submissionId: uuidv7(), loginName, displayName: loginName, role, unitIds }, auth));
  if (invited.status !== 201) throw new Error(`inviting ${loginName} failed: ${JSON.stringify(invited.body)}`);
  const accepted = await send(
    api.app,
    `/api/invitations/${invited.body.invitation.token}`,
    json({ submissionId: uuidv7(), password: `${loginName} long password` }),
  );
  if (accepted.status !== 201) throw new Error(`accepting ${loginName} failed: ${JSON.stringify(accepted.body)}`);
  return { authorization: `Bearer ${accepted.body.session.token}` };
}

export async function buildProvince(api: Api) {
  const admin = await setupAdministrator(api);
  const province = await openUnit(api, admin, 'province', null, '示范省', { code: 'P01' });
  const city = await openUnit(api, admin, 'city', province, '示范市', { code: 'C01' });
  const county = await openUnit(api, admin, 'county', city, '示范县', { code: 'X01' });
  const township = await openUnit(api, admin, 'township', county, '城关镇团委', {
    code: 'T01',
    township: { population: 52_000, committeeMembers: 7, annualFunding: 20_000 },
  });
  const branch = await openUnit(api, admin, 'organisation', township, '东风村团支部', {
    code: 'O01',
    organisation: { field: 'village', buildingMode: 'independent' },
  });
  const otherCounty = await openUnit(api, admin, 'county', city, '邻县', { code: 'X02' });
  const otherTownship = await openUnit(api, admin, 'township', otherCounty, '河口镇团委', { code: 'T02' });
  const otherBranch = await openUnit(api, admin, 'organisation', otherTownship, '农村专业合作社团支部', {
    code: 'O02',
    organisation: { field: 'cooperative', buildingMode: 'dependent' },
  });
  return { admin, province, city, county, township, branch, otherCounty, otherTownship, otherBranch };
}

/** The revision of a unit's stream as its page shows it: what an editor sends back with a rename or move. */
export async function revisionOf(api: Api, auth: Auth, unitId: string): Promise<string> {
  const { status, body } = await send(api.app, `/api/units/${unitId}`, { headers: auth });
  if (status !== 200) throw new Error(`reading ${unitId} failed: ${JSON.stringify(body)}`);
  return body.unit.revision;
}
