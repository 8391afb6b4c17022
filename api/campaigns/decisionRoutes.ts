/**
 * 批量审核 of a drive's deliverables: the approver ticks several in the inbox and approves them
 * in one action, or returns them with one reason. Each is still decided on the version the
 * approver read, and each answers on its own.
 */
import { Hono, type Context } from 'hono';
import { isWithin } from '../../projections/organisationTreeQueries.ts';
import * as readModels from '../../projections/index.ts';
import { uuidFromName } from '../../events/ids.ts';
import { forbidden, forbiddenTitle, requireActor } from '../auth/middleware.ts';
import { handleCommand } from '../commands.ts';
import { caughtUpWithLog, commandContext, type ApiEnv, type SignedInEnv } from '../context.ts';
import { refusalOf } from '../errors.ts';
import { requestLocale } from '../locale.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { mayDecideFor, maySeeCampaign } from './access.ts';
import { deliverableDecider, deliverableStream } from './decider.ts';
import { decideManyDeliverablesSchema } from './schemas.ts';

/** What the decisions check against: they wait for these projections only. */
const COMMANDS_READ = ['organisationTree', 'campaigns'] as const;

export type DecisionResult =
  | { unitId: string; kind: string; ok: true; position: string; duplicate: boolean }
  | { unitId: string; kind: string; ok: false; code: string; title: string };

export function deliverableDecisionRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const state = () => runtime.runner.state(readModels.campaigns);
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;

  return new Hono<ApiEnv>()
    .use('/campaigns/:id/deliverable-decisions', requireActor)
    .post('/campaigns/:id/deliverable-decisions', validate('json', decideManyDeliverablesSchema), async (c) => {
      const { submissionId, decision, reason, items } = c.req.valid('json');
      const actor = actorOf(c);
      const locale = requestLocale(c);
      await caughtUpWithLog(runtime, COMMANDS_READ);
      const campaign = state().campaigns.get(c.req.param('id'));
      // A drive the approver may not see answers as one that does not exist.
      if (!campaign || !maySeeCampaign(tree(), actor, campaign) || (actor.role !== 'administrator' && actor.role !== 'manager')) return forbidden(c);
      const results: DecisionResult[] = [];
      for (const { unitId, kind, version } of items) {
        // A unit outside the drive or the approver's scope reads as a deliverable that does not exist.
        const inDrive = tree().units.has(unitId) && unitId !== campaign.unitId && isWithin(tree(), unitId, campaign.unitId);
        if (!inDrive || !mayDecideFor(tree(), actor, unitId)) {
          results.push({ unitId, kind, ok: false, code: 'forbidden', title: forbiddenTitle(c) });
          continue;
        }
        try {
          // Each decision's own submission id, from the request's: a retried request decides nothing twice.
          const receipt = await handleCommand(runtime.store, deliverableDecider, {
            streamName: deliverableStream(campaign.id, kind, unitId),
            submissionId: uuidFromName(`${submissionId}:${unitId}:${kind}`),
            command:
              decision === 'approve'
                ? { type: 'approve', version, campaignId: campaign.id, unitId, kind }
                : { type: 'return', reason: reason!, version, campaignId: campaign.id, unitId, kind },
            context: commandContext(c),
          });
          results.push({ unitId, kind, ok: true, position: receipt.position, duplicate: receipt.duplicate });
        } catch (error) {
          const refusal = refusalOf(error, locale);
          if (!refusal) throw error;
          results.push({ unitId, kind, ok: false, ...refusal });
        }
      }
      const positions = results.flatMap((result) => (result.ok ? [BigInt(result.position)] : []));
      return c.json(
        {
          decided: positions.length,
          refused: results.length - positions.length,
          results,
          position: positions.length ? positions.reduce((a, b) => (a > b ? a : b)).toString() : null,
        },
        200,
      );
    });
}
