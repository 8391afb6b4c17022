/** A short line saying what an audit entry changed, in the reader's language. */
import { deliverableLabel } from './i18n/deliverables.ts';
import { reminderMessages } from './i18n/reminders.ts';
import { branchFieldLabels, buildingModeLabels, messages, roleLabels, unitKindLabels, type Locale } from './i18n.ts';

type Details = Record<string, unknown>;

/** `unitName`: the unit the entry is about, named where the line needs it (whom a reminder reminded). */
export function summarise(type: string, details: Details, on: string | null, locale: Locale, unitName: string | null = null): string {
  const t = messages(locale).audit;
  const quote = (text: unknown) => (locale === 'en' ? `“${String(text)}”` : `「${String(text)}」`);
  const when = on ? t.effective(on) : '';
  const organisation = details.organisation as { field: keyof typeof branchFieldLabels; buildingMode: keyof typeof buildingModeLabels } | null | undefined;
  const classLabel = organisation ? `${branchFieldLabels[organisation.field]?.[locale] ?? organisation.field} · ${buildingModeLabels[organisation.buildingMode]?.[locale] ?? organisation.buildingMode}` : '';
  switch (type) {
    case 'UnitOpened': {
      const kind = unitKindLabels[details.kind as keyof typeof unitKindLabels]?.[locale] ?? String(details.kind);
      return `${kind}${t.space}${quote(details.name)}${details.code ? ` [${String(details.code)}]` : ''}${classLabel ? ` · ${classLabel}` : ''}${when}`;
    }
    case 'UnitRenamed': return `${t.to}${t.space}${quote(details.name)}${when}`;
    case 'UnitReclassified': return `${classLabel}${when}`;
    case 'UnitClosed': return `${details.reason ? String(details.reason) : ''}${when}`.trim();
    case 'UserInvited': {
      const role = roleLabels[details.role as keyof typeof roleLabels]?.[locale] ?? String(details.role);
      return `${String(details.displayName)} (${String(details.loginName)}) · ${role}`;
    }
    case 'AdministratorSetUp': return `${String(details.displayName)} (${String(details.loginName)})`;
    case 'ReminderSent': {
      const r = reminderMessages(locale).audit;
      // A drive's period is `<campaign>:<kind>`: the kind is what a reader knows it by.
      const period = String(details.period ?? '').includes(':') ? deliverableLabel(String(details.period).split(':')[1]!, locale) : String(details.period ?? '');
      return `${unitName ? `${unitName} · ` : ''}${r.reminded(r.kinds[String(details.kind)] ?? String(details.kind), period, Number(details.units ?? 0), Number(details.recipients ?? 0), String(details.due ?? ''))}${details.scheduled ? r.scheduled : ''}`;
    }
    case 'ReminderDelivered': {
      const r = reminderMessages(locale).audit;
      const channel = r.channels[String(details.channel)] ?? String(details.channel);
      return details.ok ? r.delivered(channel, Number(details.sent ?? 0)) : r.failed(channel, String(details.error ?? ''));
    }
    default: return when.trim();
  }
}
