/**
 * 催报 reaching people outside the app: the app runs with a real SMTP server and a group robot's
 * receiver (both started here). A township's manager reminds all missing branches from the month
 * view: one email reaches each missing branch's secretary and one robot message arrives; pressing
 * it again, and the app restarting on the same data, send nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate, monthBefore } from '../../projections/calendar.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { startRobot, startSmtpServer } from '../api/reminderChannels.ts';
import { launchBrowser, startApp, TEST_NOW } from './harness.ts';
import { buildTree, invitedPerson, post, shot } from './helpers.ts';

const month = monthBefore(chinaDate(TEST_NOW));
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let robot: Awaited<ReturnType<typeof startRobot>>;
let browser: Browser;
beforeAll(async () => {
  [smtp, robot, browser] = await Promise.all([startSmtpServer(), startRobot(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await smtp?.close();
  await robot?.close();
});

describe('催报 by email and group robot', () => {
  it('reminding all missing branches sends one email per branch and one robot message, and never twice', async () => {
    const env = { SMTP_URL: smtp.url, MAIL_FROM: '团建速报 <noreply@tuan.example.cn>', REMINDER_WEBHOOK_URL: robot.url, PUBLIC_URL: 'https://tuan.example.cn' };
    let app = await startApp({ env });
    const dataDir = app.dataDir;
    try {
      const tree = await buildTree(app.url);
      const { token, township, branch } = tree;
      const open = async (name: string) =>
        (
          await post<{ unitId: string }>(
            app.url,
            '/api/units',
            {
              submissionId: uuidv7(),
              kind: 'organisation',
              parentId: township,
              name,
              on: '2026-01-01',
              organisation: { field: 'village', buildingMode: 'independent' },
            },
            token,
          )
        ).unitId;
      const branches = [branch, await open('红旗村团支部'), await open('新华社区团支部')];
      const reported = await open('光明村团支部');
      await post(app.url, `/api/units/${reported}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, token);
      // Each branch's secretary, with an email address and a phone.
      for (const [i, unitId] of [...branches, reported].entries()) {
        await post(
          app.url,
          '/api/users',
          {
            submissionId: uuidv7(),
            loginName: `sec${i}`,
            displayName: `书记${i}`,
            role: 'secretary',
            unitIds: [unitId],
            email: `sec${i}@example.cn`,
            phone: `1380013800${i}`,
          },
          token,
        );
      }
      const manager = await invitedPerson(
        browser,
        app.url,
        token,
        { loginName: 'town.zhao', displayName: '赵镇委', password: 'another long password' },
        'manager',
        township,
      );
      const page = await manager.newPage();
      await page.goto(`${app.url}/units/${township}/month?month=${month}`);
      await page.click('form#remind button[name=target]');
      await expect(page.locator('[data-testid=reminded]').textContent()).resolves.toBe('已提醒 3 个团组织,3 人。');
      await shot(page, 'reminder-delivery-month-view');

      await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(3);
      await expect.poll(() => robot.calls.length, { timeout: 30_000 }).toBe(1);
      expect(smtp.messages.flatMap((message) => message.envelopeTo).sort()).toEqual(['sec0@example.cn', 'sec1@example.cn', 'sec2@example.cn']);
      for (const message of smtp.messages) expect(message.subject).toContain('月报');
      const text = JSON.stringify(robot.calls[0]!.body);
      expect(text).toContain('红旗村团支部');
      expect(text).not.toContain('光明村团支部');

      // Again: nothing new is written, so nothing is sent.
      await page.click('form#remind button[name=target]');
      await expect(page.locator('[data-testid=reminded]').textContent()).resolves.toBe('今天已提醒过,不会重复提醒。');
      await page.close();
      await manager.close();

      // Restarted on the same data: the delivery is recorded, so the new process sends nothing either.
      await app.stop();
      app = await startApp({ env, dataDir });
      const session = await post<{ session: { token: string } }>(app.url, '/api/session', { loginName: 'admin', password: 'correct horse battery' });
      const admin = { authorization: `Bearer ${session.session.token}` };
      // Each channel has read the log to its end and has nothing waiting.
      await expect
        .poll(
          async () => {
            const answer = (await (await fetch(`${app.url}/api/health`, { headers: admin })).json()) as {
              lastPosition: string;
              reminderChannels: Array<{ on: boolean; pending: number; position: string | null }>;
            };
            return answer.reminderChannels.every(
              (channel) => channel.on && channel.pending === 0 && BigInt(channel.position ?? -1) >= BigInt(answer.lastPosition),
            );
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      expect(smtp.messages).toHaveLength(3);
      expect(robot.calls).toHaveLength(1);
    } finally {
      await app.stop();
    }
  }, 180_000);
});
