/**
 * The files a form will carry, as its picker holds them: the outbox (form.ts) asks here when the
 * form is submitted, and tells the picker to start again once the submission is sent or queued.
 */
import type { PreparedFile } from './prepare.ts';

const pickers = new WeakMap<HTMLFormElement, () => PreparedFile[]>();

/** A picker inside `form` says where its files are; the returned function forgets it. */
export function registerPicker(form: HTMLFormElement, files: () => PreparedFile[]): () => void {
  pickers.set(form, files);
  return () => {
    if (pickers.get(form) === files) pickers.delete(form);
  };
}

/** The files of the form's picker (none without one). */
export const filesOf = (form: HTMLFormElement): PreparedFile[] => pickers.get(form)?.() ?? [];

/** The event form.ts sends the form once its submission is sent or kept in the outbox: the picker empties. */
export const SUBMITTED = 'outbox-submitted';

type Described = Pick<PreparedFile, 'sha256' | 'name' | 'type' | 'size'>;

/** The API body with the files named (only when there are some: a body without any stays as it was). */
export function withFiles<Body>(body: Body, files: readonly Described[]): Body & { attachments?: Described[] } {
  if (files.length === 0 || body === null || typeof body !== 'object') return body as Body & { attachments?: Described[] };
  return { ...body, attachments: files.map(({ sha256, name, type, size }) => ({ sha256, name, type, size })) };
}

/** The names of the picker's fields when the form is posted without JavaScript (multipart). */
export const FILE_FIELD = 'attachment-files';
export const KEPT_FIELD = 'attachment-kept';
