import { Hono } from 'hono';
import { z } from 'zod';
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import { isOpen } from '../../projections/organisationTreeQueries.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import type { Actor } from '../auth/scope.ts';
import { caughtUpWithLog, commandContext, nowOf, todayOf, type ApiEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem } from '../problem.ts';
import type { Runtime } from '../runtime.ts';
import { parseTable, TableFormatError, toCsv, writeXlsx } from '../tables/index.ts';
import { validate } from '../validate.ts';
import { ImportJobs } from './import/jobs.ts';
import { columns, templateRows } from './import/layout.ts';
import { describeRowError, describeTableError } from './import/messages.ts';
import { planImport } from './import/plan.ts';
import { runImport } from './import/run.ts';

const uploadSchema = z.object({
  file: z.instanceof(File, { error: 'required' }),
  dryRun: z.enum(['true', 'false']).default('true'),
});
const words = {
  badRows: { 'zh-CN': '文件中有错误,未导入任何内容', en: 'The file has errors; nothing was imported' },
  unreadable: { 'zh-CN': '无法读取文件', en: 'The file cannot be read' },
} as const;

/** Bulk import of the organisation tree from CSV or XLSX, with a dry run and progress. */
export function importRoutes(runtime: Runtime) {
  const jobs = new ImportJobs();
  const tree = () => runtime.runner.state<OrganisationTreeState>('organisationTree');
  const mayImport = (actor: Actor) => actor.role === 'administrator' || actor.role === 'manager';

  return new Hono<ApiEnv>()
    .use('/imports/*', requireActor)
    .use('/imports', requireActor)
    .get('/imports/template', validate('query', z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') })), (c) => {
      const rows = templateRows();
      const { format } = c.req.valid('query');
      const name = encodeURIComponent('组织架构导入模板');
      if (format === 'csv') {
        return c.body(toCsv(rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="template.csv"; filename*=UTF-8''${name}.csv` });
      }
      const workbook = writeXlsx([{ name: '组织架构', rows, columnWidths: columns.map((column) => Math.max(10, column.zh.length * 2 + 4)) }]);
      return c.body(workbook as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="template.xlsx"; filename*=UTF-8''${name}.xlsx`,
      });
    })
    .post('/imports', validate('form', uploadSchema), async (c) => {
      const actor = c.get('actor') as Actor;
      if (!mayImport(actor)) return forbidden(c);
      const { file, dryRun } = c.req.valid('form');
      const locale = requestLocale(c);
      let table;
      try {
        table = parseTable(file.name, new Uint8Array(await file.arrayBuffer()));
      } catch (error) {
        if (error instanceof TableFormatError) return problem(c, 400, { title: words.unreadable[locale], detail: describeTableError(error, locale), code: error.code });
        throw error;
      }
      await caughtUpWithLog(runtime);
      const plan = planImport(table, tree(), actor, todayOf(c));
      const rowErrors = plan.errors.map((error) => describeRowError(error, locale));
      if (dryRun === 'true') {
        return c.json({ dryRun: true, fileName: file.name, rows: table.rows.length, summary: plan.summary, errors: rowErrors }, 200);
      }
      if (rowErrors.length > 0) return problem(c, 400, { title: words.badRows[locale], rowErrors, summary: plan.summary });
      const job = jobs.start(actor.userId, file.name, plan, nowOf(c).toISOString());
      const parentInTree = (code: string) => {
        const id = tree().byCode.get(code);
        const unit = id ? tree().units.get(id) : undefined;
        return unit ? { id: unit.id, kind: unit.kind, open: isOpen(unit, null) } : null;
      };
      void runImport(runtime.store, plan, {
        context: commandContext(c), today: todayOf(c), parentInTree,
        onProgress: (progress) => {
          job.done = progress.done;
          job.position = progress.lastPosition?.toString() ?? null;
        },
      }).then(() => {
        job.status = 'done';
        job.finishedAt = runtime.clock.now().toISOString();
      }, (error: unknown) => {
        job.status = 'failed';
        job.error = (error as Error).message;
        job.finishedAt = runtime.clock.now().toISOString();
      });
      return c.json({ dryRun: false, job }, 202);
    })
    .get('/imports/:id', (c) => {
      const job = jobs.get(c.req.param('id'));
      const actor = c.get('actor') as Actor;
      if (!job || (job.userId !== actor.userId && actor.role !== 'administrator')) return forbidden(c);
      return c.json({ job }, 200);
    });
}

