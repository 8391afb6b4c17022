/**
 * Reminders by email (催报 over SMTP), against a real SMTP server started here: one message per
 * person told who has an address, in Chinese, with the link to act; nothing twice when a second
 * replica, a restart or a fresh read database folds the same log; old reminders not sent; a
 * broken SMTP setting recorded as failed and shown by health, its password nowhere.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config.ts';
import { send } from './harness.ts';
import { POLL, appendReminder, deliveryEvents, provinceWithPeople, sharedDataDir, startReplica, startRobot, startSmtpServer } from './reminderChannels.ts';

const MAIL_FROM = '团建速报 <noreply@tuan.example.cn>';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const smtp = await startSmtpServer(options);
  cleanup.push(smtp.close);
  return smtp;
}

async function replica(dataDir: string, name: string, env: Record<string, string>) {
  const api = await startReplica(dataDir, name, env);
  cleanup.push(api.close);
  return api;
}

/** A port nothing listens on (a server that is down). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describe('reminders by email', () => {
  it('sends one email per person told with an address, saying who owes what by when and where to act', async () => {
    const smtp = await smtpServer();
    const api = await replica(sharedDataDir(), 'a', { SMTP_URL: smtp.url, MAIL_FROM });
    const { township, branch, secondBranch, people } = await provinceWithPeople(api);

    const one = await appendReminder(api.runtime, { unitId: branch, recipients: [people.dongfeng, people.dongfengDeputy] });
    await appendReminder(api.runtime, { unitId: township, units: [branch, secondBranch], recipients: [people.dongfeng, people.dongfengDeputy, people.xihe] });
    await appendReminder(api.runtime, { kind: 'escalation', unitId: township, units: [branch, secondBranch], recipients: [people.township] });

    // 张红 twice (her branch, then the township's missing ones), 王芳 once, 赵强 the escalation; 李明 has no address.
    await expect.poll(() => smtp.messages.length, POLL).toBe(4);
    await api.runtime.reminderDelivery.drained();
    expect(smtp.messages).toHaveLength(4);
    expect(smtp.logins.length).toBeGreaterThan(0);

    const to = (address: string) => smtp.messages.filter((message) => message.envelopeTo.includes(address));
    expect(smtp.messages.every((message) => message.envelopeTo.length === 1 && message.from.includes('noreply@tuan.example.cn'))).toBe(true);
    // A secretary told of the township's reminder reads about her own branch only, never the others' names.
    expect(to('zhanghong@example.cn').map((message) => message.subject)).toEqual([
      '【催报】东风村团支部:2026年6月月报(7月5日截止)',
      '【催报】东风村团支部:2026年6月月报(7月5日截止)',
    ]);
    expect(to('zhanghong@example.cn').every((message) => !message.text.includes('西河村团支部'))).toBe(true);
    const own = to('zhanghong@example.cn')[0]!;
    expect(own.to).toBe('"张红" <zhanghong@example.cn>');
    expect(own.text).toContain('张红您好');
    expect(own.text).toContain('东风村团支部:2026年6月月报尚未提交,截止日期为7月5日');
    expect(own.text).toContain(`https://tuan.example.cn/units/${branch}/reports?month=2026-06`);
    const area = to('wangfang@example.cn');
    expect(area).toHaveLength(1);
    expect(area[0]!.subject).toBe('【催报】西河村团支部:2026年6月月报(7月5日截止)');
    expect(area[0]!.text).toContain('西河村团支部:2026年6月月报尚未提交,截止日期为7月5日');
    expect(area[0]!.text).not.toContain('东风村团支部');
    expect(area[0]!.text).toContain(`https://tuan.example.cn/units/${secondBranch}/reports?month=2026-06`);
    const escalation = to('zhaoqiang@example.cn');
    expect(escalation.map((message) => message.subject)).toEqual(['【逾期】城关镇团委:2个单位的2026年6月月报逾期未交']);
    expect(escalation[0]!.text).toContain('以下2个单位的2026年6月月报已过截止日期7月5日,仍未提交:东风村团支部、西河村团支部');

    // The log says who took it on and what became of it.
    const recorded = await deliveryEvents(api.runtime, one);
    expect(recorded.map((event) => [event.type, event.channel])).toEqual([
      ['ReminderDeliveryClaimed', 'email'],
      ['ReminderDelivered', 'email'],
    ]);
    expect(recorded[1]).toMatchObject({ ok: true, sent: 1 });
  });

  it('sends nothing twice: not after a restart, not from a replica folding the log afresh', async () => {
    const smtp = await smtpServer();
    const dataDir = sharedDataDir();
    const env = { SMTP_URL: smtp.url, MAIL_FROM };
    const first = await startReplica(dataDir, 'a', env);
    const { branch, people } = await provinceWithPeople(first);
    const reminderId = await appendReminder(first.runtime, { unitId: branch, recipients: [people.dongfeng] });
    await expect.poll(() => smtp.messages.length, POLL).toBe(1);
    await first.runtime.reminderDelivery.drained();
    await first.close();

    // The same replica again (its checkpoint), and a new one with an empty read database (from position 0).
    const again = await replica(dataDir, 'a', env);
    const fresh = await replica(dataDir, 'fresh', env);
    await again.runtime.reminderDelivery.drained();
    await fresh.runtime.reminderDelivery.drained();
    expect(smtp.messages).toHaveLength(1);
    expect(await deliveryEvents(fresh.runtime, reminderId)).toHaveLength(2);

    // A new reminder is sent once, whichever of the two takes it.
    await appendReminder(fresh.runtime, { unitId: branch, period: '2026-07', due: '2026-08-05', recipients: [people.dongfeng] });
    await expect.poll(() => smtp.messages.length, POLL).toBe(2);
    await again.runtime.reminderDelivery.drained();
    await fresh.runtime.reminderDelivery.drained();
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1]!.subject).toBe('【催报】东风村团支部:2026年7月月报(8月5日截止)');
  });

  it('tries again only the addresses refused, so the others are not sent twice', async () => {
    const smtp = await smtpServer({ refuseOnce: 'wangfang@example.cn' });
    const api = await replica(sharedDataDir(), 'a', { SMTP_URL: smtp.url, MAIL_FROM });
    const { township, branch, secondBranch, people } = await provinceWithPeople(api);
    const reminderId = await appendReminder(api.runtime, { unitId: township, units: [branch, secondBranch], recipients: [people.dongfeng, people.xihe] });
    await expect.poll(async () => (await deliveryEvents(api.runtime, reminderId)).length, POLL).toBe(2);
    await api.runtime.reminderDelivery.drained();
    expect(smtp.refused).toEqual(['wangfang@example.cn']);
    expect(smtp.messages.map((message) => message.envelopeTo[0]).sort()).toEqual(['wangfang@example.cn', 'zhanghong@example.cn']);
    expect((await deliveryEvents(api.runtime, reminderId))[1]).toMatchObject({ ok: true, sent: 2 });
  });

  it('does not send reminders that were already old when first seen, and nothing at all while no channel is configured', async () => {
    const dataDir = sharedDataDir();
    const inAppOnly = await startReplica(dataDir, 'a', {});
    const { branch, secondBranch, people } = await provinceWithPeople(inAppOnly);
    const old = await appendReminder(inAppOnly.runtime, {
      unitId: branch,
      day: '2026-07-17',
      recipients: [people.dongfeng],
      sentAt: '2026-07-17T09:00:00+08:00',
    });
    const recent = await appendReminder(inAppOnly.runtime, { unitId: secondBranch, recipients: [people.xihe], sentAt: '2026-07-19T09:00:00+08:00' });
    await inAppOnly.runtime.reminderDelivery.drained();
    expect(inAppOnly.runtime.reminderDelivery.status().map((channel) => [channel.channel, channel.on])).toEqual([
      ['email', false],
      ['webhook', false],
    ]);
    expect(await deliveryEvents(inAppOnly.runtime, recent)).toEqual([]);
    await inAppOnly.close();

    // Email turned on: the reminder of three days ago stays unsent, yesterday's goes.
    const smtp = await smtpServer();
    const withEmail = await replica(dataDir, 'a', { SMTP_URL: smtp.url, MAIL_FROM });
    await expect.poll(() => smtp.messages.length, POLL).toBe(1);
    await withEmail.runtime.reminderDelivery.drained();
    expect(smtp.messages.map((message) => message.envelopeTo)).toEqual([['wangfang@example.cn']]);
    expect(await deliveryEvents(withEmail.runtime, old)).toEqual([]);
    expect(withEmail.runtime.reminderDelivery.status()[0]).toMatchObject({ channel: 'email', on: true, tooOld: 1, delivered: 1, pending: 0 });
  });

  it('finishes after a restart a delivery it had claimed but not sent (stopped between attempts)', async () => {
    const port = await freePort();
    const dataDir = sharedDataDir();
    const env = { SMTP_URL: `smtp://mailer:s3cret-pass@127.0.0.1:${port}`, MAIL_FROM };
    const first = await startReplica(dataDir, 'a', env, { attempts: 100 });
    const { branch, people } = await provinceWithPeople(first);
    const reminderId = await appendReminder(first.runtime, { unitId: branch, recipients: [people.dongfeng] });
    await expect.poll(() => first.runtime.reminderDelivery.status()[0]!.lastError, POLL).toMatch(/ECONNREFUSED/);
    await first.close();

    const smtp = await smtpServer({ port });
    const again = await replica(dataDir, 'a', env);
    await expect.poll(() => smtp.messages.length, POLL).toBe(1);
    await again.runtime.reminderDelivery.drained();
    expect(smtp.messages).toHaveLength(1);
    expect((await deliveryEvents(again.runtime, reminderId)).map((event) => [event.type, event.ok])).toEqual([
      ['ReminderDeliveryClaimed', undefined],
      ['ReminderDelivered', true],
    ]);
  });

  it('records a down SMTP server as failed after its retries, keeps the API and the robot going, and shows the error in health without the password', async () => {
    const closedPort = await freePort();
    const robot = await startRobot();
    cleanup.push(robot.close);
    const api = await replica(sharedDataDir(), 'a', {
      SMTP_URL: `smtp://mailer:s3cret-pass@127.0.0.1:${closedPort}`,
      MAIL_FROM,
      REMINDER_WEBHOOK_URL: robot.url,
    });
    const { admin, branch, people } = await provinceWithPeople(api);
    const reminderId = await appendReminder(api.runtime, { unitId: branch, recipients: [people.dongfeng] });

    await expect.poll(async () => (await deliveryEvents(api.runtime, reminderId)).filter((event) => event.type === 'ReminderDelivered').length, POLL).toBe(2);
    await api.runtime.reminderDelivery.drained();
    const recorded = await deliveryEvents(api.runtime, reminderId);
    const email = recorded.find((event) => event.type === 'ReminderDelivered' && event.channel === 'email')!;
    expect(email).toMatchObject({ ok: false, sent: 0 });
    expect(String(email.error)).toMatch(/ECONNREFUSED/);
    expect(recorded.find((event) => event.type === 'ReminderDelivered' && event.channel === 'webhook')).toMatchObject({ ok: true, sent: 1 });
    expect(robot.calls).toHaveLength(1);

    const health = await send(api.app, '/api/health', { headers: admin });
    expect(health.status).toBe(200);
    const channels = health.body.reminderChannels as { channel: string }[];
    expect(channels.find((channel) => channel.channel === 'email')).toMatchObject({
      on: true,
      failed: 1,
      pending: 0,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(channels.find((channel) => channel.channel === 'webhook')).toMatchObject({ on: true, delivered: 1, lastError: null });
    // The metrics say the same (api/observability/metrics.ts).
    const metrics = await api.runtime.metrics.scrape();
    expect(metrics).toContain('league_pulse_reminder_deliveries_total{channel="email",outcome="failed"} 1');
    expect(metrics).toContain('league_pulse_reminder_deliveries_total{channel="webhook",outcome="delivered"} 1');
    expect(metrics).toContain('league_pulse_reminder_deliveries_pending{channel="email"} 0');
    const everything = JSON.stringify(health.body) + JSON.stringify(recorded) + api.log.join('\n') + metrics;
    expect(everything).not.toContain('s3cret-pass');
    expect(everything).not.toContain('robot-key-123');
    expect(api.log.some((line) => line.includes('email failed after 3 attempts'))).toBe(true);
  });

  it('records a refused sign-in (a wrong SMTP password) as failed, without the password', async () => {
    const smtp = await smtpServer();
    const api = await replica(sharedDataDir(), 'a', { SMTP_URL: smtp.url.replace('s3cret-pass', 'wrong-pass-9'), MAIL_FROM });
    const { branch, people } = await provinceWithPeople(api);
    const reminderId = await appendReminder(api.runtime, { unitId: branch, recipients: [people.dongfeng] });
    await expect.poll(async () => (await deliveryEvents(api.runtime, reminderId)).length, POLL).toBe(2);
    const [, delivered] = await deliveryEvents(api.runtime, reminderId);
    expect(delivered).toMatchObject({ type: 'ReminderDelivered', ok: false, sent: 0 });
    expect(String(delivered!.error)).toMatch(/Invalid login/);
    expect(String(delivered!.error)).not.toContain('wrong-pass-9');
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses an incomplete email setting at start in one line per setting, naming it and never the password', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const missing = refused({ SMTP_URL: 'smtp://mailer:s3cret-pass@mail.example.cn:587' });
    expect(missing).toContain('MAIL_FROM: must be set when SMTP_URL is');
    expect(missing).toContain('PUBLIC_URL: must be set when SMTP_URL or REMINDER_WEBHOOK_URL is');
    expect(refused({ SMTP_URL: 'http://mailer:s3cret-pass@mail.example.cn', MAIL_FROM, PUBLIC_URL: 'https://tuan.example.cn' })).toMatch(
      /^invalid configuration:\n {2}SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ address/,
    );
    expect(
      refused({ REMINDER_WEBHOOK_URL: 'https://robot.example.cn/send?key=1', REMINDER_WEBHOOK_FORMAT: 'slack', PUBLIC_URL: 'https://tuan.example.cn' }),
    ).toContain('REMINDER_WEBHOOK_FORMAT: must be wecom or dingtalk');
    expect(missing + refused({ SMTP_URL: 'smtp://mailer:s3cret-pass@' })).not.toContain('s3cret-pass');
    expect(loadConfig({})).toMatchObject({ REMINDER_WEBHOOK_FORMAT: 'wecom', REMINDER_MAX_AGE_HOURS: 48 });
  });
});
