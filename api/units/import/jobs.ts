/**
 * Imports under way and finished, in memory: a real import of a province takes a while, so
 * it runs in the background and the page polls its progress.
 */
import { uuidv7 } from '../../../events/ids.ts';
import type { ImportPlan } from './plan.ts';

export interface ImportJob {
  id: string;
  userId: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  summary: ImportPlan['summary'];
  /** The log position of the last write, for read-your-writes on the tree page. */
  position: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  start(userId: string, fileName: string, plan: ImportPlan, startedAt: string): ImportJob {
    const job: ImportJob = {
      id: uuidv7(), userId, fileName, status: 'running', done: 0, total: plan.rows.filter((row) => row.actions.length > 0).length,
      summary: plan.summary, position: null, error: null, startedAt, finishedAt: null,
    };
    this.jobs.set(job.id, job);
    // Keep the last 50 jobs; older ones are only of historical interest (the log has the events).
    if (this.jobs.size > 50) this.jobs.delete(this.jobs.keys().next().value!);
    return job;
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }
}
