/**
 * `use:outboxForm` — a form whose submissions go through the outbox. Without JavaScript the
 * form posts to its SvelteKit action as before. With it, a submission is stored in the outbox
 * and sent at once; when the answer comes quickly (online) the form behaves as if posted:
 * accepted → the page the action would redirect to; refused (4xx) → the API's messages beside
 * the fields, through the page's `form` prop exactly as the action returns them. A form may check
 * itself first with the API's own rules (`check`): a body they refuse is shown refused the same
 * way and is neither stored nor sent, online or offline. A refusal takes the focus (the page's
 * error summary, else its first invalid field) and is scrolled into view. No answer
 * (offline, server down, slow) → "saved to the outbox", the form goes back to its first state for the next one,
 * and the outbox sends it later. See README.md in this folder.
 */
import { applyAction } from '$app/forms';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { tick } from 'svelte';
import type { Refusal } from '../formRules.ts';
import { failureOf, type FormFailure, type Values } from '../forms.ts';
import { messages, type Locale } from '../i18n.ts';
import { outbox, submit } from './client.svelte.ts';
import type { OutboxEntry, OutboxError, Receipt } from './types.ts';
import { uuidv7 } from './uuid.ts';

export interface OutboxFormOptions {
  /** The API path the JSON goes to, e.g. () => '/api/units'. */
  url: () => string;
  /** The JSON body, from the form's fields (its submissionId field is already set). */
  toBody: (form: FormData) => unknown;
  /** What the user sees in the outbox, e.g. "东风村团支部 · 2026-06 月报". */
  label: (form: FormData) => string;
  /** Where the non-JavaScript action redirects after success (the API's receipt in hand). */
  redirect?: (receipt: Receipt) => string;
  /** The name the page's FormFailure gives this form (`form.action`); default 'default'. */
  action?: string;
  /**
   * The API's refusal as the page's `form` prop shows it, from the problem and the fields as
   * typed — wherever the outbox shows a refusal (the quick answer, and a refusal reopened from
   * the outbox to fix). It should give the FormFailure the page's own action returns. Default:
   * `failureOf` (a message goes beside the field named by its path's last part, e.g.
   * `township.population` → `population`); a form whose field names differ from the API's paths
   * gives its own (the report form: `reportFailure`).
   */
  failure?: (error: OutboxError, values: Values, action: string) => FormFailure;
  /**
   * The API's rules run here first, on the body `toBody` made (lib/formRules.ts): their refusal,
   * worded as the API words it, or null. A refused body is shown through `failure` with status
   * 400, as the API's answer would be, and nothing is stored or sent.
   */
  check?: (body: unknown) => Refusal | null;
  /** Told while a submission waits for its first answer (for the button's "submitting…"). */
  busy?: (busy: boolean) => void;
  /** Instead of going to `redirect`. */
  onSent?: (entry: OutboxEntry) => void | Promise<void>;
  /** Besides showing the messages on the form. */
  onRejected?: (entry: OutboxEntry) => void | Promise<void>;
  /** Besides the "saved to the outbox" notice. */
  onQueued?: (entry: OutboxEntry) => void | Promise<void>;
  /** How long to wait for a quick answer before calling it queued (ms, default 8000). */
  waitMs?: number;
}

/** `failure`'s default: each message beside the field its path ends with, the others above the form. */
export const defaultFailure = (error: OutboxError, values: Values, action: string): FormFailure => failureOf(error, error.status ?? 400, action, values);

/** The query parameter the outbox panel's "correct and submit again" link adds to the form's page. */
export const FIX_PARAM = 'outbox';

/** The form's text fields (files are not kept: the outbox carries JSON). */
function textValues(data: FormData): Values {
  const values: Values = {};
  for (const [name, value] of data) if (typeof value === 'string' && !(name in values)) values[name] = value;
  return values;
}

function idField(form: HTMLFormElement): HTMLInputElement {
  const existing = form.elements.namedItem('submissionId');
  if (existing instanceof HTMLInputElement) return existing;
  const input = Object.assign(document.createElement('input'), { type: 'hidden', name: 'submissionId' });
  form.prepend(input);
  return input;
}

/** Where results apply: this page (applyAction updates it in place). */
const here = () => location.pathname + location.search;

/** The form's own page, without the outbox's "fix this one" parameter. */
function origin(): string {
  const url = new URL(location.href);
  url.searchParams.delete(FIX_PARAM);
  return url.pathname + url.search;
}

/**
 * The fields as the page first showed them, to go back to after a submission is queued.
 * (`form.reset()` would empty fields whose defaults Svelte set as properties, e.g. today's date.)
 */
