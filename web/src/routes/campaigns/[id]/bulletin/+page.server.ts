import { redirect } from '@sveltejs/kit';
import { rankedLevels, type RankedLevel } from '../../../../../../events/catalog/campaign.ts';
import { uuidv7 } from '../../../../../../events/ids.ts';
import { WORK_MANUAL_DURING, WORK_MANUAL_YEAR_END } from '../../../../../../projections/campaignTargets.ts';
import { share } from '#lib/i18n/campaigns.ts';
import { failForm, failPage, problemOf, valuesOf } from '#lib/server/forms.ts';
import { asOfFrom } from '#lib/asOf.ts';
import { askForMonth } from '#lib/server/reporting.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { scoreChart } from '../../charts.server.ts';
import type { Actions, PageServerLoad } from './$types';

const isLevel = (value: string | null): value is RankedLevel => (rankedLevels as readonly (string | null)[]).includes(value);

/** Past this many units the scores chart is left out (a province's townships): the table says it all. */
const CHART_ROWS = 60;

/**
 * A drive's monthly bulletin for `?unit=`, `?month=` and `?level=` (市/县/乡镇): the published one as
 * it was frozen, or a preview computed now; with the unit's own places in this drive's bulletins
 * that rank it (a township has nothing below it to rank: its page lists those instead).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const unit = url.searchParams.get('unit');
  const level = url.searchParams.get('level');
  const day = asOfFrom(url);
  let asOfError: string | null = null;
  let { response, monthError } = await askForMonth(url, (query) =>
    locals.api.api.campaigns[':id'].bulletin.$get({
      param: { id: params.id },
      query: { ...query, ...(unit ? { unit } : {}), ...(isLevel(level) ? { level } : {}), ...(day ? { asOf: day } : {}) },
    }),
  );
  if (day && response.status === 400) {
    // A day still to come: say so beside the date, and show today's bulletin.
    asOfError = (await problemOf(response)).errors?.find((error) => error.field === 'asOf')?.message ?? null;
    ({ response, monthError } = await askForMonth(url, (query) =>
      locals.api.api.campaigns[':id'].bulletin.$get({
        param: { id: params.id },
        query: { ...query, ...(unit ? { unit } : {}), ...(isLevel(level) ? { level } : {}) },
      }),
    ));
  }
  if (!response.ok) return failPage(response);
  const bulletin = await response.json();
  const ranked =
    bulletin.fromPublisher && bulletin.unit.kind !== 'province'
      ? await locals.api.api.units[':id'].ranks.$get({ param: { id: bulletin.unit.id }, query: { campaign: params.id, limit: '12' } })
      : null;
  return {
    bulletin,
    monthError,
    asOf: asOfError ? null : day,
    asOfError,
    realToday: serverToday(),
    ranks: ranked?.ok ? (await ranked.json()).ranks : [],
    chart: bulletin.rows.length > 0 && bulletin.rows.length <= CHART_ROWS ? scoreChart(bulletin.rows, locals.locale) : null,
    // The work manual's targets, said in the scoring rule (the projection's own numbers).
    manualTargets: { during: share(WORK_MANUAL_DURING), yearEnd: share(WORK_MANUAL_YEAR_END) },
    publishedNow: url.searchParams.has('published'),
    submissionId: uuidv7(),
  };
};

export const actions: Actions = {
  /** The month's ranking as it stands, frozen in the published event with the note. */
  publish: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'unitId', 'month', 'note', 'level']);
    const { level, ...rest } = values;
    const response = await locals.api.api.campaigns[':id'].bulletins.$post({
      param: { id: params.id },
      json: { ...rest, ...(isLevel(level) ? { level } : {}) },
    });
    if (response.status === 201 || response.status === 200) {
      const { position } = await response.json();
      redirect(303, `/campaigns/${params.id}/bulletin?${new URLSearchParams({ unit: values.unitId, month: values.month, after: position, published: '1' })}`);
    }
    return failForm(response, 'publish', values);
  },
};
