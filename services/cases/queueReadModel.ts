/**
 * The triage queue's read model: every open case's card, held in memory by each process and kept
 * current through an append-only change log in the database.
 *
 * Why: on FerretDB 1.24 (SQLite) every query reads its whole collection and decodes each document
 * in Go unless its filter is exactly `{_id: <string>}`, which SQLite evaluates itself (~2 µs a row).
 * Filtering and sorting ~5,000 open cases there costs ~400 ms whatever the filter; in memory it is
 * about a millisecond. What stays in the database on each read is one `_id` look-up in a small log.
 *
 * How it stays correct with several processes and no compare-and-set:
 *  - A writer first puts the case's card in case_queue (used to rebuild), then appends a change
 *    {seq, ref, version, card | null} to case_queue_changes. The seq is the change's _id, taken by
 *    a unique insert (the one atomic operation FerretDB has): a writer tries the next number after
 *    the highest it knows of and moves on when it is taken. A writer only tries n+1 after seeing n,
 *    so seqs have no holes, except at the old end where the log is trimmed.
 *  - A reader keeps a cursor (every change up to it is applied). Before each read it looks up
 *    change cursor+1 by _id; if present, it reads all changes after the cursor. Changes are applied
 *    by case version (the higher version wins; a closed case leaves a tombstone), so applying a change
 *    twice, or late, or out of order, does no harm.
 *  - The log is trimmed of entries older than `retainMs` (keeping the last `keep`). A look-up that
 *    finds nothing is trusted only within `trustMs` (much less than retainMs) of the reader's last
 *    check; after that the reader reads all changes after its cursor, and if the first is not
 *    cursor+1 (trimmed away) it rebuilds from case_queue.
 *  - Every `reloadMs` the whole model is rebuilt in the background, which bounds the effect of a
 *    change lost to a crash between a command and its log entry (that case's next load repairs it too).
 * This relies on the clocks of the processes agreeing to within (retainMs - trustMs) / 2.
 */
import type { Connection, Model } from 'mongoose';
import { caseQueueChangeModel, caseQueueModel, QueueCard, QueueChange, QueueDoc, toQueueCard, toQueueDoc, toStatsDoc } from '../../models/caseProjections';
import type { CaseRecord } from '../../models/caseRecord';
import { compareQueue } from './queries';
import { isDuplicateKey } from '../database/duplicateKey';
import { ChangeLogReadModel, seqId, seqOf, type ChangeLogTuning, type LogPosition } from './changeLogReadModel';

export { seqId };

export interface QueueReadModelTuning extends ChangeLogTuning {
  /** Log entries younger than this are never trimmed. */
  retainMs: number;
  /** The most recent entries always kept. */
  keep: number;
  /** Every this-many-th writer trims the log. */
  trimEvery: number;
}

export const DEFAULT_QUEUE_TUNING: Readonly<QueueReadModelTuning> = {
  trustMs: 5 * 60_000,
  retainMs: 60 * 60_000,
  keep: 200,
  trimEvery: 50,
  reloadMs: 15 * 60_000,
  now: () => Date.now(),
};

interface State extends LogPosition {
  cards: Map<string, QueueCard>;
  /** The version each case is known at, including cases that left the queue. */
  versions: Map<string, number>;
  sorted?: QueueCard[];
}


export class QueueReadModel extends ChangeLogReadModel<State, QueueReadModelTuning> {
  readonly docs: Model<QueueDoc>;
  /** The highest seq known to exist, and when that was true (for appending). */
  private tail?: { seq: number; at: number };

  constructor(connection: Connection, tuning: Partial<QueueReadModelTuning> = {}) {
    super(caseQueueChangeModel(connection), { ...DEFAULT_QUEUE_TUNING, ...tuning });
    this.docs = caseQueueModel(connection);
  }

  /** Every open case's card, in queue order (due date, then priority, then reference), current as of this call. */
  async sorted(): Promise<readonly QueueCard[]> {
    const state = await this.current();
    state.sorted ??= [...state.cards.values()].sort(compareQueue);
    return state.sorted;
  }

  // ---- writing ---------------------------------------------------------------------------------

