import { error } from '@sveltejs/kit';
import { downloadResponse } from '../../../../../../../api/tables/download.ts';
import { dateCell } from '../../../../../../../api/tables/xlsxWrite.ts';
import { chinaMinute } from '../../../../../../../projections/calendar.ts';
import { summarise } from '#lib/audit.ts';
import { auditMessages } from '#lib/i18n/audit.ts';
import { messages } from '#lib/i18n.ts';
import { problemOf } from '#lib/server/forms.ts';
import type { RequestHandler } from './$types';

/** Filters of the audit trail passed on as the page has them in its address. */
const FILTERS = ['type', 'actor', 'from', 'to', 'sort'] as const;

/**
 * The unit's audit trail downloaded whole with the page's filter and order (.xlsx or .csv): read
 * from the API 200 entries at a time while the file is sent, in the page's language, people by name.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const query: Record<string, string> = {};
  for (const key of FILTERS) {
    const value = url.searchParams.get(key);
    if (value) query[key] = value;
  }
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  const ask = (cursor?: string) =>
    locals.api.api.units[':id'].audit.$get({ param: { id: params.id }, query: { ...query, limit: '200', ...(cursor ? { cursor } : {}) } });
  // The first page is read before answering: a unit outside the reader's scope, or a bad filter, is the API's refusal.
  const first = await ask();
  if (!first.ok) error(first.status, (await problemOf(first)).title);
  const unit = await locals.api.api.units[':id'].$get({ param: { id: params.id }, query: {} });
  const unitName = unit.ok ? (await unit.json()).unit.name : params.id;
  const locale = locals.locale;
  const t = messages(locale).audit;
  const firstPage = await first.json();
  async function* rows() {
    let page = firstPage;
    for (;;) {
      for (const entry of page.entries) {
        yield [
          dateCell(chinaMinute(entry.serverTime)),
          entry.actorName ?? (entry.actor === 'anonymous' || entry.actor === 'system' ? t.system : entry.actor),
          entry.unitName ?? '',
          t.events[entry.type] ?? entry.type,
          summarise(entry.type, entry.details, entry.on, locale, entry.unitName),
        ];
      }
      if (!page.nextCursor) return;
      const next = await ask(page.nextCursor);
      if (!next.ok) throw new Error(`the audit trail's next page answered ${next.status}`);
      page = await next.json();
    }
  }
  return downloadResponse(format, {
    name: locale === 'en' ? `Audit trail ${unitName}` : `操作记录-${unitName}`,
    title: [t.title(unitName), locale === 'en' ? `${firstPage.total} entries` : `共 ${firstPage.total} 条`],
    header: [t.columns.time, t.columns.actor, auditMessages(locale).unit, t.columns.action, t.columns.details],
    columnWidths: [18, 14, 24, 20, 60],
    rows: rows(),
  });
};
