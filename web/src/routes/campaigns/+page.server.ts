import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../events/ids.ts';
import { campaignMessages } from '#lib/i18n/campaigns.ts';
import { failPage, failWith, problemOf, valuesOf } from '#lib/server/forms.ts';
import { askAsOf } from '#lib/server/asOf.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { treeQuery } from '#lib/server/units.ts';
import { declareBody, declareFields, onFormFields, templateValues } from './declareForm.ts';
import type { Actions, PageServerLoad } from './$types';

/** The drives the user may see (as of `?asOf=`, which existed then); where they may declare one, the template's dates to start from. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const { response, asOf, asOfError } = await askAsOf(url, (day) => locals.api.api.campaigns.$get({ query: { ...treeQuery(url), ...day } }));
  if (!response.ok) return failPage(response);
  const { today, campaigns, declarable } = await response.json();
  let template: { year: number; values: Record<string, string>; phaseOf: Record<string, string> } | null = null;
  if (declarable.length > 0 && !asOf) {
    const answer = await locals.api.api['campaign-template'].$get({ query: {} });
    if (!answer.ok) return failPage(answer);
    const body = await answer.json();
    template = {
      year: Number(body.phases[0]!.start.slice(0, 4)),
      values: templateValues(body),
      /** Which phase each deadline belongs to, said beside its date. */
      phaseOf: Object.fromEntries(body.deadlines.map((deadline) => [deadline.kind, deadline.phase])),
    };
  }
  return {
    today,
    campaigns,
    template,
    asOf,
    asOfError,
    realToday: serverToday(),
    units: declarable.map((unit) => ({ value: unit.unitId, label: unit.name ?? unit.unitId })),
    // The drive's id is this submission's: sent twice, it is declared once.
    submissionId: uuidv7(),
  };
};

export const actions: Actions = {
  declare: async ({ request, locals }) => {
    const values = valuesOf(await request.formData(), declareFields);
    if (!values.unitId) {
      const t = campaignMessages(locals.locale).declare;
      return failWith(
        { type: 'about:blank', status: 400, title: t.fixFields, errors: [{ field: 'unitId', code: 'required', message: t.chooseUnit }] },
        400,
        'declare',
        values,
      );
    }
    const response = await locals.api.api.campaigns.$post({ json: declareBody(values) });
    if (response.status === 201 || response.status === 200) {
      const receipt = await response.json();
      redirect(303, `/campaigns/${receipt.campaignId}?${new URLSearchParams({ after: receipt.position, declared: '1' })}`);
    }
    return failWith(onFormFields(await problemOf(response)), response.status, 'declare', values);
  },
};
