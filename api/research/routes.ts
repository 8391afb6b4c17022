import { Hono, type Context } from 'hono';
import { researchItems } from '../../events/catalog/research.ts';
import { findingTopicLabels, researchItemLabels } from '../../events/catalog/labels.ts';
import { isWithin, view } from '../../projections/organisationTreeQueries.ts';
import { recordsMatching, type ResearchState, type VisitRecord } from '../../projections/research.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import type { Actor } from '../auth/scope.ts';
import { pageOf, sortRows } from '../../projections/paging.ts';
import * as readModels from '../../projections/index.ts';
import { handleCommand, newEntityId } from '../commands.ts';
import { caughtUpWithLog, commandContext, readModel, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import type { Runtime } from '../runtime.ts';
import { dateCell, downloadResponse } from '../tables/index.ts';
import { validate } from '../validate.ts';
import { mayManageRound, mayRecord, maySeeRecord, maySeeRound, maySeeTeam, visibleRegions } from './access.ts';
import { declareRoundSchema, findingsExportQuery, findingsPageQuery, type findingsQuery, formTeamSchema, recordVisitSchema, roundQuery } from './schemas.ts';
import { researchDecider, roundStream, teamStream, visitStream } from './decider.ts';

/** What this file's commands check against: they wait for these projections only, not for every read model. */
const COMMANDS_READ = ['organisationTree', 'research', 'accounts'] as const;

/** The findings list's columns to sort by (the page and its download alike). */
const findingOrder = {
  date: (row: { date: string }) => row.date,
  topic: (row: { topic: string }) => row.topic,
  region: (row: { regionName: string | null }) => row.regionName ?? '',
  team: (row: { teamName: string }) => row.teamName,
};

/** Research rounds, teams, visit records (六个一), and the findings index with export. */
export function researchRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const { attachments } = runtime;
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  const nameOfUser = (id: string) => runtime.runner.state(readModels.accounts).byId.get(id)?.displayName ?? null;
  const nameOfUnit = (id: string) => {
    const unit = tree().units.get(id);
    return unit ? view(unit).name : null;
  };
  const read = async (c: Context<SignedInEnv>, after: string | undefined) => {
    await readModel(c, runtime, readModels.organisationTree, after);
    return readModel(c, runtime, readModels.research, after);
  };
  const doneIn = (state: ResearchState, teamId: string, regionId: string) =>
    new Set((state.byTeamRegion.get(`${teamId}|${regionId}`) ?? []).map((id) => state.records.get(id)!.item)).size;
  const roundSummary = (state: ResearchState, roundId: string) => {
    const round = state.rounds.get(roundId)!;
    const pairs = round.teamIds.flatMap((teamId) => state.teams.get(teamId)!.regionIds.map((regionId) => doneIn(state, teamId, regionId)));
    return {
      ...round,
      unitName: nameOfUnit(round.unitId),
      teams: round.teamIds.length,
      teamList: round.teamIds.map((teamId) => ({ teamId, name: state.teams.get(teamId)!.name, member: false })),
      regions: pairs.length,
      visited: pairs.filter((done) => done > 0).length,
      complete: pairs.filter((done) => done === researchItems.length).length,
    };
  };
  const findingRows = (state: ResearchState, actor: Actor, query: ReturnType<typeof findingsQuery.parse>) => {
    const region = query.regionId;
    const records = recordsMatching(state, query.q ?? '').filter(
      (record: VisitRecord) =>
        (!query.teamId || record.teamId === query.teamId) &&
        (!region || isWithin(tree(), record.regionId, region)) &&
        (!query.from || record.date >= query.from) &&
        (!query.to || record.date <= query.to) &&
        maySeeRecord(tree(), state, actor, record),
    );
    const needle = query.q?.trim().toLowerCase();
    return records
      .sort((a, b) => b.date.localeCompare(a.date))
      .flatMap((record) =>
        record.findings
          .filter((finding) => !query.topic || finding.topic === query.topic)
          // With a keyword, the finding itself or the record's other text must contain it.
          .filter((finding) => !needle || finding.text.toLowerCase().includes(needle) || !record.findings.some((f) => f.text.toLowerCase().includes(needle)))
          .map((finding) => ({
            recordId: record.recordId,
            teamId: record.teamId,
            teamName: state.teams.get(record.teamId)!.name,
            regionId: record.regionId,
            regionName: nameOfUnit(record.regionId),
            item: record.item,
            date: record.date,
            place: record.place,
            topic: finding.topic,
            text: finding.text,
            notes: record.notes,
            recommendations: record.recommendations,
            byName: nameOfUser(record.actor),
            attachments: (record.attachments ?? []).map((file) => ({ sha256: file.sha256, name: file.name, type: file.type })),
          })),
      );
  };

  return new Hono<ApiEnv>()
    .use('/research-rounds', requireActor)
    .use('/research-rounds/*', requireActor)
    .use('/research-teams/*', requireActor)
    .use('/findings', requireActor)
    .use('/findings/*', requireActor)
    .use('/units/:id/research-rounds', requireActor)
    .post('/units/:id/research-rounds', validate('json', declareRoundSchema), async (c) => {
      const id = c.req.param('id');
      const { submissionId, name, startsOn, endsOn } = c.req.valid('json');
      await caughtUpWithLog(runtime, COMMANDS_READ);
      if (!mayManageRound(tree(), actorOf(c), id)) return forbidden(c);
      const roundId = newEntityId('round', actorOf(c).userId, submissionId);
      const receipt = await handleCommand(runtime.store, researchDecider, {
        streamName: roundStream(roundId),
        submissionId,
        command: { type: 'declareRound', roundId, unitId: id, name, startsOn, endsOn },
        context: commandContext(c),
      });
      return c.json({ roundId, ...receipt }, receipt.duplicate ? 200 : 201);
    })
    .get('/research-rounds', validate('query', roundQuery), async (c) => {
      const state = await read(c, c.req.valid('query').after);
      const rounds = [...state.rounds.values()].filter((round) => maySeeRound(tree(), state, actorOf(c), round));
      const actor = actorOf(c);
      return c.json(
        {
          rounds: rounds
            .sort((a, b) => b.startsOn.localeCompare(a.startsOn))
            .map((round) => {
              const summary = roundSummary(state, round.roundId);
              // Only the teams the caller may see, marked where the caller is a member.
              const teamList = summary.teamList
                .filter(({ teamId }) => maySeeTeam(tree(), state, actor, state.teams.get(teamId)!))
                .map((team) => ({ ...team, member: state.teams.get(team.teamId)!.memberIds.includes(actor.userId) }));
              return { ...summary, teamList };
            }),
        },
        200,
      );
    })
    .get('/research-rounds/:roundId', validate('query', roundQuery), async (c) => {
      const { after, today: asked } = c.req.valid('query');
      const state = await read(c, after);
      const round = state.rounds.get(c.req.param('roundId'));
      if (!round || !maySeeRound(tree(), state, actorOf(c), round)) return forbidden(c);
      const summary = roundSummary(state, round.roundId);
      const now = asked ?? todayOf(c);
      return c.json(
        {
          round: summary,
          daysLeft: Math.max(0, Math.round((Date.parse(round.endsOn) - Date.parse(now)) / 86_400_000)),
          status: now < round.startsOn ? 'upcoming' : now > round.endsOn ? 'ended' : 'running',
          mayManage: mayManageRound(tree(), actorOf(c), round.unitId),
          teams: round.teamIds
            .map((teamId) => state.teams.get(teamId)!)
            .filter((team) => maySeeTeam(tree(), state, actorOf(c), team))
            .map((team) => ({
              teamId: team.teamId,
              name: team.name,
              members: team.memberIds.map((userId) => ({ userId, name: nameOfUser(userId) })),
              regions: visibleRegions(tree(), state, actorOf(c), team).map((unitId) => ({
                unitId,
                name: nameOfUnit(unitId),
                done: doneIn(state, team.teamId, unitId),
                visited: doneIn(state, team.teamId, unitId) > 0,
              })),
            })),
          coverage: { regions: summary.regions, visited: summary.visited, complete: summary.complete },
        },
        200,
      );
    })
    .post('/research-rounds/:roundId/teams', validate('json', formTeamSchema), async (c) => {
      const { submissionId, name, memberIds, regionIds } = c.req.valid('json');
      await caughtUpWithLog(runtime, COMMANDS_READ);
      const state = runtime.runner.state(readModels.research);
      const round = state.rounds.get(c.req.param('roundId'));
      if (!round || !mayManageRound(tree(), actorOf(c), round.unitId)) return forbidden(c);
      const accounts = runtime.runner.state(readModels.accounts);
      const teamId = newEntityId('team', actorOf(c).userId, submissionId);
      const command = {
        type: 'formTeam' as const,
        teamId,
        roundId: round.roundId,
        name,
        members: memberIds.map((userId) => ({ userId, role: accounts.byId.get(userId)?.role ?? null })),
        regions: regionIds.map((unitId) => ({ unitId, withinRound: tree().units.has(unitId) && isWithin(tree(), unitId, round.unitId) })),
      };
      const receipt = await handleCommand(runtime.store, researchDecider, {
        streamName: teamStream(teamId),
        submissionId,
        command,
        context: commandContext(c),
      });
      return c.json({ teamId, ...receipt }, receipt.duplicate ? 200 : 201);
    })
    .get('/research-teams/:teamId', validate('query', roundQuery), async (c) => {
      const state = await read(c, c.req.valid('query').after);
      const team = state.teams.get(c.req.param('teamId'));
      if (!team || !maySeeTeam(tree(), state, actorOf(c), team)) return forbidden(c);
      const locale = requestLocale(c);
      const round = state.rounds.get(team.roundId)!;
      const today = todayOf(c);
      const regions = visibleRegions(tree(), state, actorOf(c), team);
      return c.json(
        {
          /** The round's dates and where today falls: a visit is recorded for a day inside them, not after today. */
          round: {
            startsOn: round.startsOn,
            endsOn: round.endsOn,
            today,
            status: today < round.startsOn ? ('upcoming' as const) : today > round.endsOn ? ('ended' as const) : ('running' as const),
          },
          team: {
            ...team,
            regionIds: regions,
            roundName: round.name,
            members: team.memberIds.map((userId) => ({ userId, name: nameOfUser(userId) })),
            regions: regions.map((unitId) => ({ unitId, name: nameOfUnit(unitId) })),
          },
          mayRecord: mayRecord(actorOf(c), team),
          board: regions.map((regionId) => {
            const records = (state.byTeamRegion.get(`${team.teamId}|${regionId}`) ?? []).map((id) => state.records.get(id)!);
            return {
              regionId,
              regionName: nameOfUnit(regionId),
              items: researchItems.map((item) => {
                const done = records.filter((record) => record.item === item);
                return {
                  item,
                  label: researchItemLabels[item][locale],
                  done: done.length > 0,
                  records: done.map((record) => ({
                    recordId: record.recordId,
                    date: record.date,
                    place: record.place,
                    byName: nameOfUser(record.actor),
                    findings: record.findings.length,
                    attachments: record.attachments ?? [],
                  })),
                };
              }),
              done: new Set(records.map((record) => record.item)).size,
            };
          }),
        },
        200,
      );
    })
    .post('/research-teams/:teamId/visits', validate('json', recordVisitSchema), async (c) => {
      const { submissionId, clientTime, attachments: files, ...visit } = c.req.valid('json');
      await caughtUpWithLog(runtime, COMMANDS_READ);
      const team = runtime.runner.state(readModels.research).teams.get(c.req.param('teamId'));
      if (!team || !mayRecord(actorOf(c), team)) return forbidden(c);
      const round = runtime.runner.state(readModels.research).rounds.get(team.roundId)!;
      // Its photos were uploaded first (the outbox sends each before the record): refused when one was not.
      attachments.requireKept(files);
      const recordId = newEntityId('visit', actorOf(c).userId, submissionId);
      const command = {
        type: 'recordVisit' as const,
        recordId,
        team,
        visit,
        attachments: files,
        dates: { startsOn: round.startsOn, endsOn: round.endsOn, today: todayOf(c) },
      };
      const receipt = await handleCommand(runtime.store, researchDecider, {
        streamName: visitStream(recordId),
        submissionId,
        command,
        context: commandContext(c, clientTime),
      });
      return c.json({ recordId, ...receipt }, receipt.duplicate ? 200 : 201);
    })
    .get('/findings', validate('query', findingsPageQuery), async (c) => {
      const query = c.req.valid('query');
      const state = await read(c, query.after);
      const rows = sortRows(findingRows(state, actorOf(c), query), query.sort, findingOrder);
      const page = pageOf(rows, { limit: query.limit, cursor: query.cursor });
      return c.json({ findings: page.rows, total: page.total, nextCursor: page.nextCursor }, 200);
    })
    .get('/findings/export', validate('query', findingsExportQuery), async (c) => {
      const query = c.req.valid('query');
      const state = await read(c, query.after);
      const locale = requestLocale(c);
      const en = locale === 'en';
      const rows = sortRows(findingRows(state, actorOf(c), query), query.sort, findingOrder);
      // The visit's photos and files as links (one a line) a reader of the sheet opens signed in.
      const site = (runtime.config.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '');
      const links = (files: Array<{ sha256: string }>) => files.map((file) => `${site}/api/attachments/${file.sha256}`).join('\n');
      return downloadResponse(query.format, {
        name: en ? 'Findings' : '调研发现',
        // No title lines: the header is the first row, as the findings export always had it.
        title: [],
        header: en
          ? ['Date', 'Team', 'Region', 'Item', 'Place', 'Topic', 'Finding', 'Recommendations', 'Recorded by', 'Photos and files (links)']
          : ['日期', '调研组', '地区', '调研事项', '地点', '主题', '发现', '建议', '记录人', '照片与附件(链接)'],
        columnWidths: [12, 16, 16, 28, 16, 12, 60, 40, 12, 40],
        rows: rows.map((row) => [
          dateCell(row.date),
          row.teamName,
          row.regionName ?? '',
          researchItemLabels[row.item][locale],
          row.place,
          findingTopicLabels[row.topic][locale],
          row.text,
          row.recommendations,
          row.byName ?? '',
          links(row.attachments),
        ]),
      });
    });
}
