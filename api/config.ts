import { resolve } from 'node:path';
import { z } from 'zod';
import { fixedClock, offsetClock, parseOffset, systemClock, type Clock } from './clock.ts';

/** Configuration from the environment, validated once at start; defaults work on a laptop. */
const configSchema = z.object({
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
  CLOCK_AT: z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO date-time with its offset (2026-09-21T10:00:00+08:00) or a date (2026-09-21)' }).optional(),
  /** For demonstrations and training: the system clock moved by this much, still running (`-75d`, `+3h`, `-1d12h`). */
  CLOCK_OFFSET: z.string().refine((text) => parseOffset(text) !== null, { error: 'must be an offset such as -75d, +3h, 90m or -1d12h' }).optional(),
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
  /** Scheduled reminders (催报) go out this many days before each month's report is due (api/reminders/schedule.ts). */
  REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(27).default(3),
}).superRefine((config, ctx) => {
  if (config.CLOCK_AT && config.CLOCK_OFFSET) ctx.addIssue({ code: 'custom', path: ['CLOCK_OFFSET'], message: 'set CLOCK_AT or CLOCK_OFFSET, not both' });
  const override = config.CLOCK_AT ? 'CLOCK_AT' : config.CLOCK_OFFSET ? 'CLOCK_OFFSET' : null;
  if (override && config.NODE_ENV === 'production' && config.ALLOW_CLOCK_OVERRIDE !== 'true') {
    ctx.addIssue({ code: 'custom', path: [override], message: 'is refused in production (NODE_ENV=production); set ALLOW_CLOCK_OVERRIDE=true if this is really wanted' });
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
