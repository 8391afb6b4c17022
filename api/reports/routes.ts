import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import type { Role } from '../../events/catalog/account.ts';
import { decode } from '../../events/catalog/index.ts';
import { StreamNotFoundError } from '../../events/store/errors.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { allBranches, branchesPage, healthOfUnit } from '../../projections/branchHealth.ts';
import { allOrganisations, monthView, organisationsPage, rateSeries, isOnTime, sortChildren, submittedOnDay } from '../../projections/reportingRates.ts';
import { settingsFor } from '../../projections/reportingSettings.ts';
import { chinaMinute, dueDate, monthEnd, monthsUpTo, reportingMonthOn } from '../../projections/calendar.ts';
import { isWithin, namesAbove, view } from '../../projections/organisationTreeQueries.ts';
import { uuidFromName } from '../../events/ids.ts';
import { refusalOf } from '../errors.ts';
import { standingLabels, type Locale } from '../../events/catalog/labels.ts';
import { downloadResponse } from '../tables/download.ts';
import { dateCell } from '../tables/xlsxWrite.ts';
import { needsByOrganisation, needsOfMonth, topNeeds } from '../../projections/youthNeeds.ts';
import * as readModels from '../../projections/index.ts';
import { forbidden, forbiddenTitle, requireActor } from '../auth/middleware.ts';
import { canChange, canChangeAsOf, canDecideUnder, canSee, canSeeAsOf, canSubmitReport, type Actor } from '../auth/scope.ts';
import { handleCommand } from '../commands.ts';
import { caughtUpWithLog, commandContext, nowOf, readModel, readTables, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem, titles } from '../problem.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { approvalLabels, describeReasons, timelinessLabels, unknownCategoryMessage } from './messages.ts';
import { healthOverrideDecider, healthOverrideStream, reportDecider, reportingSettingsDecider, reportingSettingsStream, reportStream } from './decider.ts';
import {
  decideManySchema,
  decideReportSchema,
  healthExportQuery,
  healthQuery,
  monthQuery,
  needsExportQuery,
  reportingExportQuery,
  reportingQuery,
  overrideSchema,
  paperReceiptSchema,
  returnReportSchema,
  settingsSchema,
  submitReportSchema,
} from './schemas.ts';

