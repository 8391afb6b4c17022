/**
 * Scheduled reminders (定时催报): REMINDER_DAYS_BEFORE days before each month's due day, every
 * township is reminded of its organisations that have not reported (one reminder each, told to
 * their secretaries); the day after the due day, each township's managers are told which are
 * overdue (escalation). As many days before each deadline of a running drive, the units that owe
 * that deliverable and have not sent it are reminded (one reminder for the drive, told to their
 * managers). The process checks the one clock every few minutes; each reminder's id is
 * derived from (unit, period, kind, day), so every replica may run the schedule and nothing is
 * sent twice. Reads one township at a time: never a province in memory.
 */
import type { DeliverableKind } from '../../events/catalog/campaign.ts';
import { campaignAsOf, type CampaignRecord } from '../../projections/campaigns.ts';
import { addDays, chinaDate, chinaTime, dueDate, monthBefore } from '../../projections/calendar.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { settingsFor } from '../../projections/reportingSettings.ts';
import { uuidv7 } from '../../events/ids.ts';
import { caughtUpWithLog } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { reminderId } from './decider.ts';
import { deliverableReminder, escalationOf, monthlyReportReminder, reminderAreas, withoutRemindedToday, type ReminderPlan } from './owing.ts';
import { remindedOn } from '../../projections/notifications.ts';
import * as readModels from '../../projections/index.ts';
import { sendReminder, type SentReminder } from './send.ts';

/** Reminders go out from this hour of the China day, not at midnight. */
export const REMINDER_HOUR = 9;
/** How often the process looks at the clock. */
export const SCHEDULE_CHECK_MS = 5 * 60_000;

export interface DueReminder {
  kind: 'monthlyReport' | 'escalation';
  month: string;
  due: string;
}

/**
 * What the schedule sends at `now` for a province whose reports are due on `dueDay`: the month
 * due `daysBefore` days from today (a due-soon reminder), and the month whose due day was
 * yesterday (an escalation); nothing before REMINDER_HOUR in China.
 */
export function remindersDue(now: Date, dueDay: number, daysBefore: number): DueReminder[] {
  const today = chinaDate(now);
  if (now.getTime() < Date.parse(chinaTime(today, REMINDER_HOUR))) return [];
  const found: DueReminder[] = [];
  const soon = addDays(today, daysBefore);
  if (dueDate(monthBefore(soon), dueDay) === soon) found.push({ kind: 'monthlyReport', month: monthBefore(soon), due: soon });
  const yesterday = addDays(today, -1);
  if (dueDate(monthBefore(yesterday), dueDay) === yesterday) found.push({ kind: 'escalation', month: monthBefore(yesterday), due: yesterday });
  return found;
}

/** The deadlines of a drive that fall `daysBefore` days after `now`'s China day, from REMINDER_HOUR (pure). */
export function deadlinesDue(now: Date, campaign: Pick<CampaignRecord, 'deadlines'>, daysBefore: number): Array<{ kind: DeliverableKind; due: string }> {
  const today = chinaDate(now);
  if (now.getTime() < Date.parse(chinaTime(today, REMINDER_HOUR))) return [];
  const soon = addDays(today, daysBefore);
  return campaign.deadlines.filter((deadline) => deadline.due === soon).map(({ kind, due }) => ({ kind, due }));
}

/**
 * Sends what the schedule owes at `now`, province by province, township by township; a
 * reminder already sent today (by a manager, or by another replica) is left as it is.
 * Returns what was sent now.
 */
export async function runScheduledReminders(runtime: Runtime, now: Date): Promise<SentReminder[]> {
  await caughtUpWithLog(runtime, ['organisationTree', 'monthlyReports', 'accounts', 'campaigns', 'notifications']);
  const tree = runtime.runner.state(readModels.organisationTree);
  const accounts = runtime.runner.state(readModels.accounts);
  const reports = monthlyReportsOf(runtime.runner.tables(readModels.monthlyReports));
  const today = chinaDate(now);
  const sent: SentReminder[] = [];
  // The units a manager (or the schedule on another replica) reminded of the period today are left out.
  const notYet = (plan: ReminderPlan) =>
    withoutRemindedToday(plan, remindedOn(runtime.runner.tables(readModels.notifications), plan.period, plan.kind, today, plan.units), accounts);
  for (const provinceId of tree.roots) {
    const { dueDay } = settingsFor(tree, reports, provinceId);
    for (const due of remindersDue(now, dueDay, runtime.config.REMINDER_DAYS_BEFORE)) {
      const areas = reminderAreas(tree, provinceId, due.month).filter((id) => due.kind === 'monthlyReport' || tree.nodes.get(id)?.kind === 'township');
      for (const areaId of areas) {
        const plan = notYet(
          due.kind === 'monthlyReport'
            ? monthlyReportReminder(tree, reports, accounts, areaId, due.month)
            : escalationOf(tree, reports, accounts, areaId, due.month),
        );
        if (plan.units.length === 0) continue;
        // The reminder's own id is the submission id: every replica writes the very same event.
        const result = await sendReminder(runtime.store, plan, {
          day: today,
          scheduled: true,
          submissionId: reminderId(plan.unitId, plan.period, plan.kind, today),
          context: { actor: 'system', correlationId: uuidv7(now.getTime()), clientTime: null, serverTime: now.toISOString(), requestHash: null },
        });
        if (!result.alreadySent && !result.duplicate) sent.push(result);
      }
    }
  }
  // Each running drive's deadlines: one reminder of all the units that owe the kind and have not sent it.
  const campaigns = runtime.runner.state(readModels.campaigns);
  for (const stored of campaigns.campaigns.values()) {
    const campaign = campaignAsOf(stored, today);
    if (!campaign || !tree.units.has(campaign.unitId)) continue;
    for (const deadline of deadlinesDue(now, campaign, runtime.config.REMINDER_DAYS_BEFORE)) {
      const plan = notYet(deliverableReminder(tree, campaigns, accounts, campaign, deadline.kind, campaign.unitId, true, today));
      if (plan.units.length === 0) continue;
      const result = await sendReminder(runtime.store, plan, {
        day: today,
        scheduled: true,
        submissionId: reminderId(plan.unitId, plan.period, plan.kind, today),
        context: { actor: 'system', correlationId: uuidv7(now.getTime()), clientTime: null, serverTime: now.toISOString(), requestHash: null },
      });
      if (!result.alreadySent && !result.duplicate) sent.push(result);
    }
  }
  return sent;
}

/**
 * Starts the schedule in this process: a check soon after start and then every few minutes,
 * each reading the runtime's clock. Once a day's reminders went out, that day is not walked
 * again by this process. Returns a function that stops it.
 */
export function startReminderSchedule(runtime: Runtime): () => void {
  const log = runtime.logger;
  let doneDay: string | null = null;
  let running = false;
  const check = async () => {
    const now = runtime.clock.now();
    const today = chinaDate(now);
    if (running || doneDay === today || !runtime.runner.ready) return;
    running = true;
    try {
      const sent = await runScheduledReminders(runtime, now);
      if (sent.length > 0) log.info({ sent: sent.length, day: today }, `reminders: ${sent.length} sent by the schedule on ${today}`);
      // Before the hour nothing was due yet: look again at the next check.
      if (now.getTime() >= Date.parse(chinaTime(today, REMINDER_HOUR))) doneDay = today;
    } catch (error) {
      log.error(
        { err: error, day: today },
        `reminders: the schedule failed (${error instanceof Error ? error.message : String(error)}); trying again at the next check`,
      );
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void check(), 1_000);
  const timer = setInterval(() => void check(), SCHEDULE_CHECK_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
