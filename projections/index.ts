/**
 * Every read model the runner keeps up to date, each in its own SQL tables of the read database
 * (projections/sql/readDatabase.ts): nothing of them is held whole in memory or snapshotted.
 */
import { accounts } from './accounts.ts';
import { attachmentUses } from './attachmentUses.ts';
import { audit } from './audit.ts';
import { bulletinRanks } from './bulletinRanks.ts';
import { campaigns } from './campaigns.ts';
import { monthlyReports } from './monthlyReports.ts';
import { notifications } from './notifications.ts';
import { research } from './research.ts';
import { organisationTree } from './organisationTree.ts';
import type { AnySqlProjection } from './projection.ts';
import { unitAncestors } from './unitAncestors.ts';

/** Each read model by name, for reading one: `runner.state(readModels.organisationTree)`. */
export { accounts, attachmentUses, audit, bulletinRanks, campaigns, monthlyReports, notifications, organisationTree, research, unitAncestors };

export const projections = [
  organisationTree,
  unitAncestors,
  accounts,
  audit,
  monthlyReports,
  research,
  campaigns,
  notifications,
  bulletinRanks,
  attachmentUses,
] satisfies AnySqlProjection[];

/** The name of one of them: what a list of the read models a command waits for is made of (`caughtUpWithLog`). */
export type ProjectionName = (typeof projections)[number]['name'];
