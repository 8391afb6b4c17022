/** Every read model the runner keeps up to date. */
import type { AnyProjection } from './projection.ts';
import { townshipBranches } from './townshipBranches.ts';

export const projections: AnyProjection[] = [townshipBranches];
