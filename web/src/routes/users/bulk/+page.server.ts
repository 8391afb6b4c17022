import { error, fail, redirect } from '@sveltejs/kit';
import { messages } from '#lib/i18n.ts';
import { failWith, problemOf } from '#lib/server/forms.ts';
import { mayManage } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!mayManage(locals.user)) error(403, messages(locals.locale).forbidden);
  return {};
};

interface RowError {
  line: number;
  header: string | null;
  message: string;
}
interface Planned {
  line: number;
  unitCode: string;
  unitName: string;
  displayName: string;
  role: string;
  loginName: string;
  derived: boolean;
}
interface Check {
  fileName: string;
  rows: number | null;
  summary: Record<string, number>;
  invitations: Planned[];
  errors: RowError[];
}

/** Forwards the sheet to the API: a dry run shows each row; "邀请" goes to the job's page, which ends with the cards. */
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const file = form.get('file');
    const dryRun = form.get('dryRun') === 'false' ? 'false' : 'true';
    const chosen = file instanceof File && (file.size > 0 || file.name) ? file : undefined;
    const response = await locals.api.api['bulk-invitations'].$post({
      form: { ...(chosen ? { file: chosen } : {}), dryRun } as { file: File; dryRun: 'true' },
    });
    if (response.status === 202) redirect(303, `/users/bulk/${(await response.json()).job.id}`);
    const fileName = chosen?.name ?? '';
    if (response.status === 200) {
      const body = await response.json();
      if (body.dryRun)
        return { check: { fileName, rows: body.rows, summary: body.summary, invitations: body.invitations, errors: body.errors } satisfies Check };
    }
    const problem = (await problemOf(response)) as Awaited<ReturnType<typeof problemOf>> & { rowErrors?: RowError[]; summary?: Record<string, number> };
    if (problem.rowErrors)
      return fail(400, {
        check: { fileName, rows: null, summary: problem.summary ?? {}, invitations: [], errors: problem.rowErrors } satisfies Check,
        title: problem.title,
      });
    return failWith(problem, response.status, 'bulkInvite', { file: fileName, dryRun }, { detail: problem.detail ?? null });
  },
};
