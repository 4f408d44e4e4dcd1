/** Writing scheduled jobs: idempotent inserts (a job's id says what it is for) and cancellation. */
import type { Connection, Model } from 'mongoose';
import { JobDoc, jobClaimModel, jobModel } from '../../models/job';
import { isDuplicateKey } from '../database/duplicateKey';

export interface ScheduleJob {
  /** Deterministic id: scheduling the same job twice keeps one. */
  id: string;
  name: string;
  runAt: Date;
  data?: Record<string, unknown>;
  group?: string | null;
}


export class JobStore {
  readonly jobs: Model<JobDoc>;
  private indexed?: Promise<void>;

  constructor(private readonly connection: Connection) {
    this.jobs = jobModel(connection);
  }

  ensureIndexes(): Promise<void> {
    this.indexed ??= Promise.all([this.jobs.createIndexes(), jobClaimModel(this.connection).createIndexes()]).then(
      () => undefined,
      (err) => {
        this.indexed = undefined;
        throw err;
      },
    );
    return this.indexed;
  }

  /** True if the job was added, false if a job with this id already exists (in any state). */
  async schedule(job: ScheduleJob, now: Date = new Date()): Promise<boolean> {
    try {
      await this.jobs.collection.insertOne({
        _id: job.id as never,
        name: job.name,
        group: job.group ?? null,
        runAt: job.runAt,
        data: job.data ?? {},
        state: 'pending',
        attempts: 0,
        lastError: null,
        createdAt: now,
        finishedAt: null,
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /**
   * Cancels jobs by id: they are deleted, which keeps the collection down to what is still to run
   * (every poll scans it on FerretDB). A job cancelled while it runs just finishes.
   */
  async cancel(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.jobs.collection.deleteOne({ _id: id as never })));
  }

  find(filter: { group?: string; name?: string; state?: JobDoc['state'] }): Promise<JobDoc[]> {
    return this.jobs.find(filter).sort({ runAt: 1 }).lean<JobDoc[]>().exec();
  }
}
