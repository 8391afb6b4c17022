import { Hono } from 'hono';
import { branchesOf, listTownships, townshipBranches, type TownshipBranchesState } from '../../projections/townshipBranches.ts';
import { handleCommand } from '../commands.ts';
import { commandContext, readModel, type ApiEnv } from '../context.ts';
import { afterQuery } from '../readYourWrites.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { branchDecider, branchStream, registerBranchSchema } from './registration.ts';

/** Branch registration (a command) and the township branch lists (queries). */
export function branchRoutes(runtime: Runtime) {
  const read = (c: Parameters<typeof readModel>[0], after: string | undefined) =>
    readModel<TownshipBranchesState>(c, runtime, townshipBranches.name, after);

  return new Hono<ApiEnv>()
    .post('/branches', validate('json', registerBranchSchema), async (c) => {
      const command = c.req.valid('json');
      const receipt = await handleCommand(runtime.store, branchDecider, {
        streamName: branchStream(command.submissionId),
        submissionId: command.submissionId,
        command,
        context: commandContext(c, command.clientTime),
      });
      return c.json({ branchId: command.submissionId, ...receipt }, receipt.duplicate ? 200 : 201);
    })
    .get('/townships', validate('query', afterQuery), async (c) => {
      const state = await read(c, c.req.valid('query').after);
      return c.json({ townships: listTownships(state) }, 200);
    })
    .get('/townships/:township/branches', validate('query', afterQuery), async (c) => {
      const state = await read(c, c.req.valid('query').after);
      const township = c.req.param('township');
      return c.json({ township, branches: branchesOf(state, township) }, 200);
    });
}
