/**
 * Fuzzing every write route with malformed bodies (fast-check): arbitrary JSON, a wrong type
 * in one field of a valid body, a missing field, null, huge strings, deep nesting, text that
 * is not JSON or not UTF-8, and wrong content types; sent through app.request as a signed-in
 * administrator (and, for a few routes, as a county manager) with path parameters pointing
 * at real units, reports, rounds and teams. Every answer must be a 4xx — never a 5xx, never
 * a 2xx — and nothing may be appended to the log.
 *
 * ROUTES below has one row per write route. A write route of the app without a row fails the
 * first test with a message saying so: add a row (its URL with real ids and a valid-body
 * factory; the zod schema too, when the route has one, so that "missing field" and "null"
 * cases that happen to be valid are skipped; a `malformed` generator for a route that is not
 * plain JSON, like the two uploads). The last test checks that every row's valid body does get
 * past validation, so the malformed ones really are derived from something the route accepts.
 *
 * Then bodies over their route's limit (413 before they are read), compressed bodies (415),
 * workbooks that unpack near and past a budget, and the same submission sent six times at once
 * (written once, every answer agreeing).
 *
 * FUZZ_RUNS=<n> changes the runs per route (default 1,000; a quarter of that again as the
 * manager). Invalid UTF-8 inside a string of an otherwise valid body is tested on its own in
 * findings.test.ts.
 */
import fc, { toStringMethod } from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptSchema, deactivateSchema, inviteSchema, setupSchema, signInSchema } from '../../api/accounts/schemas.ts';
import {
  declareCampaignSchema,
  decideManyDeliverablesSchema,
  decideSchema,
  publishBulletinSchema,
  rescheduleDeadlineSchema,
  reschedulePhaseSchema,
  returnSchema,
  submitDeliverableSchema,
} from '../../api/campaigns/schemas.ts';
import { phaseKeys } from '../../events/catalog/campaign.ts';
import {
  decideManySchema,
  decideReportSchema,
  overrideSchema,
  paperReceiptSchema,
  returnReportSchema,
  settingsSchema,
  submitReportSchema,
} from '../../api/reports/schemas.ts';
import { declareRoundSchema, formTeamSchema, recordVisitSchema } from '../../api/research/schemas.ts';
import { toCsv, writeXlsx } from '../../api/tables/index.ts';
import { readZip } from '../../api/tables/zip.ts';
import {
  closeSchema,
  moveSchema,
  openUnitSchema,
  profileSchema,
  reclassifySchema,
  renameSchema,
  sixHasSchema,
  standardsSchema,
} from '../../api/units/schemas.ts';
import { uuidv7 } from '../../events/ids.ts';
import { revisionOf, setupAdministrator, type Auth } from '../api/fixtures.ts';
import { json, send, startTestApi } from '../api/harness.ts';
import { captureLog } from '../logs.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { visit } from '../api/researchFixtures.ts';
import { addCampaign, buildWorld, settings, standards, type World } from './world.ts';
import { withDeclaredSize } from './workbooks.ts';
import { readNotificationsSchema, remindDeliverableSchema, remindReportsSchema } from '../../api/reminders/schemas.ts';
import { MAX_ATTACHMENT_BYTES } from '../../api/attachments/store.ts';
import { png, sha256 } from '../api/images.ts';

/** Runs per route as the administrator, and per route marked `manager` as the county manager. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const MANAGER_RUNS = Math.ceil(RUNS / 4);

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  /** The route as Hono lists it in app.routes. */
  path: string;
  /** The URL to call, with path parameters pointing at real things. */
  url: (w: FuzzWorld) => string;
  /** json: a JSON body; form: multipart (file upload); bytes: one file as the body (`valid().file`); none: the route reads no body. */
  body: 'json' | 'form' | 'bytes' | 'none';
  /** A body the route accepts; every malformed body is derived from it. */
  valid: (w: FuzzWorld) => Record<string, unknown>;
  /** The route's own schema: cases that drop a field or set one to null and stay valid are skipped. */
  schema?: z.ZodType;
  /** Malformed bodies of a route that is not plain JSON (default: malformedJson from `valid`). */
  malformed?: (valid: Record<string, unknown>) => fc.Arbitrary<Sent>;
  /** Also fuzzed as the county manager. */
  manager?: boolean;
}
/** The shared world plus a 100-day drive declared on the province, with a township's baseline in. */
type FuzzWorld = World & { campaignId: string; baselineVersion: string };

const id = () => uuidv7();
const importHeader = ['编码', '名称', '层级', '上级编码', '成立日期', '乡镇人口', '团委委员数', '年度经费(元)', '领域', '建团模式', '发文', '备案', '挂牌'];
const importRow = ['FZ01', '模糊测试团支部', '团组织', 'T01', '2026-05-01', '', '', '', '村团支部', '独立建团', '', '', ''];
const invitationHeader = ['组织编码', '姓名', '角色', '手机号', '电子邮箱', '用户名'];
const invitationRow = ['O01', '模糊测试书记', '团支部书记', '13800000009', 'fz@example.cn', 'fuzzed2'];

