/**
 * What units deliver in a drive: submitting (and correcting) each deliverable, the level
 * above approving or returning it, the approver's inbox, and the case's attachments.
 */
import { Hono, type Context } from 'hono';
import { deliverableKinds, type DeliverableContent, type DeliverableKind } from '../../events/catalog/campaign.ts';
import { healthOf } from '../../projections/branchHealth.ts';
import { campaignAsOf, deliverableAsOf, deliverableKey, type CampaignRecord, type DeliverableRecord } from '../../projections/campaigns.ts';
import { dueOf, kindsOwedBy, statusOf } from '../../projections/campaignDuties.ts';
import { table1Columns, table1Rows, table2Columns, table2Rows, totalsOf } from '../../projections/campaignTables.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { isWithin, organisationsUnder, recordsOf, view } from '../../projections/organisationTreeQueries.ts';
import { settingsFor } from '../../projections/reportingSettings.ts';
import { chinaMinute, monthBefore } from '../../projections/calendar.ts';
import { deliverableLabels } from '../../events/catalog/labels.ts';
import { downloadResponse } from '../tables/download.ts';
import { dateCell } from '../tables/xlsxWrite.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { canSee, type Actor } from '../auth/scope.ts';
import { pageOf, sortRows } from '../../projections/paging.ts';
import * as readModels from '../../projections/index.ts';
import { handleCommand } from '../commands.ts';
import { decode } from '../../events/catalog/index.ts';
import { StreamNotFoundError } from '../../events/store/errors.ts';
import { asOfDay, caughtUpWithLog, commandContext, nowOf, readModel, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem, titles, type FieldError } from '../problem.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { mayDecideFor, maySeeCampaign, maySubmitFor } from './access.ts';
import { MAX_ATTACHMENT_BYTES } from '../attachments/store.ts';
import { sniffType } from '../attachments/fileTypes.ts';
import { deliverableDecider, deliverableStream } from './decider.ts';
import { decideSchema, inboxExportQuery, inboxQuery, returnSchema, submitDeliverableSchema, unitQuery, type SubmitDeliverable } from './schemas.ts';

/** What this file's commands check against: they wait for these projections only, not for every read model. */
const COMMANDS_READ = ['organisationTree', 'campaigns', 'monthlyReports'] as const;

/** One deliverable waiting in an approver's inbox. */
export interface InboxEntry {
  campaignId: string;
  campaignName: string;
  unitId: string;
  unitName: string;
  kind: DeliverableKind;
  due: string;
  late: boolean;
  submittedOn: string | null;
  receivedAt: string;
  corrections: number;
  returnReason: string | null;
  /** A case's title. */
  title: string | null;
  /** How many branches a rectification list names. */
  branches: number | null;
  /** The version waiting (its submission id): a decision names it. */
  version: string;
}

