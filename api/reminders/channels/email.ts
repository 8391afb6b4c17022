/**
 * Reminders by email over SMTP (nodemailer): one message per person told who has an email
 * address, so each sees only their own address. The server comes from SMTP_URL; its password is
 * used to sign in and never appears in an error, a log line or health.
 */
import nodemailer from 'nodemailer';
import { redact, type Channel } from './channel.ts';
import { emailSubject, emailText, type ReminderMessage } from './message.ts';

/** nodemailer's codes for a failure that concerns one address or message, not the server. */
const PER_RECIPIENT = new Set(['EENVELOPE', 'EMESSAGE']);

export interface EmailSettings {
  smtpUrl: string;
  from: string;
  /** Deadline of connecting, of the greeting and of each exchange, so a silent server fails rather than hangs (default 10 s). */
  timeoutMs?: number;
}

export function emailChannel(settings: EmailSettings): Channel {
  const url = new URL(settings.smtpUrl);
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const timeout = settings.timeoutMs ?? 10_000;
  // Pooled: the emails of one reminder (a township's missing branches) go over one connection, not one each.
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(user ? { auth: { user, pass } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const secrets = [pass, url.password].filter(Boolean);
  return {
    name: 'email',
    async send(message: ReminderMessage, reached: Set<string>) {
      const failures: string[] = [];
      for (const recipient of message.recipients) {
        if (!recipient.email || reached.has(recipient.email)) continue;
        try {
          const info = await transport.sendMail({
            from: settings.from,
            to: { name: recipient.displayName, address: recipient.email },
            subject: emailSubject(message, recipient),
            text: emailText(message, recipient),
          });
          if (info.rejected.length > 0) failures.push(`${recipient.email} refused`);
          else reached.add(recipient.email);
        } catch (error) {
          failures.push(redact(String((error as Error).message ?? error), secrets));
          // Only a refused address or message concerns this recipient alone; anything else (connection, sign-in, timeout) would fail the others too.
          if (!PER_RECIPIENT.has((error as { code?: string }).code ?? '')) break;
        }
      }
      if (failures.length > 0) {
        const owed = message.recipients.filter((recipient) => recipient.email && !reached.has(recipient.email)).length;
        throw new Error(`${owed} of ${owed + reached.size} not sent: ${failures[0]}`);
      }
      return reached.size;
    },
    close: () => transport.close(),
  };
}
