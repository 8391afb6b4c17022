/**
 * The 100-day drive: declaring a campaign from the template, rescheduling its phases and
 * deadlines, and what managers read from it — the timeline, the targets, the bulletin.
 */
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { deliverableKinds, phaseKeys, type DeliverableKind, type PhaseKey } from '../../events/catalog/campaign.ts';
import { bulletinDay, levelOf, levelsBelow, ranking, WEIGHTS } from '../../projections/campaignBulletin.ts';
import { bulletinKey, campaignAsOf, type CampaignRecord } from '../../projections/campaigns.ts';
import { summariseTargets, townshipsPage, townshipsUnder, townshipTargets, type TownshipTargets } from '../../projections/campaignTargets.ts';
import { phaseStatus, timeline } from '../../projections/campaignTimeline.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { childrenOf, isWithin, namesAbove, pathTo, view } from '../../projections/organisationTreeQueries.ts';
import { downloadResponse } from '../tables/download.ts';
import { requestLocale } from '../locale.ts';
import { knownBy, monthBefore, monthsBetween } from '../../projections/calendar.ts';
import { settingsFor } from '../../projections/reportingSettings.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { pageOf, sortRows } from '../../projections/paging.ts';
import * as readModels from '../../projections/index.ts';
import { handleCommand, newEntityId } from '../commands.ts';
import { asOfDay, caughtUpWithLog, commandContext, readModel, readTables, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { defaultUnit, inCampaign, mayDeclare, mayManageCampaign, mayPublishFrom, maySeeCampaign, maySeeUnitIn } from './access.ts';
import { ownRows, rankedReading } from './bulletinReading.ts';
import { bulletinDecider, bulletinStream, campaignDecider, campaignStream } from './decider.ts';
import {
  bulletinQuery,
  campaignsQuery,
  templateQuery,
  declareCampaignSchema,
  publishBulletinSchema,
  reschedulePhaseSchema,
  rescheduleDeadlineSchema,
  targetsExportQuery,
  targetsQuery,
  timelineQuery,
} from './schemas.ts';
import { hundredDaysTemplate } from '../../events/catalog/campaignTemplate.ts';

/** What this file's commands check against: they wait for these projections only, not for every read model. */
const COMMANDS_READ = ['organisationTree', 'campaigns', 'monthlyReports'] as const;

/** The months a drive runs through, first to last. */
export function campaignMonths(campaign: Pick<CampaignRecord, 'phases'>): string[] {
  return monthsBetween(campaign.phases[0]!.start, campaign.phases[campaign.phases.length - 1]!.end, 37);
}

/** The bulletin month shown by default: last month, kept within the drive. */
export function defaultBulletinMonth(campaign: CampaignRecord, on: string): string {
  const months = campaignMonths(campaign);
  const last = monthBefore(on);
  return months.filter((m) => m <= last).pop() ?? months[0]!;
}

export function campaignRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const state = () => runtime.runner.state(readModels.campaigns);
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;

  const nameOfUser = (id: string) => runtime.runner.state(readModels.accounts).byId.get(id)?.displayName ?? null;
  const unitName = (id: string) => {
    const unit = tree().units.get(id);
    return unit ? view(unit).name : null;
  };
  /**
   * The campaign as known at the end of `day` and the unit asked about (default: the actor's
   * view of it), or null → 403 (a drive not yet declared that day answers as one that never was).
   */
  const lookAt = async (c: Context<SignedInEnv>, unit: string | undefined, after: string | undefined, day: string) => {
    await readModel(c, runtime, readModels.organisationTree, after);
    const campaigns = await readModel(c, runtime, readModels.campaigns, after);
    const stored = campaigns.campaigns.get(c.req.param('id')!);
    const campaign = stored ? campaignAsOf(stored, day) : null;
    if (!campaign || !maySeeCampaign(tree(), actorOf(c), campaign)) return null;
    const unitId = unit ?? defaultUnit(tree(), actorOf(c), campaign);
    if (!unitId || !maySeeUnitIn(tree(), actorOf(c), campaign, unitId)) return null;
    return { campaign, unitId, campaigns };
  };
  const manageable = async (c: Context<SignedInEnv>) => {
    await caughtUpWithLog(runtime, COMMANDS_READ);
    const campaign = state().campaigns.get(c.req.param('id')!);
    return campaign && mayManageCampaign(tree(), actorOf(c), campaign) ? campaign : null;
  };

  return (
    new Hono<ApiEnv>()
      .use('/campaigns', requireActor)
      .use('/campaigns/*', requireActor)
      // The timeline of a county or province is large: gzipped for browsers that ask (the in-process pages ask plain JSON).
      .use('/campaigns/:id/timeline', compress())
      .get('/campaign-template', requireActor, validate('query', templateQuery), (c) =>
        c.json(hundredDaysTemplate(c.req.valid('query').year ?? Number(todayOf(c).slice(0, 4))), 200),
      )
      .get('/campaigns', validate('query', campaignsQuery), async (c) => {
        const { unit, after, asOf } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        await readModel(c, runtime, readModels.organisationTree, after);
        const campaigns = await readModel(c, runtime, readModels.campaigns, after);
        const list = [...campaigns.campaigns.values()]
          .map((stored) => campaignAsOf(stored, on))
          .filter((campaign): campaign is CampaignRecord => campaign !== null)
          .filter((campaign) => maySeeCampaign(tree(), actorOf(c), campaign) && (!unit || inCampaign(tree(), campaign, unit)))
          .sort((a, b) => b.phases[0]!.start.localeCompare(a.phases[0]!.start) || a.name.localeCompare(b.name, 'zh-CN'))
          .map((campaign) => ({
            id: campaign.id,
            name: campaign.name,
            unitId: campaign.unitId,
            unitName: unitName(campaign.unitId),
            start: campaign.phases[0]!.start,
            end: campaign.phases[campaign.phases.length - 1]!.end,
            currentPhase: campaign.phases.find((phase) => phaseStatus(phase, on) === 'current')?.key ?? null,
            mayManage: mayManageCampaign(tree(), actorOf(c), campaign),
          }));
        const actor = actorOf(c);
        // Where the actor may declare a drive: their own committees (an administrator: any province).
        const declarable =
          actor.role === 'administrator'
            ? [...tree().roots].filter((id) => tree().units.get(id)?.kind === 'province')
            : actor.unitIds.filter((id) => mayDeclare(tree(), actor, id));
        return c.json({ today: on, asOf: asOf ?? null, campaigns: list, declarable: declarable.map((id) => ({ unitId: id, name: unitName(id) })) }, 200);
      })
      .post('/campaigns', validate('json', declareCampaignSchema), async (c) => {
        const body = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!mayDeclare(tree(), actorOf(c), body.unitId)) return forbidden(c);
        const template = hundredDaysTemplate(body.year);
        const campaignId = newEntityId('campaign', actorOf(c).userId, body.submissionId);
        const phases = body.phases ?? template.phases;
        const deadlines = template.deadlines.map((deadline) => ({
          ...deadline,
          due: body.deadlines?.find((d) => d.kind === deadline.kind)?.due ?? deadline.due,
        }));
        const receipt = await handleCommand(runtime.store, campaignDecider, {
          streamName: campaignStream(campaignId),
          submissionId: body.submissionId,
          command: { type: 'declare', campaignId, unitId: body.unitId, name: body.name, phases, deadlines, newSince: body.newSince ?? phases[0]!.start },
          context: commandContext(c),
        });
        return c.json({ campaignId, ...receipt }, receipt.duplicate ? 200 : 201);
      })
      .post('/campaigns/:id/phases/:phase', validate('json', reschedulePhaseSchema), async (c) => {
        const phase = c.req.param('phase') as PhaseKey;
        const campaign = await manageable(c);
        if (!campaign || !phaseKeys.includes(phase)) return forbidden(c);
        const { submissionId, start, end, reason } = c.req.valid('json');
        const receipt = await handleCommand(runtime.store, campaignDecider, {
          streamName: campaignStream(campaign.id),
          submissionId,
          command: { type: 'reschedulePhase', phase, start, end, reason },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate || receipt.unchanged ? 200 : 201);
      })
      .post('/campaigns/:id/deadlines/:kind', validate('json', rescheduleDeadlineSchema), async (c) => {
        const kind = c.req.param('kind') as DeliverableKind;
        const campaign = await manageable(c);
        if (!campaign || !deliverableKinds.includes(kind)) return forbidden(c);
        const { submissionId, due, reason } = c.req.valid('json');
        const receipt = await handleCommand(runtime.store, campaignDecider, {
          streamName: campaignStream(campaign.id),
          submissionId,
          command: { type: 'rescheduleDeadline', kind, due, reason },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate || receipt.unchanged ? 200 : 201);
      })
      .get('/campaigns/:id/timeline', validate('query', timelineQuery), async (c) => {
        const { unit, after, asOf, limit, cursor, sort } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        const found = await lookAt(c, unit, after, on);
        if (!found) return forbidden(c);
        // Worked out at each ask from the tables: nothing is kept between asks.
        const answer = timeline(tree(), found.campaigns, found.campaign, found.unitId, on);
        const parentId = view(tree().units.get(found.unitId)!).parentId;
        const rows = pageOf(sortRows(answer.rows, sort, { name: (row) => row.name }), { limit, cursor });
        return c.json(
          {
            ...answer,
            rows: rows.rows,
            total: rows.total,
            nextCursor: rows.nextCursor,
            asOf: asOf ?? null,
            campaign: { ...answer.campaign, changes: answer.campaign.changes.map((change) => ({ ...change, actorName: nameOfUser(change.actor) })) },
            mayManage: mayManageCampaign(tree(), actorOf(c), found.campaign),
            /** One level up, for drill-back, when the actor may look from there. */
            up: parentId && maySeeUnitIn(tree(), actorOf(c), found.campaign, parentId) ? { id: parentId, name: unitName(parentId) } : null,
            /** The units above this one in the drive that the actor may look from, top first, for breadcrumbs. */
            path: pathTo(tree(), found.unitId)
              .filter((step) => step.id !== found.unitId && maySeeUnitIn(tree(), actorOf(c), found.campaign, step.id))
              .map((step) => ({ id: step.id, name: step.name })),
          },
          200,
        );
      })
      .get('/campaigns/:id/targets', validate('query', targetsQuery), async (c) => {
        const { unit, after, asOf, limit, cursor, sort, unmet } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        const found = await lookAt(c, unit, after, on);
        if (!found) return forbidden(c);
        const reports = monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after));
        const root = tree().units.get(found.unitId)!;
        const all = townshipsUnder(tree(), found.unitId, on)
          .filter((township) => isWithin(tree(), township.id, found.campaign.unitId))
          .map((township) => townshipTargets(tree(), reports, found.campaign, township, on));
        // Drill-down: a county lists its townships; above, each child with its own sums.
        const children =
          root.kind === 'county' || root.kind === 'township'
            ? []
            : childrenOf(tree(), found.unitId, { asOf: on })
                .filter((child) => child.kind !== 'organisation' && inCampaign(tree(), found.campaign, child.id))
                .map((child) => {
                  const within = all.filter((t: TownshipTargets) => isWithin(tree(), t.unitId, child.id));
                  return { unitId: child.id, name: child.name, kind: child.kind, ...summariseTargets(found.campaign, within, on) };
                });
        const parentId = view(root).parentId;
        return c.json(
          {
            today: on,
            asOf: asOf ?? null,
            unit: { id: found.unitId, name: view(root).name, kind: root.kind },
            campaign: { id: found.campaign.id, name: found.campaign.name, newSince: found.campaign.newSince, unitId: found.campaign.unitId },
            /** Whether the unit owes deliverables itself (the declaring committee does not). */
            owes: found.unitId !== found.campaign.unitId && isWithin(tree(), found.unitId, found.campaign.unitId),
            up: parentId && maySeeUnitIn(tree(), actorOf(c), found.campaign, parentId) ? { id: parentId, name: unitName(parentId) } : null,
            summary: summariseTargets(found.campaign, all, on),
            children,
            ...townshipsPage(children.length === 0 ? all : [], { sort, unmet }, { limit, cursor }),
          },
          200,
        );
      })
      // The targets as a download: every township of the unit's area in the drive, with the page's filter and order.
      .get('/campaigns/:id/targets/export', validate('query', targetsExportQuery), async (c) => {
        const { unit, after, asOf, sort, unmet, format } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        const found = await lookAt(c, unit, after, on);
        if (!found) return forbidden(c);
        const reports = monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after));
        const all = townshipsUnder(tree(), found.unitId, on)
          .filter((township) => isWithin(tree(), township.id, found.campaign.unitId))
          .map((township) => townshipTargets(tree(), reports, found.campaign, township, on));
        const { townships } = townshipsPage(all, { sort, unmet }, { limit: Math.max(1, all.length) });
        const en = requestLocale(c) === 'en';
        const name = unitName(found.unitId) ?? '';
        const share = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
        const flag = (met: boolean | null) => (met === null ? null : met ? 1 : 0);
        return downloadResponse(format, {
          name: en ? `Targets ${name} ${on}` : `目标进展-${name}-${on}`,
          title: [
            en ? `${found.campaign.name}: targets of ${name}, as of ${on}` : `${found.campaign.name} ${name} 目标进展(截至 ${on})`,
            en
              ? `Filter: ${unmet ? `missing the ${unmet} target` : 'all'} (met: 1 = yes, 0 = no)`
              : `筛选:${unmet ? `未达${{ direct: '直属≥20', new: '新建', total: '总数' }[unmet]}目标` : '全部'}(达标:1 是,0 否)`,
          ],
          header: en
            ? [
                'City',
                'County',
                'Township',
                'Population',
                'Committee members',
                'Organisations',
                'Village branches',
                'Direct (recorded)',
                'Direct (counted)',
                'New (recorded)',
                'New (counted)',
                'Direct target',
                'Direct met',
                'New target',
                'New met',
                'Total target (by population)',
                'Total met',
                '六有 organisations',
                '六有 share (%)',
                'Work manual month',
                'Using the work manual',
                'Work manual share (%)',
              ]
            : [
                '市(州)',
                '县(区)',
                '乡镇(街道)',
                '人口',
                '团委委员数',
                '团组织数',
                '村团支部',
                '直属团组织(登记)',
                '直属团组织(达标)',
                '新建(登记)',
                '新建(达标)',
                '直属目标',
                '直属达标',
                '新建目标',
                '新建达标',
                '总数目标(按人口)',
                '总数达标',
                '六有团组织',
                '六有占比(%)',
                '工作手册统计月份',
                '使用工作手册',
                '工作手册使用率(%)',
              ],
          columnWidths: [12, 12, 18, 10, 10, 10, 10, 12, 12, 10, 10, 10, 8, 10, 8, 12, 8, 10, 10, 12, 10, 12],
          rows: townships.map((t) => {
            const above = namesAbove(tree(), t.unitId, on);
            return [
              above.city ?? '',
              above.county ?? '',
              t.name,
              t.population,
              t.committeeMembers,
              t.organisations,
              t.village,
              t.direct.recorded,
              t.direct.counted,
              t.direct.newRecorded,
              t.direct.newCounted,
              t.targets.direct,
              flag(t.met.direct),
              t.targets.new,
              flag(t.met.new),
              t.targets.total,
              flag(t.met.total),
              t.sixHas.count,
              share(t.sixHas.share),
              t.workManual.during.month,
              t.workManual.during.count,
              share(t.workManual.during.share),
            ];
          }),
        });
      })
      .get('/campaigns/:id/bulletin', validate('query', bulletinQuery), async (c) => {
        const { unit, month, level, after, asOf } = c.req.valid('query');
        const on = asOfDay(c, asOf);
        const actor = actorOf(c);
        const found = await lookAt(c, unit, after, on);
        const months = (campaign: CampaignRecord) => campaignMonths(campaign).filter((m) => m <= on.slice(0, 7));
        // Not from the publisher: a manager of a unit it ranks reads its published bulletins that rank them, nothing more.
        const ranked = found || !unit ? null : rankedReading(tree(), state(), actor, c.req.param('id')!, unit, months, month, on);
        if (!found && !ranked) return forbidden(c);
        const campaign = found?.campaign ?? ranked!.campaign;
        const unitId = found?.unitId ?? unit!;
        const publisherKind = tree().units.get(unitId)!.kind;
        const at = ranked ? ranked.bulletin.month : (month ?? defaultBulletinMonth(campaign, on));
        // A bulletin published after the day asked about was not there yet: that day saw the preview.
        const publishedBy = (m: string) => {
          const bulletin = state().bulletins.get(bulletinKey(campaign.id, unitId, m));
          return bulletin && knownBy(bulletin.publishedAt, on) ? bulletin : undefined;
        };
        const published = ranked ? ranked.bulletin : publishedBy(at);
        const levels = found ? levelsBelow(publisherKind) : [];
        const chosen = level && levels.includes(level) ? level : (levels[0] ?? null);
        const rows = published
          ? published.rows
          : chosen
            ? ranking(tree(), monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after)), state(), campaign, unitId, at, on, chosen)
            : [];
        const base = {
          campaign: { id: campaign.id, name: campaign.name },
          unit: { id: unitId, name: unitName(unitId), kind: publisherKind },
          month: at,
          weights: WEIGHTS,
          asOf: asOf ?? null,
          months: ranked
            ? ranked.months.map((m) => ({ month: m, published: true }))
            : months(campaign).map((m) => ({ month: m, published: publishedBy(m) !== undefined })),
          mayPublish: asOf === undefined && !published && rows.length > 0 && mayPublishFrom(tree(), actor, campaign, unitId),
          /** The level ranked (市/县/乡镇), and those the publisher may choose from (none for a reader of a ranked unit). */
          level: published ? levelOf(published, publisherKind) : chosen,
          levels,
          /** Whether the reader may look at the drive from the publisher (and so from every unit it ranks). */
          fromPublisher: found !== null,
          rows: ownRows(tree(), actor, unitId, rows),
        };
        if (published) {
          return c.json(
            {
              ...base,
              published: true,
              standsAt: published.asOf,
              note: published.note,
              publishedAt: published.publishedAt,
              publishedByName: nameOfUser(published.publishedBy),
            },
            200,
          );
        }
        const reports = monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after));
        return c.json(
          {
            ...base,
            published: false,
            standsAt: bulletinDay(at, on, settingsFor(tree(), reports, unitId).dueDay),
            note: '',
            publishedAt: null,
            publishedByName: null,
          },
          200,
        );
      })
      .post('/campaigns/:id/bulletins', validate('json', publishBulletinSchema), async (c) => {
        const { submissionId, unitId, month, note, level } = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const campaign = state().campaigns.get(c.req.param('id')!);
        if (!campaign || !mayPublishFrom(tree(), actorOf(c), campaign, unitId)) return forbidden(c);
        const on = todayOf(c);
        const publisherKind = tree().units.get(unitId)!.kind;
        const ranked = level ?? levelsBelow(publisherKind)[0] ?? null;
        const reports = monthlyReportsOf(runtime.runner.tables(readModels.monthlyReports));
        const levelFits = ranked !== null && levelsBelow(publisherKind).includes(ranked);
        const rows = levelFits ? ranking(tree(), reports, state(), campaign, unitId, month, on, ranked) : [];
        const receipt = await handleCommand(runtime.store, bulletinDecider, {
          streamName: bulletinStream(campaign.id, unitId, month),
          submissionId,
          command: {
            campaignId: campaign.id,
            unitId,
            publisherKind,
            level: ranked,
            month,
            asOf: bulletinDay(month, on, settingsFor(tree(), reports, unitId).dueDay),
            rows,
            note,
            months: campaignMonths(campaign),
            today: on,
          },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate ? 200 : 201);
      })
  );
}
