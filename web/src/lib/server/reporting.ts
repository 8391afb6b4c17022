/** What the reporting pages share on the server: the month and read-your-writes position from the address. */
import { problemOf } from './forms.ts';

interface Answer {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** `month` and `after` as the address gives them (`after` only when it looks like a log position); the API judges the month. */
export function monthQuery(url: URL, options: { month?: boolean } = { month: true }): { month?: string; after?: string } {
  const month = options.month === false ? '' : (url.searchParams.get('month') ?? '');
  const after = url.searchParams.get('after') ?? '';
  return { ...(month ? { month } : {}), ...(/^\d{1,20}$/.test(after) ? { after } : {}) };
}

/**
 * Asks for the month in the address; when the API refuses that month (400), asks again for the
 * current month and gives its message, for the month picker to show beside the field.
 */
export async function askForMonth<Response extends Answer>(
  url: URL,
  ask: (query: { month?: string; after?: string }) => Promise<Response>,
): Promise<{ response: Response; monthError: string | null }> {
  const response = await ask(monthQuery(url));
  if (response.status !== 400 || !url.searchParams.get('month')) return { response, monthError: null };
  const problem = await problemOf(response);
  const monthError = problem.errors?.find((item) => item.field === 'month')?.message ?? problem.title;
  return { response: await ask(monthQuery(url, { month: false })), monthError };
}
