/**
 * `use:outboxForm` — a form whose submissions go through the outbox. Without JavaScript the
 * form posts to its SvelteKit action as before. With it, a submission is stored in the outbox
 * and sent at once; when the answer comes quickly (online) the form behaves as if posted:
 * accepted → the page the action would redirect to; refused (4xx) → the API's messages beside
 * the fields, through the page's `form` prop exactly as the action returns them. A form may check
 * itself first with the API's own rules (`check`): a body they refuse is shown refused the same
 * way and is neither stored nor sent, online or offline. A refusal takes the focus (the page's
 * error summary, else its first invalid field) and is scrolled into view. No answer
 * (offline, server down, slow) → "saved to the outbox", and the form shows the submission as
 * waiting: read-only, with "修改" to change it before it goes (the change replaces it, same id),
 * also after a reload, until the outbox delivers it. While typed, the fields are kept as a draft
 * (lib/drafts). See README.md in this folder.
 */
import { applyAction } from '$app/forms';
import { goto, invalidateAll } from '$app/navigation';
import { page } from '$app/state';
import { tick } from 'svelte';
import { fieldValues, fillForm, formDraft } from '../drafts/formDraft.ts';
import type { Refusal } from '../formRules.ts';
import { failureOf, type FormFailure, type Values } from '../forms.ts';
import { formatTime, messages, type Locale } from '../i18n.ts';
import { draftMessages } from '../i18n/drafts.ts';
import { outbox, submit } from './client.svelte.ts';
import type { NewEntry, OutboxEntry, OutboxError, OutboxFile, Receipt } from './types.ts';
import { uuidv7 } from '../../../../events/uuidv7.ts';
import { filesOf, SUBMITTED, withFiles } from '../attachments/pending.ts';

export interface OutboxFormOptions {
  /** The API path the JSON goes to, from the typed client: e.g. () => api.units.$path() (src/lib/apiPaths.ts). */
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
  /**
   * The form's identity for its draft and its waiting submission, e.g. a unit's month
   * ("/units/u1/reports?month=2026-11"); default: the page's path and query.
   */
  key?: () => string;
  /**
   * A form filled again and again (a visit, a new unit): a waiting submission does not come
   * back into it on reload, and while it shows one, "再填一份" starts the next.
   */
  repeatable?: boolean;
  /** Before a draft or a waiting submission is put back in the fields (a page may add rows first). */
  onRestore?: (values: Values) => void | Promise<void>;
  /** The form went back to its first state for the next submission (a repeatable form's "再填一份"). */
  onReset?: () => void | Promise<void>;
}

/** `failure`'s default: each message beside the field its path ends with, the others above the form. */
export const defaultFailure = (error: OutboxError, values: Values, action: string): FormFailure => failureOf(error, error.status ?? 400, action, values);

