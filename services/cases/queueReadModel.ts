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

export interface QueueReadModelTuning {
  /** How long a look-up that finds no next change is trusted after the last full check. */
  trustMs: number;
  /** Log entries younger than this are never trimmed. */
  retainMs: number;
  /** The most recent entries always kept. */
  keep: number;
  /** Every this-many-th writer trims the log. */
  trimEvery: number;
  /** Rebuild from case_queue after this long (in the background once loaded). */
  reloadMs: number;
  /** Wall clock (ms). */
  now: () => number;
}

export const DEFAULT_QUEUE_TUNING: Readonly<QueueReadModelTuning> = {
  trustMs: 5 * 60_000,
  retainMs: 60 * 60_000,
  keep: 200,
  trimEvery: 50,
  reloadMs: 15 * 60_000,
  now: () => Date.now(),
};

const SEQ_WIDTH = 12;
export const seqId = (n: number) => String(n).padStart(SEQ_WIDTH, '0');
const seqOf = (change: Pick<QueueChange, '_id'>) => Number(change._id);

interface State {
  cards: Map<string, QueueCard>;
  /** The version each case is known at, including cases that left the queue. */
  versions: Map<string, number>;
  /** Every change up to this seq is applied. */
  cursor: number;
  /** When it was last established that no change after the cursor existed. */
  checkedAt: number;
  loadedAt: number;
  sorted?: QueueCard[];
}


export class QueueReadModel {
  readonly docs: Model<QueueDoc>;
  readonly changes: Model<QueueChange>;
  readonly tuning: QueueReadModelTuning;
  private state?: State;
  private running?: Promise<State>;
  private queued?: Promise<State>;
  private reloading = false;
  private fresh?: State;
  /** The highest seq known to exist, and when that was true (for appending). */
  private tail?: { seq: number; at: number };

  constructor(connection: Connection, tuning: Partial<QueueReadModelTuning> = {}) {
    this.docs = caseQueueModel(connection);
    this.changes = caseQueueChangeModel(connection);
    this.tuning = { ...DEFAULT_QUEUE_TUNING, ...tuning };
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

  // ---- reading ---------------------------------------------------------------------------------

  /**
   * The model brought up to date by a check that starts after this call: a caller joins a check
   * in progress only if it has not started yet, so it always sees changes completed before it asked.
   */
  private current(): Promise<State> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<State> {
    const run = this.refresh().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async refresh(): Promise<State> {
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
        this.noteTail(s.cursor, now);
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
    for (const c of changes) apply(s, c);
    if (changes.length) s.cursor = seqOf(changes.at(-1)!);
    s.checkedAt = now;
    this.noteTail(s.cursor, now);
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

  /** Reads the log, then case_queue, and applies the log over it: every change up to the log's last seq is in. */
  private async load(): Promise<State> {
    const now = this.tuning.now();
    // The log first: a change is logged after its card is written, so each logged change is in case_queue by now.
    const log = await this.changes.find({}).sort({ _id: 1 }).lean<QueueChange[]>().exec();
    const docs = await this.docs.find({}).lean<QueueDoc[]>().exec();
    const state: State = { cards: new Map(), versions: new Map(), cursor: log.length ? seqOf(log.at(-1)!) : 0, checkedAt: now, loadedAt: now };
    for (const doc of docs) {
      const card = toQueueCard(doc);
      const known = state.versions.get(card._id);
      if (known !== undefined && known > card.version) continue;
      state.cards.set(card._id, card);
      state.versions.set(card._id, card.version);
    }
    for (const c of log) apply(state, c);
    this.noteTail(state.cursor, now);
    return state;
  }

  private noteTail(seq: number, at: number): void {
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
