/**
 * What an in-memory read model kept current from the change log (case_queue_changes) shares: the
 * triage queue (./queueReadModel.ts, which explains the log and why it is correct) and each
 * financial year's statistics (../reports/statsReadModel.ts).
 *
 * A model holds a cursor (every change up to it is applied). Before each read it looks up change
 * cursor+1 by _id, trusting a miss only within `trustMs` of its last full check; otherwise, or on a
 * hit, it reads every change after the cursor and applies them, or rebuilds if the log was trimmed
 * past the cursor. Every `reloadMs` it is rebuilt in the background. Reads are serialised, and a
 * read always reflects every change completed before it was asked for.
 *
 * A model supplies how to build its state from the log (`build`) and how to apply changes read
 * after its cursor (`catchUp`). Changes must be applied by case version (the higher wins), so
 * applying one twice, late or out of order does no harm.
 */
import type { Model } from 'mongoose';
import type { QueueChange } from '../../models/caseProjections';

const SEQ_WIDTH = 12;
export const seqId = (n: number) => String(n).padStart(SEQ_WIDTH, '0');
export const seqOf = (change: Pick<QueueChange, '_id'>) => Number(change._id);

/** The timing a reader needs (QueueReadModelTuning has the writer's too). */
export interface ChangeLogTuning {
  /** How long a look-up that finds no next change is trusted after the last full check. */
  trustMs: number;
  /** Rebuild after this long (in the background once loaded). */
  reloadMs: number;
  /** Wall clock (ms). */
  now: () => number;
}

/** Where a model's state stands in the log. */
export interface LogPosition {
  /** Every change up to this seq is applied. */
  cursor: number;
  /** When it was last established that no change after the cursor existed. */
  checkedAt: number;
  loadedAt: number;
}

export abstract class ChangeLogReadModel<S extends LogPosition, T extends ChangeLogTuning = ChangeLogTuning> {
  private state?: S;
  private running?: Promise<S>;
  private queued?: Promise<S>;
  private reloading = false;
  private fresh?: S;

  protected constructor(
    readonly changes: Model<QueueChange>,
    readonly tuning: T,
  ) {}

  /**
   * The model's state built from the log (every change in it, oldest first) and the model's own
   * stored documents, starting at `position`.
   */
  protected abstract build(log: QueueChange[], position: LogPosition): Promise<S>;

  /** Applies the changes after the cursor (oldest first); the caller then moves the cursor past them. */
  protected abstract catchUp(state: S, changes: QueueChange[]): void | Promise<void>;

  /** Told that no change after `cursor` existed at `at`. */
  protected checked(_cursor: number, _at: number): void {}

  /**
   * The model brought up to date by a check that starts after this call: a caller joins a check
   * in progress only if it has not started yet, so it always sees changes completed before it asked.
   */
  protected current(): Promise<S> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<S> {
    const run = this.refresh().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async refresh(): Promise<S> {
    const now = this.tuning.now();
    if (this.fresh) {
      // A background rebuild finished: take it, and catch it up from its cursor below.
      this.state = this.fresh;
      this.fresh = undefined;
    }
    const s = this.state;
    if (!s) return (this.state = await this.load());
    if (now - s.loadedAt > this.tuning.reloadMs) this.reloadInBackground();
    if (now - s.checkedAt <= this.tuning.trustMs) {
      const next = await this.changes.findById(seqId(s.cursor + 1)).lean<QueueChange>().exec();
      if (!next) {
        s.checkedAt = now;
        this.checked(s.cursor, now);
        return s;
      }
    }
    const changes = await this.changes
      .find({ _id: { $gt: seqId(s.cursor) } })
      .sort({ _id: 1 })
      .lean<QueueChange[]>()
      .exec();
    // Trimmed past our cursor: changes were missed, so rebuild.
    if (changes.length && seqOf(changes[0]) !== s.cursor + 1) return (this.state = await this.load());
    await this.catchUp(s, changes);
    if (changes.length) s.cursor = seqOf(changes.at(-1)!);
    s.checkedAt = now;
    this.checked(s.cursor, now);
    return s;
  }

  private reloadInBackground(): void {
    if (this.reloading) return;
    this.reloading = true;
    this.load()
      .then((fresh) => {
        // Taken by the next read (reads are serialised), which catches it up from its cursor.
        this.fresh = fresh;
      })
      .catch(() => undefined)
      .finally(() => {
        this.reloading = false;
      });
  }

  /** Reads the log, then the model's documents (build), which applies the log over them: every change up to the log's last seq is in. */
  private async load(): Promise<S> {
    const now = this.tuning.now();
    // The log first: a change is logged after the documents it describes are written, so each logged change is in them by now.
    const log = await this.changes.find({}).sort({ _id: 1 }).lean<QueueChange[]>().exec();
    const state = await this.build(log, { cursor: log.length ? seqOf(log.at(-1)!) : 0, checkedAt: now, loadedAt: now });
    this.checked(state.cursor, now);
    return state;
  }
}
