/**
 * A visit or report form posted without JavaScript (multipart) carries its files itself: the
 * action uploads each to the API by its hash (as the outbox would: the same PUT, idempotent), then
 * names them in the body beside those the record kept (a report's earlier version). No picture is
 * made smaller here: without JavaScript the phone cannot, and the API's 10 MB limit holds.
 */
import { createHash } from 'node:crypto';
import { FILE_FIELD, KEPT_FIELD } from '#lib/attachments/pending.ts';
import type { ApiClient } from './api.ts';

type Described = { sha256: string; name: string; type: string; size: number };

/** The files the record keeps (hidden fields the form wrote for them); anything unreadable is left out, the API checks the rest. */
function kept(form: FormData): Described[] {
  return form.getAll(KEPT_FIELD).flatMap((value) => {
    try {
      const file = JSON.parse(String(value)) as Described;
      return typeof file?.sha256 === 'string' ? [{ sha256: file.sha256, name: String(file.name), type: String(file.type), size: Number(file.size) }] : [];
    } catch {
      return [];
    }
  });
}

/** Uploads the posted files; their descriptions (after the kept ones), or the API's refusal of one. */
export async function uploadPosted(api: ApiClient, form: FormData): Promise<{ files: Described[] } | { refused: Response }> {
  const files = kept(form);
  const posted = form.getAll(FILE_FIELD).filter((value): value is File => typeof value !== 'string' && value.size > 0);
  for (const file of posted) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const name = file.name.slice(0, 200) || 'file';
    const response = await api.api.attachments[':sha256'].$put({ param: { sha256 }, query: { name } }, { init: { body: bytes } });
    if (response.status !== 200 && response.status !== 201) return { refused: response };
    const answer = (await response.json()) as { type: string; size: number };
    if (!files.some((known) => known.sha256 === sha256)) files.push({ sha256, name, type: answer.type, size: answer.size });
  }
  return { files };
}
