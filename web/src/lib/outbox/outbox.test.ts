/**
 * The outbox's logic with an in-memory store, a scripted fetch and a hand-driven clock and
 * timer: status transitions, backoff, order, one sender, and that one submission is sent once.
 */
import { describe, expect, it } from 'vitest';
import { BACKOFF, retryDelay } from './backoff.ts';
import { memoryStore } from './memoryStore.ts';
import { createOutbox, type OutboxOptions } from './outbox.ts';
import { normalise, type NewEntry } from './types.ts';
import { uuidv7 } from '../../../../events/uuidv7.ts';

type Answer = { status: number; body?: unknown } | 'offline' | (() => Promise<Response>);

/** A fetch that answers from a script (the last answer repeats), recording every request. */
function scripted(...answers: Answer[]) {
  const calls: { url: string; init: RequestInit; body: { submissionId: string } }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init, body: JSON.parse(String(init.body)) });
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    if (typeof answer === 'function') return answer();
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}

const receipt = (position = '42', duplicate = false) => ({
  status: duplicate ? 200 : 201,
  body: { unitId: 'u1', streamName: 'unit-u1', position, revision: '0', duplicate },
});

/** A clock and timers driven by the test. */
function clock(start = Date.parse('2026-06-18T08:00:00Z')) {
  let time = start;
  const timers = new Set<{ at: number; run: () => void }>();
  return {
    now: () => time,
    setTimer: (run: () => void, ms: number) => {
      const timer = { at: time + ms, run };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    pending: () => [...timers].map((timer) => timer.at - time),
    /** Moves the clock on, running the timers due. */
    advance(ms: number) {
      time += ms;
      for (const timer of [...timers])
        if (timer.at <= time) {
          timers.delete(timer);
          timer.run();
        }
    },
  };
}

function setup(fetch: OutboxOptions['fetch'], extra: Partial<OutboxOptions> = {}) {
  const store = memoryStore();
  const time = clock();
  const outbox = createOutbox({ store, fetch, now: time.now, setTimer: time.setTimer, random: () => 0.5, ...extra });
  return { store, time, outbox };
}

const entry = (over: Partial<NewEntry> = {}): NewEntry => {
  const submissionId = over.submissionId ?? uuidv7();
  return { submissionId, url: '/api/units', body: { submissionId, name: '东风村团支部' }, label: '东风村团支部 · 新建团组织', ...over };
};

/** Lets queued promises (the flush after enqueue) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the outbox', () => {
  it('stores a submission, sends it at once as JSON with the session cookie, and keeps the receipt', async () => {
    const { fetch, calls } = scripted(receipt('42'));
    const { outbox, store } = setup(fetch);
    const submitted = entry();
    const stored = await outbox.enqueue(submitted);
    expect(stored.status).toBe('pending');
    await outbox.flush(false);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/units');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
    expect(calls[0]!.body).toEqual(submitted.body);
    const sent = await store.get(submitted.submissionId);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: '2026-06-18T08:00:00.000Z' });
    expect(sent!.receipt).toMatchObject({ position: '42', duplicate: false, unitId: 'u1' });
  });

  it('counts a 200 duplicate as delivered: the server had the submission already', async () => {
    const { outbox, store } = setup(scripted(receipt('7', true)).fetch);
    const { submissionId } = await outbox.enqueue(entry());
    await outbox.flush(false);
    expect(await store.get(submissionId)).toMatchObject({ status: 'sent', receipt: { duplicate: true, position: '7' } });
  });

  it('keeps it pending without a network, retries on the backoff timer, and delivers once back', async () => {
    const { fetch, calls } = scripted('offline', 'offline', receipt());
    const { outbox, store, time } = setup(fetch);
    const { submissionId } = await outbox.enqueue(entry());
    await outbox.flush(false);
    let stored = await store.get(submissionId);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: { status: null, title: 'Failed to fetch' } });
    expect(Date.parse(stored!.nextAttemptAt!) - time.now()).toBe(BACKOFF.firstMs);
    expect(time.pending()).toEqual([BACKOFF.firstMs]);

    // Not yet due: a timer-less flush (e.g. from the timer of another entry) leaves it alone.
    await outbox.flush(false);
    expect(calls).toHaveLength(1);

    time.advance(BACKOFF.firstMs);
    await settle();
    await outbox.flush(false);
    stored = await store.get(submissionId);
    expect(stored).toMatchObject({ status: 'pending', attempts: 2 });
    expect(Date.parse(stored!.nextAttemptAt!) - time.now()).toBe(2 * BACKOFF.firstMs);

    time.advance(2 * BACKOFF.firstMs);
    await settle();
    await outbox.flush(false);
    expect(await store.get(submissionId)).toMatchObject({ status: 'sent', attempts: 3, lastError: null, nextAttemptAt: null });
    expect(calls).toHaveLength(3);
    expect(time.pending()).toEqual([]);
  });

  it('retries on 5xx and 503, and on 408/429, keeping the status and title of the answer', async () => {
    for (const status of [500, 502, 503, 408, 429]) {
      const { outbox, store } = setup(scripted({ status, body: { title: '服务暂时不可用,请稍后再试', status } }).fetch);
      const { submissionId } = await outbox.enqueue(entry());
      await outbox.flush(false);
      expect(await store.get(submissionId)).toMatchObject({ status: 'pending', attempts: 1, lastError: { status, title: '服务暂时不可用,请稍后再试' } });
    }
  });

  it('marks a 4xx refused with the problem (title and field errors) and never retries it by itself', async () => {
    const problem = {
      type: 'about:blank',
      status: 400,
      title: '提交的内容有误,请按提示修改',
      errors: [{ field: 'name', code: 'required', message: '请填写名称' }],
    };
    const { fetch, calls } = scripted({ status: 400, body: problem }, { status: 409, body: { title: '该编码已被其他组织使用' } });
    const { outbox, store, time } = setup(fetch);
    const first = await outbox.enqueue(entry());
    await outbox.flush(false);
    expect(await store.get(first.submissionId)).toMatchObject({
      status: 'rejected',
      attempts: 1,
      nextAttemptAt: null,
      lastError: { status: 400, title: problem.title, errors: problem.errors },
    });
    const second = await outbox.enqueue(entry());
    await outbox.flush(false);
    expect(await store.get(second.submissionId)).toMatchObject({ status: 'rejected', lastError: { status: 409, title: '该编码已被其他组织使用', errors: [] } });

    await outbox.flush(true);
    time.advance(BACKOFF.maxMs * 2);
    await outbox.flush(false);
    expect(calls).toHaveLength(2);
    expect(time.pending()).toEqual([]);
  });

  it('takes a 2xx that is not a receipt (a captive portal) as no answer', async () => {
    const html = async () => new Response('<html>登录 Wi-Fi</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const { outbox, store } = setup(scripted(html).fetch);
    const { submissionId } = await outbox.enqueue(entry());
    await outbox.flush(false);
    expect(await store.get(submissionId)).toMatchObject({ status: 'pending', lastError: { status: 200 } });
  });

  it('sends a refused entry again on request, and lets a corrected one with the same id replace it', async () => {
    const { fetch, calls } = scripted({ status: 401, body: { title: '请先登录' } }, receipt('9'));
    const { outbox, store } = setup(fetch);
    const { submissionId } = await outbox.enqueue(entry());
    await outbox.flush(false);
    expect((await store.get(submissionId))!.status).toBe('rejected');
    await outbox.retry(submissionId);
    expect(await store.get(submissionId)).toMatchObject({ status: 'sent', attempts: 2 });

    const refused = scripted({ status: 400, body: { title: 'bad', errors: [{ field: 'name', code: 'required', message: '请填写名称' }] } }, receipt('10'));
    const second = setup(refused.fetch);
    const id = uuidv7();
    await second.outbox.enqueue(entry({ submissionId: id, body: { submissionId: id, name: '' } }));
    await second.outbox.flush(false);
    const corrected = await second.outbox.enqueue(entry({ submissionId: id, body: { submissionId: id, name: '东风村团支部' } }));
    expect(corrected).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    await second.outbox.flush(false);
    expect(await second.store.get(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(refused.calls.map((call) => call.body)).toEqual([
      { submissionId: id, name: '' },
      { submissionId: id, name: '东风村团支部' },
    ]);
    expect(calls).toHaveLength(2);
  });

  it('keeps one submission once: the same submissionId again is the stored one, sent once', async () => {
    const { fetch, calls } = scripted(receipt());
    const { outbox, store } = setup(fetch);
    const submitted = entry();
    await outbox.enqueue(submitted);
    const again = await outbox.enqueue({ ...submitted, label: 'again' });
    expect(again.label).toBe(submitted.label);
    await Promise.all([outbox.flush(), outbox.flush(), outbox.retry(), outbox.flush(false)]);
    await outbox.enqueue(submitted);
    await outbox.flush(false);
    expect(calls).toHaveLength(1);
    expect(store.entries.size).toBe(1);
  });

  it('replaces a waiting submission changed before it went ("修改"): same id, its place kept, the new fields sent once', async () => {
    const { fetch, calls } = scripted('offline', receipt());
    const { outbox, store, time } = setup(fetch);
    const submitted = entry();
    await outbox.enqueue(submitted);
    await settle();
    expect(await store.get(submitted.submissionId)).toMatchObject({ status: 'pending', attempts: 1 });
    time.advance(1_000); // before the retry is due
    const changed = { ...submitted, body: { submissionId: submitted.submissionId, name: '东风村团支部(改)' }, label: 'changed' };
    const { entry: replaced, replaced: done } = await outbox.replace(changed);
    expect(done).toBe(true);
    expect(replaced).toMatchObject({ status: 'pending', attempts: 0, lastError: null, label: 'changed', createdAt: '2026-06-18T08:00:00.000Z' });
    await outbox.flush(false);
    expect(calls.map((call) => call.body)).toEqual([submitted.body, changed.body]);
    expect(store.entries.size).toBe(1);
    expect(await store.get(submitted.submissionId)).toMatchObject({ status: 'sent', label: 'changed' });
  });

  it('replaces nothing once the submission is delivered: the change is then a new submission', async () => {
    const { fetch, calls } = scripted(receipt());
    const { outbox, store } = setup(fetch);
    const submitted = entry();
    await outbox.enqueue(submitted);
    await outbox.flush(false);
    const { entry: kept, replaced } = await outbox.replace({ ...submitted, label: 'too late' });
    expect(replaced).toBe(false);
    expect(kept).toMatchObject({ status: 'sent', label: submitted.label });
    await outbox.flush(false);
    expect(calls).toHaveLength(1);
    // Deleted from the outbox meanwhile: stored anew (nothing was sent with that id).
    const gone = entry();
    await outbox.enqueue(gone);
    await outbox.remove(gone.submissionId);
    expect((await outbox.replace(gone)).replaced).toBe(true);
    await outbox.flush(false);
    expect(await store.get(gone.submissionId)).toMatchObject({ status: 'sent' });
  });

  it('sends oldest first and stops at the first entry that finds no network', async () => {
    const { fetch, calls } = scripted(receipt('1'), 'offline', receipt('3'));
    const { outbox, store, time } = setup(fetch);
    const ids: string[] = [];
    for (const name of ['一', '二', '三']) {
      // stored as a closed tab left them, oldest first
      const { submissionId, ...rest } = entry({ label: name });
      await store.put(normalise({ submissionId, ...rest, createdAt: new Date(time.now()).toISOString() }));
      ids.push(submissionId);
      time.advance(1_000);
    }
    await outbox.flush();
    expect(calls.map((call) => call.body.submissionId)).toEqual(ids.slice(0, 2));
    expect(await store.get(ids[2]!)).toMatchObject({ status: 'pending', attempts: 0 });
    await outbox.retry();
    expect(calls.map((call) => call.body.submissionId)).toEqual([...ids.slice(0, 2), ids[1], ids[2]]);
    expect((await outbox.list()).map((e) => e.label)).toEqual(['三', '二', '一']);
  });

  it('sends one at a time under the lock, even when asked from many places at once', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return new Response(JSON.stringify(receipt().body), { status: 201 });
    };
    const { fetch, calls } = scripted(slow);
    const held: string[] = [];
    const lock = async <T>(work: () => Promise<T>) => {
      held.push('in');
      try {
        return await work();
      } finally {
        held.push('out');
      }
    };
    const { outbox } = setup(fetch, { lock });
    await Promise.all([1, 2, 3].map(() => outbox.enqueue(entry())));
    await Promise.all([outbox.flush(), outbox.flush(), outbox.retry()]);
    await settle();
    expect(calls).toHaveLength(3);
    expect(most).toBe(1);
    expect(held.join('')).toMatch(/^(inout)+$/);
  });

  it('sends again an entry left "sending" by a closed tab (the server answers a repeat with its receipt)', async () => {
    const { fetch, calls } = scripted(receipt('5', true));
    const { outbox, store } = setup(fetch);
    const { submissionId, ...rest } = entry();
    await store.put(normalise({ submissionId, ...rest, status: 'sending', attempts: 1 }));
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(await store.get(submissionId)).toMatchObject({ status: 'sent', attempts: 2, receipt: { duplicate: true } });
  });

  it("leaves another user's entries for them", async () => {
    let user: string | null = 'manager';
    const { fetch, calls } = scripted(receipt());
    const { outbox, store } = setup(fetch, { owner: () => user });
    const { submissionId } = await outbox.enqueue(entry({ owner: 'secretary' }));
    await outbox.flush();
    expect(calls).toHaveLength(0);
    expect((await store.get(submissionId))!.status).toBe('pending');
    user = null; // signed out
    await outbox.flush();
    expect(calls).toHaveLength(0);
    user = 'secretary';
    await outbox.flush();
    expect(calls).toHaveLength(1);
    const mine = await outbox.enqueue(entry()); // the signed-in user's, by default
    expect(mine.owner).toBe('secretary');
  });

  it('tells a waiting form how the first attempt went, or that it is still waiting', async () => {
    const offline = setup(scripted('offline').fetch);
    const a = await offline.outbox.enqueue(entry());
    expect(await offline.outbox.settled(a.submissionId, 8_000)).toMatchObject({ status: 'pending', attempts: 1 });

    const online = setup(scripted(receipt()).fetch);
    const b = await online.outbox.enqueue(entry());
    expect(await online.outbox.settled(b.submissionId, 8_000)).toMatchObject({ status: 'sent' });

    let answer: (response: Response) => void = () => {};
    const hanging = setup(scripted(() => new Promise<Response>((resolve) => (answer = resolve))).fetch);
    const c = await hanging.outbox.enqueue(entry());
    const waiting = hanging.outbox.settled(c.submissionId, 8_000);
    await settle();
    hanging.time.advance(8_000);
    expect(await waiting).toMatchObject({ status: 'sending' });
    answer(new Response(JSON.stringify(receipt().body), { status: 201 }));
  });

  it('imports an export without touching what is already here, then sends what waits', async () => {
    const { fetch, calls } = scripted(receipt('77', true));
    const { outbox, store } = setup(fetch);
    const here = await outbox.enqueue(entry());
    await outbox.flush(false);
    const foreign = { ...(await store.get(here.submissionId))!, submissionId: uuidv7(), status: 'sending' as const, label: 'from the old phone' };
    const added = await outbox.import([{ ...(await store.get(here.submissionId))!, status: 'pending' }, foreign]);
    expect(added).toBe(1);
    await outbox.flush(false);
    expect((await store.get(here.submissionId))!.status).toBe('sent');
    expect(await store.get(foreign.submissionId)).toMatchObject({ status: 'sent', receipt: { duplicate: true } });
    expect(calls).toHaveLength(2);
  });

  it('removes entries, and clears delivered ones older than a time', async () => {
    const { outbox, store, time } = setup(scripted(receipt()).fetch);
    const old = await outbox.enqueue(entry());
    await outbox.flush(false);
    time.advance(60_000);
    const fresh = await outbox.enqueue(entry());
    await outbox.flush(false);
    await outbox.clearSent(time.now() - 30_000);
    expect([...store.entries.keys()]).toEqual([fresh.submissionId]);
    await outbox.remove(fresh.submissionId);
    expect(store.entries.size).toBe(0);
    expect(old.submissionId).not.toBe(fresh.submissionId);
  });

  it('tells its listeners of every change', async () => {
    const { outbox } = setup(scripted(receipt()).fetch);
    const seen: number[] = [];
    outbox.subscribe(() => seen.push(seen.length));
    await outbox.enqueue(entry());
    await outbox.flush(false);
    expect(seen.length).toBe(3); // pending, sending, sent
  });
});

describe('backoff', () => {
  it('doubles from the first delay up to the cap, with ±25 % jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, () => 0.5))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelay(30, () => 0.5)).toBe(BACKOFF.maxMs);
    expect(retryDelay(1, () => 0)).toBe(3_750);
    expect(retryDelay(1, () => 1)).toBe(6_250);
  });
});
