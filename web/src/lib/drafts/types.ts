/**
 * A draft: a form's fields as typed and not yet submitted, kept on the device so a closed tab or
 * a flat battery loses nothing. One per user and form identity (a unit's month, a team's visit).
 */
import type { Values } from '../forms.ts';

export interface Draft {
  /** `owner` and `key` together (see `draftId`). */
  id: string;
  /** The user who typed it: another user of a shared device never sees it. */
  owner: string | null;
  /** The form's identity, e.g. "/units/u1/reports?month=2026-11". */
  key: string;
  /** The form's text fields (FormData's text entries). */
  values: Values;
  savedAt: string;
}

/** Where drafts are kept: IndexedDB in the browser (idbStore.ts), a Map in tests (memoryStore.ts). */
export interface DraftStore {
  all(): Promise<Draft[]>;
  get(id: string): Promise<Draft | undefined>;
  put(draft: Draft): Promise<void>;
  delete(id: string): Promise<void>;
}

export const draftId = (owner: string | null, key: string) => `${owner ?? ''} ${key}`;
