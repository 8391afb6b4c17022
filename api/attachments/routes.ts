/**
 * Field attachments: a visit's or a report's photos and files, uploaded before the record that
 * names them (the phone's outbox sends each file, then the JSON).
 *
 * - `PUT /api/attachments/:sha256` — the body is the file's bytes. Anyone signed in may upload.
 *   Idempotent by content: a file held already answers 200 and nothing is read or written; else
 *   the size is checked before the body is read (Content-Length, then while reading), the bytes
 *   must hash to the address and be of an allowed type by their content → 201.
 * - `GET /api/attachments/:sha256` — the file, to whoever may read a visit, report or case naming
 *   it; to anyone else (and for a file no one names) it answers exactly as for a file that does
 *   not exist. Images are served as they were sent (the phone made them 1,600 px at most; pages
 *   show them scaled as thumbnails).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isSha256 } from '../../events/attachments.ts';
import type { AttachmentUse } from '../../projections/attachmentUses.ts';
import { monthEnd } from '../../projections/calendar.ts';
import * as readModels from '../../projections/index.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { canSee, canSeeAsOf, type Actor } from '../auth/scope.ts';
import { maySeeCampaign } from '../campaigns/access.ts';
import { caughtUpWithLog, readModel, type ApiEnv, type SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem, titles } from '../problem.ts';
import { maySeeRecord } from '../research/access.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { attachmentTypes } from './fileTypes.ts';
import { MAX_ATTACHMENT_BYTES } from './store.ts';

const uploadQuery = z.object({ name: z.string().max(200).optional() });
/** What deciding who may read a file reads. */
const READS = ['attachmentUses', 'research', 'organisationTree', 'campaigns'] as const;
const readQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
    .optional(),
});

/** The body's bytes, or null as soon as they pass `max` (the rest is not read). */
async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function attachmentRoutes(runtime: Runtime) {
  const store = runtime.attachments;
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  const tree = () => runtime.runner.state(readModels.organisationTree);

  /** Each use by the rule of what it belongs to: the visit's, the report's, the case's. */
  const mayRead = (actor: Actor, use: AttachmentUse): boolean => {
    switch (use.kind) {
      case 'visit': {
        const research = runtime.runner.state(readModels.research);
        const record = research.records.get(use.ref);
        return record !== undefined && maySeeRecord(tree(), research, actor, record);
      }
      case 'report': {
        const [unitId, month] = use.ref.split('|') as [string, string];
        return tree().units.has(unitId) && (canSee(tree(), actor, unitId) || canSeeAsOf(tree(), actor, unitId, monthEnd(month)));
      }
      case 'case': {
        const [campaignId, unitId] = use.ref.split('|') as [string, string];
        const campaign = runtime.runner.state(readModels.campaigns).campaigns.get(campaignId);
        return campaign !== undefined && tree().units.has(unitId) && maySeeCampaign(tree(), actor, campaign) && canSee(tree(), actor, unitId);
      }
    }
  };

  const tooLarge = (c: Context<SignedInEnv>) => {
    const en = requestLocale(c) === 'en';
    return problem(c, 413, { title: en ? 'The file is too large (at most 10 MB)' : '文件过大(最多 10 MB)', code: 'tooLarge', limit: MAX_ATTACHMENT_BYTES });
  };
  const refused = (c: Context<SignedInEnv>, code: 'hashMismatch' | 'fileType' | 'empty' | 'invalidFormat') => {
    const locale = requestLocale(c);
    const en = locale === 'en';
    const message = {
      hashMismatch: en ? 'The file is not the one its address names (its SHA-256 differs): send it again' : '文件内容与其校验值(SHA-256)不符,请重新发送',
      fileType: en
        ? 'Pictures (JPEG, PNG, WebP, GIF), PDF, Word, Excel, PowerPoint or text only'
        : '仅支持图片(JPEG、PNG、WebP、GIF)、PDF、Word、Excel、PPT 或文本文件',
      empty: en ? 'The file is empty' : '文件为空',
      invalidFormat: en ? 'The address must be the file’s SHA-256 (64 hexadecimal digits)' : '地址须为文件的 SHA-256(64 位十六进制)',
    }[code];
    return problem(c, 400, {
      title: titles.invalid[locale],
      errors: [{ field: code === 'invalidFormat' || code === 'hashMismatch' ? 'sha256' : 'file', code, message }],
    });
  };

  return new Hono<ApiEnv>()
    .use('/attachments/*', requireActor)
    .put('/attachments/:sha256', validate('query', uploadQuery), async (c) => {
      const sha256 = c.req.param('sha256');
      if (!isSha256(sha256)) return refused(c, 'invalidFormat');
      const name = c.req.valid('query').name ?? '';
      // Sent before (another tab, a retry after a lost answer): the content is the address, so it is this file.
      const held = store.held(sha256, name);
      if (held) return c.json(held, 200);
      // The limit before the body: the declared length first, then counted while reading.
      const declared = Number(c.req.header('content-length') ?? 'NaN');
      if (declared > MAX_ATTACHMENT_BYTES) return tooLarge(c);
      const bytes = await readAtMost(c.req.raw.body, MAX_ATTACHMENT_BYTES);
      if (!bytes) return tooLarge(c);
      const kept = store.put(sha256, bytes, name);
      if ('refused' in kept) return refused(c, kept.refused);
      return c.json({ sha256, type: kept.type, size: kept.size }, kept.written ? 201 : 200);
    })
    .get('/attachments/:sha256', validate('query', readQuery), async (c) => {
      const sha256 = c.req.param('sha256');
      if (!isSha256(sha256)) return forbidden(c);
      const actor = actorOf(c);
      const readable = async () =>
        (await readModel(c, runtime, readModels.attachmentUses, c.req.valid('query').after)).of(sha256).some((use) => mayRead(actor, use));
      // A thumbnail asked for just after its record was written may be ahead of the read models:
      // before answering "not found", they catch up with the log (at once when they are).
      let visible = await readable();
      if (!visible) {
        await caughtUpWithLog(runtime, READS);
        visible = await readable();
      }
      const held = visible ? store.held(sha256) : null;
      if (!held) return forbidden(c);
      const image = held.type.startsWith('image/');
      return new Response(store.open(sha256), {
        headers: {
          // The type its bytes show, never one recorded from a request.
          'content-type': held.type,
          'content-length': String(held.size),
          'content-disposition': `${image ? 'inline' : 'attachment'}; filename="${sha256.slice(0, 12)}.${attachmentTypes.get(held.type) ?? 'bin'}"`,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          // The address is the content: it never changes, but whether this user may read it can.
          'cache-control': 'private, max-age=86400, immutable',
        },
      });
    });
}
