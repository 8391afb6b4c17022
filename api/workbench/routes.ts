/**
 * The workbench (工作台): what waits for the signed-in person today — their branch's report, or
 * for each unit they manage the missing reports, approvals and the drives' next deadlines. Only
 * the person's own units are read: nothing here is asked about another unit.
 */
import { Hono, type Context } from 'hono';
import { bottomOfLatest, ranksOf } from '../../projections/bulletinRanks.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { view } from '../../projections/organisationTreeQueries.ts';
import { areaWork, reportDuty, type AreaWork, type ReportDuty } from '../../projections/workbench.ts';
import * as readModels from '../../projections/index.ts';
import { afterQuery } from '../readYourWrites.ts';
import { requireActor } from '../auth/middleware.ts';
import { readModel, readTables, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';

export function workbenchRoutes(runtime: Runtime) {
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  return new Hono<ApiEnv>().get('/workbench', requireActor, validate('query', afterQuery), async (c) => {
    const { after } = c.req.valid('query');
    const tree = await readModel(c, runtime, readModels.organisationTree, after);
    const reports = monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after));
    const campaigns = await readModel(c, runtime, readModels.campaigns, after);
    const actor = actorOf(c);
    const today = todayOf(c);
    // An administrator's units are the provinces; everyone else's, the units of their role.
    const units = actor.role === 'administrator' ? tree.roots.filter((id) => tree.units.get(id)?.kind === 'province') : actor.unitIds;
    const duties: ReportDuty[] = [];
    const areas: AreaWork[] = [];
    if (actor.role === 'secretary')
      for (const id of units) {
        const duty = reportDuty(tree, reports, id, today);
        if (duty) duties.push(duty);
      }
    if (actor.role === 'manager' || actor.role === 'administrator')
      for (const id of units) {
        const area = areaWork(tree, reports, campaigns, id, today);
        if (area) areas.push(area);
      }
    // Each area's own latest place in a published bulletin, and the lowest places of the latest one it published.
    const ranks = await readTables(runtime, readModels.bulletinRanks, after);
    const nameOf = (id: string) => {
      const unit = tree.units.get(id);
      return unit ? view(unit).name : '';
    };
    const driveName = (id: string) => campaigns.campaigns.get(id)?.name ?? '';
    return c.json(
      {
        today,
        role: actor.role,
        reports: duties,
        areas: areas.map((area) => {
          const own = ranksOf(ranks, area.unitId, {}, { limit: 1 }).ranks[0];
          const bottom = bottomOfLatest(ranks, area.unitId, 3);
          return {
            ...area,
            rank: own
              ? {
                  campaignId: own.campaignId,
                  campaignName: driveName(own.campaignId),
                  publisherId: own.publisherId,
                  publisherName: nameOf(own.publisherId),
                  month: own.month,
                  rank: own.rank,
                  of: own.of,
                  score: own.score,
                  talk: own.talk,
                }
              : null,
            bottom: bottom
              ? { ...bottom, campaignName: driveName(bottom.campaignId), rows: bottom.rows.map((row) => ({ ...row, name: nameOf(row.unitId) })) }
              : null,
          };
        }),
      },
      200,
    );
  });
}
