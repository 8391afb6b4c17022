/**
 * What the reminder channel tests stand on: a real SMTP server (smtp-server) and a real HTTP
 * receiver in the test's process, each collecting what reaches it; replicas of the API on one
 * embedded log, each with its own read database; and reminders appended to the log as the
 * reminder routes and the schedule append them.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../../api/app.ts';
import { fixedClock } from '../../api/clock.ts';
import { loadConfig } from '../../runtime/config.ts';
import type { Runtime } from '../../api/runtime.ts';
import { startRuntime } from '../../runtime/start.ts';
import { createLogger } from '../../api/observability/logger.ts';
import { encode } from '../../events/catalog/index.ts';
import type { ReminderKind } from '../../events/catalog/reminder.ts';
import { uuidFromName, uuidv7 } from '../../events/ids.ts';
import { buildProvince, openUnit } from './fixtures.ts';
import { json, send, TEST_NOW } from './harness.ts';

export interface ReceivedMail {
  envelopeTo: string[];
  to: string;
  subject: string;
  text: string;
  from: string;
}

/**
 * An SMTP server that asks for a password (over plain text, as a test allows) and keeps every
 * message it accepts; `refuseOnce` names an address it refuses the first time (a full mailbox).
 */
export async function startSmtpServer(options: { refuseOnce?: string; port?: number } = {}) {
  const credentials = { user: 'mailer', pass: 's3cret-pass' };
  const messages: ReceivedMail[] = [];
  const logins: string[] = [];
  const refused: string[] = [];
  const server = new SMTPServer({
    onRcptTo(address, _session, callback) {
      if (address.address === options.refuseOnce && refused.length === 0) {
        refused.push(address.address);
        return callback(Object.assign(new Error('Mailbox full, try again later'), { responseCode: 452 }));
      }
      callback();
    },
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username !== credentials.user || auth.password !== credentials.pass) return callback(new Error('Invalid username or password'));
      logins.push(auth.username!);
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        const to = Array.isArray(mail.to) ? mail.to.map((address) => address.text).join(', ') : (mail.to?.text ?? '');
        messages.push({
          envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          to,
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          from: mail.from?.text ?? '',
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    messages,
    logins,
    refused,
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface RobotCall {
  body: Record<string, unknown>;
  contentType: string | undefined;
}

/** A group robot's webhook: every call is kept; `answer` says what the robot replies (200 with errcode 0 by default). */
export async function startRobot(
  answer: (call: RobotCall, index: number) => { status: number; body: unknown } = () => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }),
) {
  const calls: RobotCall[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const call = { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>, contentType: request.headers['content-type'] };
      calls.push(call);
      const reply = answer(call, calls.length - 1);
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    calls,
    url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=robot-key-123`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh folder for a log several replicas share. */
export const sharedDataDir = () => mkdtempSync(join(tmpdir(), 'league-pulse-reminders-'));

/**
 * One replica of the API on the log in `dataDir`, with a read database of its own (`replica`
 * names it: the same name is the same replica started again). Retries are quick so a failure is
 * recorded within the test.
 */
export async function startReplica(dataDir: string, replica: string, env: Record<string, string>, options: { now?: string; attempts?: number } = {}) {
  const clock = fixedClock(options.now ?? TEST_NOW);
  // Its log lines, as JSON, every field included (a test checks no secret is in any of them).
  const log: string[] = [];
  const runtime = await startRuntime(
    loadConfig({ DATA_DIR: dataDir, READ_DB_PATH: join(dataDir, `${replica}.sqlite`), PUBLIC_URL: 'https://tuan.example.cn', ...env }),
    {
      logger: createLogger({ LOG_LEVEL: 'info' }, { write: (line: string) => void log.push(line) }),
      clock,
      reminders: { attempts: options.attempts ?? 3, firstRetryMs: 20, sendTimeoutMs: 2_000 },
    },
  );
  return { app: createApp(runtime), runtime, clock, dataDir, log, close: () => runtime.close() };
}

export interface ReminderFields {
  kind?: ReminderKind;
  unitId: string;
  period?: string;
  day?: string;
  due?: string;
  units?: string[];
  recipients: string[];
  /** When the reminder was sent (its metadata's server time); the replica's clock by default. */
  sentAt?: string;
}

/** Appends a ReminderSent as the reminder routes do: its id from (unit, period, kind, day), its stream written only when new. */
export async function appendReminder(runtime: Runtime, fields: ReminderFields): Promise<string> {
  const kind = fields.kind ?? 'monthlyReport';
  const period = fields.period ?? '2026-06';
  const day = fields.day ?? runtime.clock.today();
  const reminderId = uuidFromName(`reminder:${fields.unitId}:${period}:${kind}:${day}`);
  const submissionId = uuidv7();
  const event = encode(
    {
      type: 'ReminderSent',
      data: {
        reminderId,
        kind,
        unitId: fields.unitId,
        period,
        day,
        due: fields.due ?? '2026-07-05',
        scheduled: false,
        units: fields.units ?? [fields.unitId],
        recipients: fields.recipients,
      },
    },
    uuidFromName(`event:test:${submissionId}/0`),
    {
      actor: 'test',
      correlationId: submissionId,
      causationId: submissionId,
      clientSubmissionId: submissionId,
      clientTime: null,
      serverTime: fields.sentAt ?? runtime.clock.now().toISOString(),
    },
  );
  await runtime.store.append(`reminder-${reminderId}`, [event], { expectedRevision: 'no_stream' });
  return reminderId;
}

/** The ReminderDeliveryClaimed and ReminderDelivered events of a reminder, as the log holds them. */
export async function deliveryEvents(
  runtime: Runtime,
  reminderId: string,
): Promise<Array<{ type: string; channel?: string; ok?: boolean; sent?: number; error?: string; claimedBy?: string }>> {
  const events = await runtime.store.readStream(`reminder-${reminderId}`);
  return events.slice(1).map((event) => ({ type: event.type, ...(event.data as Record<string, unknown>) }));
}

/** How long an assertion retries: deliveries go through real sockets on a loaded machine. */
export const POLL = { timeout: 20_000, interval: 25 };

type Api = Awaited<ReturnType<typeof startReplica>>;

/** Invites someone with their email and phone (who a reminder reaches); returns their account id. */
export async function invitePerson(
  api: Api,
  auth: { authorization: string },
  person: { loginName: string; displayName: string; role: string; unitIds: string[]; email?: string; phone?: string },
): Promise<string> {
  const { status, body } = await send(api.app, '/api/users', json({ submissionId: uuidv7(), ...person }, auth));
  if (status !== 201) throw new Error(`inviting ${person.loginName} failed: ${JSON.stringify(body)}`);
  return body.userId;
}

/**
 * The test province (fixtures.ts) with a second branch in 城关镇团委 and the people reminders
 * reach: two secretaries of 东风村团支部 (one without email), the secretary of 西河村团支部, and the
 * township's manager (email and phone).
 */
export async function provinceWithPeople(api: Api) {
  const units = await buildProvince(api);
  const { admin, township, branch } = units;
  const secondBranch = await openUnit(api, admin, 'organisation', township, '西河村团支部', {
    code: 'O03',
    organisation: { field: 'village', buildingMode: 'independent' },
  });
  const people = {
    dongfeng: await invitePerson(api, admin, {
      loginName: 'dongfeng',
      displayName: '张红',
      role: 'secretary',
      unitIds: [branch],
      email: 'zhanghong@example.cn',
      phone: '13800000001',
    }),
    dongfengDeputy: await invitePerson(api, admin, { loginName: 'dongfeng2', displayName: '李明', role: 'secretary', unitIds: [branch], phone: '13800000002' }),
    xihe: await invitePerson(api, admin, { loginName: 'xihe', displayName: '王芳', role: 'secretary', unitIds: [secondBranch], email: 'wangfang@example.cn' }),
    township: await invitePerson(api, admin, {
      loginName: 'chengguan',
      displayName: '赵强',
      role: 'manager',
      unitIds: [township],
      email: 'zhaoqiang@example.cn',
      phone: '13900000009',
    }),
  };
  return { ...units, secondBranch, people };
}
