/**
 * Two replicas on one log, both with email and the robot configured: every reminder is sent once
 * per channel — one email per person told, one robot call — whichever replica claims it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { POLL, appendReminder, deliveryEvents, provinceWithPeople, sharedDataDir, startReplica, startRobot, startSmtpServer } from './reminderChannels.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

describe('reminder delivery on two replicas', () => {
  it('sends each reminder once per channel when two workers follow the same log', async () => {
    const smtp = await startSmtpServer();
    cleanup.push(smtp.close);
    const robot = await startRobot();
    cleanup.push(robot.close);
    const dataDir = sharedDataDir();
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@tuan.example.cn', REMINDER_WEBHOOK_URL: robot.url };
    const a = await startReplica(dataDir, 'a', env);
    cleanup.push(a.close);
    const { township, branch, secondBranch, people } = await provinceWithPeople(a);
    const b = await startReplica(dataDir, 'b', env);
    cleanup.push(b.close);

    // Twelve reminders, written through both replicas: each branch's month (one email each), and
    // the township's missing ones (two emails: 张红 and 王芳).
    const months = ['2026-01', '2026-02', '2026-03', '2026-04'];
    const reminders: string[] = [];
    for (const [index, month] of months.entries()) {
      const through = index % 2 === 0 ? a : b;
      reminders.push(await appendReminder(through.runtime, { unitId: branch, period: month, recipients: [people.dongfeng, people.dongfengDeputy] }));
      reminders.push(await appendReminder(through.runtime, { unitId: secondBranch, period: month, recipients: [people.xihe] }));
      reminders.push(
        await appendReminder(through.runtime, { unitId: township, period: month, units: [branch, secondBranch], recipients: [people.dongfeng, people.xihe] }),
      );
    }
    const emails = months.length * (1 + 1 + 2);

    await expect.poll(() => [smtp.messages.length, robot.calls.length], POLL).toEqual([emails, reminders.length]);
    await a.runtime.reminderDelivery.drained();
    await b.runtime.reminderDelivery.drained();
    expect(smtp.messages).toHaveLength(emails);
    expect(robot.calls).toHaveLength(reminders.length);
    // Each person, each month: one email of their branch's own reminder and one of the township's (worded for their branch alone), never more.
    const sent = new Map<string, number>();
    for (const message of smtp.messages)
      sent.set(`${message.envelopeTo.join()}|${message.subject}`, (sent.get(`${message.envelopeTo.join()}|${message.subject}`) ?? 0) + 1);
    expect(sent.size).toBe(emails / 2);
    expect([...sent.values()].every((count) => count === 2)).toBe(true);

    for (const reminderId of reminders) {
      const recorded = await deliveryEvents(a.runtime, reminderId);
      for (const channel of ['email', 'webhook']) {
        expect(recorded.filter((event) => event.channel === channel).map((event) => event.type)).toEqual(['ReminderDeliveryClaimed', 'ReminderDelivered']);
      }
    }
    const delivered = [a, b].map((api) => api.runtime.reminderDelivery.status().reduce((sum, channel) => sum + channel.delivered, 0));
    expect(delivered[0]! + delivered[1]!).toBe(reminders.length * 2);
  });
});
