import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Locale } from '../../events/catalog/labels.ts';
import { chinaMinute } from '../../projections/calendar.ts';
import * as readModels from '../../projections/index.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { caughtUpWithLog, commandContext, nowOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem } from '../problem.ts';
import type { Runtime } from '../runtime.ts';
import { DEFAULT_LIMITS, downloadResponse, toCsv, writeXlsx, type TableLimits } from '../tables/index.ts';
import { readUpload, uploadAdmission } from '../units/import/admit.ts';
import { ImportJobs, type ImportJob } from '../units/import/jobs.ts';
import { validate } from '../validate.ts';
import { invitationColumns, invitationInstructionRows, invitationTemplateRows, roleChoices, roleWords } from './bulk/layout.ts';
import { describeInvitationError } from './bulk/messages.ts';
import { planInvitations, type InvitationPlan, type InvitationRowError } from './bulk/plan.ts';
import { runInvitations, type InvitationFailure, type InvitationLink } from './bulk/run.ts';

/** What this file's commands check against: they wait for these projections only. */
const COMMANDS_READ = ['organisationTree', 'accounts'] as const;
/** The links of a job are kept this long for the person who ran it, then forgotten (only their hashes are in the log). */
export const LINKS_KEPT_HOURS = 24;
/** A dry run lists at most this many problems (with the count of all). */
const SHOWN_PROBLEMS = 1000;

const uploadSchema = z.object({
  file: z.instanceof(File, { error: 'required' }),
  dryRun: z.enum(['true', 'false']).default('true'),
});
const jobQuery = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const linksQuery = z.object({ format: z.enum(['xlsx', 'csv'], { error: 'invalidOption' }).default('xlsx') });
const words = {
  badRows: { 'zh-CN': '文件中有错误,未邀请任何人', en: 'The file has errors; no one was invited' },
} as const;

type InvitationJob = ImportJob<InvitationPlan['summary']>;
/** What a job produced, kept with it in memory (never in the log) until `keptUntil`. */
interface JobResult {
  links: InvitationLink[];
  failures: InvitationFailure[];
  keptUntil: string;
}

