/**
 * A form's draft in the page (used by `use:outboxForm`): its fields are kept on the device as
 * they are typed (a moment after the last keystroke, and at once when the page is hidden or
 * closed); returning to the form offers the draft with "继续填写 / 放弃草稿".
 */
import type { Values } from '../forms.ts';
import { formatTime, type Locale } from '../i18n.ts';
import { draftMessages } from '../i18n/drafts.ts';
import { drafts } from './client.ts';

const QUIET_MS = 400;

/** The form's text fields (files are not kept: drafts and the outbox hold text). */
export function fieldValues(data: FormData): Values {
  const values: Values = {};
  for (const [name, value] of data) if (typeof value === 'string' && !(name in values)) values[name] = value;
  return values;
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const fieldsOf = (form: HTMLFormElement) =>
  [...form.elements].filter(
    (element): element is Field => element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement,
  );
const typed = (field: Field) => !(field instanceof HTMLInputElement && ['hidden', 'file', 'submit', 'button', 'reset', 'image'].includes(field.type));

let filling = false;

/**
 * Puts `values` (as `fieldValues` read them) back into the form's visible fields; hidden ones
 * (the submission id, the month) stay the page's. Tells the page's own handlers, as typing would.
 */
export function fillForm(form: HTMLFormElement, values: Values) {
  filling = true;
  try {
    for (const field of fieldsOf(form)) {
      if (!field.name || !typed(field)) continue;
      if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.checked = values[field.name] === field.value;
      else if (field.name in values) field.value = values[field.name]!;
      else continue;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }
  } finally {
    filling = false;
  }
}

export interface FormDraftOptions {
  /** The form's identity: its user and, e.g., "/units/u1/reports?month=2026-11". */
  owner: () => string | null;
  key: () => string;
  locale: () => Locale;
  /** Before the fields are filled (a page may add rows first). */
  prepare: (values: Values) => Promise<void>;
}

export function formDraft(form: HTMLFormElement, options: FormDraftOptions) {
  const t = () => draftMessages(options.locale());
  let paused = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let offer: HTMLElement | null = null;

  // A line at the form's end: the secretary sees the work is kept.
  const status = Object.assign(document.createElement('p'), { className: 'muted draft-status' });
  status.setAttribute('role', 'status');

  async function save() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (paused) return;
    const draft = await drafts().save(options.owner(), options.key(), fieldValues(new FormData(form)));
    if (paused) return; // submitted meanwhile: the outbox holds it
    status.textContent = t().saved(formatTime(draft.savedAt, options.locale()));
    if (!status.isConnected) form.append(status);
  }
  const onInput = () => {
    if (paused || filling) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void save().catch(() => undefined), QUIET_MS);
  };
  // Closing or leaving the tab: keep what the last keystrokes changed.
  const onHide = () => {
    if (timer) void save().catch(() => undefined);
  };
  form.addEventListener('input', onInput);
  form.addEventListener('change', onInput);
  addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);

  const closeOffer = () => {
    offer?.remove();
    offer = null;
  };

  return {
    /** Offers this user's draft of the form, unless the form already shows the same. */
    async offer() {
      const draft = await drafts()
        .find(options.owner(), options.key())
        .catch(() => undefined);
      if (!draft || paused) return;
      const now = fieldValues(new FormData(form));
      if (Object.entries(draft.values).every(([name, value]) => name === 'submissionId' || now[name] === value)) return;
      const words = t();
      offer = Object.assign(document.createElement('div'), { className: 'notice draft-offer' });
      offer.setAttribute('role', 'status');
      const text = Object.assign(document.createElement('p'), { textContent: words.found(formatTime(draft.savedAt, options.locale())) });
      const resume = Object.assign(document.createElement('button'), { type: 'button', className: 'draft-continue', textContent: words.continue });
      const discard = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary draft-discard', textContent: words.discard });
      resume.addEventListener('click', async () => {
        closeOffer();
        await options.prepare(draft.values);
        fillForm(form, draft.values);
      });
      discard.addEventListener('click', async () => {
        closeOffer();
        await drafts().discard(options.owner(), options.key());
      });
      const buttons = Object.assign(document.createElement('div'), { className: 'actions' });
      buttons.append(resume, discard);
      offer.append(text, buttons);
      form.before(offer);
    },
    /** The fields are somewhere else now (sent, or held by the outbox): no draft. */
    async discard() {
      if (timer) clearTimeout(timer);
      timer = null;
      closeOffer();
      status.remove();
      await drafts()
        .discard(options.owner(), options.key())
        .catch(() => undefined);
    },
    /** While a submission is on its way or shown as queued, typing is not a draft. */
    pause(on: boolean) {
      paused = on;
      if (!on) return;
      if (timer) clearTimeout(timer);
      timer = null;
      closeOffer();
    },
    /** Keeps the fields as they are, now (the outbox gave the submission up). */
    saveNow: () => save().catch(() => undefined),
    destroy() {
      if (timer) clearTimeout(timer);
      form.removeEventListener('input', onInput);
      form.removeEventListener('change', onInput);
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      closeOffer();
      status.remove();
    },
  };
}
