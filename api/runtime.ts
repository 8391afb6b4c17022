/**
 * The running parts behind the API: the event store chosen by configuration, the
 * projection runner with its read database. Nothing above this file knows which store is in use.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEsdbStore } from '../events/store/esdb.ts';
import type { EventStore } from '../events/store/port.ts';
import { createSqliteStore } from '../events/store/sqlite.ts';
import { projections } from '../projections/index.ts';
import type { OrganisationTreeState } from '../projections/organisationTree.ts';
import { ProjectionRunner, type RunnerOptions } from '../projections/runner.ts';
import { openReadDatabase, type ReadDatabase } from '../projections/sql/readDatabase.ts';
import { createLoginLimiter, type LoginLimiter } from './auth/rateLimit.ts';
import { createSessionStore, type SessionStore } from './auth/sessions.ts';
import type { Clock } from './clock.ts';
import { clockFrom, type Config } from './config.ts';
import { startReminderDelivery, type DeliveryOptions, type ReminderDelivery } from './reminders/delivery.ts';
// — logs and metrics (api/observability/) —
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { measuredStore } from './observability/store.ts';

export interface Runtime {
  config: Config;
  /** The one clock of the process (api/clock.ts): every "now" and "today" is read from it. */
  clock: Clock;
  store: EventStore;
  runner: ProjectionRunner;
  /** The SQL read models' tables (projections/sql/readDatabase.ts). */
  readDatabase: ReadDatabase;
  sessions: SessionStore;
  loginLimiter: LoginLimiter;
  /** Reminders by email and group robot (off unless configured). */
  reminderDelivery: ReminderDelivery;
  /** The process's logger, handed to every part that logs (api/observability/logger.ts). */
  logger: Logger;
  /** This runtime's metrics, scraped at GET /api/metrics (api/observability/metrics.ts). */
  metrics: Metrics;
  close(): Promise<void>;
}

export function openStore(config: Config): EventStore {
  return config.EVENTSTORE_CONNECTION_STRING
    ? createEsdbStore(config.EVENTSTORE_CONNECTION_STRING, { timeoutMs: config.EVENTSTORE_TIMEOUT_MS })
    : createSqliteStore(join(config.dataDir, 'events.db'));
}

/**
 * Opens the store and the read database, and folds the log from the read models' checkpoints before resolving. The clock is
 * the configured one (CLOCK_AT, CLOCK_OFFSET, else the system's) unless a test passes its own.
 */
export async function startRuntime(
  config: Config,
  options: Omit<RunnerOptions, 'log'> & { clock?: Clock; reminders?: DeliveryOptions; logger?: Logger } = {},
): Promise<Runtime> {
  const { clock = clockFrom(config), reminders, logger = createLogger(config), ...runnerOptions } = options;
  const metrics = createMetrics();
  // Every append is counted and timed here, whichever part makes it.
  const store = measuredStore(openStore(config), metrics);
  // Snapshots of in-memory read models, written by versions before every read model was in SQL: nothing reads them.
  const snapshots = join(config.dataDir, 'snapshots');
  if (existsSync(snapshots)) rmSync(snapshots, { recursive: true, force: true });
  const readDatabase = openReadDatabase(config.READ_DB_PATH ?? join(config.dataDir, 'read.sqlite'));
  const runner = new ProjectionRunner(store, projections, readDatabase, { ...runnerOptions, log: logger });
  try {
    await runner.start();
  } catch (error) {
    await store.close();
    readDatabase.close();
    throw error;
  }
  const sessions = createSessionStore(join(config.dataDir, 'sessions.db'), clock);
  const reminderDelivery = startReminderDelivery({ config, store, runner, readDatabase, clock }, { log: logger, ...reminders });
  metrics.observe({ store, runner, reminderDelivery });
  // The tree's shape is read from its table at the first question (a few hundred ms for a province): read it
  // right after the server starts listening, so the first person to ask does not wait for it.
  setImmediate(() => {
    try {
      if (runner.ready) void runner.state<OrganisationTreeState>('organisationTree').roots;
    } catch {
      // A stopped tree (or a runtime closed at once) says so when asked.
    }
  });
  return {
    config,
    clock,
    store,
    runner,
    readDatabase,
    sessions,
    loginLimiter: createLoginLimiter(clock),
    reminderDelivery,
    logger,
    metrics,
    async close() {
      await reminderDelivery.stop();
      await runner.stop();
      readDatabase.close();
      sessions.close();
      await store.close();
    },
  };
}
