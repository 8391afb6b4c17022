/**
 * What the API's routes are given: the running parts of the process (the store, the projection
 * runner with its read database, sessions, the clock, reminder delivery). They are put together by
 * the composition root, runtime/start.ts; nothing in api/ opens a store or reads the environment.
 */
import type { EventStore } from '../events/store/port.ts';
import type { ProjectionName } from '../projections/index.ts';
import type { ProjectionRunner } from '../projections/runner.ts';
import type { ReadDatabase } from '../projections/sql/readDatabase.ts';
import type { Config } from '../runtime/config.ts';
import type { AttachmentStore } from './attachments/store.ts';
import type { LoginLimiter } from './auth/rateLimit.ts';
import type { SessionStore } from './auth/sessions.ts';
import type { Clock } from './clock.ts';
import type { ReminderDelivery } from './reminders/delivery.ts';
import type { Logger } from './observability/logger.ts';
import type { Metrics } from './observability/metrics.ts';

export interface Runtime {
  config: Config;
  /** The one clock of the process (api/clock.ts): every "now" and "today" is read from it. */
  clock: Clock;
  store: EventStore;
  runner: ProjectionRunner<ProjectionName>;
  /** The SQL read models' tables (projections/sql/readDatabase.ts). */
  readDatabase: ReadDatabase;
  sessions: SessionStore;
  loginLimiter: LoginLimiter;
  /** The one attachment store (photos and files of visits, reports and cases), in DATA_DIR/attachments. */
  attachments: AttachmentStore;
  /** Reminders by email and group robot (off unless configured). */
  reminderDelivery: ReminderDelivery;
  /** The process's logger, handed to every part that logs (api/observability/logger.ts). */
  logger: Logger;
  /** This runtime's metrics, scraped at GET /api/metrics (api/observability/metrics.ts). */
  metrics: Metrics;
  close(): Promise<void>;
}
