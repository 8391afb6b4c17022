/**
 * The composition root: the running parts behind the API and the pages put together from the
 * configuration — the event store it names, the projection runner with its read database, sessions,
 * the clock and reminder delivery. Nothing above this file knows which store is in use.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../api/app.ts';
import { createAttachmentStore } from '../api/attachments/store.ts';
import { createLoginLimiter } from '../api/auth/rateLimit.ts';
import { createSessionStore } from '../api/auth/sessions.ts';
import type { Clock } from '../api/clock.ts';
import { startReminderDelivery, type DeliveryOptions } from '../api/reminders/delivery.ts';
import { startReminderSchedule } from '../api/reminders/schedule.ts';
import { replayProgress } from '../api/replayProgress.ts';
import type { Runtime } from '../api/runtime.ts';
import { createEsdbStore } from '../events/store/esdb.ts';
import type { EventStore } from '../events/store/port.ts';
import { createSqliteStore } from '../events/store/sqlite.ts';
import { projections } from '../projections/index.ts';
import * as readModels from '../projections/index.ts';
import { ProjectionRunner, type RunnerOptions } from '../projections/runner.ts';
import { openReadDatabase } from '../projections/sql/readDatabase.ts';
import { createLogger, processLogger, type Logger } from '../api/observability/logger.ts';
import { createMetrics } from '../api/observability/metrics.ts';
import { measuredStore } from '../api/observability/store.ts';
import { clockFrom, type Config } from './config.ts';

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
      if (runner.ready) void runner.state(readModels.organisationTree).roots;
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
    attachments: createAttachmentStore(config.dataDir),
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

/**
 * What a server process runs (the API alone, runtime/apiServer.ts, or with the pages, through
 * web/src/lib/server/runtime.ts): the runtime folding the log with a progress line, the Hono app on
 * it, and the scheduled reminders (催报, safe on every replica). `stop` ends them in order.
 */
export async function startApp(config: Config) {
  // One logger per process (web/server.ts writes its own lines through the same one).
  const logger = processLogger(config);
  const runtime = await startRuntime(config, { onProgress: replayProgress(logger), logger });
  const app = createApp(runtime);
  const stopReminders = startReminderSchedule(runtime);
  return {
    runtime,
    app,
    logger,
    async stop() {
      stopReminders();
      await runtime.close();
    },
  };
}
