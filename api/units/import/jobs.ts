/**
 * Imports under way and finished, in memory: a real import of a province takes a while, so
 * it runs in the background and the page polls its progress. The tree import and the bulk
 * invitation (批量邀请) both keep their jobs here, each with its own summary.
 */
import { uuidv7 } from '../../../events/ids.ts';
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

export class ImportJobs<Summary = ImportPlan['summary']> {
  private readonly jobs = new Map<string, ImportJob<Summary>>();

  /** A job of `total` steps, running. */
  start(userId: string, fileName: string, total: number, summary: Summary, startedAt: string): ImportJob<Summary> {
    const job: ImportJob<Summary> = {
      id: uuidv7(), userId, fileName, status: 'running', done: 0, total,
      summary, position: null, error: null, startedAt, finishedAt: null,
    };
    this.jobs.set(job.id, job);
    // Keep the last 50 jobs; older ones are only of historical interest (the log has the events).
    if (this.jobs.size > 50) this.jobs.delete(this.jobs.keys().next().value!);
    return job;
  }

  get(id: string): ImportJob<Summary> | undefined {
    return this.jobs.get(id);
  }
}
