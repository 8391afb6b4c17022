/**
 * Reminders (催报) and the bell: a manager reminds one unit, or all that are missing under a unit,
 * of a month's report or of a drive's deliverable (each reminder written once a day, see
 * decider.ts); each account reads the notifications it was sent and marks them read.
 */
import { Hono, type Context } from 'hono';
import type { DeliverableKind } from '../../events/catalog/campaign.ts';
import { monthEnd } from '../../projections/calendar.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { notificationsPage, remindedOn, unreadCount } from '../../projections/notifications.ts';
import { view } from '../../projections/organisationTreeQueries.ts';
import * as readModels from '../../projections/index.ts';
import { uuidFromName } from '../../events/ids.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { canDecideUnder, canSee } from '../auth/scope.ts';
import { maySeeUnitIn } from '../campaigns/access.ts';
import { handleCommand } from '../commands.ts';
import { caughtUpWithLog, commandContext, readTables, todayOf, type ApiEnv, type SignedInEnv } from '../context.ts';
import { InvalidInputError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { deliverableReminder, monthlyReportReminder, reminderAreas, withoutRemindedToday, type ReminderPlan } from './owing.ts';
import { notificationsReadDecider, notificationsStream } from './decider.ts';
import { sendReminder, sentEarlier, type SentReminder } from './send.ts';
import { notificationsQuery, readNotificationsSchema, remindDeliverableSchema, remindReportsSchema } from './schemas.ts';

const COMMANDS_READ = ['organisationTree', 'monthlyReports', 'accounts', 'campaigns', 'notifications'] as const;
/** The most unit names a notification lists; the count says how many more. */
const NAMES_SHOWN = 20;

/** 201 when this request wrote a reminder; 200 when it wrote nothing new (a retry, or all sent earlier today). */
const statusOf = (sent: SentReminder[]) => (sent.some((reminder) => !reminder.alreadySent && !reminder.duplicate) ? 201 : 200);

/** What a remind request answers: how many units and people were reminded now, and whether today's reminder had been sent already. */
function answer(sent: SentReminder[]) {
  const positions = sent.map((reminder) => BigInt(reminder.position));
  return {
    reminded: sent.reduce((sum, reminder) => sum + reminder.units, 0),
    recipients: sent.reduce((sum, reminder) => sum + reminder.recipients, 0),
    reminders: sent.filter((reminder) => !reminder.alreadySent).length,
    alreadySent: sent.filter((reminder) => reminder.alreadySent).length,
    results: sent,
    position: positions.length ? positions.reduce((a, b) => (a > b ? a : b)).toString() : null,
  };
}

export function reminderRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const accounts = () => runtime.runner.state(readModels.accounts);
  const campaigns = () => runtime.runner.state(readModels.campaigns);
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  /** Sends each planned reminder, each with its own submission id derived from the request's and its unit: a retried request finds each it sent. */
  const sendAll = async (c: Context<SignedInEnv>, submissionId: string, plans: ReminderPlan[]) => {
    const sent: SentReminder[] = [];
    const reminded = runtime.runner.tables(readModels.notifications);
    for (const planned of plans) {
      // A unit already reminded of the period today (alone, or with its township) is not reminded again.
      const plan = withoutRemindedToday(planned, remindedOn(reminded, planned.period, planned.kind, todayOf(c), planned.units), accounts());
      if (plan.units.length === 0 && plan.skipped > 0) {
        sent.push(sentEarlier(plan, todayOf(c)));
        continue;
      }
      sent.push(
        await sendReminder(runtime.store, plan, {
          day: todayOf(c),
          scheduled: false,
          submissionId: uuidFromName(`${submissionId}:${plan.unitId}:${todayOf(c)}`),
          context: commandContext(c),
        }),
      );
    }
    return sent;
  };
  const nameOf = (unitId: string, asOf: string | null = null) => {
    const unit = tree().units.get(unitId);
    return unit ? view(unit, asOf).name : '';
  };

  return (
    new Hono<ApiEnv>()
      .use('/units/:id/reminders', requireActor)
      .use('/campaigns/:id/reminders', requireActor)
      .use('/notifications', requireActor)
      .use('/notifications/*', requireActor)
      // 催报 a month's report: all missing under a unit (one reminder per township), or one organisation.
      .post('/units/:id/reminders', validate('json', remindReportsSchema), async (c) => {
        const { submissionId, month } = c.req.valid('json');
        const id = c.req.param('id');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!canDecideUnder(tree(), actorOf(c), id)) return forbidden(c);
        if (month >= todayOf(c).slice(0, 7)) {
          throw new InvalidInputError('month', 'monthNotOver', { 'zh-CN': '该月尚未结束,不能催报', en: 'The month is not over yet: nothing is owed for it' });
        }
        const reports = monthlyReportsOf(runtime.runner.tables(readModels.monthlyReports));
        const plans = reminderAreas(tree(), id, month).map((areaId) => monthlyReportReminder(tree(), reports, accounts(), areaId, month));
        // One organisation that has reported is refused by the decider (nothing to remind); in an area, those with none missing are left out.
        const owing = plans.length === 1 ? plans : plans.filter((plan) => plan.units.length > 0);
        const sent = await sendAll(c, submissionId, owing);
        return c.json({ unitId: id, month, ...answer(sent) }, statusOf(sent));
      })
      // 催报 a drive's deliverable: one unit that owes it, or all that have not submitted it under a unit.
      .post('/campaigns/:id/reminders', validate('json', remindDeliverableSchema), async (c) => {
        const { submissionId, kind, unitId, all } = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const campaign = campaigns().campaigns.get(c.req.param('id'));
        const actor = actorOf(c);
        if (!campaign || !maySeeUnitIn(tree(), actor, campaign, unitId) || !canDecideUnder(tree(), actor, unitId) || (!all && actor.unitIds.includes(unitId)))
          return forbidden(c);
        const plan = deliverableReminder(tree(), campaigns(), accounts(), campaign, kind, unitId, all, todayOf(c));
        // A manager reminds those below them, never their own unit.
        plan.units = plan.units.filter((owing) => !actor.unitIds.includes(owing));
        const sent = await sendAll(c, submissionId, [plan]);
        return c.json({ campaignId: campaign.id, unitId, kind, ...answer(sent) }, statusOf(sent));
      })
      .get('/notifications', validate('query', notificationsQuery), async (c) => {
        const { limit, cursor, after } = c.req.valid('query');
        const actor = actorOf(c);
        const page = notificationsPage(await readTables(runtime, readModels.notifications, after), actor.userId, { limit, cursor });
        const people = accounts();
        return c.json(
          {
            unread: page.unread,
            total: page.total,
            latest: page.latest,
            nextCursor: page.nextCursor,
            notifications: page.notifications.map((notification) => {
              const [campaignId, deliverable] =
                notification.kind === 'deliverable' ? (notification.period.split(':') as [string, DeliverableKind]) : [null, null];
              const asOf = notification.kind === 'deliverable' ? null : monthEnd(notification.period);
              // The units the reader may see, by name: a secretary's own branch of a township's reminder.
              const units = notification.units.filter((unitId) => canSee(tree(), actor, unitId));
              return {
                position: notification.position,
                kind: notification.kind,
                period: notification.period,
                day: notification.day,
                due: notification.due,
                at: notification.at,
                scheduled: notification.scheduled,
                read: notification.read,
                by: notification.actor === 'system' ? null : (people.byId.get(notification.actor)?.displayName ?? null),
                unit: { id: notification.unitId, name: nameOf(notification.unitId, asOf), visible: canSee(tree(), actor, notification.unitId) },
                units: units.slice(0, NAMES_SHOWN).map((unitId) => ({ id: unitId, name: nameOf(unitId, asOf) })),
                unitCount: units.length,
                campaign: campaignId ? { id: campaignId, name: campaigns().campaigns.get(campaignId)?.name ?? '', deliverable } : null,
              };
            }),
          },
          200,
        );
      })
      .get('/notifications/unread', async (c) =>
        c.json({ unread: unreadCount(await readTables(runtime, readModels.notifications, undefined), actorOf(c).userId) }, 200),
      )
      .post('/notifications/read', validate('json', readNotificationsSchema), async (c) => {
        const { submissionId, upTo } = c.req.valid('json');
        const userId = actorOf(c).userId;
        const latest = notificationsPage(await readTables(runtime, readModels.notifications, undefined), userId, { limit: 1 }).latest ?? '0';
        const receipt = await handleCommand(runtime.store, notificationsReadDecider, {
          streamName: notificationsStream(userId),
          submissionId,
          command: { userId, upTo, latest },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate ? 200 : 201);
      })
  );
}
