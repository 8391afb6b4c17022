/** Every read model the runner keeps up to date. */
import { accounts } from './accounts.ts';
import { audit } from './audit.ts';
import { organisationTree } from './organisationTree.ts';
import type { AnyProjection } from './projection.ts';

export const projections: AnyProjection[] = [organisationTree, accounts, audit];
