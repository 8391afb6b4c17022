/**
 * What a reminder (催报) says outside the product — in an email and in a group robot's message:
 * which unit owes what, by when, and the link to act. In Chinese, the language of the people
 * told. Names are read from the organisation tree, the drive's name from the drives, the people
 * told from the accounts, all as they stand once the projections have folded the reminder.
 */
import { deliverableLabels } from '../../../events/catalog/labels.ts';
import type { DeliverableKind } from '../../../events/catalog/campaign.ts';
import type { StoredEvent } from '../../../events/catalog/index.ts';
import type { AccountsState } from '../../../projections/accounts.ts';
import type { CampaignsState } from '../../../projections/campaigns.ts';
import { valueAsOf, type OrganisationTreeState } from '../../../projections/organisationTree.ts';
import { isWithin } from '../../../projections/organisationTreeQueries.ts';

export type ReminderSentEvent = Extract<StoredEvent, { type: 'ReminderSent' }>;
export type Reminder = ReminderSentEvent['data'];

/**
 * One person told: an account that holds a role over the owing unit or its area. `own` is what
 * this person's email says when they hold only some of the units (a branch's secretary told of an
 * area's reminder): their own units, never the names of branches outside their scope.
 */
export interface Recipient {
  userId: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  own: { subject: string; text: string; link: string } | null;
}

export interface ReminderMessage {
  subject: string;
  /** The message itself, without greeting or link. */
  text: string;
  /** Where to act, on the site's public address. */
  link: string;
  /** The accounts told that can still be reached (deactivated ones are left out). */
  recipients: Recipient[];
}

export interface MessageReads {
  tree: OrganisationTreeState;
  accounts: AccountsState;
  campaigns: CampaignsState;
}

/** Names listed in one message; beyond them "等 N 个" (a robot's message is at most 2,048 bytes). */
const NAMES_LISTED = 20;

export function reminderMessage(reminder: Reminder, reads: MessageReads, publicUrl: string): ReminderMessage {
  const name = (unitId: string) => {
    const node = reads.tree.nodes.get(unitId);
    return (node && valueAsOf(node.names, null)) ?? '(未知单位)';
  };
  const unit = name(reminder.unitId);
  const one = reminder.units.length === 1 && reminder.units[0] === reminder.unitId;
  const owing = listOf(reminder.units.map(name));
  const count = reminder.units.length;
  const due = monthDay(reminder.due);
  const owed = whatIsOwed(reminder.period, reads.campaigns);
  const base = publicUrl.replace(/\/+$/, '');
  let subject: string;
  let text: string;
  let path: string;
  if (reminder.kind === 'escalation') {
    subject = `【逾期】${unit}:${count}个单位的${owed.title}逾期未交`;
    text = `${unit}:以下${count}个单位的${owed.title}已过截止日期${due},仍未提交:${owing}。请督促办理。`;
    path = owed.areaPath(reminder.unitId);
  } else if (one) {
    subject = `【催报】${unit}:${owed.title}(${due}截止)`;
    text = `${unit}:${owed.title}尚未提交,截止日期为${due}。请尽快登录团建速报提交。`;
    path = owed.unitPath(reminder.unitId);
  } else {
    subject = `【催报】${unit}:${count}个单位的${owed.title}未交(${due}截止)`;
    text = `${unit}下列${count}个单位的${owed.title}尚未提交(截止日期${due}):${owing}。请督促尽快提交。`;
    path = owed.areaPath(reminder.unitId);
  }
  // What one person may be told of: the owing units within their own units (an administrator's: all).
  const ownMessage = (units: string[]): Recipient['own'] => {
    if (units.length === reminder.units.length) return null;
    const names = listOf(units.map(name));
    return units.length === 1
      ? {
          subject: `【催报】${names}:${owed.title}(${due}截止)`,
          text: `${names}:${owed.title}尚未提交,截止日期为${due}。请尽快登录团建速报提交。`,
          link: `${base}${owed.unitPath(units[0]!)}`,
        }
      : {
          subject: `【催报】${units.length}个单位的${owed.title}未交(${due}截止)`,
          text: `下列${units.length}个单位的${owed.title}尚未提交(截止日期${due}):${names}。`,
          link: `${base}${path}`,
        };
  };
  const recipients: Recipient[] = [];
  for (const userId of reminder.recipients) {
    const account = reads.accounts.byId.get(userId);
    if (!account || account.status === 'deactivated') continue;
    const mine =
      account.role === 'administrator' ? reminder.units : reminder.units.filter((owingId) => account.unitIds.some((own) => isWithin(reads.tree, owingId, own)));
    // Told of none of them (moved away since): nothing to say to this person.
    if (mine.length === 0) continue;
    recipients.push({ userId, displayName: account.displayName, email: account.email, phone: account.phone, own: ownMessage(mine) });
  }
  return { subject, text, link: `${base}${path}`, recipients };
}

interface Owed {
  title: string;
  unitPath(unitId: string): string;
  areaPath(unitId: string): string;
}

/** The period says what is owed: a month's report (`2026-06`) or a drive's deliverable (`<campaignId>:<kind>`). */
function whatIsOwed(period: string, campaigns: CampaignsState): Owed {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const query = `?month=${period}`;
    return {
      title: `${month[1]}年${Number(month[2])}月月报`,
      unitPath: (unitId) => `/units/${unitId}/reports${query}`,
      areaPath: (unitId) => `/units/${unitId}/month${query}`,
    };
  }
  const [campaignId = '', kind = ''] = period.split(':');
  const drive = campaigns.campaigns.get(campaignId)?.name;
  const label = deliverableLabels[kind as DeliverableKind]?.['zh-CN'] ?? kind;
  return {
    title: drive ? `${drive}「${label}」` : `「${label}」`,
    unitPath: (unitId) => `/campaigns/${campaignId}/units/${unitId}`,
    areaPath: () => `/campaigns/${campaignId}`,
  };
}

function listOf(names: string[]): string {
  const shown = names.slice(0, NAMES_LISTED).join('、');
  return names.length > NAMES_LISTED ? `${shown}等${names.length}个` : shown;
}

/** `2026-07-05` → `7月5日`. */
function monthDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(month)}月${Number(date)}日`;
}

/** The email to one person: greeting, message, link. */
export function emailText(message: ReminderMessage, recipient: Recipient): string {
  const said = recipient.own ?? message;
  return `${recipient.displayName}您好:\n\n${said.text}\n\n办理:${said.link}\n\n(团建速报自动发送,请勿直接回复。)\n`;
}

/** An email's subject: the person's own units' when they hold only some. */
export const emailSubject = (message: ReminderMessage, recipient: Recipient): string => recipient.own?.subject ?? message.subject;

/** The group robot's message: subject, message and link in one text. */
export function robotText(message: ReminderMessage): string {
  return `${message.subject}\n${message.text}\n${message.link}`;
}
