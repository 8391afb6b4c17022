/**
 * Asks the API for a view as of the day in the address. A day it refuses (one still to come)
 * comes back as the field's message, with today's view shown instead, as the tree page does.
 */
import { asOfFrom } from '../asOf.ts';
import { problemOf } from './forms.ts';

interface Answer {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}

export async function askAsOf<R extends Answer>(
  url: URL,
  ask: (asOf: { asOf?: string }) => Promise<R>,
): Promise<{ response: R; asOf: string | null; asOfError: string | null }> {
  const asOf = asOfFrom(url);
  if (!asOf) return { response: await ask({}), asOf: null, asOfError: null };
  const response = await ask({ asOf });
  if (response.status !== 400) return { response, asOf, asOfError: null };
  const problem = await problemOf(response);
  const error = problem.errors?.find((item) => item.field === 'asOf');
  if (!error) return { response, asOf, asOfError: null };
  return { response: await ask({}), asOf: null, asOfError: error.message };
}
