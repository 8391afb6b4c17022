/**
 * Reading a drive's bulletin as one of the units it ranks: which rows are the reader's own (the
 * page highlights them and lands on the first), and which published bulletins a manager of a
 * ranked unit may read when they may not look at the drive from the publisher — the whole
 * published ranking (a public 通报 within the publisher's area), never a preview, never another
 * month's bulletin that does not rank them.
 */
import type { BulletinRow } from '../../events/catalog/campaign.ts';
import { bulletinKey, campaignAsOf, type CampaignRecord, type CampaignsState, type PublishedBulletin } from '../../projections/campaigns.ts';
import { knownBy } from '../../projections/calendar.ts';
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import { isWithin } from '../../projections/organisationTreeQueries.ts';
import type { Actor } from '../auth/scope.ts';
import { maySeeCampaign } from './access.ts';

/**
 * The rows within one of the reader's own units below the publisher: a township's own row, a
 * county's townships in a city's ranking. The publisher's own managers (and those above) have none.
 */
export function ownRows<Row extends BulletinRow>(tree: OrganisationTreeState, actor: Actor, publisherId: string, rows: Row[]): Array<Row & { mine: boolean }> {
  const roots = actor.unitIds.filter((id) => id !== publisherId && isWithin(tree, id, publisherId));
  return rows.map((row) => ({ ...row, mine: roots.some((root) => isWithin(tree, row.unitId, root)) }));
}

/**
 * What a manager of a ranked unit may read of the publisher's bulletins, as known by the end of
 * `on`: the published months that rank one of their units, the one asked (default: the latest of
 * them). Null when there is none, or the month asked is not one of them (answered as not found).
 */
export function rankedReading(
  tree: OrganisationTreeState,
  state: CampaignsState,
  actor: Actor,
  campaignId: string,
  publisherId: string,
  months: (campaign: CampaignRecord) => string[],
  month: string | undefined,
  on: string,
): { campaign: CampaignRecord; bulletin: PublishedBulletin; months: string[] } | null {
  const stored = state.campaigns.get(campaignId);
  const campaign = stored ? campaignAsOf(stored, on) : null;
  if (!campaign || actor.role !== 'manager' || !maySeeCampaign(tree, actor, campaign) || !tree.units.has(publisherId)) return null;
  const readable = new Map<string, PublishedBulletin>();
  for (const m of months(campaign)) {
    const bulletin = state.bulletins.get(bulletinKey(campaign.id, publisherId, m));
    if (bulletin && knownBy(bulletin.publishedAt, on) && ownRows(tree, actor, publisherId, bulletin.rows).some((row) => row.mine)) readable.set(m, bulletin);
  }
  const shown = month ?? [...readable.keys()].pop();
  const bulletin = shown ? readable.get(shown) : undefined;
  return bulletin ? { campaign, bulletin, months: [...readable.keys()] } : null;
}
