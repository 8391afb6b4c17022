/**
 * The runtime's metrics (prom-client), in a registry of its own: tests run several runtimes in
 * one process, and each counts only its own requests. Counted where things happen: requests and
 * refusals (./requests.ts), appends (./store.ts), import jobs (api/units/import/jobs.ts). Read at
 * each scrape: where each projection is and how far behind, and what the reminder channels did.
 * The process's own figures (memory, event loop lag) are in one registry of the process, merged in.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventStore } from '../../events/store/port.ts';
import type { ProjectionRunner } from '../../projections/runner.ts';
import type { ReminderDelivery } from '../reminders/delivery.ts';
import { readPositions } from './positions.ts';

/** Seconds: a fast read takes a few ms, an import's upload a few s. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the scrape reads from: set once the runtime's parts are running. */
export interface ObservedParts {
  store: EventStore;
  runner: ProjectionRunner;
  reminderDelivery: ReminderDelivery;
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  const on = { registers: [registry] };
  const metrics = {
    registry,
    httpRequests: new Counter({
      name: 'league_pulse_http_requests_total',
      help: 'API requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      ...on,
    }),
    httpDuration: new Histogram({
      name: 'league_pulse_http_request_duration_seconds',
      help: 'Time to answer an API request',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: DURATION_BUCKETS,
      ...on,
    }),
    refusals: new Counter({
      name: 'league_pulse_refusals_total',
      help: 'Problem answers 4xx (refused input, rules, permissions), by status and problem code',
      labelNames: ['status', 'code'] as const,
      ...on,
    }),
    appends: new Counter({
      name: 'league_pulse_event_appends_total',
      help: 'Appends to the event store, by outcome (ok, conflict, duplicate, unavailable, error)',
      labelNames: ['outcome'] as const,
      ...on,
    }),
    appendDuration: new Histogram({
      name: 'league_pulse_event_append_duration_seconds',
      help: 'Time of an append to the event store',
      labelNames: ['outcome'] as const,
      buckets: DURATION_BUCKETS,
      ...on,
    }),
    importJobsStarted: new Counter({
      name: 'league_pulse_import_jobs_started_total',
      help: 'Import jobs started (units: the tree; invitations: bulk invitations)',
      labelNames: ['kind'] as const,
      ...on,
    }),
    importJobsFinished: new Counter({
      name: 'league_pulse_import_jobs_finished_total',
      help: 'Import jobs finished, by outcome (done, failed)',
      labelNames: ['kind', 'outcome'] as const,
      ...on,
    }),
    importJobsRunning: new Gauge({ name: 'league_pulse_import_jobs_running', help: 'Import jobs running now', labelNames: ['kind'] as const, ...on }),
    /** Read at each scrape (`scrape`). */
    storeUp: new Gauge({ name: 'league_pulse_event_store_up', help: '1 while the event store answers, 0 when it cannot be reached', ...on }),
    lastPosition: new Gauge({ name: 'league_pulse_event_store_last_position', help: 'Position of the last event in the log', ...on }),
    projectionPosition: new Gauge({
      name: 'league_pulse_projection_position',
      help: 'Position each projection has folded up to',
      labelNames: ['projection'] as const,
      ...on,
    }),
    projectionLag: new Gauge({
      name: 'league_pulse_projection_lag_events',
      help: 'How far each projection is behind the log (events, on the embedded store)',
      labelNames: ['projection'] as const,
      ...on,
    }),
    projectionStopped: new Gauge({
      name: 'league_pulse_projection_stopped',
      help: '1 when a projection stopped on an error (its reads answer 503)',
      labelNames: ['projection'] as const,
      ...on,
    }),
    reminderDeliveries: new Counter({
      name: 'league_pulse_reminder_deliveries_total',
      help: 'Reminders by email or group robot since the process started, by channel and outcome (delivered, failed, too_old)',
      labelNames: ['channel', 'outcome'] as const,
      ...on,
    }),
    reminderPending: new Gauge({
      name: 'league_pulse_reminder_deliveries_pending',
      help: 'Reminders read and not yet sent, by channel',
      labelNames: ['channel'] as const,
      ...on,
    }),
  };
  let parts: ObservedParts | null = null;

  /** Reads what is read at scrape time, then answers every metric in Prometheus's text format. */
  async function scrape(): Promise<string> {
    if (parts) {
      const { last, storeError, projections } = await readPositions(parts.store, parts.runner);
      metrics.storeUp.set(storeError === null ? 1 : 0);
      if (last !== null) metrics.lastPosition.set(Number(last));
      for (const projection of projections) {
        metrics.projectionPosition.set({ projection: projection.name }, Number(projection.position ?? 0n));
        metrics.projectionLag.set({ projection: projection.name }, Number(projection.lag));
        metrics.projectionStopped.set({ projection: projection.name }, projection.error === null ? 0 : 1);
      }
      // The workers count since the process started; the counter says what they say.
      metrics.reminderDeliveries.reset();
      for (const channel of parts.reminderDelivery.status().filter((status) => status.on)) {
        metrics.reminderDeliveries.inc({ channel: channel.channel, outcome: 'delivered' }, channel.delivered);
        metrics.reminderDeliveries.inc({ channel: channel.channel, outcome: 'failed' }, channel.failed);
        metrics.reminderDeliveries.inc({ channel: channel.channel, outcome: 'too_old' }, channel.tooOld);
        metrics.reminderPending.set({ channel: channel.channel }, channel.pending);
      }
    }
    return Registry.merge([processRegistry(), registry]).metrics();
  }

  return {
    ...metrics,
    /** The running parts whose state is read at each scrape. */
    observe(running: ObservedParts) {
      parts = running;
    },
    scrape,
    contentType: registry.contentType,
  };
}

let processMetrics: Registry | null = null;

/** Memory, CPU, handles, event loop lag: one set for the process, however many runtimes it holds. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
