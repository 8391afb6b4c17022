import { resolve } from 'node:path';
import { z } from 'zod';
import { fixedClock, offsetClock, parseOffset, systemClock, type Clock } from '../api/clock.ts';

/** Configuration from the environment, validated once at start; defaults work on a laptop. */
const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    /** Folder of the embedded log (events.db) and the read database (read.sqlite). */
    DATA_DIR: z.string().min(1).default('./data'),
    /**
     * The read database (SQL read models), `DATA_DIR/read.sqlite` by default. A second app process
     * sharing DATA_DIR's embedded log needs a read database of its own.
     */
    READ_DB_PATH: z.string().min(1).optional(),
    /** When set, the log is EventStoreDB at this address instead of the embedded store. */
    EVENTSTORE_CONNECTION_STRING: z.string().startsWith('esdb', { error: 'must be an esdb:// or esdb+discover:// connection string' }).optional(),
    /** How long a query given ?after=<position> waits for the projections to reach it. */
    READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /** Per-call deadline for EventStoreDB calls (its client can hang without one). */
    EVENTSTORE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
    /**
     * For demonstrations, training and tests: the clock stands still at this instant
     * (`2026-09-21T10:00:00+08:00`; a bare date means 09:00 that day in China).
     */
    CLOCK_AT: z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: 'must be an ISO date-time with its offset (2026-09-21T10:00:00+08:00) or a date (2026-09-21)',
      })
      .optional(),
    /** For demonstrations and training: the system clock moved by this much, still running (`-75d`, `+3h`, `-1d12h`). */
    CLOCK_OFFSET: z
      .string()
      .refine((text) => parseOffset(text) !== null, { error: 'must be an offset such as -75d, +3h, 90m or -1d12h' })
      .optional(),
    /** In production (NODE_ENV=production) CLOCK_AT and CLOCK_OFFSET are refused unless this is `true`. */
    ALLOW_CLOCK_OVERRIDE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
    NODE_ENV: z.string().optional(),
    /** The largest JSON body a route takes, checked before anything is read (413 beyond). */
    JSON_BODY_LIMIT_KB: z.coerce.number().int().min(16).max(100_000).default(1024),
    /** The largest upload: an import's spreadsheet or a case's attachments (413 beyond). */
    UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(1000).default(20),
    /** An import's budget: the bytes its workbook may unpack to, and its rows and cells. */
    IMPORT_UNPACKED_LIMIT_MB: z.coerce.number().int().min(1).max(2000).default(128),
    IMPORT_ROW_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
    IMPORT_CELL_LIMIT: z.coerce.number().int().min(1).max(100_000_000).default(4_000_000),
    /**
     * Reminders (催报) by email: the SMTP server, `smtp://user:pass@host:587` (STARTTLS when offered) or
     * `smtps://…:465`. Unset, no email is sent. Its password is never logged, shown or stored.
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// address, e.g. smtp://user:pass@mail.example.cn:587' }).optional(),
    /** The sender of reminder emails, e.g. `团建速报 <noreply@tuan.example.gov.cn>`. */
    MAIL_FROM: z.string().min(3).max(200).optional(),
    /** Reminders to a group robot (企业微信 / 钉钉): the robot's webhook address. Unset, no call is made. */
    REMINDER_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).optional(),
    REMINDER_WEBHOOK_FORMAT: z.enum(['wecom', 'dingtalk'], { error: 'must be wecom or dingtalk' }).default('wecom'),
    /** The site's public address, for the links in reminders (`https://tuan.example.gov.cn`). */
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address, e.g. https://tuan.example.gov.cn' }).optional(),
    /** A reminder older than this when the delivery worker first sees it is not sent (a new replica folding an old log mails nobody). */
    REMINDER_MAX_AGE_HOURS: z.coerce
      .number()
      .min(1)
      .max(24 * 30)
      .default(48),
    /** Scheduled reminders (催报) go out this many days before each month's report is due (api/reminders/schedule.ts). */
    REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(27).default(3),
    // — Logs and metrics (api/observability/) —
    /** The least severe log lines written: info unless set (warn when NODE_ENV=test, so tests stay quiet). */
    LOG_LEVEL: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], { error: 'must be trace, debug, info, warn, error, fatal or silent' })
      .optional(),
    /** `json` (one object a line) or `pretty` (for a person); unset, pretty on a terminal and JSON otherwise. */
    LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
    /** A bearer token that may read GET /api/metrics without an account (Prometheus's scrape). */
    METRICS_TOKEN: z.string().min(24, { error: 'must be at least 24 characters' }).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.SMTP_URL && !config.MAIL_FROM)
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'must be set when SMTP_URL is (the sender of reminder emails)' });
    if ((config.SMTP_URL || config.REMINDER_WEBHOOK_URL) && !config.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be set when SMTP_URL or REMINDER_WEBHOOK_URL is (reminders link to the site)' });
    }
    if (config.CLOCK_AT && config.CLOCK_OFFSET) ctx.addIssue({ code: 'custom', path: ['CLOCK_OFFSET'], message: 'set CLOCK_AT or CLOCK_OFFSET, not both' });
    const override = config.CLOCK_AT ? 'CLOCK_AT' : config.CLOCK_OFFSET ? 'CLOCK_OFFSET' : null;
    if (override && config.NODE_ENV === 'production' && config.ALLOW_CLOCK_OVERRIDE !== 'true') {
      ctx.addIssue({
        code: 'custom',
        path: [override],
        message: 'is refused in production (NODE_ENV=production); set ALLOW_CLOCK_OVERRIDE=true if this is really wanted',
      });
    }
  });

export type Config = z.infer<typeof configSchema> & { dataDir: string };

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.DATA_DIR) };
}

/** The runtime's clock as configured: the system's, fixed (CLOCK_AT) or moved (CLOCK_OFFSET). */
export function clockFrom(config: Pick<Config, 'CLOCK_AT' | 'CLOCK_OFFSET'>): Clock {
  if (config.CLOCK_AT) return fixedClock(/T/.test(config.CLOCK_AT) ? config.CLOCK_AT : `${config.CLOCK_AT}T09:00:00+08:00`);
  if (config.CLOCK_OFFSET) return offsetClock(parseOffset(config.CLOCK_OFFSET)!);
  return systemClock;
}