export function deliverableRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const state = () => runtime.runner.state(readModels.campaigns);
  const reports = () => monthlyReportsOf(runtime.runner.tables(readModels.monthlyReports));
  const { attachments } = runtime;
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  const nameOfUser = (id: string) => runtime.runner.state(readModels.accounts).byId.get(id)?.displayName ?? null;
  const unitName = (id: string) => {
    const unit = tree().units.get(id);
    return unit ? view(unit).name : '';
  };
  /**
   * The content of the version in force on the day viewed: the projection keeps the latest, so
   * an earlier version is read back from the log (one short stream).
   */
  const contentAsOf = async (record: DeliverableRecord, stored: DeliverableRecord): Promise<DeliverableContent> => {
    const version = record.history[record.history.length - 1]!.submissionId;
    if (version === stored.history[stored.history.length - 1]!.submissionId) return stored.content;
    const events = await runtime.store.readStream(deliverableStream(stored.campaignId, stored.kind, stored.unitId)).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
    const submitted = events.map(decode).find((event) => event.type === 'DeliverableSubmitted' && event.data.submissionId === version);
    return submitted?.type === 'DeliverableSubmitted' ? submitted.data.content : stored.content;
  };
  /** The campaign, the owing unit and the kind named in the path, when the actor may see them. */
  const target = (c: Context<SignedInEnv>) => {
    const campaign = state().campaigns.get(c.req.param('id')!);
    const unitId = c.req.param('unitId')!;
    const unit = tree().units.get(unitId);
    if (!campaign || !unit || !maySeeCampaign(tree(), actorOf(c), campaign) || !canSee(tree(), actorOf(c), unitId)) return null;
    if (unitId === campaign.unitId || !isWithin(tree(), unitId, campaign.unitId)) return null;
    return { campaign, unit, unitId };
  };

  /** The content of a submission: what the form sent, or what the server works out from the projections on `today`. */
  const contentOf = (campaign: CampaignRecord, unitId: string, body: SubmitDeliverable, today: string): DeliverableContent => {
    switch (body.kind) {
      case 'baseline': {
        const month = body.month ?? monthBefore(today);
        const settings = settingsFor(tree(), reports(), unitId);
        // Every branch the township has now, each classed by the month asked for (default: last month): none, the decider refuses.
        const branches = recordsOf(tree(), organisationsUnder(tree(), unitId, today));
        return {
          kind: 'baseline',
          month,
          classes: branches.map((unit) => ({ unitId: unit.id, healthClass: healthOf(tree(), reports(), unit, month, settings).healthClass })),
        };
      }
      case 'rectification':
        // As sent: the decider checks each branch against the township's organisations and keeps each once.
        return { kind: 'rectification', branches: body.branches, plan: body.plan };
      case 'case':
        attachments.requireKept(body.attachments);
        return { kind: 'case', title: body.title, text: body.text, attachments: body.attachments };
      case 'summary':
        return { kind: 'summary', text: body.text };
      case 'tables': {
        const asOf = today;
        return {
          kind: 'tables',
          asOf,
          table1: totalsOf(table1Columns, table1Rows(tree(), reports(), campaign, unitId, asOf)),
          table2: totalsOf(table2Columns, table2Rows(tree(), reports(), state(), campaign, unitId, asOf)),
        };
      }
    }
  };

  const decide = async (
    c: Context<SignedInEnv>,
    submissionId: string,
    command: { type: 'approve'; version: string } | { type: 'return'; reason: string; version: string },
  ) => {
    await caughtUpWithLog(runtime, COMMANDS_READ);
    const found = target(c);
    const kind = c.req.param('kind') as DeliverableKind;
    if (!found || !deliverableKinds.includes(kind) || !mayDecideFor(tree(), actorOf(c), found.unitId)) return forbidden(c);
    const receipt = await handleCommand(runtime.store, deliverableDecider, {
      streamName: deliverableStream(found.campaign.id, kind, found.unitId),
      submissionId,
      command: { ...command, campaignId: found.campaign.id, unitId: found.unitId, kind },
      context: commandContext(c),
    });
    return c.json(receipt, receipt.duplicate ? 200 : 201);
  };

  /**
   * What waits for the actor's decision and what it returned, as things stood at the end of `on`:
   * the deliverables owed by the level directly below the actor's units, of one kind if asked,
   * oldest first or by due day (the time received breaking ties, so pages never overlap).
   */
  const inboxOf = (actor: Actor, on: string, kind: DeliverableKind | undefined, sort: string) => {
    const waiting: InboxEntry[] = [];
    const returned: InboxEntry[] = [];
    // The inbox holds what the level directly below owes: only the deliverables of the actor's units' children are read.
    const owed =
      actor.role === 'administrator'
        ? state().deliverables.values()
        : state().deliverables.ofUnits(actor.unitIds.flatMap((id) => tree().children.get(id) ?? []));
    for (const stored of owed) {
      const record = deliverableAsOf(stored, on);
      if (
        !record ||
        record.status === 'approved' ||
        (kind && record.kind !== kind) ||
        !tree().units.has(record.unitId) ||
        !mayDecideFor(tree(), actor, record.unitId)
      )
        continue;
      // The inbox holds what the level directly below owes; higher managers may still decide from the unit's page.
      if (actor.role !== 'administrator' && !actor.unitIds.includes(view(tree().units.get(record.unitId)!).parentId ?? '')) continue;
      const campaign = campaignAsOf(state().campaigns.get(record.campaignId)!, on);
      if (!campaign) continue;
      const status = statusOf(record, record.kind, dueOf(campaign, record.kind), on);
      const entry: InboxEntry = {
        campaignId: campaign.id,
        campaignName: campaign.name,
        unitId: record.unitId,
        unitName: unitName(record.unitId),
        kind: record.kind,
        due: status.due,
        late: status.late,
        submittedOn: status.submittedOn,
        receivedAt: record.history[record.history.length - 1]!.receivedAt,
        corrections: record.history.length - 1,
        returnReason: record.returnReason,
        title: record.content.kind === 'case' ? record.content.title : null,
        branches: record.content.kind === 'rectification' ? record.content.branches.length : null,
        version: record.history[record.history.length - 1]!.submissionId,
      };
      (record.status === 'submitted' ? waiting : returned).push(entry);
    }
    const order = (list: InboxEntry[]) =>
      sortRows(sortRows(list, 'receivedAt', { receivedAt: (entry) => entry.receivedAt }), sort, {
        receivedAt: (entry) => entry.receivedAt,
        due: (entry) => entry.due,
      });
    return { waiting: order(waiting), returned: order(returned) };
  };

  return (
    new Hono<ApiEnv>()
      .use('/campaigns/:id/deliverables/*', requireActor)
      .use('/inbox', requireActor)
      .use('/inbox/*', requireActor)
      .use('/attachments', requireActor)
      .post('/campaigns/:id/deliverables/:unitId', validate('json', submitDeliverableSchema), async (c) => {
        const body = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const found = target(c);
        if (!found || !maySubmitFor(tree(), actorOf(c), found.unitId)) return forbidden(c);
        const today = todayOf(c);
        const content = contentOf(found.campaign, found.unitId, body, today);
        const receipt = await handleCommand(runtime.store, deliverableDecider, {
          streamName: deliverableStream(found.campaign.id, body.kind, found.unitId),
          submissionId: body.submissionId,
          command: {
            type: 'submit',
            campaignId: found.campaign.id,
            unitId: found.unitId,
            submissionId: body.submissionId,
            content,
            submittedAt: new Date(body.clientTime ?? nowOf(c)).toISOString(),
            receivedAt: nowOf(c).toISOString(),
            unitKind: found.unit.kind,
            organisations: body.kind === 'rectification' ? organisationsUnder(tree(), found.unitId, today).map((unit) => unit.id) : null,
          },
          context: commandContext(c, body.clientTime),
        });
        return c.json({ campaignId: found.campaign.id, unitId: found.unitId, kind: body.kind, ...receipt }, receipt.duplicate ? 200 : 201);
      })
      .get('/campaigns/:id/deliverables/:unitId', validate('query', unitQuery), async (c) => {
        const { after, asOf } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        await readModel(c, runtime, readModels.organisationTree, after);
        await readModel(c, runtime, readModels.campaigns, after);
        const found = target(c);
        const campaign = found ? campaignAsOf(found.campaign, on) : null;
        if (!found || !campaign) return forbidden(c);
        const { unitId } = found;
        const owed = await Promise.all(
          kindsOwedBy(found.unit.kind).map(async (kind) => {
            const stored = state().deliverables.get(deliverableKey(campaign.id, kind, unitId));
            const record = deliverableAsOf(stored, on);
            return {
              ...statusOf(record, kind, dueOf(campaign, kind), on),
              version: (record ? record.history[record.history.length - 1]!.submissionId : undefined) ?? null,
              content: record ? await contentAsOf(record, stored!) : null,
              returnReason: record?.returnReason ?? null,
              decidedByName: record?.decidedBy ? nameOfUser(record.decidedBy) : null,
              decidedAt: record?.decidedAt ?? null,
              history: (record?.history ?? []).map((version) => ({ ...version, actorName: nameOfUser(version.actor) })),
            };
          }),
        );
        // What the baseline and the rectification list would hold if submitted now.
        const month = monthBefore(on);
        const settings = settingsFor(tree(), reports(), unitId);
        const branches =
          found.unit.kind === 'township'
            ? recordsOf(tree(), organisationsUnder(tree(), unitId, on))
                .map((unit) => {
                  const health = healthOf(tree(), reports(), unit, month, settings);
                  return { unitId: unit.id, name: health.name, healthClass: health.healthClass };
                })
                .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
            : [];
        const named = new Set(
          owed.flatMap((d) =>
            d.content?.kind === 'baseline' ? d.content.classes.map((x) => x.unitId) : d.content?.kind === 'rectification' ? d.content.branches : [],
          ),
        );
        return c.json(
          {
            campaign: { id: campaign.id, name: campaign.name, unitId: campaign.unitId },
            /** Names of the branches the submitted baseline and list mention, closed ones included. */
            branchNames: Object.fromEntries([...named].map((id) => [id, unitName(id)])),
            unit: { id: unitId, name: unitName(unitId), kind: found.unit.kind },
            today: on,
            asOf: asOf ?? null,
            baselineMonth: month,
            branches,
            deliverables: owed,
            // A view of a past day is for reading: submitting and deciding happen today.
            maySubmit: asOf === undefined && maySubmitFor(tree(), actorOf(c), unitId),
            mayDecide: asOf === undefined && mayDecideFor(tree(), actorOf(c), unitId),
          },
          200,
        );
      })
      .post('/campaigns/:id/deliverables/:unitId/:kind/approve', validate('json', decideSchema), (c) => {
        const { submissionId, version } = c.req.valid('json');
        return decide(c, submissionId, { type: 'approve', version });
      })
      .post('/campaigns/:id/deliverables/:unitId/:kind/return', validate('json', returnSchema), (c) => {
        const { submissionId, reason, version } = c.req.valid('json');
        return decide(c, submissionId, { type: 'return', reason, version });
      })
      .get('/campaigns/:id/deliverables/:unitId/case/attachments/:sha', async (c) => {
        const found = target(c);
        const sha = c.req.param('sha');
        const record = found && state().deliverables.get(deliverableKey(found.campaign.id, 'case', found.unitId));
        const attachment = record?.content.kind === 'case' ? record.content.attachments.find((a) => a.sha256 === sha) : undefined;
        if (!found || !attachment || !attachments.has(attachment)) return forbidden(c);
        return new Response(attachments.open(attachment.sha256), {
          headers: {
            // The type its bytes show, never the one recorded from a request.
            'content-type': attachments.typeOf(attachment) ?? 'application/octet-stream',
            'content-length': String(attachment.size),
            'content-disposition': `attachment; filename="${attachment.sha256.slice(0, 12)}"; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
            'x-content-type-options': 'nosniff',
          },
        });
      })
      .post('/attachments', async (c) => {
        const actor = actorOf(c);
        const locale = requestLocale(c);
        if (actor.role !== 'administrator' && actor.role !== 'manager') return forbidden(c);
        const form = await c.req.formData().catch(() => null);
        const files = form ? form.getAll('file').filter((value): value is File => typeof value !== 'string') : [];
        if (files.length === 0 || files.length > 10) {
          return problem(c, 400, {
            title: titles.invalid[locale],
            errors: [{ field: 'file', code: 'required', message: locale === 'en' ? 'Choose one to ten files' : '请选择 1 到 10 个文件' }],
          });
        }
        // Each file is what its bytes show (the type the browser declares is not believed), and one a case may carry.
        const read = await Promise.all(
          files.map(async (file) => {
            const bytes = file.size > 0 && file.size <= MAX_ATTACHMENT_BYTES ? new Uint8Array(await file.arrayBuffer()) : null;
            return { file, bytes, type: bytes ? sniffType(bytes, file.name) : null };
          }),
        );
        const errors = read.flatMap(({ file, bytes, type }, i): FieldError[] => {
          if (!bytes)
            return [
              {
                field: `file.${i}`,
                code: 'fileSize',
                message: locale === 'en' ? `${file.name}: 1 byte to 10 MB` : `${file.name}:文件大小须在 10 MB 以内且不为空`,
              },
            ];
          if (!type)
            return [
              {
                field: `file.${i}`,
                code: 'fileType',
                message:
                  locale === 'en'
                    ? `${file.name}: pictures, PDF, Word, Excel, PowerPoint or text only`
                    : `${file.name}:仅支持图片、PDF、Word、Excel、PPT 或文本文件`,
              },
            ];
          return [];
        });
        if (errors.length > 0) return problem(c, 400, { title: titles.invalid[locale], errors });
        const saved = read.map(({ file, bytes, type }) => attachments.save(bytes!, file.name, type!));
        return c.json({ attachments: saved }, 201);
      })
      .get('/inbox', validate('query', inboxQuery), async (c) => {
        const { after, asOf, limit, cursor, returnedCursor, sort, kind } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        if (after !== undefined) await readModel(c, runtime, readModels.campaigns, after);
        else await caughtUpWithLog(runtime, COMMANDS_READ);
        const { waiting, returned } = inboxOf(actorOf(c), on, kind, sort);
        const waitingPage = pageOf(waiting, { limit, cursor });
        const returnedPage = pageOf(returned, { limit, cursor: returnedCursor });
        return c.json(
          {
            today: on,
            asOf: asOf ?? null,
            waiting: waitingPage.rows,
            waitingTotal: waitingPage.total,
            nextCursor: waitingPage.nextCursor,
            returned: returnedPage.rows,
            returnedTotal: returnedPage.total,
            returnedNextCursor: returnedPage.nextCursor,
          },
          200,
        );
      })
      // The inbox as a download: what waits, then what was returned, with the page's kind and order.
      .get('/inbox/export', validate('query', inboxExportQuery), async (c) => {
        const { after, asOf, sort, kind, format } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        if (after !== undefined) await readModel(c, runtime, readModels.campaigns, after);
        else await caughtUpWithLog(runtime, COMMANDS_READ);
        const { waiting, returned } = inboxOf(actorOf(c), on, kind, sort);
        const locale = requestLocale(c);
        const en = locale === 'en';
        const status = { waiting: en ? 'Awaiting review' : '待审核', returned: en ? 'Returned' : '已退回' };
        const row = (entry: InboxEntry, state: keyof typeof status) => [
          entry.campaignName,
          entry.unitName,
          deliverableLabels[entry.kind][locale],
          status[state],
          dateCell(entry.due),
          dateCell(entry.submittedOn),
          entry.late ? (en ? 'yes' : '是') : en ? 'no' : '否',
          dateCell(chinaMinute(entry.receivedAt)),
          entry.corrections,
          entry.title ?? '',
          entry.branches,
          entry.returnReason ?? '',
        ];
        return downloadResponse(format, {
          name: en ? `Inbox ${on}` : `审核-${on}`,
          title: [
            en ? `Deliverables awaiting review and returned, as of ${on}` : `待审核与已退回的材料(截至 ${on})`,
            en ? `Kind: ${kind ? deliverableLabels[kind].en : 'all'}` : `材料:${kind ? deliverableLabels[kind]['zh-CN'] : '全部'}`,
          ],
          header: en
            ? [
                'Drive',
                'Unit',
                'Deliverable',
                'Status',
                'Due',
                'Submitted on',
                'Late',
                'Received at',
                'Corrections',
                'Case title',
                'Branches listed',
                'Reason returned',
              ]
            : ['行动', '单位', '材料', '状态', '截止日期', '提交日期', '逾期提交', '收到时间', '修改次数', '案例标题', '整顿名单支部数', '退回原因'],
          columnWidths: [20, 20, 12, 10, 12, 12, 8, 18, 8, 24, 12, 30],
          rows: [...waiting.map((entry) => row(entry, 'waiting')), ...returned.map((entry) => row(entry, 'returned'))],
        });
      })
  );
}
