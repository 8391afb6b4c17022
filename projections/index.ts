/** Every read model the runner keeps up to date. */
import { accounts } from './accounts.ts';
import { audit } from './audit.ts';
import { campaigns } from './campaigns.ts';
import { monthlyReports } from './monthlyReports.ts';
import { reportingVersions } from './reportingVersions.ts';
import { research } from './research.ts';
import { organisationTree } from './organisationTree.ts';
import type { AnyProjection } from './projection.ts';

export const projections: AnyProjection[] = [organisationTree, accounts, audit, monthlyReports, research, campaigns, reportingVersions];
