/**
 * A unit's own ranks (`GET /units/:id/ranks`): its place in every published bulletin that ranks
 * it, newest first, with the bulletin's drive, publisher, month and level — what a township's
 * page and a home page link from. Its own managers and those above read it; outside one's scope
 * answers as a unit that does not exist.
 */
import { Hono, type Context } from 'hono';
import { ranksOf } from '../../projections/bulletinRanks.ts';
import { levelOf } from '../../projections/campaignBulletin.ts';
import { view } from '../../projections/organisationTreeQueries.ts';
import * as readModels from '../../projections/index.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { readModel, readTables, type ApiEnv, type SignedInEnv } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { maySeeRanksOf } from './access.ts';
import { ranksQuery } from './schemas.ts';

export function rankRoutes(runtime: Runtime) {
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  return new Hono<ApiEnv>().get('/units/:id/ranks', requireActor, validate('query', ranksQuery), async (c) => {
    const { after, limit, cursor, campaign } = c.req.valid('query');
    const tree = await readModel(c, runtime, readModels.organisationTree, after);
    const id = c.req.param('id');
    if (!maySeeRanksOf(tree, actorOf(c), id)) return forbidden(c);
    const campaigns = await readModel(c, runtime, readModels.campaigns, after);
    const page = ranksOf(await readTables(runtime, readModels.bulletinRanks, after), id, { campaignId: campaign }, { limit, cursor });
    const nameOf = (unitId: string) => {
      const unit = tree.units.get(unitId);
      return unit ? view(unit).name : null;
    };
    const ranks = page.ranks.map((rank) => {
      const publisher = tree.nodes.get(rank.publisherId);
      return {
        ...rank,
        campaignName: campaigns.campaigns.get(rank.campaignId)?.name ?? null,
        publisherName: nameOf(rank.publisherId),
        level: publisher ? levelOf(rank, publisher.kind) : rank.level,
      };
    });
    return c.json({ unit: { id, name: nameOf(id) }, ranks, total: page.total, nextCursor: page.nextCursor }, 200);
  });
}
