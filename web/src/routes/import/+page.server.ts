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
interface Check {
  fileName: string;
  rows: number | null;
  summary: Record<string, number>;
  errors: RowError[];
}

/** Forwards the upload to the API: a dry run shows its plan and bad rows; an import goes to its progress page. */
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const file = form.get('file');
    const dryRun = form.get('dryRun') === 'false' ? 'false' : 'true';
    // No file chosen: the field is left out, for the API to name it.
    const chosen = file instanceof File && (file.size > 0 || file.name) ? file : undefined;
    const response = await locals.api.api.imports.$post({ form: { ...(chosen ? { file: chosen } : {}), dryRun } as { file: File; dryRun: 'true' } });
    if (response.status === 202) redirect(303, `/import/${(await response.json()).job.id}`);
    const fileName = chosen?.name ?? '';
    if (response.status === 200) {
      const body = await response.json();
      if (body.dryRun) return { check: { fileName, rows: body.rows, summary: body.summary, errors: body.errors } satisfies Check };
    }
    const problem = (await problemOf(response)) as Awaited<ReturnType<typeof problemOf>> & { rowErrors?: RowError[]; summary?: Record<string, number> };
    // A real import of a file with bad rows: nothing was imported; the rows are listed as in a dry run.
    if (problem.rowErrors)
      return fail(400, { check: { fileName, rows: null, summary: problem.summary ?? {}, errors: problem.rowErrors } satisfies Check, title: problem.title });
    // A missing file is a field error; an unreadable one has a title and the reader's detail.
    return failWith(problem, response.status, 'import', { file: fileName, dryRun }, { detail: problem.detail ?? null });
  },
};