function defaults(form: HTMLFormElement): () => void {
  const fields = [...form.elements].filter((element) => element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement);
  const kept = fields.map((field) => ({ field, value: field.value, checked: field instanceof HTMLInputElement && field.checked }));
  return () => {
    for (const { field, value, checked } of kept) {
      if (!field.isConnected || (field instanceof HTMLInputElement && (field.type === 'file' || field.type === 'hidden'))) continue;
      if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.checked = checked;
      else field.value = value;
    }
  };
}

export function outboxForm(form: HTMLFormElement, initial: OutboxFormOptions) {
  let options = initial;
  const locale = (): Locale => (page.data.locale === 'en' ? 'en' : 'zh-CN');
  // A fresh id per submission, made here: a page opened offline from the service worker's cache
  // carries the id of the day it was cached, which may have been used since.
  let submissionId = uuidv7();
  let busy = false;
  const restore = defaults(form);

  let notice: HTMLElement | null = null;
  const say = (text: string | null) => {
    notice?.remove();
    notice = null;
    if (!text) return;
    notice = Object.assign(document.createElement('p'), { className: 'notice outbox-notice', textContent: text });
    notice.setAttribute('role', 'status');
    form.before(notice);
    notice.scrollIntoView({ block: 'nearest' });
  };

  /** A refusal on the page as its action would return it; then the page's error summary (or first invalid field) takes the focus, in view. */
  const showFailure = async (error: OutboxError, values: Values, action: string) => {
    const failure = (options.failure ?? defaultFailure)(error, values, action);
    await applyAction({ type: 'failure', status: error.status ?? 400, location: here(), data: { ...failure } });
    await tick();
    const target = document.getElementById('error-summary') ?? form.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: 'start' });
  };
  const showRefusal = (entry: OutboxEntry) => showFailure(entry.lastError!, entry.form?.values ?? {}, entry.form?.action ?? options.action ?? 'default');

  // Opened from the outbox to correct a refused submission: its fields, its messages, its id.
  const fixing = page.url.searchParams.get(FIX_PARAM);
  if (fixing) {
    void outbox().get(fixing).then(async (entry) => {
      if (entry?.status !== 'rejected' || !entry.form || !entry.lastError) return;
      submissionId = entry.submissionId;
      await tick();
      await showRefusal(entry);
    });
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    options.busy?.(true);
    say(null);
    try {
      const id = submissionId;
      idField(form).value = id;
      const data = new FormData(form, event.submitter);
      const values = textValues(data);
      const body = options.toBody(data);
      const refusal = options.check?.(body);
      if (refusal) {
        await showFailure({ status: 400, ...refusal }, values, options.action ?? 'default');
        return;
      }
      try {
        await submit({
          submissionId: id, url: options.url(), body, label: options.label(data),
          owner: (page.data.user as { userId?: string } | null | undefined)?.userId ?? null,
          form: { page: origin(), action: options.action ?? 'default', values },
        });
      } catch (error) {
        // The outbox cannot store (IndexedDB refused, e.g. some private windows): post as without JavaScript.
        console.error('outbox unavailable, posting the form', error);
        form.submit();
        return;
      }
      const entry = await outbox().settled(id, options.waitMs ?? 8_000);
      if (entry?.status === 'sent') {
        // Answered while the user waited: an ordinary submission, nothing left in the outbox.
        await outbox().remove(id);
        submissionId = uuidv7();
        if (options.onSent) await options.onSent(entry);
        else if (options.redirect && entry.receipt) await goto(options.redirect(entry.receipt), { invalidateAll: true });
      } else if (entry?.status === 'rejected') {
        await outbox().remove(id); // the messages are on the form, where they are fixed (same id: nothing was written)
        await showRefusal(entry);
        await options.onRejected?.(entry);
      } else if (entry) {
        await applyAction({ type: 'success', status: 200, location: here(), data: undefined }); // clears an earlier refusal's messages
        await tick();
        restore();
        submissionId = uuidv7();
        const t = messages(locale()).outbox;
        say(!navigator.onLine || (entry.attempts > 0 && entry.lastError?.status === null) ? t.saved : t.savedSlow);
        await options.onQueued?.(entry);
      }
    } finally {
      busy = false;
      options.busy?.(false);
    }
  }

  // Keep this page for offline use: SvelteKit may have reached it without loading its HTML,
  // which is what the service worker keeps (see src/service-worker).
  void navigator.serviceWorker?.ready.then((registration) => registration.active?.postMessage({ type: 'cache-page', url: origin() }));

  form.addEventListener('submit', onSubmit);
  return {
    update(next: OutboxFormOptions) {
      options = next;
    },
    destroy() {
      form.removeEventListener('submit', onSubmit);
      notice?.remove();
    },
  };
}
