/** A short line saying what an audit entry changed (before → after where it replaced something), in the reader's language. */
import { deliverableLabel } from './i18n/deliverables.ts';
import { reminderMessages } from './i18n/reminders.ts';
import { deliverableLabels, healthClassLabels } from '../../../events/catalog/labels.ts';
import { branchFieldLabels, buildingModeLabels, messages, roleLabels, unitKindLabels, type Locale } from './i18n.ts';
import { auditMessages } from './i18n/audit.ts';

type Details = Record<string, unknown>;
type OrganisationClass = { field: keyof typeof branchFieldLabels; buildingMode: keyof typeof buildingModeLabels } | null | undefined;

const ARROW = ' → ';

/** `unitName`: the unit the entry is about, named where the line needs it (whom a reminder reminded). */
export function summarise(type: string, details: Details, on: string | null, locale: Locale, unitName: string | null = null): string {
  const t = messages(locale).audit;
  const a = auditMessages(locale);
  const quote = (text: unknown) => (locale === 'en' ? `“${String(text)}”` : `「${String(text)}」`);
  const when = on ? t.effective(on) : '';
  const classOf = (organisation: OrganisationClass) =>
    organisation
      ? `${branchFieldLabels[organisation.field]?.[locale] ?? organisation.field} · ${buildingModeLabels[organisation.buildingMode]?.[locale] ?? organisation.buildingMode}`
      : '';
  const health = (key: unknown) => (typeof key === 'string' ? (healthClassLabels[key as keyof typeof healthClassLabels]?.[locale] ?? key) : a.ruleClass);
  const deliverable = (key: unknown) => deliverableLabels[key as keyof typeof deliverableLabels]?.[locale] ?? String(key);
  const parts = (...items: Array<string | false | null | undefined>) => items.filter(Boolean).join(' · ');
  const classLabel = classOf(details.organisation as OrganisationClass);
  switch (type) {
    case 'UnitOpened': {
      const kind = unitKindLabels[details.kind as keyof typeof unitKindLabels]?.[locale] ?? String(details.kind);
      return `${kind}${t.space}${quote(details.name)}${details.code ? ` [${String(details.code)}]` : ''}${classLabel ? ` · ${classLabel}` : ''}${when}`;
    }
    case 'UnitRenamed':
      return details.fromName ? `${quote(details.fromName)}${ARROW}${quote(details.name)}${when}` : `${t.to}${t.space}${quote(details.name)}${when}`;
    case 'UnitReclassified': {
      const from = classOf(details.fromOrganisation as OrganisationClass);
      return `${from ? `${from}${ARROW}` : ''}${classLabel}${when}`;
    }
    case 'UnitMoved':
      return details.fromParentName || details.toParentName
        ? `${quote(details.fromParentName ?? '?')}${ARROW}${quote(details.toParentName ?? '?')}${when}`
        : when.trim();
    case 'UnitClosed':
      return `${details.reason ? String(details.reason) : ''}${when}`.trim();
    case 'HealthClassOverridden':
      return parts(
        a.month(String(details.month)),
        `${health(details.fromClass)}${ARROW}${health(details.healthClass)}`,
        details.reason ? a.reason(String(details.reason)) : null,
      );
    case 'MonthlyReportSubmitted':
    case 'MonthlyReportApproved':
      return a.month(String(details.month));
    case 'MonthlyReportReturned':
      return parts(a.month(String(details.month)), a.returned(String(details.reason)));
    case 'MonthlyReportReceivedOnPaper':
      return parts(a.month(String(details.month)), a.paperOn(String(details.receivedOn)), a.reason(String(details.reason)));
    case 'DeliverableApproved':
      return deliverable(details.kind);
    case 'DeliverableReturned':
      return parts(deliverable(details.kind), a.returned(String(details.reason)));
    case 'UserInvited': {
      const role = roleLabels[details.role as keyof typeof roleLabels]?.[locale] ?? String(details.role);
      return `${String(details.displayName)} (${String(details.loginName)}) · ${role}`;
    }
    case 'AdministratorSetUp':
      return `${String(details.displayName)} (${String(details.loginName)})`;
    case 'ReminderSent': {
      const r = reminderMessages(locale).audit;
      // A drive's period is `<campaign>:<kind>`: the kind is what a reader knows it by.
      const period = String(details.period ?? '').includes(':')
        ? deliverableLabel(String(details.period).split(':')[1]!, locale)
        : String(details.period ?? '');
      return `${unitName ? `${unitName} · ` : ''}${r.reminded(r.kinds[String(details.kind)] ?? String(details.kind), period, Number(details.units ?? 0), Number(details.recipients ?? 0), String(details.due ?? ''))}${details.scheduled ? r.scheduled : ''}`;
    }
    case 'ReminderDelivered': {
      const r = reminderMessages(locale).audit;
      const channel = r.channels[String(details.channel)] ?? String(details.channel);
      return details.ok ? r.delivered(channel, Number(details.sent ?? 0)) : r.failed(channel, String(details.error ?? ''));
    }
    default:
      return when.trim();
  }
}