/** The query parameter the outbox panel's "correct and submit again" link adds to the form's page. */
export const FIX_PARAM = 'outbox';

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
 * The fields as the page first showed them, to go back to for a repeatable form's next one.
 * (`form.reset()` would empty fields whose defaults Svelte set as properties, e.g. today's date.)
 */
function defaults(form: HTMLFormElement): () => void {
  const fields = [...form.elements].filter(
    (element) => element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement,
  );
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
  const owner = () => (page.data.user as { userId?: string } | null | undefined)?.userId ?? null;
  const key = () => options.key?.() ?? origin();
  const prepare = async (values: Values) => {
    await options.onRestore?.(values);
    await tick();
  };
  const draft = formDraft(form, { owner, key, locale, prepare });

  let notice: HTMLElement | null = null;
  /** A line above the form, with buttons (the waiting submission's "修改"). */
  const say = (text: string | null, buttons: { label: string; className: string; run: () => void }[] = []) => {
    notice?.remove();
    notice = null;
    if (!text) return;
    const line = Object.assign(document.createElement('p'), { className: 'notice outbox-notice', textContent: text });
    line.setAttribute('role', 'status');
    notice = Object.assign(document.createElement('div'), { className: 'outbox-state' });
    notice.append(line);
    if (buttons.length > 0) {
      const row = Object.assign(document.createElement('div'), { className: 'actions' });
      for (const { label, className, run } of buttons) {
        const button = Object.assign(document.createElement('button'), { type: 'button', className, textContent: label });
        button.addEventListener('click', run);
        row.append(button);
      }
      notice.append(row);
    }
    form.before(notice);
    notice.scrollIntoView({ block: 'nearest' });
  };

  // ── The submission waiting in the outbox, shown in its form ──
  /** The waiting submission the form shows (read-only), or is changing after "修改" (`editing`). */
  let waiting: OutboxEntry | null = null;
  let editing = false;
  const lockedBefore = new Map<Element, boolean>();
  const lock = (on: boolean) => {
    for (const element of form.elements) {
      if (!('disabled' in element) || (element instanceof HTMLInputElement && element.type === 'hidden')) continue;
      const field = element as HTMLInputElement;
      if (on) {
        if (!lockedBefore.has(field)) lockedBefore.set(field, field.disabled);
        field.disabled = true;
      } else {
        field.disabled = lockedBefore.get(field) ?? field.disabled;
      }
    }
    if (!on) lockedBefore.clear();
    form.classList.toggle('outbox-waiting', on);
  };
  const waitingWords = (entry: OutboxEntry) => {
    const t = messages(locale()).outbox;
    return !navigator.onLine || (entry.attempts > 0 && entry.lastError?.status === null) ? t.saved : t.savedSlow;
  };
  const editButton = () => ({ label: draftMessages(locale()).edit, className: 'secondary outbox-edit', run: edit });
  const anotherButton = () => ({ label: draftMessages(locale()).another, className: 'secondary outbox-another', run: another });

  /** Shows `entry` as waiting: its fields, read-only, "修改" (and "再填一份" for a repeatable form). */
  async function showWaiting(entry: OutboxEntry, text: string) {
    waiting = entry;
    editing = false;
    submissionId = entry.submissionId;
    draft.pause(true);
    if (entry.form) {
      await prepare(entry.form.values);
      fillForm(form, entry.form.values);
    }
    lock(true);
    say(text, options.repeatable ? [editButton(), anotherButton()] : [editButton()]);
  }

  /** "修改": the fields open again; submitting replaces the waiting one (same submissionId). */
  function edit() {
    if (!waiting) return;
    editing = true;
    lock(false);
    say(draftMessages(locale()).editing);
    form.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea')?.focus();
  }

  /** "再填一份": the waiting one stays in the outbox; the form starts again for the next. */
  async function another() {
    waiting = null;
    editing = false;
    lock(false);
    say(null);
    restore();
    form.dispatchEvent(new Event(SUBMITTED));
    submissionId = uuidv7();
    draft.pause(false);
    await options.onReset?.();
  }

  /** The outbox delivered, refused or lost the waiting submission while the form showed it. */
  async function followWaiting() {
    if (!waiting) return;
    const entry = await outbox().get(waiting.submissionId);
    if (!waiting || entry?.status === 'pending' || entry?.status === 'sending') return;
    const wasEditing = editing;
    if (entry?.status === 'sent') {
      if (wasEditing) return say(draftMessages(locale()).alreadySent); // submitting the change makes a new submission
      waiting = null;
      lock(false);
      form.dispatchEvent(new Event(SUBMITTED));
      submissionId = uuidv7();
      draft.pause(false);
      say(draftMessages(locale()).delivered(formatTime(entry.sentAt ?? new Date().toISOString(), locale())));
      await invalidateAll(); // the page's own data (the month's history) now has it
    } else if (entry?.status === 'rejected') {
      waiting = null;
      editing = false;
      lock(false);
      draft.pause(false);
      say(null);
      await showRefusal(entry); // fixed and submitted again with the same id, which replaces it
    } else {
      // Deleted from the outbox: what it held is the form's draft again.
      waiting = null;
      editing = false;
      lock(false);
      submissionId = uuidv7();
      draft.pause(false);
      say(null);
      await draft.saveNow();
    }
  }
  const unfollow = outbox().subscribe(() => void followWaiting());

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
    void outbox()
      .get(fixing)
      .then(async (entry) => {
        if (entry?.status !== 'rejected' || !entry.form || !entry.lastError) return;
        submissionId = entry.submissionId;
        await tick();
        await showRefusal(entry);
      });
  } else {
    // Back on the form: a submission of it still waiting in the outbox shows as waiting (a
    // repeatable form starts empty instead); else this user's draft is offered.
    void (async () => {
      const mine = (entry: OutboxEntry) => entry.owner === null || entry.owner === owner();
      const queued = options.repeatable
        ? undefined
        : (
            await outbox()
              .list()
              .catch(() => [])
          ).find((entry) => (entry.status === 'pending' || entry.status === 'sending') && mine(entry) && (entry.form?.key ?? entry.form?.page) === key());
      if (queued) await showWaiting(queued, waitingWords(queued));
      else await draft.offer();
    })();
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    options.busy?.(true);
    say(null);
    draft.pause(true);
    try {
      // The submission as the form holds it, under `id` (the body carries it too), with the
      // photos of its picker (AttachmentPicker). A waiting submission reopened after a reload has
      // its files in the outbox, not in the picker: a change to it keeps them.
      const entryOf = (id: string): NewEntry => {
        idField(form).value = id;
        const data = new FormData(form, event.submitter);
        const picked: OutboxFile[] = filesOf(form).map(({ sha256, name, type, size, blob }) => ({ sha256, name, type, size, blob, uploaded: !blob }));
        const kept = waiting && editing ? (waiting.files ?? []).filter((file) => !picked.some((p) => p.sha256 === file.sha256)) : [];
        const files = [...kept, ...picked];
        return {
          submissionId: id,
          url: options.url(),
          body: withFiles(options.toBody(data), files),
          label: options.label(data),
          owner: owner(),
          files,
          form: { page: origin(), action: options.action ?? 'default', values: fieldValues(data), key: key() },
        };
      };
      let id = submissionId;
      const first = entryOf(id);
      // The API's own rules first (`check`): a body they refuse is shown refused, and neither stored nor sent.
      const refusal = options.check?.(first.body);
      if (refusal) {
        await showFailure({ status: 400, ...refusal }, first.form!.values, options.action ?? 'default');
        return;
      }
      try {
        if (waiting && editing) {
          // A change to the waiting one replaces it; too late (delivered meanwhile), it is a new submission.
          const { replaced } = await outbox().replace(first);
          if (!replaced) await submit(entryOf((id = submissionId = uuidv7())));
          waiting = null;
          editing = false;
        } else {
          await submit(first);
        }
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
        await draft.discard();
        form.dispatchEvent(new Event(SUBMITTED));
        if (options.onSent) await options.onSent(entry);
        else if (options.redirect && entry.receipt) await goto(options.redirect(entry.receipt), { invalidateAll: true });
      } else if (entry?.status === 'rejected') {
        await outbox().remove(id); // the messages are on the form, where they are fixed (same id: nothing was written)
        draft.pause(false);
        await showRefusal(entry);
        await options.onRejected?.(entry);
      } else if (entry) {
        await applyAction({ type: 'success', status: 200, location: here(), data: undefined }); // clears an earlier refusal's messages
        await tick();
        await draft.discard(); // the outbox holds it now
        // The picker keeps its photos while the form shows the submission waiting (修改 sends them again).
        await showWaiting(entry, waitingWords(entry));
        await options.onQueued?.(entry);
      }
    } finally {
      busy = false;
      options.busy?.(false);
      if (!waiting) draft.pause(false);
      else if (!editing) {
        await tick(); // the page's submit button follows `busy`: read-only again after it
        lock(true);
      }
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
      unfollow();
      draft.destroy();
    },
  };
}