/** What this file's commands check against: they wait for these projections only, not for every read model. */
const COMMANDS_READ = ['organisationTree', 'monthlyReports'] as const;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Monthly reports, their approval, and what managers read from them: rates, needs, health. */
export function reportRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const { attachments } = runtime;
  const reports = () => monthlyReportsOf(runtime.runner.tables(readModels.monthlyReports));
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  /** Who did it, by name (an account that left keeps its name in the log). */
  const nameOf = (userId: string) => runtime.runner.state(readModels.accounts).byId.get(userId)?.displayName ?? null;
  /**
   * Reads both models after waiting for `after`; null (→ 403) when the unit is outside the
   * actor's scope today and, for a month's own answers, at that month's end too (a branch that
   * moved keeps its past months with the township they were reported to).
   */
  const readable = async (c: Context<SignedInEnv>, after: string | undefined, month?: string) => {
    const state = await readModel(c, runtime, readModels.organisationTree, after);
    const log = monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after));
    const id = c.req.param('id')!;
    if (!state.units.has(id)) return null;
    const actor = actorOf(c);
    const seen = canSee(state, actor, id) || (month !== undefined && canSeeAsOf(state, actor, id, monthEnd(month)));
    return seen ? { state, log, id } : null;
  };
  /** What a list's download starts from: the unit read as for its page, the month (the one being reported by default), and the reader's language. */
  const downloadOf = async (c: Context<SignedInEnv>, month: string | undefined, after: string | undefined) => {
    const found = await readable(c, after);
    if (!found) return null;
    const at = month ?? reportingMonthOn(todayOf(c));
    const locale = requestLocale(c);
    const end = monthEnd(at);
    return { found, at, locale, en: locale === 'en', end, unitName: view(found.state.units.get(found.id)!, end).name };
  };
  /** The events of a month's report stream, oldest first (none when it has none). */
  const reportEvents = async (id: string, month: string) =>
    (
      await runtime.store.readStream(reportStream(id, month)).catch((error: unknown) => {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      })
    ).map(decode);
  /** The content of one version of a month's report, with its files, from the log. */
  const contentOf = async (id: string, month: string, reportId: string) => {
    for (const event of await reportEvents(id, month))
      if (event.type === 'MonthlyReportSubmitted' && event.data.reportId === reportId)
        return { report: event.data.report, attachments: event.data.attachments ?? [] };
    // The tables name only versions read from this stream: one missing means the two disagree.
    throw new Error(`report ${reportId} of ${id} ${month} is not in its stream`);
  };
  /** The manager of the month (at its end) or of today may decide it: a moved branch's past months stay with their township. */
  const mayDecideMonth = (actor: Actor, id: string, month: string) =>
    tree().units.get(id)?.kind === 'organisation' && canChangeAsOf(tree(), actor, id, monthEnd(month));
  const decide = async (
    c: Context<SignedInEnv>,
    submissionId: string,
    command: { type: 'approve'; version: string } | { type: 'return'; reason: string; version: string },
  ) => {
    const id = c.req.param('id')!;
    const month = c.req.param('month')!;
    await caughtUpWithLog(runtime, COMMANDS_READ);
    if (!MONTH.test(month) || !mayDecideMonth(actorOf(c), id, month)) return forbidden(c);
    const receipt = await handleCommand(runtime.store, reportDecider, {
      streamName: reportStream(id, month),
      submissionId,
      command: { ...command, unitId: id, month },
      context: commandContext(c),
    });
    return c.json(receipt, receipt.duplicate ? 200 : 201);
  };

  return (
    new Hono<ApiEnv>()
      .use('/units/:id/reports', requireActor)
      .use('/units/:id/reports/*', requireActor)
      // Dashboards are read on phones: gzipped for browsers that ask (the in-process pages do not).
      .use('/units/:id/reporting', requireActor, compress())
      .use('/units/:id/needs', requireActor, compress())
      .use('/units/:id/needs/*', requireActor)
      .use('/units/:id/health', requireActor, compress())
      .use('/units/:id/health/*', requireActor)
      .use('/units/:id/reporting/*', requireActor)
      .use('/units/:id/report-decisions', requireActor)
      .use('/provinces/:id/reporting-settings', requireActor)
      .get('/units/:id/reports', validate('query', monthQuery), async (c) => {
        const { after } = c.req.valid('query');
        const state = await readModel(c, runtime, readModels.organisationTree, after);
        const log = monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after));
        const id = c.req.param('id');
        const actor = actorOf(c);
        if (state.units.get(id)?.kind !== 'organisation') return forbidden(c);
        // Who sees the branch today sees all its months; an earlier township, the months it was theirs.
        const seesNow = canSee(state, actor, id);
        const reported = log.monthsOf(id).filter((month) => seesNow || canSeeAsOf(state, actor, id, monthEnd(month)));
        if (!seesNow && reported.length === 0) return forbidden(c);
        const settings = settingsFor(state, log, id);
        const records = reported.map((month) => log.record(id, month)!).sort((a, b) => b.month.localeCompare(a.month));
        // Each month's content is its current version, read from the log (the tables keep only its figures).
        const contents = await Promise.all(records.map((record) => contentOf(id, record.month, record.history[record.history.length - 1]!.reportId)));
        const months = records.map((record, i) => ({
          ...record,
          report: contents[i]!.report,
          attachments: contents[i]!.attachments,
          decidedByName: record.decidedBy ? nameOf(record.decidedBy) : null,
          history: record.history.map((version) => ({ ...version, actorName: nameOf(version.actor) })),
          receivedOnPaper: record.receivedOnPaper ? { ...record.receivedOnPaper, actorName: nameOf(record.receivedOnPaper.actor) } : null,
          due: dueDate(record.month, settings.dueDay),
          submittedOn: submittedOnDay(record),
          onTime: isOnTime(record, dueDate(record.month, settings.dueDay)),
          mayDecide: canChangeAsOf(state, actor, id, monthEnd(record.month)),
        }));
        return c.json(
          {
            unitId: id,
            today: todayOf(c),
            reportingMonth: reportingMonthOn(todayOf(c)),
            settings: { needCategories: settings.needCategories, dueDay: settings.dueDay },
            mayDecide: canChange(state, actor, id),
            maySubmit: canSubmitReport(state, actor, id),
            months,
          },
          200,
        );
      })
      .post('/units/:id/reports', validate('json', submitReportSchema), async (c) => {
        const id = c.req.param('id');
        const body = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!canSubmitReport(tree(), actorOf(c), id)) return forbidden(c);
        const locale = requestLocale(c);
        if (body.month > todayOf(c).slice(0, 7)) {
          return problem(c, 400, {
            title: titles.invalid[locale],
            errors: [{ field: 'month', code: 'futureMonth', message: locale === 'en' ? 'The month has not come yet' : '不能填报未来月份' }],
          });
        }
        const known = new Set(settingsFor(tree(), reports(), id).needCategories.map((category) => category.key));
        const unknown = body.report.survey.needs.flatMap((need, i) => (known.has(need.category) ? [] : [i]));
        if (unknown.length > 0) {
          return problem(c, 400, {
            title: titles.invalid[locale],
            errors: unknown.map((i) => ({ field: `report.survey.needs.${i}.category`, code: 'unknownCategory', message: unknownCategoryMessage[locale] })),
          });
        }
        attachments.requireKept(body.attachments);
        const receipt = await handleCommand(runtime.store, reportDecider, {
          streamName: reportStream(id, body.month),
          submissionId: body.submissionId,
          command: {
            type: 'submit',
            reportId: body.submissionId,
            unitId: id,
            month: body.month,
            report: body.report,
            attachments: body.attachments,
            submittedAt: new Date(body.clientTime ?? nowOf(c)).toISOString(),
            receivedAt: nowOf(c).toISOString(),
          },
          context: commandContext(c, body.clientTime),
        });
        return c.json({ unitId: id, month: body.month, ...receipt }, receipt.duplicate ? 200 : 201);
      })
      .get('/units/:id/reports/:month/versions', async (c) => {
        const month = c.req.param('month');
        if (!MONTH.test(month)) return forbidden(c);
        const found = await readable(c, undefined, month);
        if (!found) return forbidden(c);
        // Versions are read from the log itself: the tables keep only the current one's figures.
        const versions = (await reportEvents(found.id, month)).flatMap((event) =>
          event.type === 'MonthlyReportSubmitted'
            ? [
                {
                  reportId: event.data.reportId,
                  report: event.data.report,
                  attachments: event.data.attachments ?? [],
                  supersedes: event.data.supersedes,
                  submittedAt: event.data.submittedAt,
                  receivedAt: event.metadata.serverTime,
                  actor: event.metadata.actor,
                  actorName: nameOf(event.metadata.actor),
                  position: event.position.toString(),
                },
              ]
            : [],
        );
        return c.json({ unitId: found.id, month, versions }, 200);
      })
      // 批量审核: a township's manager approves the reports selected in its month view, or returns them with one reason.
      .post('/units/:id/report-decisions', validate('json', decideManySchema), async (c) => {
        const { submissionId, month, decision, reason, items } = c.req.valid('json');
        const actor = actorOf(c);
        const locale = requestLocale(c);
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const listId = c.req.param('id');
        if (!canDecideUnder(tree(), actor, listId)) return forbidden(c);
        const results: Array<{ unitId: string; ok: true; position: string; duplicate: boolean } | { unitId: string; ok: false; code: string; title: string }> =
          [];
        for (const { unitId, version } of items) {
          // Outside the list or the manager's scope reads as a report that does not exist.
          if (!isWithin(tree(), unitId, listId, monthEnd(month)) || !mayDecideMonth(actor, unitId, month)) {
            results.push({ unitId, ok: false, code: 'forbidden', title: forbiddenTitle(c) });
            continue;
          }
          try {
            // Each decision's own submission id, from the request's: a retried request decides nothing twice.
            const receipt = await handleCommand(runtime.store, reportDecider, {
              streamName: reportStream(unitId, month),
              submissionId: uuidFromName(`${submissionId}:${unitId}`),
              command: decision === 'approve' ? { type: 'approve', version, unitId, month } : { type: 'return', reason: reason!, version, unitId, month },
              context: commandContext(c),
            });
            results.push({ unitId, ok: true, position: receipt.position, duplicate: receipt.duplicate });
          } catch (error) {
            const refusal = refusalOf(error, locale);
            if (!refusal) throw error;
            results.push({ unitId, ok: false, ...refusal });
          }
        }
        const positions = results.flatMap((result) => (result.ok ? [BigInt(result.position)] : []));
        return c.json(
          {
            decided: positions.length,
            refused: results.length - positions.length,
            results,
            position: positions.length ? positions.reduce((a, b) => (a > b ? a : b)).toString() : null,
          },
          200,
        );
      })
      .post('/units/:id/reports/:month/approve', validate('json', decideReportSchema), async (c) => {
        const { submissionId, version } = c.req.valid('json');
        return decide(c, submissionId, { type: 'approve', version });
      })
      .post('/units/:id/reports/:month/return', validate('json', returnReportSchema), async (c) => {
        const { submissionId, reason, version } = c.req.valid('json');
        return decide(c, submissionId, { type: 'return', reason, version });
      })
      .post('/units/:id/reports/:month/paper-receipt', validate('json', paperReceiptSchema), async (c) => {
        const id = c.req.param('id');
        const month = c.req.param('month');
        const { submissionId, receivedOn, reason } = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!MONTH.test(month) || !mayDecideMonth(actorOf(c), id, month)) return forbidden(c);
        const receipt = await handleCommand(runtime.store, reportDecider, {
          streamName: reportStream(id, month),
          submissionId,
          command: { type: 'recordPaperReceipt', unitId: id, month, receivedOn, reason, today: todayOf(c) },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate ? 200 : 201);
      })
      .get('/units/:id/reporting', validate('query', reportingQuery), async (c) => {
        const { month, after, limit, cursor, sort, status, q } = c.req.valid('query');
        const found = await readable(c, after);
        if (!found) return forbidden(c);
        const at = month ?? reportingMonthOn(todayOf(c));
        // Read from the townships' counts kept as reports arrive: nothing to keep between asks.
        const view = monthView(found.state, found.log, found.id, at);
        const organisations = organisationsPage(view.organisations, { status, q, sort }, { limit, cursor });
        // For a township's page: the version each report awaiting approval is at, and whether this manager may decide it (批量审核).
        const actor = actorOf(c);
        const versions = found.log.currentVersions(
          organisations.rows.filter((row) => row.approval === 'submitted').map((row) => row.unitId),
          at,
        );
        return c.json(
          {
            ...view,
            children: sortChildren(view.children, sort),
            organisations: organisations.rows.map((row) => ({
              ...row,
              version: versions.get(row.unitId) ?? null,
              mayDecide: versions.has(row.unitId) && mayDecideMonth(actor, row.unitId, at),
            })),
            total: organisations.total,
            nextCursor: organisations.nextCursor,
            series: rateSeries(found.state, found.log, found.id, monthsUpTo(at, 6)),
          },
          200,
        );
      })
      .get('/units/:id/needs', validate('query', monthQuery), async (c) => {
        const { month, after } = c.req.valid('query');
        const found = await readable(c, after);
        if (!found) return forbidden(c);
        const at = month ?? reportingMonthOn(todayOf(c));
        const series = monthsUpTo(at, 6).map((m) => needsOfMonth(found.state, found.log, found.id, m));
        return c.json(
          {
            ...series[series.length - 1]!,
            top: topNeeds(series),
            series: series.map(({ month: m, respondents, categories }) => ({ month: m, respondents, categories })),
          },
          200,
        );
      })
      .get('/units/:id/health', validate('query', healthQuery), async (c) => {
        const { month, after, limit, cursor, sort, class: healthClass, q } = c.req.valid('query');
        const found = await readable(c, after);
        if (!found) return forbidden(c);
        const at = month ?? reportingMonthOn(todayOf(c));
        const locale = requestLocale(c);
        const actor = actorOf(c);
        // Classes, their counts and the trend as the monthlyReports tables keep them; reasons for the page's branches only.
        const health = healthOfUnit(found.state, found.log, found.id, at, todayOf(c));
        const page = branchesPage(found.state, found.log, found.id, health, { healthClass, q, sort }, { limit, cursor });
        return c.json(
          {
            ...health,
            total: page.total,
            nextCursor: page.nextCursor,
            branches: page.branches.map((branch) => ({
              ...branch,
              override: branch.override ? { ...branch.override, actorName: nameOf(branch.override.actor) } : null,
              why: describeReasons(branch.reasons, locale),
              mayOverride: canChange(found.state, actor, branch.unitId),
            })),
          },
          200,
        );
      })
      // The lists as downloads: every row the filter keeps, in the order asked, with the places above each branch.
      .get('/units/:id/reporting/export', validate('query', reportingExportQuery), async (c) => {
        const { month, after, format, sort, status, q } = c.req.valid('query');
        const asked = await downloadOf(c, month, after);
        if (!asked) return forbidden(c);
        const { found, at, locale, en, end, unitName } = asked;
        const rows = allOrganisations(found.state, found.log, found.id, at, { status, q, sort });
        return downloadResponse(format, {
          name: en ? `Monthly reports ${unitName} ${at}` : `月报上报情况-${unitName}-${at}`,
          title: [
            en ? `Monthly reports: ${unitName}, ${at}` : `${unitName} ${at} 月报上报情况`,
            filterLine(locale, { status: status && timelinessLabels[status][locale], q }),
          ],
          header: en
            ? ['Organisation', 'Township', 'County', 'Report', 'Approval', 'First received', 'Corrections']
            : ['团组织', '乡镇(街道)', '县(区)', '上报情况', '审核', '首次上报时间', '修改次数'],
          columnWidths: [30, 18, 14, 10, 12, 18, 10],
          rows: (function* () {
            for (const row of rows) {
              const above = namesAbove(found.state, row.unitId, end);
              yield [
                row.name,
                above.township ?? '',
                above.county ?? '',
                timelinessLabels[row.status][locale],
                row.approval ? approvalLabels[row.approval][locale] : '',
                dateCell(row.receivedAt ? chinaMinute(row.receivedAt) : null),
                row.corrections,
              ];
            }
          })(),
        });
      })
      .get('/units/:id/health/export', validate('query', healthExportQuery), async (c) => {
        const { month, after, format, sort, class: healthClass, q } = c.req.valid('query');
        const asked = await downloadOf(c, month, after);
        if (!asked) return forbidden(c);
        const { found, at, locale, en, end, unitName } = asked;
        const health = healthOfUnit(found.state, found.log, found.id, at, todayOf(c));
        const branches = allBranches(found.state, found.log, found.id, health, { healthClass, q, sort });
        return downloadResponse(format, {
          name: en ? `Branch health ${unitName} ${at}` : `支部分类-${unitName}-${at}`,
          title: [
            en ? `Branch health: ${unitName}, ${at}` : `${unitName} ${at} 基层团组织分类`,
            filterLine(locale, { status: healthClass && standingLabels[healthClass][locale], q }),
          ],
          header: en
            ? ['Organisation', 'Township', 'County', 'Class', 'Set by the rule', '五个一 done (%)', 'Months reported', 'On time', 'Reasons', 'Adjusted because']
            : ['团组织', '乡镇(街道)', '县(区)', '分类', '按规则', '五个一完成率(%)', '已报月数', '按时月数', '原因', '调整理由'],
          columnWidths: [30, 18, 14, 8, 8, 14, 10, 10, 50, 30],
          rows: (function* () {
            for (const branch of branches) {
              const above = namesAbove(found.state, branch.unitId, end);
              yield [
                branch.name,
                above.township ?? '',
                above.county ?? '',
                standingLabels[branch.healthClass][locale],
                standingLabels[branch.computedClass][locale],
                Math.round(branch.figures.fiveOnes * 1000) / 10,
                branch.figures.reported,
                branch.figures.onTime,
                describeReasons(branch.reasons, locale).join(en ? '; ' : ';'),
                branch.override?.reason ?? '',
              ];
            }
          })(),
        });
      })
      // Youth needs (青年需求) as a download: each organisation that reported the month, its survey by category.
      .get('/units/:id/needs/export', validate('query', needsExportQuery), async (c) => {
        const { month, after, format } = c.req.valid('query');
        const asked = await downloadOf(c, month, after);
        if (!asked) return forbidden(c);
        const { found, at, en, end, unitName } = asked;
        const categories = settingsFor(found.state, found.log, found.id).needCategories;
        return downloadResponse(format, {
          name: en ? `Youth needs ${unitName} ${at}` : `青年需求-${unitName}-${at}`,
          title: [en ? `Youth needs: ${unitName}, ${at} (people naming each need)` : `${unitName} ${at} 青年需求调查(各项需求人数)`],
          header: [
            ...(en ? ['Organisation', 'Township', 'County', 'Surveyed'] : ['团组织', '乡镇(街道)', '县(区)', '调查人数']),
            ...categories.map((category) => (en ? category.en : category.zh) || category.key),
            en ? 'In their words' : '青年原话',
          ],
          columnWidths: [30, 18, 14, 10, ...categories.map(() => 12), 50],
          rows: (function* () {
            for (const row of needsByOrganisation(found.state, found.log, found.id, at)) {
              const above = namesAbove(found.state, row.unitId, end);
              yield [
                row.name,
                above.township ?? '',
                above.county ?? '',
                row.respondents,
                ...categories.map((category) => row.counts.get(category.key) ?? 0),
                row.freeText,
              ];
            }
          })(),
        });
      })
      .post('/units/:id/health/override', validate('json', overrideSchema), async (c) => {
        const id = c.req.param('id');
        const { submissionId, month, healthClass, reason } = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (tree().units.get(id)?.kind !== 'organisation' || !canChange(tree(), actorOf(c), id)) return forbidden(c);
        const receipt = await handleCommand(runtime.store, healthOverrideDecider, {
          streamName: healthOverrideStream(id, month),
          submissionId,
          command: { unitId: id, month, healthClass, reason },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate ? 200 : 201);
      })
      .post('/provinces/:id/reporting-settings', validate('json', settingsSchema), async (c) => {
        const id = c.req.param('id');
        const { submissionId, settings } = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (actorOf(c).role !== ('administrator' satisfies Role) || tree().units.get(id)?.kind !== 'province') return forbidden(c);
        const receipt = await handleCommand(runtime.store, reportingSettingsDecider, {
          streamName: reportingSettingsStream(id),
          submissionId,
          command: { provinceId: id, settings },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate ? 200 : 201);
      })
  );
}

/** The filter a download was made with, written under its title ("全部" when none). */
function filterLine(locale: Locale, filter: { status?: string | undefined; q?: string | undefined }): string {
  const parts = [filter.status, filter.q && (locale === 'en' ? `name contains “${filter.q}”` : `名称含“${filter.q}”`)].filter(Boolean);
  return locale === 'en' ? `Filter: ${parts.length ? parts.join(', ') : 'all'}` : `筛选:${parts.length ? parts.join(',') : '全部'}`;
}
