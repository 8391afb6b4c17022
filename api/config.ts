import { resolve } from 'node:path';
import { z } from 'zod';

/** Configuration from the environment, validated once at start; defaults work on a laptop. */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Folder of the embedded log (events.db) and the projection snapshots (snapshots/). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** When set, the log is EventStoreDB at this address instead of the embedded store. */
  EVENTSTORE_CONNECTION_STRING: z.string().startsWith('esdb', { error: 'must be an esdb:// or esdb+discover:// connection string' }).optional(),
  /** How long a query given ?after=<position> waits for the projections to reach it. */
  READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Per-call deadline for EventStoreDB calls (its client can hang without one). */
  EVENTSTORE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
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
