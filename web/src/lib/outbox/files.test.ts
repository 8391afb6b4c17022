/**
 * A submission with files (a visit's photos): each file is uploaded by its hash before the JSON,
 * once — a retry after a lost answer sends only what the server does not have yet — and a file
 * the server refuses keeps the submission with the reason.
 */
import { describe, expect, it } from 'vitest';
import { memoryStore } from './memoryStore.ts';
import { createOutbox } from './outbox.ts';
import { normalise, type OutboxFile } from './types.ts';
import { uuidv7 } from '../../../../events/uuidv7.ts';

const file = (n: number): OutboxFile => ({
  sha256: String(n).repeat(64).slice(0, 64),
  name: `照片${n}.jpg`,
  type: 'image/jpeg',
  size: 3,
  blob: new Blob([`ph${n}`]),
  uploaded: false,
});
const receipt = { streamName: 'visit-1', position: '7', revision: '0', duplicate: false };

/** A server: PUT keeps a file (201, or 200 when kept), POST answers from `posts` in turn; every request is recorded. */
function server(posts: Array<number | 'offline'>, refuseUpload?: string) {
  const requests: string[] = [];
  const kept = new Set<string>();
  const fetch = async (url: string, init: RequestInit) => {
    requests.push(`${init.method} ${url.split('?')[0]}`);
    if (init.method === 'PUT') {
      const sha = url.split('/').pop()!.split('?')[0]!;
      if (sha === refuseUpload)
        return new Response(JSON.stringify({ title: '仅支持图片', errors: [{ field: 'file', code: 'fileType', message: '仅支持图片' }] }), { status: 400 });
      const status = kept.has(sha) ? 200 : 201;
      kept.add(sha);
      return new Response(JSON.stringify({ sha256: sha }), { status });
    }
    const answer = posts.length > 1 ? posts.shift()! : posts[0]!;
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(answer < 300 ? receipt : { title: 'no' }), { status: answer });
  };
  return { fetch, requests };
}

const setup = (fetch: (url: string, init: RequestInit) => Promise<Response>) => {
  const store = memoryStore();
  let time = Date.parse('2026-07-08T08:00:00Z');
  return { store, outbox: createOutbox({ store, fetch, now: () => time, setTimer: () => () => undefined, random: () => 0.5 }), later: () => (time += 600_000) };
};

describe('a submission with files', () => {
  it('uploads every file before the JSON, and lets go of their bytes once delivered', async () => {
    const { fetch, requests } = server([201]);
    const { outbox, store } = setup(fetch);
    const submissionId = uuidv7();
    await outbox.enqueue({ submissionId, url: '/api/research-teams/t/visits', body: { submissionId }, label: '走访', files: [file(1), file(2)] });
    await outbox.flush();
    expect(requests).toEqual([`PUT /api/attachments/${file(1).sha256}`, `PUT /api/attachments/${file(2).sha256}`, 'POST /api/research-teams/t/visits']);
    const sent = await store.get(submissionId);
    expect(sent?.status).toBe('sent');
    expect(sent?.files.map((f) => [f.uploaded, f.blob])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
  });

  it('after a lost answer to the JSON, sends only the JSON again: each file once', async () => {
    const { fetch, requests } = server(['offline', 201]);
    const { outbox, store } = setup(fetch);
    const submissionId = uuidv7();
    await outbox.enqueue({ submissionId, url: '/api/units/u/reports', body: { submissionId }, label: '月报', files: [file(3), file(4)] });
    await outbox.flush();
    expect((await store.get(submissionId))?.files.map((f) => f.uploaded)).toEqual([true, true]);
    await outbox.flush();
    expect(requests.filter((request) => request.startsWith('PUT'))).toHaveLength(2);
    expect(requests.filter((request) => request.startsWith('POST'))).toHaveLength(2);
    expect((await store.get(submissionId))?.status).toBe('sent');
  });

  it('a file the server refuses keeps the submission refused, with why, and the JSON unsent', async () => {
    const { fetch, requests } = server([201], file(6).sha256);
    const { outbox, store } = setup(fetch);
    const submissionId = uuidv7();
    await outbox.enqueue({ submissionId, url: '/api/research-teams/t/visits', body: { submissionId }, label: '走访', files: [file(5), file(6)] });
    await outbox.flush();
    const refused = await store.get(submissionId);
    expect(refused?.status).toBe('rejected');
    expect(refused?.lastError?.errors[0]?.code).toBe('fileType');
    expect(refused?.files.map((f) => f.uploaded)).toEqual([true, false]);
    expect(requests.some((request) => request.startsWith('POST'))).toBe(false);
  });

  it('a record written before files existed reads as having none (what the IndexedDB store gives back)', () => {
    expect(normalise({ submissionId: uuidv7(), url: '/api/units', body: {}, label: 'old' }).files).toEqual([]);
  });
});
