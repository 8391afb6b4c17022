/**
 * Reminders to a group robot (企业微信 / 钉钉), against an HTTP receiver started here: one call
 * per reminder in the robot's JSON, mentioning the people told by phone; a refusal (errcode ≠ 0
 * or a non-2xx status) tried again a bounded number of times, then recorded as failed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { declareDrive } from './campaignFixtures.ts';
import { POLL, appendReminder, deliveryEvents, provinceWithPeople, sharedDataDir, startReplica, startRobot, type RobotCall } from './reminderChannels.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function robotAndApi(env: Record<string, string>, answer?: Parameters<typeof startRobot>[0]) {
  const robot = await startRobot(answer);
  cleanup.push(robot.close);
  const api = await startReplica(sharedDataDir(), 'a', { REMINDER_WEBHOOK_URL: robot.url, ...env });
  cleanup.push(api.close);
  return { robot, api, ...(await provinceWithPeople(api)) };
}

type WecomBody = { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } };
type DingtalkBody = { msgtype: string; text: { content: string }; at: { atMobiles: string[] } };

describe('reminders to a group robot', () => {
  it('posts one 企业微信 text message per reminder of each kind, mentioning the people told by phone', async () => {
    const { robot, api, admin, province, township, branch, secondBranch, people } = await robotAndApi({});
    const campaignId = await declareDrive(api, admin, province, '2026年百日集中行动');
    await appendReminder(api.runtime, { unitId: branch, recipients: [people.dongfeng, people.dongfengDeputy] });
    await appendReminder(api.runtime, {
      kind: 'deliverable',
      unitId: township,
      period: `${campaignId}:rectification`,
      due: '2026-07-10',
      recipients: [people.township],
    });
    await appendReminder(api.runtime, { kind: 'escalation', unitId: township, units: [branch, secondBranch], recipients: [people.township] });

    await expect.poll(() => robot.calls.length, POLL).toBe(3);
    await api.runtime.reminderDelivery.drained();
    expect(robot.calls).toHaveLength(3);
    expect(robot.calls.every((call) => call.contentType?.startsWith('application/json'))).toBe(true);
    const bodies = robot.calls.map((call) => call.body as WecomBody);
    const byKind = (start: string) => bodies.find((body) => body.text.content.startsWith(start))!;

    const report = byKind('【催报】东风村团支部');
    expect(report).toEqual({
      msgtype: 'text',
      text: {
        content: `【催报】东风村团支部:2026年6月月报(7月5日截止)\n东风村团支部:2026年6月月报尚未提交,截止日期为7月5日。请尽快登录团建速报提交。\nhttps://tuan.example.cn/units/${branch}/reports?month=2026-06`,
        mentioned_mobile_list: ['13800000001', '13800000002'],
      },
    });
    const deliverable = byKind('【催报】城关镇团委');
    expect(deliverable.text.content).toContain('城关镇团委:2026年百日集中行动「整顿名单和整顿方案」尚未提交,截止日期为7月10日');
    expect(deliverable.text.content).toContain(`https://tuan.example.cn/campaigns/${campaignId}/units/${township}`);
    expect(deliverable.text.mentioned_mobile_list).toEqual(['13900000009']);
    const escalation = byKind('【逾期】');
    expect(escalation.text.content).toContain('仍未提交:东风村团支部、西河村团支部');
    expect(escalation.text.mentioned_mobile_list).toEqual(['13900000009']);
  });

  it('posts in the 钉钉 format when REMINDER_WEBHOOK_FORMAT=dingtalk', async () => {
    const { robot, api, township, branch, secondBranch, people } = await robotAndApi({ REMINDER_WEBHOOK_FORMAT: 'dingtalk' });
    const reminderId = await appendReminder(api.runtime, {
      unitId: township,
      units: [branch, secondBranch],
      recipients: [people.dongfeng, people.xihe, people.township],
    });
    await expect.poll(() => robot.calls.length, POLL).toBe(1);
    await api.runtime.reminderDelivery.drained();
    expect(robot.calls).toHaveLength(1);
    const body = robot.calls[0]!.body as DingtalkBody;
    expect(body).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('城关镇团委下列2个单位的2026年6月月报尚未提交(截止日期7月5日):东风村团支部、西河村团支部') },
      at: { atMobiles: ['13800000001', '13900000009'] },
    });
    expect(await deliveryEvents(api.runtime, reminderId)).toMatchObject([
      { type: 'ReminderDeliveryClaimed', channel: 'webhook' },
      { type: 'ReminderDelivered', channel: 'webhook', ok: true, sent: 1 },
    ]);
  });

  it('tries a refused call again, and sends once when the robot takes it', async () => {
    // The robot refuses the first call (errcode 45009: too many messages), then takes the next.
    const answer = (_call: RobotCall, index: number) => ({
      status: 200,
      body: index === 0 ? { errcode: 45009, errmsg: 'api freq out of limit' } : { errcode: 0, errmsg: 'ok' },
    });
    const { robot, api, branch, people } = await robotAndApi({}, answer);
    const reminderId = await appendReminder(api.runtime, { unitId: branch, recipients: [people.dongfeng] });
    await expect.poll(async () => (await deliveryEvents(api.runtime, reminderId)).length, POLL).toBe(2);
    await api.runtime.reminderDelivery.drained();
    expect(robot.calls).toHaveLength(2);
    expect((await deliveryEvents(api.runtime, reminderId))[1]).toMatchObject({ ok: true, sent: 1 });
  });

  it('records a robot that keeps refusing as failed after its attempts: errcode ≠ 0, or a status other than 2xx', async () => {
    const refusing = await robotAndApi({}, () => ({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } }));
    const refused = await appendReminder(refusing.api.runtime, { unitId: refusing.branch, recipients: [refusing.people.dongfeng] });
    await expect.poll(async () => (await deliveryEvents(refusing.api.runtime, refused)).length, POLL).toBe(2);
    await refusing.api.runtime.reminderDelivery.drained();
    expect(refusing.robot.calls).toHaveLength(3);
    expect((await deliveryEvents(refusing.api.runtime, refused))[1]).toEqual({
      type: 'ReminderDelivered',
      reminderId: refused,
      channel: 'webhook',
      ok: false,
      sent: 0,
      error: 'robot refused: errcode 93000 invalid webhook url',
    });
    expect(refusing.api.runtime.reminderDelivery.status()[1]).toMatchObject({
      channel: 'webhook',
      failed: 1,
      lastError: 'robot refused: errcode 93000 invalid webhook url',
    });

    const broken = await robotAndApi({}, () => ({ status: 502, body: { message: 'bad gateway' } }));
    const failed = await appendReminder(broken.api.runtime, { unitId: broken.branch, recipients: [broken.people.dongfeng] });
    await expect.poll(async () => (await deliveryEvents(broken.api.runtime, failed)).length, POLL).toBe(2);
    expect((await deliveryEvents(broken.api.runtime, failed))[1]).toMatchObject({ ok: false, sent: 0, error: 'robot answered HTTP 502' });
    expect(broken.robot.calls).toHaveLength(3);
  });
});
