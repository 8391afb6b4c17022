/**
 * The words of the API reference, per route (`METHOD /api/path` as Hono lists it): a summary in
 * English with the Chinese term the pages use, a tag by capability, and what the schemas cannot
 * tell (a public route, an answer that is a file). Schemas are never written here: the document
 * takes them from the routes' own validators (./document.ts).
 */
import type { z } from 'zod';
import { reportFields, submitReportSchema } from '../reports/rules.ts';
import type { ProblemStatus } from './components.ts';

export type Answer = { description: string; type?: 'json' | 'download' | 'binary' | 'html' | 'javascript' | 'css' | 'text' };

export interface RouteWords {
  summary: string;
  tag: Tag;
  description?: string;
  /** Answers anyone, signed in or not. */
  public?: true;
  /** A body the validators do not describe: one file as the body, or multipart `file` parts. */
  body?: 'file' | 'files';
  /** The success answers, when not the default (200 JSON; for a command 201/200 with a receipt). */
  ok?: Record<number, Answer>;
  /** Refusals beyond those every route of its kind may answer. */
  refusals?: ProblemStatus[];
}

export const tags = [
  { name: 'accounts', description: '账号与登录 — set-up, sign-in, users, invitations' },
  { name: 'units', description: '组织树 — units, their changes and audit trail' },
  { name: 'imports', description: '导入 — the tree and invitations from spreadsheets' },
  { name: 'reports', description: '月报 — monthly reports, approval, rates, youth needs, branch health' },
  { name: 'research', description: '调研(六个一)— research rounds, teams, visits, findings' },
  { name: 'campaigns', description: '百日集中行动 — drives, timeline, targets, bulletins, tables' },
  { name: 'deliverables', description: '材料 — a drive’s deliverables, their approval and the inbox' },
  { name: 'reminders', description: '催报与通知 — reminders and notifications' },
  { name: 'attachments', description: '附件 — photos and files' },
  { name: 'workbench', description: '工作台 — what the person signed in has to do' },
  { name: 'operations', description: '运维 — health, metrics and this reference' },
] as const;
export type Tag = (typeof tags)[number]['name'];

const download = (what: string): RouteWords['ok'] => ({ 200: { description: `${what} (.xlsx or .csv by \`format\`), as a download`, type: 'download' } });
const decisions = { 200: { description: 'Each item answered on its own: `decided`, `refused`, `results` (ok, or the refusal’s code and title)' } };
const reminded = {
  201: { description: 'Reminders sent now: units and people reminded' },
  200: { description: 'Today’s reminders had been sent already: nothing sent again' },
};

