/**
 * Imports under way and finished, in memory: a real import of a province takes a while, so
 * it runs in the background and the page polls its progress. The tree import and the bulk
 * invitation (批量邀请) both keep their jobs here, each with its own summary.
 */
import { uuidv7 } from '../../../events/ids.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { ImportPlan } from './plan.ts';

export interface ImportJob<Summary = ImportPlan['summary']> {
  id: string;
  userId: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  summary: Summary;
  /** The log position of the last write, for read-your-writes on the tree page. */
  position: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Where jobs are counted and said: the runtime's metrics and logger. */
interface Observers {
  metrics: Pick<Metrics, 'importJobsStarted' | 'importJobsFinished' | 'importJobsRunning'>;
  logger: Logger;
}

export class ImportJobs<Summary = ImportPlan['summary']> {
  private readonly jobs = new Map<string, ImportJob<Summary>>();
  /** `units` (the tree) or `invitations` (bulk invitations): the metrics' label and the log's. */
  private readonly kind: string;
  private readonly observers: Observers;

  constructor(kind: string, observers: Observers) {
    this.kind = kind;
    this.observers = observers;
  }

  /** A job of `total` steps, running. */
  start(userId: string, fileName: string, total: number, summary: Summary, startedAt: string): ImportJob<Summary> {
    const job: ImportJob<Summary> = {
      id: uuidv7(),
      userId,
      fileName,
      status: 'running',
      done: 0,
      total,
      summary,
      position: null,
      error: null,
      startedAt,
      finishedAt: null,
    };
    this.observers.metrics.importJobsStarted.inc({ kind: this.kind });
    this.observers.metrics.importJobsRunning.inc({ kind: this.kind });
    this.observers.logger.info({ kind: this.kind, jobId: job.id, userId, fileName, total }, `${this.kind} import started`);
    this.jobs.set(job.id, job);
    // Keep the last 50 jobs; older ones are only of historical interest (the log has the events).
    if (this.jobs.size > 50) this.jobs.delete(this.jobs.keys().next().value!);
    return job;
  }

  /** The job is over: done, or failed with the reason (`error`), at `finishedAt`. */
  finish(job: ImportJob<Summary>, error: string | null, finishedAt: string): void {
    if (job.status !== 'running') return;
    job.status = error === null ? 'done' : 'failed';
    job.error = error;
    job.finishedAt = finishedAt;
    const { metrics, logger } = this.observers;
    metrics.importJobsRunning.dec({ kind: this.kind });
    metrics.importJobsFinished.inc({ kind: this.kind, outcome: job.status });
    const context = { kind: this.kind, jobId: job.id, userId: job.userId, fileName: job.fileName, done: job.done, total: job.total, position: job.position };
    if (error === null) logger.info(context, `${this.kind} import done`);
    else logger.error({ ...context, reason: error }, `${this.kind} import failed: ${error}`);
  }

  get(id: string): ImportJob<Summary> | undefined {
    return this.jobs.get(id);
  }
}
