/**
 * Progressive enhancement for every form: without JavaScript the form posts and the page
 * reloads; with it, the same action runs through fetch, the button says "submitting", and
 * what was typed stays in the fields when the answer is an error.
 */
import type { SubmitFunction } from '$app/forms';

export function busyWhile(set: (busy: boolean) => void): SubmitFunction {
  return () => {
    set(true);
    return async ({ update }) => {
      try {
        await update({ reset: false });
      } finally {
        set(false);
      }
    };
  };
}