/** Bulk invitations from a spreadsheet (批量邀请): template, dry run, invite as a job, and the job's links. */
export function bulkInvitationRoutes(runtime: Runtime) {
  const jobs = new ImportJobs<InvitationPlan['summary']>('invitations', runtime);
  const results = new WeakMap<InvitationJob, JobResult>();
  const { config } = runtime;
  const limits: TableLimits = {
    unpackedBytes: config.IMPORT_UNPACKED_LIMIT_MB * 1024 * 1024,
    rows: config.IMPORT_ROW_LIMIT,
    cells: config.IMPORT_CELL_LIMIT,
    cellLength: DEFAULT_LIMITS.cellLength,
  };
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const accounts = () => runtime.runner.state(readModels.accounts);
  const { admit, ticketOf } = uploadAdmission((actor) => actor.role === 'administrator' || actor.role === 'manager');
  /** The job, for the person who ran it only; anyone else's answer is "forbidden", as for an unknown id. */
  const ownJob = (c: Context<SignedInEnv>) => {
    const job = jobs.get(c.req.param('id') ?? '');
    return job && job.userId === c.var.actor.userId ? job : null;
  };
  /** The job's links while they are kept; after that, none. */
  const kept = (c: Context<SignedInEnv>, job: InvitationJob) => {
    const result = results.get(job);
    if (!result || result.keptUntil < nowOf(c).toISOString()) {
      results.delete(job);
      return null;
    }
    return result;
  };
  // The site's public address when configured (behind a proxy the request's own address may be an inner one), else the request's.
  const linkOf = (c: Context<SignedInEnv>, token: string) => `${(runtime.config.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '')}/invite/${token}`;

  return (
    new Hono<ApiEnv>()
      .use('/bulk-invitations/*', requireActor)
      .use('/bulk-invitations', requireActor)
      .get('/bulk-invitations/template', validate('query', z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') })), (c) => {
        const rows = invitationTemplateRows();
        const name = encodeURIComponent('批量邀请模板');
        if (c.req.valid('query').format === 'csv') {
          return c.body(toCsv(rows), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="invitations.csv"; filename*=UTF-8''${name}.csv`,
          });
        }
        const roleColumn = invitationColumns.findIndex((column) => column.key === 'role');
        const workbook = writeXlsx([
          { name: '批量邀请', rows, columnWidths: [16, 12, 14, 16, 24, 18], lists: [{ column: roleColumn, fromRow: 3, toRow: 50_000, values: roleChoices() }] },
          { name: '填写说明', rows: invitationInstructionRows(), columnWidths: [14, 70, 30] },
        ]);
        return c.body(workbook as Uint8Array<ArrayBuffer>, 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="invitations.xlsx"; filename*=UTF-8''${name}.xlsx`,
        });
      })
      .post('/bulk-invitations', admit, validate('form', uploadSchema), async (c) => {
        const actor = c.var.actor;
        const { file, dryRun } = c.req.valid('form');
        const locale = requestLocale(c);
        return ticketOf(c).run(async () => {
          const read = await readUpload(c, file, limits);
          if ('refused' in read) return read.refused;
          const { table } = read;
          await caughtUpWithLog(runtime, COMMANDS_READ);
          const plan = await planInvitations(table, tree(), accounts(), actor);
          const problems = reported(plan.errors, locale);
          const planned = plan.invitations.slice(0, SHOWN_PROBLEMS).map(({ line, unitCode, unitName, displayName, role, loginName, derived }) => ({
            line,
            unitCode,
            unitName,
            displayName,
            role,
            loginName,
            derived,
          }));
          if (dryRun === 'true') {
            return c.json(
              {
                dryRun: true,
                fileName: file.name,
                rows: table.rows.length,
                summary: plan.summary,
                invitations: planned,
                errors: problems.shown,
                errorCount: problems.count,
              },
              200,
            );
          }
          if (problems.count > 0)
            return problem(c, 400, { title: words.badRows[locale], rowErrors: problems.shown, errorCount: problems.count, summary: plan.summary });
          return c.json({ dryRun: false, job: startJob(c, file.name, plan) }, 202);
        });
      })
      .get('/bulk-invitations/:id', validate('query', jobQuery), (c) => {
        const job = ownJob(c);
        if (!job) return forbidden(c);
        const { offset, limit } = c.req.valid('query');
        const result = job.status === 'running' ? null : kept(c, job);
        return c.json(
          {
            job,
            links: (result?.links.slice(offset, offset + limit) ?? []).map((link) => ({ ...link, link: linkOf(c, link.token) })),
            linkCount: result?.links.length ?? 0,
            failures: result?.failures.slice(0, SHOWN_PROBLEMS) ?? [],
            keptUntil: result?.keptUntil ?? null,
            /** The job finished, but its links are no longer kept. */
            linksGone: job.status !== 'running' && !result,
          },
          200,
        );
      })
      // The links as a spreadsheet: unit code, unit name, name, login name, link, expiry.
      .get('/bulk-invitations/:id/links', validate('query', linksQuery), (c) => {
        const job = ownJob(c);
        const result = job && job.status !== 'running' ? kept(c, job) : null;
        if (!job || !result) return forbidden(c);
        const en = requestLocale(c) === 'en';
        return downloadResponse(c.req.valid('query').format, {
          name: en ? 'Invitation links' : '邀请链接',
          title: [en ? `Invitation links (${result.links.length}); keep them private` : `邀请链接(共 ${result.links.length} 人),请妥善保管,只发给本人`],
          header: en
            ? ['Unit code', 'Unit', 'Name', 'Role', 'Login name', 'Link', 'Expires']
            : ['组织编码', '组织名称', '姓名', '角色', '用户名', '邀请链接', '有效期至'],
          columnWidths: [16, 24, 12, 12, 18, 60, 18],
          rows: result.links.map((link) => [
            link.unitCode,
            link.unitName,
            link.displayName,
            en ? roleWords[link.role].en : roleWords[link.role].zh,
            link.loginName,
            linkOf(c, link.token),
            chinaMinute(link.expiresAt),
          ]),
        });
      })
  );

  /** Invites in the background; the answer is the job, to follow its progress and then read its links. */
  function startJob(c: Context<SignedInEnv>, fileName: string, plan: InvitationPlan) {
    const now = nowOf(c);
    const job = jobs.start(c.var.actor.userId, fileName, plan.invitations.length, plan.summary, now.toISOString());
    void runInvitations(runtime.store, plan.invitations, {
      jobId: job.id,
      context: commandContext(c),
      now,
      onProgress: (done, lastPosition) => {
        job.done = done;
        job.position = lastPosition?.toString() ?? null;
      },
    }).then(
      ({ links, failures, stopped }) => {
        // Stopped or not, the links made are kept: those people are invited, and a re-run would skip them.
        results.set(job, { links, failures, keptUntil: new Date(runtime.clock.now().getTime() + LINKS_KEPT_HOURS * 3_600_000).toISOString() });
        jobs.finish(job, stopped?.message ?? null, runtime.clock.now().toISOString());
      },
      (error: unknown) => jobs.finish(job, (error as Error).message, runtime.clock.now().toISOString()),
    );
    return job;
  }
}

function reported(errors: InvitationRowError[], locale: Locale) {
  const shown = errors
    .slice(0, SHOWN_PROBLEMS)
    .map((error) => describeInvitationError(error.value.length > 200 ? { ...error, value: `${error.value.slice(0, 200)}…` } : error, locale));
  return { shown, count: errors.length };
}
