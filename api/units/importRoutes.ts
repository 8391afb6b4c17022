import { Hono, type Context } from 'hono';
import type { Locale } from '../../events/catalog/labels.ts';
import { z } from 'zod';
import { isOpen } from '../../projections/organisationTreeQueries.ts';
import * as readModels from '../../projections/index.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { unitsWithCode, type Actor } from '../auth/scope.ts';
import { caughtUpWithLog, commandContext, nowOf, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem } from '../problem.ts';
import type { Runtime } from '../runtime.ts';
import { DEFAULT_LIMITS, toCsv, writeXlsx, type TableLimits } from '../tables/index.ts';
import { validate } from '../validate.ts';
import { ImportJobs } from './import/jobs.ts';
import { allowedValues, columns, instructionRows, templateRows } from './import/layout.ts';
import { describeRowError } from './import/messages.ts';
import { planImport, type RowError } from './import/plan.ts';
import { readUpload, uploadAdmission } from './import/admit.ts';
import { runImport } from './import/run.ts';

/** What this file's commands check against: they wait for these projections only, not for every read model. */
const COMMANDS_READ = ['organisationTree'] as const;

const uploadSchema = z.object({
  file: z.instanceof(File, { error: 'required' }),
  dryRun: z.enum(['true', 'false']).default('true'),
});
const words = {
  badRows: { 'zh-CN': '文件中有错误,未导入任何内容', en: 'The file has errors; nothing was imported' },
} as const;

/** A dry run lists at most this many problems (with the counts of all), each value cut to 200 characters. */
export const SHOWN_PROBLEMS = 1000;
const SHOWN_VALUE = 200;

/** The problems an answer carries: the first 1,000, values cut short, and how many there are of each kind. */
function reportedProblems(errors: RowError[], locale: Locale) {
  const byProblem: Record<string, number> = {};
  for (const error of errors) byProblem[error.problem] = (byProblem[error.problem] ?? 0) + 1;
  const shown = errors
    .slice(0, SHOWN_PROBLEMS)
    .map((error) => describeRowError(error.value.length > SHOWN_VALUE ? { ...error, value: `${error.value.slice(0, SHOWN_VALUE)}…` } : error, locale));
  return { shown, count: errors.length, byProblem };
}

/** Bulk import of the organisation tree from CSV or XLSX, with a dry run and progress. */
export function importRoutes(runtime: Runtime) {
  const jobs = new ImportJobs('units', runtime);
  const { config } = runtime;
  const limits: TableLimits = {
    unpackedBytes: config.IMPORT_UNPACKED_LIMIT_MB * 1024 * 1024,
    rows: config.IMPORT_ROW_LIMIT,
    cells: config.IMPORT_CELL_LIMIT,
    cellLength: DEFAULT_LIMITS.cellLength,
  };
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const mayImport = (actor: Actor) => actor.role === 'administrator' || actor.role === 'manager';

  const { admit, ticketOf } = uploadAdmission(mayImport);

  return new Hono<ApiEnv>()
    .use('/imports/*', requireActor)
    .use('/imports', requireActor)
    .get('/imports/template', validate('query', z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') })), (c) => {
      const rows = templateRows();
      const { format } = c.req.valid('query');
      const name = encodeURIComponent('组织架构导入模板');
      if (format === 'csv') {
        return c.body(toCsv(rows), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="template.csv"; filename*=UTF-8''${name}.csv`,
        });
      }
      // The coded columns offer their values in a drop-down list; the instructions sheet lists them too.
      const allowed = allowedValues();
      const lists = columns.flatMap((column, i) => (allowed[column.key] ? [{ column: i, fromRow: 3, toRow: 20_000, values: allowed[column.key]! }] : []));
      const workbook = writeXlsx([
        { name: '组织架构', rows, columnWidths: columns.map((column) => Math.max(10, column.zh.length * 2 + 4)), lists },
        { name: '填写说明', rows: instructionRows(), columnWidths: [14, 60, 60] },
      ]);
      return c.body(workbook as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="template.xlsx"; filename*=UTF-8''${name}.xlsx`,
      });
    })
    .post('/imports', admit, validate('form', uploadSchema), async (c) => {
      const actor = c.var.actor;
      const { file, dryRun } = c.req.valid('form');
      const locale = requestLocale(c);
      // One import or dry run at a time per account; the file is read in a worker, under a budget.
      return ticketOf(c).run(async () => {
        const read = await readUpload(c, file, limits);
        if ('refused' in read) return read.refused;
        const { table } = read;
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const plan = planImport(table, tree(), actor, todayOf(c));
        const problems = reportedProblems(plan.errors, locale);
        if (dryRun === 'true') {
          return c.json(
            {
              dryRun: true,
              fileName: file.name,
              rows: table.rows.length,
              summary: plan.summary,
              errors: problems.shown,
              errorCount: problems.count,
              errorsByProblem: problems.byProblem,
            },
            200,
          );
        }
        if (problems.count > 0)
          return problem(c, 400, {
            title: words.badRows[locale],
            rowErrors: problems.shown,
            errorCount: problems.count,
            errorsByProblem: problems.byProblem,
            summary: plan.summary,
          });
        return startJob(c, actor, file.name, plan);
      });
    })
    .get('/imports/:id', (c) => {
      const job = jobs.get(c.req.param('id'));
      const actor = c.var.actor;
      if (!job || (job.userId !== actor.userId && actor.role !== 'administrator')) return forbidden(c);
      return c.json({ job }, 200);
    });

  /** Runs the plan in the background; the answer is the job, to follow its progress. */
  function startJob(c: Context<SignedInEnv>, actor: Actor, fileName: string, plan: ReturnType<typeof planImport>) {
    const job = jobs.start(actor.userId, fileName, plan.rows.filter((row) => row.actions.length > 0).length, plan.summary, nowOf(c).toISOString());
    const parentInTree = (code: string) => {
      const [id] = unitsWithCode(tree(), actor, code);
      const unit = id ? tree().units.get(id) : undefined;
      return unit ? { id: unit.id, kind: unit.kind, open: isOpen(unit, null) } : null;
    };
    void runImport(runtime.store, plan, {
      context: commandContext(c),
      today: todayOf(c),
      parentInTree,
      onProgress: (progress) => {
        job.done = progress.done;
        job.position = progress.lastPosition?.toString() ?? null;
      },
    }).then(
      () => jobs.finish(job, null, runtime.clock.now().toISOString()),
      (error: unknown) => jobs.finish(job, (error as Error).message, runtime.clock.now().toISOString()),
    );
    return c.json({ dryRun: false, job }, 202);
  }
}
