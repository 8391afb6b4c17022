/**
 * The outbox's records. One record per submission, keyed by its submissionId — the id the
 * API turns into the event id — so storing, sending and re-sending can never make two.
 */
import type { FieldError } from '../../../../api/problem.ts';
import type { Values } from '../forms.ts';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'rejected';

/** The API's answer to an accepted command (the receipt), with whatever else it carried (e.g. unitId). */
export interface Receipt {
  streamName: string;
  position: string;
  revision: string;
  /** The server had this submission already and wrote nothing: still delivered. */
  duplicate: boolean;
  [extra: string]: unknown;
}

/**
 * Why the last attempt did not deliver. For a refusal (4xx) the problem's title and field
 * errors, to show and to fix; for a transient failure the status (null: no network) so the
 * panel can say it in the reader's language.
 */
export interface OutboxError {
  status: number | null;
  title: string;
  errors: FieldError[];
}

/** Where the submission came from, so a refused one can be reopened in its form and fixed. */
export interface FormOrigin {
  /** Path (and query) of the page with the form. */
  page: string;
  /** The name the page's FormFailure uses for this form. */
  action: string;
  /** The fields as typed (FormData's text entries). */
  values: Values;
  /** The form's identity (a unit's month), to show it as waiting when the form opens again; older records lack it (then `page`). */
  key?: string;
}

/**
 * A file the submission names (a visit's photo), kept with it until sent: uploaded first, by its
 * hash (PUT /api/attachments/:sha256, idempotent), then the JSON. `uploaded` is written as soon
 * as the server has it, so a retry after a lost answer does not send the bytes again.
 */
export interface OutboxFile {
  sha256: string;
  name: string;
  type: string;
  size: number;
  /** The bytes (IndexedDB keeps Blobs); absent once on the server already, or in an exported file. */
  blob?: Blob;
  uploaded: boolean;
}

export interface OutboxEntry {
  submissionId: string;
  /** Same-origin API path, e.g. /api/units. */
  url: string;
  method: string;
  /** The JSON body; carries the same submissionId. */
  body: unknown;
  /** What the user sees in the outbox, e.g. "东风村团支部 · 2026-06 月报". */
  label: string;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  lastError: OutboxError | null;
  receipt: Receipt | null;
  sentAt: string | null;
  /** Not before this time when retrying on the backoff timer (online / load / "retry now" ignore it). */
  nextAttemptAt: string | null;
  /** The user who submitted it: only their session sends it (a shared device must not send A's report as B). */
  owner: string | null;
  form: FormOrigin | null;
  /** The files to upload before the JSON (none for most forms; absent in records older than files). */
  files: OutboxFile[];
}

/** What a caller gives to enqueue; the rest starts empty. */
export type NewEntry = Pick<OutboxEntry, 'submissionId' | 'url' | 'body' | 'label'> & Partial<Pick<OutboxEntry, 'method' | 'owner' | 'form' | 'files'>>;

/** Where entries are kept: IndexedDB in the browser (idbStore.ts), a Map in tests (memoryStore.ts). */
export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  get(submissionId: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  delete(submissionId: string): Promise<void>;
}

/** Fills fields a record written by an older version of the app lacks (records outlive app updates). */
export function normalise(record: Partial<OutboxEntry> & Pick<OutboxEntry, 'submissionId'>): OutboxEntry {
  return {
    url: '',
    method: 'POST',
    body: null,
    label: record.submissionId,
    createdAt: new Date(0).toISOString(),
    status: 'pending',
    attempts: 0,
    lastError: null,
    receipt: null,
    sentAt: null,
    nextAttemptAt: null,
    owner: null,
    form: null,
    files: [],
    ...record,
  };
}