export const routeWords: Record<string, RouteWords> = {
  'GET /api/health': {
    summary: 'Health (健康检查): ok or degraded; for an administrator the store, the log’s position and each projection’s lag',
    tag: 'operations',
    public: true,
    ok: { 200: { description: '`{"status":"ok"}` (an administrator sees the details)' } },
  },
  'GET /api/metrics': {
    summary:
      'Metrics (监控指标) in Prometheus’s text format: requests, appends, refusals, import jobs, reminder deliveries, each projection’s position and lag. ' +
      'An administrator, or `Authorization: Bearer <METRICS_TOKEN>` (also served as /metrics)',
    tag: 'operations',
    ok: { 200: { description: 'Prometheus text exposition format', type: 'text' } },
  },
  'GET /api/openapi.json': { summary: 'This document (OpenAPI 3.1)', tag: 'operations', public: true },
  'GET /api/docs': {
    summary: 'The reference page (接口文档) for this document',
    tag: 'operations',
    public: true,
    ok: { 200: { description: 'An HTML page', type: 'html' } },
  },
  'GET /api/docs/swagger-ui-bundle.js': {
    summary: 'The reference page’s viewer (Swagger UI), served from this server',
    tag: 'operations',
    public: true,
    ok: { 200: { description: 'JavaScript', type: 'javascript' } },
  },
  'GET /api/docs/swagger-ui.css': {
    summary: 'The reference page’s viewer’s styles (Swagger UI)',
    tag: 'operations',
    public: true,
    ok: { 200: { description: 'CSS', type: 'css' } },
  },
  'GET /api/docs/reference.js': {
    summary: 'The reference page’s start-up script',
    tag: 'operations',
    public: true,
    ok: { 200: { description: 'JavaScript', type: 'javascript' } },
  },

  'GET /api/setup': { summary: 'Whether first-run set-up (初始化) is needed', tag: 'accounts', public: true },
  'POST /api/setup': {
    summary: 'Create the first administrator (初始化管理员), only on an empty store',
    tag: 'accounts',
    public: true,
    ok: { 201: { description: 'Created and signed in: a receipt, `userId`, `session` (token and expiry)' }, 200: { description: 'The same submission again' } },
  },
  'POST /api/session': {
    summary: 'Sign in (登录)',
    tag: 'accounts',
    public: true,
    description:
      'Sets the `lp_session` cookie and answers the session’s token, to send as `Authorization: Bearer <token>`. Rate-limited per account and per address.',
    ok: { 200: { description: '`user` and `session` (token, expiry)' } },
    refusals: [429],
  },
  'GET /api/session': { summary: 'Who am I (当前用户)', tag: 'accounts' },
  'DELETE /api/session': { summary: 'Sign out (退出登录)', tag: 'accounts', public: true },
  'GET /api/users': { summary: 'Users (用户) in one’s scope, paged and filtered', tag: 'accounts' },
  'GET /api/users/export': { summary: 'Users downloaded whole, with the list’s filter and order', tag: 'accounts', ok: download('The users') },
  'POST /api/users': { summary: 'Invite a user (邀请用户): the answer holds the invitation token, once', tag: 'accounts' },
  'POST /api/users/{id}/deactivate': { summary: 'Let a user out (停用)', tag: 'accounts' },
  'POST /api/users/{id}/reactivate': { summary: 'Let a user in again (启用)', tag: 'accounts' },
  'POST /api/users/{id}/renew-invitation': { summary: 'A new invitation link (新邀请链接): the old one stops working', tag: 'accounts' },
  'GET /api/invitations/{token}': { summary: 'See an invitation (邀请)', tag: 'accounts', public: true },
  'POST /api/invitations/{token}': { summary: 'Accept an invitation with a password (接受邀请), signed in at once', tag: 'accounts', public: true },
  'GET /api/bulk-invitations/template': { summary: 'The bulk invitation (批量邀请) template', tag: 'imports', ok: download('The template') },
  'POST /api/bulk-invitations': {
    summary: 'Bulk invitations from a spreadsheet: dry run, or start inviting',
    tag: 'imports',
    ok: { 200: { description: 'A dry run: the invitations planned and the problems found' }, 202: { description: 'Started: the job to follow' } },
    refusals: [429],
  },
  'GET /api/bulk-invitations/{id}': { summary: 'A bulk invitation job: progress, then the links', tag: 'imports' },
  'GET /api/bulk-invitations/{id}/links': { summary: 'A bulk invitation job’s links as a spreadsheet', tag: 'imports', ok: download('The links') },

  'GET /api/units': { summary: 'One’s scope roots (组织) with organisation counts', tag: 'units' },
  'GET /api/units/search': { summary: 'Search unit names (搜索组织)', tag: 'units' },
  'GET /api/units/{id}': { summary: 'A unit: its path, children, checklist, composition, what the caller may do', tag: 'units' },
  'GET /api/units/{id}/audit': { summary: 'The audit trail (操作记录) of a unit’s subtree, paged', tag: 'units' },
  'POST /api/units': { summary: 'Open a unit (新建组织) under a parent of the right level', tag: 'units' },
  'POST /api/units/{id}/rename': { summary: 'Rename a unit (更名)', tag: 'units' },
  'POST /api/units/{id}/move': { summary: 'Move a unit (调整隶属)', tag: 'units' },
  'POST /api/units/{id}/reclassify': { summary: 'Reclassify an organisation (领域、建团模式)', tag: 'units' },
  'POST /api/units/{id}/profile': { summary: 'Record a township’s profile (乡镇基本情况)', tag: 'units' },
  'POST /api/units/{id}/standards': { summary: 'Record a unit’s standards (规范化建设: 五有、四有、六有)', tag: 'units' },
  'POST /api/units/{id}/close': { summary: 'Close a unit (撤销)', tag: 'units' },
  'POST /api/provinces/{id}/six-has': { summary: 'Set the province’s six 六有 items', tag: 'units' },
  'GET /api/imports/template': { summary: 'The tree import (导入组织树) template', tag: 'imports', ok: download('The template') },
  'POST /api/imports': {
    summary: 'Import the tree from a spreadsheet: dry run, or import',
    tag: 'imports',
    ok: { 200: { description: 'A dry run: the summary and the problems found' }, 202: { description: 'Started: the job to follow' } },
    refusals: [429],
  },
  'GET /api/imports/{id}': { summary: 'An import job’s progress', tag: 'imports' },

  'GET /api/units/{id}/reports': { summary: 'An organisation’s monthly reports (月报) with history, lateness and settings', tag: 'reports' },
  'POST /api/units/{id}/reports': { summary: 'Submit or correct a month’s report (报送月报)', tag: 'reports' },
  'GET /api/units/{id}/reports/{month}/versions': { summary: 'The versions of a month’s report', tag: 'reports' },
  'POST /api/units/{id}/report-decisions': { summary: 'Approve or return the reports ticked (批量审核)', tag: 'reports', ok: decisions },
  'POST /api/units/{id}/reports/{month}/approve': { summary: 'Approve the version read (审核通过)', tag: 'reports' },
  'POST /api/units/{id}/reports/{month}/return': { summary: 'Return the version read, with a reason (退回)', tag: 'reports' },
  'POST /api/units/{id}/reports/{month}/paper-receipt': { summary: 'Record the day a paper report was received (纸质报送)', tag: 'reports' },
  'GET /api/units/{id}/reporting': { summary: 'A month’s reporting rates with drill-down (报送率)', tag: 'reports' },
  'GET /api/units/{id}/needs': { summary: 'Youth needs (青年需求) of a month', tag: 'reports' },
  'GET /api/units/{id}/health': { summary: 'Branch health (支部健康度) with reasons and trend', tag: 'reports' },
  'GET /api/units/{id}/reporting/export': {
    summary: 'The month view’s list downloaded whole',
    tag: 'reports',
    ok: download('Every organisation expected under the unit'),
  },
  'GET /api/units/{id}/health/export': { summary: 'Branch health downloaded whole', tag: 'reports', ok: download('Every branch') },
  'GET /api/units/{id}/needs/export': { summary: 'Youth needs downloaded whole', tag: 'reports', ok: download('Each organisation’s survey') },
  'POST /api/units/{id}/health/override': { summary: 'A township’s override of a branch’s class (调整健康度)', tag: 'reports' },
  'POST /api/provinces/{id}/reporting-settings': { summary: 'A province’s need categories, due day and health rule (报送设置)', tag: 'reports' },

  'POST /api/units/{id}/research-rounds': { summary: 'Declare a research round (调研轮次)', tag: 'research' },
  'GET /api/research-rounds': { summary: 'Research rounds with coverage and days left', tag: 'research' },
  'GET /api/research-rounds/{roundId}': { summary: 'A research round', tag: 'research' },
  'POST /api/research-rounds/{roundId}/teams': { summary: 'Form a research team (调研组): researchers and regions', tag: 'research' },
  'GET /api/research-teams/{teamId}': { summary: 'A team’s 六个一 board', tag: 'research' },
  'POST /api/research-teams/{teamId}/visits': { summary: 'Record one of the six items for a region, with findings (调研记录)', tag: 'research' },
  'GET /api/findings': { summary: 'Search findings (调研发现), paged', tag: 'research' },
  'GET /api/findings/export': { summary: 'Every matching finding as a spreadsheet', tag: 'research', ok: download('The findings') },

  'GET /api/campaign-template': { summary: 'The 100-day drive’s template (百日集中行动模板) for a year', tag: 'campaigns' },
  'GET /api/campaigns': { summary: 'Drives one may see, and where one may declare one', tag: 'campaigns' },
  'POST /api/campaigns': { summary: 'Declare a drive (发起百日集中行动)', tag: 'campaigns' },
  'POST /api/campaigns/{id}/phases/{phase}': { summary: 'Extend, shorten or move a phase (调整阶段)', tag: 'campaigns' },
  'POST /api/campaigns/{id}/deadlines/{kind}': { summary: 'Move a deadline, with a reason (调整截止日期)', tag: 'campaigns' },
  'GET /api/campaigns/{id}/timeline': { summary: 'The timeline with statuses per unit (进度)', tag: 'campaigns' },
  'GET /api/campaigns/{id}/targets': { summary: 'Progress against targets (目标完成情况)', tag: 'campaigns' },
  'GET /api/campaigns/{id}/targets/export': { summary: 'Targets downloaded whole', tag: 'campaigns', ok: download('Every township of the area') },
  'GET /api/campaigns/{id}/bulletin': { summary: 'A month’s bulletin (通报) and ranking', tag: 'campaigns' },
  'POST /api/campaigns/{id}/bulletins': { summary: 'Publish (freeze) a month’s bulletin (发布通报)', tag: 'campaigns' },
  'GET /api/campaigns/{id}/tables/{table}': {
    summary: 'Statistical tables 附件1 and 附件2, streamed',
    tag: 'campaigns',
    ok: { 200: { description: 'The table as .xlsx', type: 'download' } },
  },
  'GET /api/units/{id}/ranks': { summary: 'Where a unit stands in the rankings (排名)', tag: 'campaigns' },

  'POST /api/campaigns/{id}/deliverables/{unitId}': { summary: 'Submit or correct a deliverable (提交材料)', tag: 'deliverables' },
  'GET /api/campaigns/{id}/deliverables/{unitId}': { summary: 'A unit’s deliverables with history', tag: 'deliverables' },
  'POST /api/campaigns/{id}/deliverables/{unitId}/{kind}/approve': { summary: 'Approve the version read (审核通过)', tag: 'deliverables' },
  'POST /api/campaigns/{id}/deliverables/{unitId}/{kind}/return': { summary: 'Return the version read, with a reason (退回)', tag: 'deliverables' },
  'POST /api/campaigns/{id}/deliverable-decisions': { summary: 'Approve or return the deliverables ticked (批量审核)', tag: 'deliverables', ok: decisions },
  'GET /api/campaigns/{id}/deliverables/{unitId}/case/attachments/{sha}': {
    summary: 'Download one of a case’s files (案例附件)',
    tag: 'deliverables',
    ok: { 200: { description: 'The file, as the type its bytes show', type: 'binary' } },
  },
  'GET /api/inbox': { summary: 'What waits for the caller’s decision, and what it returned (待审核)', tag: 'deliverables' },
  'GET /api/inbox/export': { summary: 'The inbox downloaded whole', tag: 'deliverables', ok: download('The inbox') },

  'POST /api/units/{id}/reminders': { summary: 'Remind of a month’s report (催报)', tag: 'reminders', ok: reminded },
  'POST /api/campaigns/{id}/reminders': { summary: 'Remind of a drive’s deliverable (催交材料)', tag: 'reminders', ok: reminded },
  'GET /api/notifications': { summary: 'One’s notifications (通知), paged', tag: 'reminders' },
  'GET /api/notifications/unread': { summary: 'How many notifications are unread', tag: 'reminders' },
  'POST /api/notifications/read': { summary: 'Mark notifications read up to one (已读)', tag: 'reminders' },

  'POST /api/attachments': {
    summary: 'Upload a case’s files (multipart `file`, 1 to 10)',
    tag: 'attachments',
    body: 'files',
    ok: { 201: { description: 'The files kept: `attachments` (hash, name, type, size)' } },
  },
  'PUT /api/attachments/{sha256}': {
    summary: 'Upload one file of a visit or report, addressed by its SHA-256 (idempotent)',
    tag: 'attachments',
    body: 'file',
    ok: { 201: { description: 'Kept' }, 200: { description: 'Already kept' } },
  },
  'GET /api/attachments/{sha256}': {
    summary: 'Read one file of a visit or report',
    tag: 'attachments',
    ok: { 200: { description: 'The file, as the type its bytes show', type: 'binary' } },
  },

  'GET /api/workbench': { summary: 'The workbench (工作台) of the person signed in', tag: 'workbench' },
};

/**
 * Schemas that check their rules in a transform of what was sent (`z.unknown().transform`), so
 * zod cannot tell their input: the document shows the fields they parse instead.
 */
export const documentedAs = new Map<z.ZodType, z.ZodType>([[submitReportSchema, reportFields]]);
