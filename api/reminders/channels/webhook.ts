/**
 * Reminders to a group robot (企业微信 / 钉钉群机器人): one POST of a text message per reminder,
 * mentioning the people told by their phone numbers. A robot answers 200 with `errcode` 0 when it
 * took the message; any other status or errcode is a failure.
 */
import { redact, type Channel } from './channel.ts';
import { robotText, type ReminderMessage } from './message.ts';

export type WebhookFormat = 'wecom' | 'dingtalk';

/** The JSON each robot takes: 企业微信 names mentions `mentioned_mobile_list`, 钉钉 `at.atMobiles`. */
export function robotBody(format: WebhookFormat, message: ReminderMessage): unknown {
  const content = robotText(message);
  const phones = [...new Set(message.recipients.flatMap((recipient) => (recipient.phone ? [recipient.phone] : [])))];
  return format === 'wecom'
    ? { msgtype: 'text', text: { content, mentioned_mobile_list: phones } }
    : { msgtype: 'text', text: { content }, at: { atMobiles: phones } };
}

/** A robot's answer is a small JSON object; anything longer is not read. */
const ANSWER_LIMIT = 64 * 1024;

export function webhookChannel(settings: { url: string; format: WebhookFormat; timeoutMs?: number }): Channel {
  // The robot's key is in its address: never in a reason.
  const secrets = [settings.url, new URL(settings.url).search.slice(1)].filter(Boolean);
  return {
    name: 'webhook',
    async send(message: ReminderMessage, reached: Set<string>) {
      if (reached.has('robot')) return 1;
      let response: Response;
      try {
        response = await fetch(settings.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(robotBody(settings.format, message)),
          signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
        });
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new Error(redact(`robot not reached: ${cause ?? (error as Error).message}`, secrets));
      }
      const answer = await readAnswer(response);
      if (!response.ok) throw new Error(`robot answered HTTP ${response.status}`);
      let parsed: { errcode?: unknown; errmsg?: unknown } = {};
      try {
        parsed = JSON.parse(answer) as typeof parsed;
      } catch {
        // A 2xx answer that is not JSON (a proxy's page): the robot's own answer is JSON, so it is a failure.
        throw new Error('robot answered something other than JSON');
      }
      if (parsed.errcode !== undefined && parsed.errcode !== 0) {
        throw new Error(redact(`robot refused: errcode ${String(parsed.errcode)} ${String(parsed.errmsg ?? '')}`.trim(), secrets));
      }
      reached.add('robot');
      return 1;
    },
    close: () => {},
  };
}

/** The answer's first ANSWER_LIMIT bytes; the rest is not read. */
async function readAnswer(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < ANSWER_LIMIT) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, ANSWER_LIMIT).toString('utf8');
}