  /**
   * Puts the case's card in case_queue, or takes it out once closed, unless what is stored is
   * already from this version or a newer one (a look-up by _id first; see caseStore.saveProjections).
   */
  async put(after: CaseRecord): Promise<void> {
    const id = after._id;
    const stored = await this.docs.findById(id).lean<QueueDoc>().exec();
    if (stored && stored.version > after.version) return;
    if (!after.open) {
      if (stored) await this.docs.collection.deleteOne({ _id: id as never });
      return;
    }
    if (stored && stored.version === after.version) return;
    const doc = toQueueDoc(after);
    const replace = () => this.docs.collection.replaceOne({ _id: id as never }, doc, { upsert: true });
    // Two upserts of a missing document race to insert it; the loser's retry finds it and replaces it.
    await replace().catch((err) => (isDuplicateKey(err) ? replace() : Promise.reject(err)));
  }

  /** Logs the case's change for every process's in-memory queue and statistics (services/reports/statsReadModel.ts); returns its seq. */
  record(after: CaseRecord): Promise<number> {
    return this.append({ ref: after._id, v: after.version, q: after.open ? JSON.stringify(toQueueDoc(after)) : null, s: toStatsDoc(after).f });
  }

  /** The newest version of a case in the log (which holds the last hour at least), if any. */
  async latestVersion(reference: string): Promise<number | undefined> {
    const changes = await this.changes.find({ ref: reference }).lean<QueueChange[]>().exec();
    return changes.reduce<number | undefined>((max, c) => (max === undefined || c.v > max ? c.v : max), undefined);
  }

  private async append(change: Omit<QueueChange, '_id' | 'at'>): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const now = this.tuning.now();
      // An old idea of the tail could point below entries since trimmed: look again first.
      if (!this.tail || now - this.tail.at > this.tuning.trustMs) await this.learnTail(now);
      const seq = this.tail!.seq + 1;
      try {
        await this.changes.collection.insertOne({ _id: seqId(seq), at: new Date(now), ...change } as never);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await this.learnTail(now);
        continue;
      }
      this.tail = { seq, at: now };
      if (seq % this.tuning.trimEvery === 0) await this.trim(seq, now);
      return seq;
    }
    throw new Error('Could not record a queue change: the change log is too busy.');
  }

  private async learnTail(now: number): Promise<void> {
    const from = this.tail?.seq ?? 0;
    const last = await this.changes
      .find({ _id: { $gt: seqId(from) } })
      .sort({ _id: -1 })
      .limit(1)
      .lean<QueueChange[]>()
      .exec();
    this.tail = { seq: last.length ? seqOf(last[0]) : from, at: now };
  }

  private async trim(seq: number, now: number): Promise<void> {
    if (seq <= this.tuning.keep) return;
    await this.changes.collection
      .deleteMany({ _id: { $lte: seqId(seq - this.tuning.keep) } as never, at: { $lt: new Date(now - this.tuning.retainMs) } })
      .catch(() => undefined);
  }

  // ---- reading (kept current by ChangeLogReadModel) ------------------------------------------

  /** Reads case_queue (after the log), and applies the log over it. */
  protected override async build(log: QueueChange[], position: LogPosition): Promise<State> {
    // Read after the log: a change is logged after its card is written, so each logged change is in case_queue by now.
    const docs = await this.docs.find({}).lean<QueueDoc[]>().exec();
    const state: State = { cards: new Map(), versions: new Map(), ...position };
    for (const doc of docs) {
      const card = toQueueCard(doc);
      const known = state.versions.get(card._id);
      if (known !== undefined && known > card.version) continue;
      state.cards.set(card._id, card);
      state.versions.set(card._id, card.version);
    }
    for (const c of log) apply(state, c);
    return state;
  }

  protected override catchUp(state: State, changes: QueueChange[]): void {
    for (const c of changes) apply(state, c);
  }

  /** What the reader learns of the log's tail serves the writer too. */
  protected override checked(seq: number, at: number): void {
    if (!this.tail || seq >= this.tail.seq) this.tail = { seq, at };
  }
}

/** Applies one logged change if it is not older than what the model holds for that case. */
function apply(state: State, change: QueueChange): void {
  const known = state.versions.get(change.ref);
  if (known !== undefined && known > change.v) return;
  state.versions.set(change.ref, change.v);
  if (change.q) state.cards.set(change.ref, toQueueCard(JSON.parse(change.q) as QueueDoc));
  else state.cards.delete(change.ref);
  state.sorted = undefined;
}
