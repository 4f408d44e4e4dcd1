/**
 * Runs due jobs from the `jobs` collection, safely with several bot instances polling it.
 * To run attempt n of a job an instance must insert the claim "<jobId>#<n>"; the primary key
 * lets exactly one instance win. A claim older than the lease whose job is still pending (its
 * runner died) lets the next attempt number be claimed, so work survives crashes and restarts.
 * Jobs live in the database, so a new instance (or the same one after a restart) picks up
 * whatever is due. Time comes from an injectable clock; `runDue()` is one poll, for tests.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { JobClaimDoc, JobDoc, jobClaimModel } from '../../models/job';
import { JobStore } from './jobStore';
import { isDuplicateKey } from '../database/duplicateKey';

export interface JobContext {
  id: string;
  name: string;
  data: Record<string, unknown>;
  runAt: Date;
  attempt: number;
  /** The scheduler, so a recurring job can schedule its next run. */
  store: JobStore;
  now: Date;
}

export type JobHandler = (job: JobContext) => Promise<void>;

export interface SchedulerOptions {
  connection: Connection;
  clock?: () => Date;
  logger?: Logger;
  instanceId?: string;
  /** How long a claim protects a running job before another instance may retry it (default 10 min). */
  leaseMs?: number;
  maxAttempts?: number;
  /** Delay before retrying a failed job, multiplied by the attempt number (default 1 min). */
  retryDelayMs?: number;
  /**
   * The first retry comes sooner (default 2 s, never later than retryDelayMs): most failures are a
   * connection dropped once (a reused keep-alive socket the other side had closed), not an outage.
   */
  firstRetryDelayMs?: number;
  batchSize?: number;
}

export interface PollResult {
  ran: string[];
  failed: string[];
}

export class Scheduler {
  readonly store: JobStore;
  private readonly claims: Model<JobClaimDoc>;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly clock: () => Date;
  private readonly instanceId: string;
  private timer?: NodeJS.Timeout;
  private readonly wakeUps = new Set<NodeJS.Timeout>();
  private polling?: Promise<PollResult>;
  private kickedDuringPoll = false;
  private stopped = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.store = new JobStore(opts.connection);
    this.claims = jobClaimModel(opts.connection);
    this.clock = opts.clock ?? (() => new Date());
    this.instanceId = opts.instanceId ?? randomUUID();
  }

  define(name: string, handler: JobHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  /** Claims attempt n+1 of a job; null when another instance holds a live claim. */
  private async claim(job: JobDoc, now: Date): Promise<number | null> {
    const lease = this.opts.leaseMs ?? 600_000;
    for (let attempt = job.attempts + 1; attempt <= job.attempts + 5; attempt++) {
      try {
        await this.claims.collection.insertOne({ _id: `${job._id}#${attempt}` as never, jobId: job._id, attempt, instanceId: this.instanceId, claimedAt: now });
        return attempt;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const held = await this.claims.findById(`${job._id}#${attempt}`).lean<JobClaimDoc>().exec();
        if (held && now.getTime() - held.claimedAt.getTime() < lease) return null;
      }
    }
    return null;
  }

  private async runOne(job: JobDoc, now: Date, result: PollResult): Promise<void> {
    const attempt = await this.claim(job, now);
    if (attempt === null) return;
    // Someone may have finished or cancelled it between our read and our claim.
    const fresh = await this.store.jobs.findById(job._id).lean<JobDoc>().exec();
    if (!fresh || fresh.state !== 'pending') return;
    const handler = this.handlers.get(job.name)!;
    try {
      await handler({ id: job._id, name: job.name, data: job.data ?? {}, runAt: job.runAt, attempt, store: this.store, now });
      // Done jobs are deleted (the claim stays, so a late instance cannot run it again).
      await this.store.jobs.collection.deleteOne({ _id: job._id as never });
      result.ran.push(job._id);
    } catch (err) {
      const failed = attempt >= (this.opts.maxAttempts ?? 5);
      const base = this.opts.retryDelayMs ?? 60_000;
      const delay = attempt === 1 ? Math.min(base, this.opts.firstRetryDelayMs ?? 2000) : base * (attempt - 1);
      const retryAt = new Date(this.clock().getTime() + delay);
      await this.store.jobs
        .updateOne({ _id: job._id }, { $set: { state: failed ? 'failed' : 'pending', attempts: attempt, lastError: String((err as Error).message ?? err).slice(0, 500), runAt: retryAt } })
        .exec();
      result.failed.push(job._id);
      // A retry due before the next timer tick gets a poll of its own, or the short first retry would wait for the tick.
      if (!failed) this.wakeIn(delay);
      this.opts.logger?.warn({ job: job._id, attempt, willRetry: !failed, err: (err as Error).message }, 'scheduled job failed');
    }
  }

  /** One poll: runs every due job this instance can claim. */
  runDue(): Promise<PollResult> {
    this.polling ??= (async () => {
      const result: PollResult = { ran: [], failed: [] };
      try {
        await this.store.ensureIndexes();
        const now = this.clock();
        const due = await this.store.jobs
          .find({ state: 'pending', runAt: { $lte: now }, name: { $in: [...this.handlers.keys()] } })
          .sort({ runAt: 1 })
          .limit(this.opts.batchSize ?? 100)
          .lean<JobDoc[]>()
          .exec();
        for (const job of due) await this.runOne(job, now, result);
      } finally {
        this.polling = undefined;
        // Work queued while this poll ran may have been read before it was written: poll again.
        if (this.kickedDuringPoll && !this.stopped) {
          this.kickedDuringPoll = false;
          setImmediate(() => this.pollInBackground());
        }
      }
      return result;
    })();
    return this.polling;
  }

  /**
   * Runs due jobs now, without waiting (for work just scheduled, such as posting a new case).
   * A kick during a poll runs one more poll after it, so the new job is not left to the timer.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.polling) {
      // Whoever started that poll (a kick or the timer), one more runs after it: see runDue.
      this.kickedDuringPoll = true;
      return;
    }
    this.pollInBackground();
  }

  private pollInBackground(): void {
    this.runDue().catch((err) => this.opts.logger?.error({ err: (err as Error).message }, 'scheduler poll failed'));
  }

  start(intervalMs = 30_000): void {
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => this.pollInBackground(), intervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a poll in progress to finish. */
  /** Polls once after `ms` (real time), unless stopped first. */
  private wakeIn(ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.wakeUps.delete(t);
      this.kick();
    }, ms + 50);
    t.unref();
    this.wakeUps.add(t);
  }

  async stop(): Promise<void> {
    for (const t of this.wakeUps) clearTimeout(t);
    this.wakeUps.clear();
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling?.catch(() => undefined);
  }
}
