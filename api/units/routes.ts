import { Hono, type Context } from 'hono';
import { auditPage } from '../../projections/audit.ts';
import { compositionOf } from '../../projections/composition.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import * as readModels from '../../projections/index.ts';
import { childrenOf, countOrganisations, isOpen, pathTo, roots, searchUnits, sixHasFor, view } from '../../projections/organisationTreeQueries.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { canChange, canOpenUnder, canSee, canSeeAsOf, scopeRoots, unitsWithCode } from '../auth/scope.ts';
import { handleCommand, newEntityId } from '../commands.ts';
import { caughtUpWithLog, commandContext, readModel, readTables, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { sixHasDecider, sixHasStream, unitDecider, unitStream, type ParentFacts, type UnitCommand } from './decider.ts';
import {
  closeSchema,
  moveSchema,
  openUnitSchema,
  profileSchema,
  reclassifySchema,
  renameSchema,
  searchQuery,
  sixHasSchema,
  standardsSchema,
  unitQuery,
  auditQuery,
} from './schemas.ts';

/** What this file's commands check against: they wait for these projections only, not for every read model. */
const COMMANDS_READ = ['organisationTree'] as const;

/** The organisation tree: browse within one's scope, and change it (commands). */
export function unitRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  const facts = (id: string): ParentFacts | null => {
    const unit = tree().units.get(id);
    return unit ? { id, kind: unit.kind, open: isOpen(unit, null) } : null;
  };
  const change = async (c: Context<SignedInEnv>, submissionId: string, command: UnitCommand, seenRevision: string | undefined) => {
    const id = c.req.param('id')!;
    await caughtUpWithLog(runtime, COMMANDS_READ);
    if (!canChange(tree(), actorOf(c), id)) return forbidden(c);
    const receipt = await handleCommand(runtime.store, unitDecider, {
      streamName: unitStream(id),
      submissionId,
      command,
      context: commandContext(c),
      seenRevision,
    });
    return c.json({ unitId: id, ...receipt }, receipt.duplicate ? 200 : 201);
  };
  const summary = (state: OrganisationTreeState, id: string, asOf: string | null) => ({
    ...view(state.units.get(id)!, asOf),
    organisations: countOrganisations(state, id, asOf),
  });

  return new Hono<ApiEnv>()
    .use('/units/*', requireActor)
    .use('/units', requireActor)
    .use('/provinces/*', requireActor)
    .get('/units', validate('query', unitQuery), async (c) => {
      const { after, asOf } = c.req.valid('query');
      const state = await readModel(c, runtime, readModels.organisationTree, after);
      const scope = scopeRoots(actorOf(c));
      const ids = scope ?? roots(state).map((unit) => unit.id);
      return c.json({ units: ids.filter((id) => state.units.has(id)).map((id) => summary(state, id, asOf ?? null)) }, 200);
    })
    .get('/units/search', validate('query', searchQuery), async (c) => {
      const { q, after } = c.req.valid('query');
      const state = await readModel(c, runtime, readModels.organisationTree, after);
      const found = searchUnits(state, q, scopeRoots(actorOf(c)));
      return c.json({ units: found.map((unit) => ({ ...unit, path: pathTo(state, unit.id).map((step) => step.name) })) }, 200);
    })
    .get('/units/:id', validate('query', unitQuery), async (c) => {
      const { after, asOf, composition } = c.req.valid('query');
      const state = await readModel(c, runtime, readModels.organisationTree, after);
      const id = c.req.param('id');
      const actor = actorOf(c);
      const at = asOf ?? null;
      // As of a past day: what the actor's scope held that day (a branch moved away since stays visible to its old township).
      const visible = (unitId: string) => (at === null ? canSee(state, actor, unitId) : canSeeAsOf(state, actor, unitId, at));
      if (!state.units.has(id) || !visible(id)) return forbidden(c);
      // Breadcrumbs name the units above (as they stood that day), but link only to those the actor may open.
      const path = pathTo(state, id, at).map((step) => ({ id: step.id, name: step.name, kind: step.kind, visible: visible(step.id) }));
      const reports = monthlyReportsOf(await readTables(runtime, readModels.monthlyReports, after));
      return c.json(
        {
          unit: summary(state, id, at),
          /** Organisations by field and league members, as of the day asked (today by default). */
          composition: state.units.get(id)!.kind === 'organisation' || composition === 'false' ? null : compositionOf(state, reports, id, at ?? todayOf(c)),
          path,
          children: childrenOf(state, id, { asOf: at }).map((child) => summary(state, child.id, at)),
          sixHas: sixHasFor(state, id),
          may: { change: canChange(state, actor, id), openChild: canOpenUnder(state, actor, id) },
        },
        200,
      );
    })
    .get('/units/:id/audit', validate('query', auditQuery), async (c) => {
      const { after, limit, cursor, sort, type, actor, from, to } = c.req.valid('query');
      const state = await readModel(c, runtime, readModels.organisationTree, after);
      const id = c.req.param('id');
      if (!state.units.has(id) || !canSee(state, actorOf(c), id)) return forbidden(c);
      await readTables(runtime, readModels.unitAncestors, after);
      const db = await readTables(runtime, readModels.audit, after);
      const page = auditPage(db, id, { types: type?.split(','), actor, from, to }, { limit, cursor, order: sort === 'time' ? 'asc' : 'desc' });
      const accounts = runtime.runner.state(readModels.accounts);
      // People and units by name: the account's name, the unit's name today (a reminder's line says whom it reminded).
      const unitNameOf = (unitId: string | null) => {
        const unit = unitId ? state.units.get(unitId) : undefined;
        return unit ? view(unit).name : null;
      };
      const entries = page.entries.map((entry) => ({
        ...entry,
        actorName: accounts.byId.get(entry.actor)?.displayName ?? null,
        unitName: unitNameOf(entry.unitId),
      }));
      return c.json({ unitId: id, ...page, entries }, 200);
    })
    .post('/units', validate('json', openUnitSchema), async (c) => {
      const body = c.req.valid('json');
      await caughtUpWithLog(runtime, COMMANDS_READ);
      const actor = actorOf(c);
      if (!canOpenUnder(tree(), actor, body.parentId)) return forbidden(c);
      const code = body.code || null;
      const unitId = newEntityId('unit', actor.userId, body.submissionId);
      const receipt = await handleCommand(runtime.store, unitDecider, {
        streamName: unitStream(unitId),
        submissionId: body.submissionId,
        command: {
          type: 'open',
          unitId,
          kind: body.kind,
          parent: body.parentId ? facts(body.parentId) : null,
          name: body.name,
          code,
          codeHeldBy: code ? unitsWithCode(tree(), actor, code) : [],
          on: body.on ?? todayOf(c),
          township: body.kind === 'township' ? (body.township ?? { population: null, committeeMembers: null, annualFunding: null }) : null,
          organisation: body.organisation ?? null,
        },
        context: commandContext(c),
      });
      return c.json({ unitId, ...receipt }, receipt.duplicate ? 200 : 201);
    })
    .post('/units/:id/rename', validate('json', renameSchema), async (c) => {
      const { submissionId, name, on, revision } = c.req.valid('json');
      return change(c, submissionId, { type: 'rename', name, on: on ?? todayOf(c) }, revision);
    })
    .post('/units/:id/move', validate('json', moveSchema), async (c) => {
      const { submissionId, parentId, on, revision } = c.req.valid('json');
      // The new parent must be inside the actor's scope too, or it is "no such unit".
      await caughtUpWithLog(runtime, COMMANDS_READ);
      if (!canOpenUnder(tree(), actorOf(c), parentId)) return forbidden(c);
      return change(c, submissionId, { type: 'move', to: facts(parentId)!, on: on ?? todayOf(c) }, revision);
    })
    .post('/units/:id/reclassify', validate('json', reclassifySchema), async (c) => {
      const { submissionId, organisation, on, revision } = c.req.valid('json');
      return change(c, submissionId, { type: 'reclassify', organisation, on: on ?? todayOf(c) }, revision);
    })
    .post('/units/:id/profile', validate('json', profileSchema), async (c) => {
      const { submissionId, township, on, revision } = c.req.valid('json');
      return change(c, submissionId, { type: 'recordProfile', township, on: on ?? todayOf(c) }, revision);
    })
    .post('/units/:id/standards', validate('json', standardsSchema), async (c) => {
      const { submissionId, standards, on, revision } = c.req.valid('json');
      return change(c, submissionId, { type: 'recordStandards', standards, on: on ?? todayOf(c) }, revision);
    })
    .post('/units/:id/close', validate('json', closeSchema), async (c) => {
      const { submissionId, on, reason, revision } = c.req.valid('json');
      return change(c, submissionId, { type: 'close', on: on ?? todayOf(c), reason }, revision);
    })
    .post('/provinces/:id/six-has', validate('json', sixHasSchema), async (c) => {
      const { submissionId, items } = c.req.valid('json');
      const id = c.req.param('id');
      await caughtUpWithLog(runtime, COMMANDS_READ);
      const unit = tree().units.get(id);
      if (actorOf(c).role !== 'administrator' || unit?.kind !== 'province') return forbidden(c);
      const receipt = await handleCommand(runtime.store, sixHasDecider, {
        streamName: sixHasStream(id),
        submissionId,
        command: { provinceId: id, items },
        context: commandContext(c),
      });
      return c.json(receipt, receipt.duplicate ? 200 : 201);
    });
}