const ROUTES: Route[] = [
  {
    method: 'POST',
    path: '/api/setup',
    url: () => '/api/setup',
    body: 'json',
    schema: setupSchema,
    valid: () => ({ submissionId: id(), loginName: 'second', displayName: '第二管理员', password: 'correct horse battery' }),
  },
  {
    method: 'POST',
    path: '/api/session',
    url: () => '/api/session',
    body: 'json',
    schema: signInSchema,
    valid: () => ({ loginName: 'admin', password: 'correct horse battery' }),
  },
  // Sign-out reads no body: the fuzzer sends bodies anyway (derived from this stand-in) with a
  // token that is no one's session; it must answer, not fail, and write nothing.
  { method: 'DELETE', path: '/api/session', url: () => '/api/session', body: 'none', valid: () => ({ submissionId: id(), everywhere: true }) },
  {
    method: 'POST',
    path: '/api/users',
    url: () => '/api/users',
    body: 'json',
    schema: inviteSchema,
    manager: true,
    valid: (w) => ({ submissionId: id(), loginName: 'fuzzed1', displayName: '模糊测试', role: 'secretary', unitIds: [w.branch] }),
  },
  {
    method: 'POST',
    path: '/api/users/:id/deactivate',
    url: (w) => `/api/users/${w.targetId}/deactivate`,
    body: 'json',
    schema: deactivateSchema,
    valid: () => ({ submissionId: id() }),
  },
  {
    method: 'POST',
    path: '/api/users/:id/reactivate',
    url: (w) => `/api/users/${w.targetId}/reactivate`,
    body: 'json',
    schema: deactivateSchema,
    valid: () => ({ submissionId: id() }),
  },
  {
    method: 'POST',
    path: '/api/users/:id/renew-invitation',
    url: (w) => `/api/users/${w.renewableId}/renew-invitation`,
    body: 'json',
    schema: deactivateSchema,
    valid: () => ({ submissionId: id() }),
  },
  {
    method: 'POST',
    path: '/api/invitations/:token',
    url: (w) => `/api/invitations/${w.invitationToken}`,
    body: 'json',
    schema: acceptSchema,
    valid: () => ({ submissionId: id(), password: 'pending1 long password' }),
  },
  {
    method: 'POST',
    path: '/api/units',
    url: () => '/api/units',
    body: 'json',
    schema: openUnitSchema,
    manager: true,
    valid: (w) => ({
      submissionId: id(),
      kind: 'organisation',
      parentId: w.township,
      name: '模糊测试团支部',
      code: 'FZ02',
      on: '2026-05-01',
      organisation: { field: 'village', buildingMode: 'independent' },
    }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/rename',
    url: (w) => `/api/units/${w.branch}/rename`,
    body: 'json',
    schema: renameSchema,
    manager: true,
    valid: (w) => ({ submissionId: id(), name: '东风村第一团支部', on: '2026-06-01', revision: w.branchRevision }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/move',
    url: (w) => `/api/units/${w.mover}/move`,
    body: 'json',
    schema: moveSchema,
    valid: (w) => ({ submissionId: id(), parentId: w.township, on: '2026-06-01', revision: w.moverRevision }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/reclassify',
    url: (w) => `/api/units/${w.branch}/reclassify`,
    body: 'json',
    schema: reclassifySchema,
    valid: () => ({ submissionId: id(), organisation: { field: 'enterprise', buildingMode: 'joint' }, on: '2026-06-01' }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/profile',
    url: (w) => `/api/units/${w.township}/profile`,
    body: 'json',
    schema: profileSchema,
    valid: () => ({ submissionId: id(), township: { population: 1000, committeeMembers: 3, annualFunding: 5000 }, on: '2026-06-01' }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/standards',
    url: (w) => `/api/units/${w.branch}/standards`,
    body: 'json',
    schema: standardsSchema,
    valid: () => ({ submissionId: id(), standards, on: '2026-06-01' }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/close',
    url: (w) => `/api/units/${w.otherBranch}/close`,
    body: 'json',
    schema: closeSchema,
    valid: () => ({ submissionId: id(), on: '2026-10-31', reason: '并入邻村' }),
  },
  {
    method: 'POST',
    path: '/api/provinces/:id/six-has',
    url: (w) => `/api/provinces/${w.province}/six-has`,
    body: 'json',
    schema: sixHasSchema,
    valid: () => ({ submissionId: id(), items: [{ key: 'venue', zh: '有阵地', en: 'Venue' }] }),
  },
  {
    method: 'POST',
    path: '/api/imports',
    url: () => '/api/imports',
    body: 'form',
    manager: true,
    malformed: (valid) => malformedUpload(valid),
    valid: () => ({ file: toCsv([importHeader, importRow]), dryRun: 'false' }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports',
    url: (w) => `/api/units/${w.branch}/reports`,
    body: 'json',
    schema: submitReportSchema,
    manager: true,
    valid: () => ({ submissionId: id(), month: '2026-05', report: fullReport('2026-05'), clientTime: '2026-06-03T08:00:00+08:00' }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports/:month/approve',
    url: (w) => `/api/units/${w.branch}/reports/${w.openMonth}/approve`,
    body: 'json',
    schema: decideReportSchema,
    valid: (w) => ({ submissionId: id(), version: w.openMonthVersion }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports/:month/return',
    url: (w) => `/api/units/${w.branch}/reports/${w.openMonth}/return`,
    body: 'json',
    schema: returnReportSchema,
    valid: (w) => ({ submissionId: id(), reason: '请补充活动照片', version: w.openMonthVersion }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/report-decisions',
    url: (w) => `/api/units/${w.township}/report-decisions`,
    body: 'json',
    schema: decideManySchema,
    valid: (w) => ({
      submissionId: id(),
      month: w.openMonth,
      decision: 'return',
      reason: '请补充活动照片',
      items: [{ unitId: w.branch, version: w.openMonthVersion }],
    }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports/:month/paper-receipt',
    url: (w) => `/api/units/${w.branch}/reports/${w.openMonth}/paper-receipt`,
    body: 'json',
    schema: paperReceiptSchema,
    valid: () => ({ submissionId: id(), receivedOn: '2026-05-03', reason: '纸质报表5月3日交至乡镇团委' }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/health/override',
    url: (w) => `/api/units/${w.branch}/health/override`,
    body: 'json',
    schema: overrideSchema,
    valid: (w) => ({ submissionId: id(), month: w.openMonth, healthClass: 'improve', reason: '已制定整改计划' }),
  },
  {
    method: 'POST',
    path: '/api/provinces/:id/reporting-settings',
    url: (w) => `/api/provinces/${w.province}/reporting-settings`,
    body: 'json',
    schema: settingsSchema,
    valid: () => ({ submissionId: id(), settings }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/research-rounds',
    url: (w) => `/api/units/${w.province}/research-rounds`,
    body: 'json',
    schema: declareRoundSchema,
    valid: () => ({ submissionId: id(), name: '第二轮调研', startsOn: '2026-08-01', endsOn: '2026-08-31' }),
  },
  {
    method: 'POST',
    path: '/api/research-rounds/:roundId/teams',
    url: (w) => `/api/research-rounds/${w.roundId}/teams`,
    body: 'json',
    schema: formTeamSchema,
    valid: (w) => ({ submissionId: id(), name: '第二调研组', memberIds: [w.researcherId], regionIds: [w.county] }),
  },
  {
    method: 'POST',
    path: '/api/research-teams/:teamId/visits',
    url: (w) => `/api/research-teams/${w.teamId}/visits`,
    body: 'json',
    schema: recordVisitSchema,
    valid: (w) => ({ submissionId: id(), ...visit(w.county, 'leaderTalk') }),
  },

  // The 100-day drive (campaigns, deliverables, bulletins, attachments).
  {
    method: 'POST',
    path: '/api/campaigns',
    url: () => '/api/campaigns',
    body: 'json',
    schema: declareCampaignSchema,
    valid: (w) => ({ submissionId: id(), unitId: w.province, name: '第二个百日攻坚', year: 2026 }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/phases/:phase',
    url: (w) => `/api/campaigns/${w.campaignId}/phases/${phaseKeys[1]}`,
    body: 'json',
    schema: reschedulePhaseSchema,
    valid: () => ({ submissionId: id(), start: '2026-07-06', end: '2026-09-05', reason: '汛期顺延' }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deadlines/:kind',
    url: (w) => `/api/campaigns/${w.campaignId}/deadlines/summary`,
    body: 'json',
    schema: rescheduleDeadlineSchema,
    valid: () => ({ submissionId: id(), due: '2026-09-28', reason: '汛期顺延' }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/bulletins',
    url: (w) => `/api/campaigns/${w.campaignId}/bulletins`,
    body: 'json',
    schema: publishBulletinSchema,
    valid: (w) => ({ submissionId: id(), unitId: w.province, month: '2026-07', note: '', level: 'township' }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverables/:unitId',
    url: (w) => `/api/campaigns/${w.campaignId}/deliverables/${w.township}`,
    body: 'json',
    schema: submitDeliverableSchema,
    manager: true,
    valid: () => ({ submissionId: id(), kind: 'rectification', branches: [], plan: '逐村排查,一村一策,九月底前完成整顿提高。' }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverables/:unitId/:kind/approve',
    url: (w) => `/api/campaigns/${w.campaignId}/deliverables/${w.township}/baseline/approve`,
    body: 'json',
    schema: decideSchema,
    valid: (w) => ({ submissionId: id(), version: w.baselineVersion }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverables/:unitId/:kind/return',
    url: (w) => `/api/campaigns/${w.campaignId}/deliverables/${w.township}/baseline/return`,
    body: 'json',
    schema: returnSchema,
    valid: (w) => ({ submissionId: id(), reason: '请补充各支部情况', version: w.baselineVersion }),
  },
  {
    method: 'POST',
    path: '/api/attachments',
    url: () => '/api/attachments',
    body: 'form',
    manager: true,
    malformed: () => malformedAttachments(),
    valid: () => ({ file: '座谈会记录' }),
  },
  // Reminders (催报) and the bell.
  {
    method: 'POST',
    path: '/api/units/:id/reminders',
    url: (w) => `/api/units/${w.township}/reminders`,
    body: 'json',
    schema: remindReportsSchema,
    manager: true,
    valid: () => ({ submissionId: id(), kind: 'monthlyReport', month: '2026-06' }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/reminders',
    url: (w) => `/api/campaigns/${w.campaignId}/reminders`,
    body: 'json',
    schema: remindDeliverableSchema,
    valid: (w) => ({ submissionId: id(), kind: 'summary', unitId: w.township, all: false }),
  },
  {
    method: 'POST',
    path: '/api/notifications/read',
    url: () => '/api/notifications/read',
    body: 'json',
    schema: readNotificationsSchema,
    valid: () => ({ submissionId: id(), upTo: '1' }),
  },
  {
    method: 'POST',
    path: '/api/bulk-invitations',
    url: () => '/api/bulk-invitations',
    body: 'form',
    manager: true,
    malformed: (valid) => malformedUpload(valid, invitationSheet()),
    valid: () => ({ file: toCsv([invitationHeader, invitationRow]), dryRun: 'false' }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverable-decisions',
    url: (w) => `/api/campaigns/${w.campaignId}/deliverable-decisions`,
    body: 'json',
    schema: decideManyDeliverablesSchema,
    valid: (w) => ({
      submissionId: id(),
      decision: 'return',
      reason: '请补充各支部情况',
      items: [{ unitId: w.township, kind: 'baseline', version: w.baselineVersion }],
    }),
  },
  // A field attachment: the body is the file, the address its SHA-256 (a picture no one has sent yet).
  {
    method: 'PUT',
    path: '/api/attachments/:sha256',
    url: () => `/api/attachments/${sha256(fuzzPhoto)}`,
    body: 'bytes',
    manager: true,
    malformed: () => malformedFile(),
    valid: () => ({ file: fuzzPhoto }),
  },
];

// ---------------------------------------------------------------------------------------------
// Malformed bodies.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;
/** One request body with its content type (undefined: let Request pick, e.g. for FormData). */
interface Sent {
  kind: string;
  contentType: string | undefined;
  body: string | Uint8Array<ArrayBuffer> | FormData | undefined;
  /** An upload without dryRun is a dry run, which answers 200 listing the bad rows. */
  dryRunByDefault?: boolean;
  /** The JSON value before serialisation, for the schema's verdict. */
  value?: unknown;
  [toStringMethod]: () => string;
}

const describeBody = (body: Sent['body']) => {
  if (body === undefined) return '(no body)';
  if (body instanceof FormData)
    return `FormData ${JSON.stringify([...body.entries()].map(([key, value]) => [key, typeof value === 'string' ? value.slice(0, 200) : `File(${value.name}, ${value.size} bytes)`]))}`;
  const text = typeof body === 'string' ? body : `bytes ${Buffer.from(body.subarray(0, 300)).toString('hex')}`;
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} chars)` : text;
};
const sent = (kind: string, contentType: string | undefined, body: Sent['body'], extra: Partial<Sent> = {}): Sent => ({
  kind,
  contentType,
  body,
  ...extra,
  [toStringMethod]: () => `${kind} [${contentType ?? 'no content type'}] ${describeBody(body)}`,
});

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Every place in a JSON value (object keys and array indexes), outermost first. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...paths(item, [...prefix, key])]);
}
const getAt = (value: unknown, path: Path) => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = replacement;
  return copy;
}
function deleteAt(value: unknown, path: Path): unknown {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1));
  if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1);
  else delete (parent as Record<string, unknown>)[path.at(-1) as string];
  return copy;
}

const finite = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e300, -1e300, 2 ** 53 + 1, -0.5, 0.1));
const smallJson = fc.jsonValue({ maxDepth: 2 });
/** A value of another JSON type than `original` (never null: that is its own case). */
function wrongType(original: unknown): fc.Arbitrary<Json> {
  const kinds: Record<string, fc.Arbitrary<Json>> = {
    string: fc.string({ maxLength: 40 }),
    number: finite,
    boolean: fc.boolean(),
    array: fc.array(smallJson as fc.Arbitrary<Json>, { maxLength: 4 }),
    object: fc.dictionary(fc.string({ maxLength: 10 }), smallJson as fc.Arbitrary<Json>, { maxKeys: 4 }),
  };
  delete kinds[typeOf(original)];
  return fc.oneof(...Object.values(kinds));
}
/** A long string of anything (over every max length of the API: 20,000 is the longest). */
const hugeString = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.integer({ min: 20_001, max: 120_000 }))
  .map(([chunk, length]) => chunk.repeat(Math.ceil(length / chunk.length)));
/** JSON text nested `depth` deep, built as text (a recursive stringify would overflow). */
const deepText = fc
  .tuple(fc.constantFrom('array', 'object'), fc.integer({ min: 500, max: 50_000 }))
  .map(([shape, depth]) => (shape === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));
const wrongContentTypes = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'application/xml',
  'application/octet-stream',
  'text/html',
  'application/jsonp',
  'json',
  undefined,
];

/** Malformed JSON-route bodies derived from a valid one; `schema` rejects each (or the case is skipped). */
function malformedJson(valid: Record<string, unknown>, schema: z.ZodType | undefined): fc.Arbitrary<Sent> {
  const places = paths(valid);
  const stringPlaces = places.filter((path) => typeof getAt(valid, path) === 'string');
  const asJson = (kind: string, value: unknown, checked = false) =>
    sent(kind, 'application/json', JSON.stringify(value), { value: checked ? value : undefined });
  const text = JSON.stringify(valid);
  return fc
    .oneof(
      // Anything at all as the body.
      fc.jsonValue({ maxDepth: 4 }).map((value) => asJson('arbitrary JSON', value)),
      // A valid body with one field of the wrong type.
      fc
        .constantFrom(...places)
        .chain((path) => wrongType(getAt(valid, path)).map((value) => asJson(`wrong type at ${path.join('.')}`, setAt(valid, path, value), true))),
      // A valid body with one or more fields missing (optional ones removed alone stay valid: skipped).
      fc.subarray(places, { minLength: 1, maxLength: Math.min(3, places.length) }).map((gone) =>
        asJson(
          `missing ${gone.map((path) => path.join('.')).join(', ')}`,
          [...gone]
            .sort((a, b) => b.length - a.length || String(b.at(-1)).localeCompare(String(a.at(-1)), 'en', { numeric: true }))
            .reduce<unknown>((body, path) => {
              try {
                return deleteAt(body, path);
              } catch {
                return body;
              }
            }, valid),
          true,
        ),
      ),
      // null in one place (nullable fields stay valid: skipped).
      fc.constantFrom(...places).map((path) => asJson(`null at ${path.join('.')}`, setAt(valid, path, null), true)),
      // Huge strings: in a string field, plus huge extra fields. (Checked against the schema: a huge
      // run of spaces in an optional text field trims to '' and is rightly accepted.)
      fc
        .tuple(fc.constantFrom(...stringPlaces), hugeString, fc.array(fc.tuple(fc.string({ maxLength: 12 }), hugeString), { maxLength: 2 }))
        .map(([path, huge, extra]) =>
          asJson(`huge string at ${path.join('.')}`, { ...Object.fromEntries(extra), ...(setAt(valid, path, huge) as object) }, true),
        ),
      // Deep nesting in place of a field, or as the whole body.
      fc
        .tuple(fc.option(fc.constantFrom(...places), { nil: undefined }), deepText)
        .map(([path, deep]) =>
          path === undefined
            ? sent('deeply nested body', 'application/json', deep)
            : sent(
                `deep nesting at ${path.join('.')}`,
                'application/json',
                JSON.stringify(setAt(valid, path, '\u0000deep\u0000')).replace('"\\u0000deep\\u0000"', deep),
              ),
        ),
      // Not JSON: random bytes (mostly invalid UTF-8), random text, a valid body cut short or with stray bytes around it.
      fc.uint8Array({ minLength: 0, maxLength: 2000 }).map((bytes) => sent('random bytes', 'application/json', bytes)),
      fc
        .string({ unit: 'binary', maxLength: 500 })
        .filter((value) => {
          try {
            JSON.parse(value);
            return false;
          } catch {
            return true;
          }
        })
        .map((value) => sent('text that is not JSON', 'application/json', value)),
      fc.integer({ min: 0, max: text.length - 1 }).map((cut) => sent(`valid body cut at ${cut}`, 'application/json', text.slice(0, cut))),
      fc
        .tuple(
          fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => bytes.map((byte) => byte | 0x80)),
          fc.boolean(),
        )
        .map(([stray, before]) => {
          const body = Buffer.from(text);
          const bytes = new Uint8Array(before ? Buffer.concat([stray, body]) : Buffer.concat([body, stray]));
          return sent(`invalid UTF-8 ${before ? 'before' : 'after'} a valid body`, 'application/json', bytes);
        }),
      // A valid body, with a content type that is not JSON (or as a form).
      fc.constantFrom(...wrongContentTypes).map((type) => sent('valid body, wrong content type', type, text)),
      fc.constant(null).map(() => {
        const form = new FormData();
        for (const [key, value] of Object.entries(valid)) form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
        return sent('valid fields as multipart form', undefined, form);
      }),
      fc
        .constant(null)
        .map(() =>
          sent(
            'valid fields url-encoded',
            'application/x-www-form-urlencoded',
            new URLSearchParams(
              Object.entries(valid).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
            ).toString(),
          ),
        ),
    )
    .filter((candidate) => candidate.value === undefined || !schema?.safeParse(candidate.value).success);
}

/** Malformed uploads for the import route (multipart `file` + `dryRun`). */
/** An upload's layout: its header, a good row, and the ways to make one of the row's cells wrong. */
interface UploadSheet {
  header: string[];
  row: string[];
  brokenCell: fc.Arbitrary<readonly [number, string]>;
}
/** The tree import's sheet (组织架构). */
const treeSheet = (): UploadSheet => ({
  header: importHeader,
  row: importRow,
  brokenCell: fc.oneof(
    fc
      .string({ maxLength: 6 })
      .filter((value) => !['省', '市', '县', '乡镇', '团组织', 'province', 'city', 'county', 'township', 'organisation'].includes(value.trim().toLowerCase()))
      .map((value) => [2, value] as const),
    fc.string({ minLength: 1, maxLength: 8 }).map((value) => [3, `NOPE${value}`] as const),
    // (An empty date means today, so the bad date is never blank.)
    fc
      .string({ minLength: 1, maxLength: 10 })
      .filter((value) => value.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value.trim()))
      .map((value) => [4, value] as const),
    fc.integer({ min: 61, max: 200 }).map((length) => [1, '名'.repeat(length)] as const),
    fc.constantFrom([0, ''] as const, [1, ''] as const, [8, '火星'] as const, [9, '远程建团'] as const, [10, '也许'] as const),
  ),
});
/** The bulk invitation's sheet (批量邀请). */
const invitationSheet = (): UploadSheet => ({
  header: invitationHeader,
  row: invitationRow,
  brokenCell: fc.oneof(
    fc
      .string({ maxLength: 6 })
      .filter(
        (value) =>
          !['团支部书记', '调研员', '管理员', '书记', '支部书记', '调研组成员', '团委管理员', 'secretary', 'researcher', 'manager'].includes(
            value.trim().toLowerCase(),
          ),
      )
      .map((value) => [2, value] as const),
    fc.string({ minLength: 1, maxLength: 8 }).map((value) => [0, `NOPE${value}`] as const),
    fc.integer({ min: 41, max: 200 }).map((length) => [1, '名'.repeat(length)] as const),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((value) => value.trim() !== '' && !/^\+?[0-9][0-9 -]{5,19}$/.test(value.trim()))
      .map((value) => [3, value] as const),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((value) => value.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()))
      .map((value) => [4, value] as const),
    fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((value) => value.trim() !== '' && !/^[a-z0-9][a-z0-9._-]{2,31}$/.test(value.trim().toLowerCase()))
      .map((value) => [5, value] as const),
    fc.constantFrom([0, ''] as const, [1, ''] as const, [2, ''] as const, [0, 'T01'] as const, [5, 'county1'] as const),
  ),
});

function malformedUpload(valid: Record<string, unknown>, sheet: UploadSheet = treeSheet()): fc.Arbitrary<Sent> {
  const csv = valid.file as string;
  const names = fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('.csv', '.xlsx', '.xls', '.txt', '', '.CSV', '.xlsx.exe'))
    .map(([base, ext]) => `${base}${ext}`);
  const dryRuns = fc.option(
    fc.oneof(
      fc.constant('false'),
      fc.string({ maxLength: 10 }).filter((value) => value !== 'true'),
    ),
    { nil: undefined },
  );
  const formOf = (file: Uint8Array<ArrayBuffer> | string | null, name: string, dryRun: string | undefined, extra: Array<[string, string]> = []) => {
    const form = new FormData();
    if (file !== null) form.set('file', new File([file], name));
    if (dryRun !== undefined) form.set('dryRun', dryRun);
    for (const [key, value] of extra) form.append(key, value);
    return form;
  };
  /** The valid one-row file with one cell made wrong in a way no upload accepts. */
  const brokenCell = sheet.brokenCell.map(([column, value]) => {
    const row = [...sheet.row];
    row[column] = value;
    return toCsv([sheet.header, row]);
  });
  return fc.oneof(
    // JSON, text and bytes where a form is expected.
    malformedJson(valid, undefined),
    // A form without a file, or with `file` as text.
    fc
      .tuple(fc.array(fc.tuple(fc.constantFrom('file', 'dryRun', 'upload', 'name'), fc.string({ maxLength: 50 })), { maxLength: 4 }), dryRuns)
      .map(([fields, dryRun]) => sent('form without a file', undefined, formOf(null, '', dryRun, fields))),
    // A file of random bytes or text, under any name.
    fc
      .tuple(fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.string({ unit: 'binary', maxLength: 2000 })), names, dryRuns)
      .map(([file, name, dryRun]) => sent('random file', undefined, formOf(file, name, dryRun), { dryRunByDefault: dryRun === undefined })),
    // A good file with a bad cell, a huge file name, or the rows without their header.
    fc
      .tuple(brokenCell, dryRuns)
      .map(([file, dryRun]) => sent('file with a bad cell', undefined, formOf(file, 'tree.csv', dryRun), { dryRunByDefault: dryRun === undefined })),
    fc
      .tuple(hugeString, dryRuns)
      .map(([name, dryRun]) =>
        sent('huge file name, file without header', undefined, formOf(toCsv([sheet.row]), `${name}.csv`, dryRun), { dryRunByDefault: dryRun === undefined }),
      ),
    // A broken multipart body.
    fc
      .tuple(fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 500 }))
      .map(([boundary, bytes]) => sent('broken multipart', `multipart/form-data; boundary=${boundary}`, bytes)),
    fc
      .constant(null)
      .map(() =>
        sent(
          'multipart without boundary',
          'multipart/form-data',
          `--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${csv}\r\n--x--`,
        ),
      ),
  );
}

/** The picture the attachment route's row uploads: every malformed body sent to its address is some other content. */
const fuzzPhoto = png(12, 9, [90, 60, 30]);
/** Bodies that are not the picture the address names: random bytes, the picture with a byte changed or cut, JSON, forms. */
function malformedFile(): fc.Arbitrary<Sent> {
  return fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 3000 }).map((bytes) => sent('random bytes', 'application/octet-stream', bytes)),
    fc.tuple(fc.integer({ min: 0, max: fuzzPhoto.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, change]) => {
      const bytes = Uint8Array.from(fuzzPhoto);
      bytes[at] = bytes[at]! ^ change;
      return sent(`the picture with byte ${at} changed`, 'image/png', bytes);
    }),
    fc.integer({ min: 0, max: fuzzPhoto.length - 1 }).map((cut) => sent(`the picture cut at ${cut}`, 'image/png', fuzzPhoto.slice(0, cut))),
    malformedJson({ file: '座谈会记录', name: 'photo.png' }, undefined),
  );
}

/** Malformed attachment uploads (multipart `file`, one to ten, of an allowed type, 1 byte to 10 MB). */
function malformedAttachments(): fc.Arbitrary<Sent> {
  const allowed = ['text/plain', 'image/png', 'application/pdf'];
  const formOf = (files: Array<[Uint8Array<ArrayBuffer> | string, string, string]>, extra: Array<[string, string]> = []) => {
    const form = new FormData();
    for (const [content, name, type] of files) form.append('file', new File([content], name, { type }));
    for (const [key, value] of extra) form.append(key, value);
    return form;
  };
  const name = fc.string({ maxLength: 30 });
  return fc.oneof(
    malformedJson({ file: '座谈会记录', name: 'notes.txt', type: 'text/plain' }, undefined),
    fc
      .array(fc.tuple(fc.constantFrom('file', 'files', 'name', 'type'), fc.string({ maxLength: 50 })), { maxLength: 4 })
      .map((fields) => sent('form without a file', undefined, formOf([], fields))),
    // Content of no type a case may carry (binary, with a NUL), whatever type it claims: its bytes decide.
    fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 500 }), name, fc.oneof(fc.constantFrom(...allowed, 'text/html'), fc.string({ maxLength: 40 })))
      .map(([bytes, fileName, type]) =>
        sent(`binary file claiming ${JSON.stringify(type)}`, undefined, formOf([[Uint8Array.from([0, 0xff, ...bytes]), fileName, type]])),
      ),
    fc.tuple(name, fc.constantFrom(...allowed)).map(([fileName, type]) => sent('empty file', undefined, formOf([['', fileName, type]]))),
    fc
      .integer({ min: 11, max: 20 })
      .map((count) =>
        sent(`${count} files`, undefined, formOf(Array.from({ length: count }, (_, i) => [`附件${i}`, `${i}.txt`, 'text/plain'] as [string, string, string]))),
      ),
    fc
      .tuple(fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 500 }))
      .map(([boundary, bytes]) => sent('broken multipart', `multipart/form-data; boundary=${boundary}`, bytes)),
  );
}

// ---------------------------------------------------------------------------------------------

let api: Awaited<ReturnType<typeof startTestApi>>;
let world: FuzzWorld;
let baseline: bigint | null;
// handleError logs every 500 with its stack: kept for the failure message.
const logged = captureLog('error');
/** The errors logged since the `from`-th, each by its stack. */
const errorsLogged = (from: number) => logged.entries.slice(from).map((entry) => (entry.err as { stack?: string } | undefined)?.stack ?? entry.msg);
beforeAll(async () => {
  api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '2000' }, { logger: logged.logger });
  world = await addCampaign(api, await buildWorld(api));
  baseline = await api.runtime.store.lastPosition();
}, 60_000);
afterAll(async () => {
  await api?.close();
});

/** Sends one case; throws (so fast-check shrinks and reports it) unless the answer is a 4xx and nothing was written. */
async function check(route: Route, url: string, auth: Auth, input: Sent) {
  const headers: Record<string, string> = { ...auth };
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;
  const before = logged.entries.length;
  const response = await api.app.request(url, { method: route.method, headers, body: input.body });
  const text = await response.text();
  const last = await api.runtime.store.lastPosition();
  const where = `${route.method} ${url} (${route.path}) as ${auth === world.manager ? 'manager' : 'administrator'}`;
  if (response.status >= 500) {
    throw new Error(
      `${where} answered ${response.status} to ${input[toStringMethod]()}\nanswer: ${text.slice(0, 1000)}\nlogged: ${errorsLogged(before).join('\n') || '(nothing)'}`,
    );
  }
  if (last !== baseline)
    throw new Error(
      `${where} appended to the log (last position ${baseline} → ${last}) for ${input[toStringMethod]()}\nanswer ${response.status}: ${text.slice(0, 500)}`,
    );
  if (route.body === 'none') return; // a route without a body may well succeed; it must not fail or write
  const dryRunAnswer =
    route.body === 'form' && input.dryRunByDefault && response.status === 200 && (JSON.parse(text) as { dryRun?: boolean; errors?: unknown[] }).dryRun === true;
  if (dryRunAnswer) {
    // Without dryRun an upload is a dry run: it answers 200 with the file's bad rows listed (and writes nothing).
    if (!((JSON.parse(text) as { errors: unknown[] }).errors.length > 0))
      throw new Error(`${where}: a dry run of a malformed file found no errors: ${input[toStringMethod]()}`);
    return;
  }
  if (response.status < 400)
    throw new Error(`${where} answered ${response.status} to a malformed body: ${input[toStringMethod]()}\nanswer: ${text.slice(0, 500)}`);
}

const bodies = (route: Route, w: FuzzWorld) => (route.malformed ?? ((valid) => malformedJson(valid, route.schema)))(route.valid(w));

describe('fuzzing the write routes with malformed bodies', () => {
  it('has a row for every write route of the app', () => {
    const writeMethods = new Set<string>(['POST', 'PUT', 'PATCH', 'DELETE']);
    const inApp = [...new Set(api.app.routes.filter((route) => writeMethods.has(route.method)).map((route) => `${route.method} ${route.path}`))];
    const inTable = ROUTES.map((route) => `${route.method} ${route.path}`);
    const missing = inApp.filter((route) => !inTable.includes(route));
    expect(
      missing,
      `write routes without a row in ROUTES (test/fault/fuzz.test.ts): ${missing.join(', ')} — add a row for each (URL with real ids, a valid-body factory, its zod schema)`,
    ).toEqual([]);
    const stale = inTable.filter((route) => !inApp.includes(route));
    expect(stale, `rows in ROUTES for routes the app no longer has: ${stale.join(', ')} — remove or update them`).toEqual([]);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: ${RUNS} malformed bodies, each a 4xx, nothing written`, async () => {
      const url = route.url(world);
      const auth = route.body === 'none' ? { authorization: 'Bearer not-a-session-of-anyone' } : world.admin;
      await fc.assert(
        fc.asyncProperty(bodies(route, world), (input) => check(route, url, auth, input)),
        { numRuns: RUNS },
      );
      if (route.manager) {
        await fc.assert(
          fc.asyncProperty(bodies(route, world), (input) => check(route, url, world.manager, input)),
          { numRuns: MANAGER_RUNS },
        );
      }
    }, 60_000);
  }

  it("nothing was appended, the administrator is still signed in, and each row's valid body passes validation", async () => {
    expect(await api.runtime.store.lastPosition()).toBe(baseline);
    expect((await api.app.request('/api/session', { headers: world.admin })).status).toBe(200);
    // The fuzzing started from bodies the routes accept: each valid body gets past validation
    // (some are then refused for other reasons: set-up done, a closed unit, not a member).
    for (const route of ROUTES) {
      if (route.body === 'none') continue;
      const valid = route.valid(world);
      const init: RequestInit =
        route.body === 'form'
          ? {
              method: route.method,
              headers: world.admin,
              body: (() => {
                const form = new FormData();
                form.set('file', new File([valid.file as string], 'tree.csv', { type: 'text/plain' }));
                form.set('dryRun', 'true');
                return form;
              })(),
            }
          : route.body === 'bytes'
            ? { method: route.method, headers: world.admin, body: valid.file as Uint8Array<ArrayBuffer> }
            : { method: route.method, headers: { ...world.admin, 'content-type': 'application/json' }, body: JSON.stringify(valid) };
      const response = await api.app.request(route.url(world), init);
      const answer = await response.text();
      expect(response.status, `${route.method} ${route.path} refused its valid body: ${answer.slice(0, 300)}`).not.toBe(400);
      expect(response.status, `${route.method} ${route.path}: ${answer.slice(0, 300)}`).toBeLessThan(500);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Oversized, compressed and concurrent.

const MiB = 1024 * 1024;

/** `size` bytes of JSON-looking text, made as they are read: the test never holds them. */
function streamOf(size: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode('['.repeat(64 * 1024));
  let left = size;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const next = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= next.length;
      controller.enqueue(next);
    },
  });
}

describe('oversized and compressed bodies', () => {
  const limitOf = (route: Route) =>
    route.body === 'form'
      ? api.runtime.config.UPLOAD_LIMIT_MB * MiB
      : route.body === 'bytes'
        ? MAX_ATTACHMENT_BYTES
        : api.runtime.config.JSON_BODY_LIMIT_KB * 1024;

  it('a body over its route’s limit — declared or streamed, signed in or not — is a 413 before it is read, and nothing is written', async () => {
    const before = await api.runtime.store.lastPosition();
    // (A Content-Length that understates the body cannot reach the app: Node's parser delivers exactly what it declares.)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.integer({ min: 1, max: 2 * MiB }),
        fc.boolean(),
        fc.boolean(),
        async (route, over, declared, signedIn) => {
          const size = limitOf(route) + over;
          const headers: Record<string, string> = {
            'content-type': route.body === 'form' ? 'multipart/form-data; boundary=x' : 'application/json',
            ...(signedIn ? world.admin : {}),
            ...(declared ? { 'content-length': String(size) } : {}),
          };
          const response = await api.app.request(route.url(world), { method: route.method, headers, body: streamOf(size), duplex: 'half' } as RequestInit);
          const answer = (await response.json()) as { code?: string };
          if (response.status !== 413 || answer.code !== 'tooLarge') {
            throw new Error(
              `${route.method} ${route.path}: ${size} bytes (${declared ? 'declared' : 'streamed'}, ${signedIn ? 'signed in' : 'anonymous'}) answered ${response.status} ${JSON.stringify(answer)}`,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(await api.runtime.store.lastPosition()).toBe(before);
  }, 120_000);

  it('a compressed body is refused with a 415, whatever it holds and however the encoding is spelled, and nothing is written', async () => {
    const before = await api.runtime.store.lastPosition();
    const { gzipSync, deflateSync, brotliCompressSync } = await import('node:zlib');
    const encodings = fc.constantFrom('gzip', 'deflate', 'br', 'x-gzip', 'GZIP', ' gzip', 'gzip, identity', 'compress', 'zstd');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES.filter((route) => route.body === 'json')), encodings, fc.boolean(), async (route, encoding, signedIn) => {
        const plain = Buffer.from(JSON.stringify(route.valid(world)));
        const packed = encoding.includes('br') ? brotliCompressSync(plain) : encoding.includes('deflate') ? deflateSync(plain) : gzipSync(plain);
        const response = await api.app.request(route.url(world), {
          method: route.method,
          headers: { 'content-type': 'application/json', 'content-encoding': encoding, ...(signedIn ? world.admin : {}) },
          body: new Uint8Array(packed),
        });
        const answer = (await response.json()) as { code?: string };
        if (response.status !== 415 || answer.code !== 'encodingUnsupported')
          throw new Error(`${route.method} ${route.path} with ${encoding}: ${response.status} ${JSON.stringify(answer)}`);
      }),
      { numRuns: 100 },
    );
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });
});

describe('workbooks that unpack under a budget', () => {
  // Small limits, so that a few megabytes cross them: 2 MB unpacked, 1,000 rows.
  let tight: Awaited<ReturnType<typeof startTestApi>>;
  let admin: Auth;
  beforeAll(async () => {
    tight = await startTestApi({ IMPORT_UNPACKED_LIMIT_MB: '2', IMPORT_ROW_LIMIT: '1000' });
    admin = await setupAdministrator(tight);
  });
  afterAll(() => tight?.close());

  it('past the budget (however well it compresses, whatever its directory declares) a workbook is refused; within it, it is read', async () => {
    const workbook = fc.record({
      rows: fc.integer({ min: 1, max: 2500 }),
      text: fc.string({ minLength: 1, maxLength: 600 }),
      lie: fc.constantFrom('honest', 'smaller', 'larger'),
    });
    await fc.assert(
      fc.asyncProperty(workbook, async ({ rows, text, lie }) => {
        const honest = writeXlsx([{ name: '组织', rows: [importHeader, ...Array.from({ length: rows }, (_, i) => [`W${i}`, text, '团组织', 'T01'])] }]);
        const unpacked = (() => {
          const zip = readZip(honest);
          return zip.names.reduce((sum, name) => sum + zip.read(name)!.length, 0);
        })();
        const sheet = readZip(honest).read('xl/worksheets/sheet1.xml')!.length;
        const bytes = lie === 'honest' ? honest : withDeclaredSize(honest, 'xl/worksheets/sheet1.xml', lie === 'smaller' ? Math.floor(sheet / 2) : sheet * 4);
        const form = new FormData();
        form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], '组织.xlsx'));
        form.set('dryRun', 'true');
        const response = await tight.app.request('/api/imports', { method: 'POST', body: form, headers: admin });
        const answer = (await response.json()) as { code?: string; dryRun?: boolean };
        const verdict = `${rows} rows of ${text.length} characters (${(unpacked / MiB).toFixed(2)} MiB unpacked, ${lie}): ${response.status} ${JSON.stringify(answer).slice(0, 300)}`;
        if (response.status >= 500) throw new Error(verdict);
        const withinBudget = unpacked <= 2 * MiB && rows + 1 <= 1000;
        if (response.status === 200 && !withinBudget) throw new Error(`read although past its budget: ${verdict}`);
        if (withinBudget && lie === 'honest' && response.status !== 200) throw new Error(`refused although within its budget: ${verdict}`);
        if (response.status !== 200 && !['tooLarge', 'tooManyRows', 'tooManyCells', 'corruptZip'].includes(answer.code ?? ''))
          throw new Error(`refused without saying why: ${verdict}`);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('the same submission at once', () => {
  // A world of its own: these write.
  let fresh: Awaited<ReturnType<typeof startTestApi>>;
  let w: FuzzWorld;
  beforeAll(async () => {
    fresh = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '5000' });
    w = await addCampaign(fresh, await buildWorld(fresh));
  }, 60_000);
  afterAll(() => fresh?.close());

  it('sent six times at once, each JSON command is written once, and every answer agrees', async () => {
    const accepted: string[] = [];
    for (const route of ROUTES.filter((candidate) => candidate.body === 'json')) {
      const valid = route.valid(w);
      if (typeof valid.submissionId !== 'string') continue;
      const answers = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const response = await fresh.app.request(route.url(w), json(valid, w.admin));
          return { status: response.status, body: (await response.json()) as { position?: string; duplicate?: boolean; code?: string } };
        }),
      );
      const where = `${route.method} ${route.path}: ${JSON.stringify(answers.map((answer) => [answer.status, answer.body.code ?? answer.body.position]))}`;
      expect(
        answers.every((answer) => answer.status < 500),
        where,
      ).toBe(true);
      const written = (await fresh.runtime.store.readAll({ maxCount: 1_000_000 })).filter(
        (event) => (event.metadata as { clientSubmissionId?: string } | null)?.clientSubmissionId === valid.submissionId,
      );
      expect(new Set(written.map((event) => event.id)).size, where).toBe(written.length);
      const created = answers.filter((answer) => answer.status === 201);
      if (created.length > 0) {
        accepted.push(route.path);
        expect(created, where).toHaveLength(1);
        const succeeded = answers.filter((answer) => answer.status < 300);
        expect(succeeded, where).toHaveLength(6);
        expect(new Set(succeeded.map((answer) => answer.body.position)).size, where).toBe(1);
      } else {
        expect(new Set(answers.map((answer) => answer.status)).size, where).toBe(1);
      }
    }
    console.log(`the same submission six times at once: ${accepted.length} routes wrote it (once each): ${accepted.join(', ')}`);
    expect(accepted.length, 'most commands were accepted (the test is about writes)').toBeGreaterThan(15);
  }, 120_000);

  it('six different renames of one unit, each naming the revision it saw, at once: one is written, the others are told it changed meanwhile', async () => {
    const revision = await revisionOf(fresh, w.admin, w.branch);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        send(fresh.app, `/api/units/${w.branch}/rename`, json({ submissionId: uuidv7(), name: `同时改名团支部${i}`, on: '2026-06-01', revision }, w.admin)),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.errors[0]).toMatchObject({ code: 'changedMeanwhile' });
  });
});
