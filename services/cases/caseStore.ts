/**
 * Storage for cases and their timelines, built on the one atomic operation FerretDB 1.x has:
 * an insert against a unique key. A command wins by inserting timeline event n+1 (primary key
 * "<reference>#<n+1>"); only then does it update the case snapshot. Updates are not
 * compare-and-set there, so the snapshot is treated as a cache of the timeline: reading a case
 * applies any events newer than the snapshot (left behind by a crash or a slow writer).
 *
 * FerretDB 1.24 on SQLite scans a collection for every query (its SQL never matches its own
 * indexes; only _id filters are at least evaluated inside SQLite). So the normal path here
 * only ever looks documents up by _id; lookups on other fields (a commandId) happen only on the
 * rare error path, and lists are served from small read models (models/caseProjections.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Connection, Model } from 'mongoose';
import { caseQueueModel, caseStatsModel, QueueEntry, quartersOf, toQueueEntry, toStatsEntry } from '../../models/caseProjections';
import { CaseRecord, caseModel } from '../../models/caseRecord';
import { caseReferenceModel } from '../../models/caseReference';
import { eventId, TimelineEventDoc, timelineEventModel } from '../../models/timelineEvent';

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Top-level fields that differ between two versions of a case. */
export function changedFields(before: CaseRecord, after: CaseRecord): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof CaseRecord)[]) {
    if (!isDeepStrictEqual(before[key], after[key])) set[key] = after[key];
  }
  return set;
}

export class CaseStore {
  readonly cases: Model<CaseRecord>;
  readonly events: Model<TimelineEventDoc>;
  readonly queue: Model<QueueEntry>;
  private indexed?: Promise<void>;

  constructor(readonly connection: Connection) {
    this.cases = caseModel(connection);
    this.events = timelineEventModel(connection);
    this.queue = caseQueueModel(connection);
  }

  ensureIndexes(): Promise<void> {
    this.indexed ??= Promise.all([
      this.cases.createIndexes(),
      this.events.createIndexes(),
      this.queue.createIndexes(),
      caseReferenceModel(this.connection).createIndexes(),
    ]).then(
      () => undefined,
      (err) => {
        this.indexed = undefined;
        throw err;
      },
    );
    return this.indexed;
  }

  event(reference: string, seq: number): Promise<TimelineEventDoc | null> {
    return this.events.findById(eventId(reference, seq)).lean<TimelineEventDoc>().exec();
  }

  /** The case brought up to date with its timeline, or null. */
  async load(reference: string): Promise<CaseRecord | null> {
    const doc = await this.cases.findById(reference).lean<CaseRecord>().exec();
    if (!doc) return null;
    let record = doc;
    for (let next = await this.event(reference, doc.version + 1); next; next = await this.event(reference, next.seq + 1)) {
      record = { ...record, ...(next.set ?? {}), version: next.seq } as CaseRecord;
    }
    if (record !== doc) {
      // Best effort: the next reader would repair it again anyway.
      await this.saveSnapshot(reference, changedFields(doc, record)).catch(() => undefined);
      await this.saveProjections(doc, record).catch(() => undefined);
    }
    return record;
  }

  /** Inserts a new case; false if one with this reference already exists (a retried open). */
  async insertCase(record: CaseRecord): Promise<boolean> {
    try {
      await this.cases.collection.insertOne({ ...record } as never);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Appends an event; false when its seq or its commandId is already taken. */
  async append(event: TimelineEventDoc): Promise<boolean> {
    try {
      await this.events.collection.insertOne({ ...event, _id: eventId(event.caseId, event.seq) } as never);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async saveSnapshot(reference: string, set: Record<string, unknown>): Promise<void> {
    if (Object.keys(set).length) await this.cases.collection.updateOne({ _id: reference as never }, { $set: set });
  }

  /** Brings the queue entry and the per-quarter statistics in line with the case. */
  async saveProjections(before: CaseRecord | null, after: CaseRecord): Promise<void> {
    const id = after._id as never;
    const work: Promise<unknown>[] = [];
    if (after.open) work.push(this.queue.collection.replaceOne({ _id: id }, toQueueEntry(after), { upsert: true }));
    else if (!before || before.open) work.push(this.queue.collection.deleteOne({ _id: id }));
    const quarters = quartersOf(after);
    const entry = toStatsEntry(after);
    for (const q of quarters) work.push(caseStatsModel(this.connection, q).collection.replaceOne({ _id: id }, entry, { upsert: true }));
    for (const q of before ? quartersOf(before) : []) {
      if (!quarters.includes(q)) work.push(caseStatsModel(this.connection, q).collection.deleteOne({ _id: id }));
    }
    await Promise.all(work);
  }

  /** Slow on FerretDB (a scan): used only when a command may be a retry. */
  findCommand(commandId: string): Promise<TimelineEventDoc | null> {
    return this.events.findOne({ commandId }).lean<TimelineEventDoc>().exec();
  }

  /** The timeline in order, read by primary key (seq 1 … the case's version). */
  async timeline(reference: string): Promise<TimelineEventDoc[]> {
    const record = await this.load(reference);
    if (!record) return [];
    const events = await Promise.all(Array.from({ length: record.version }, (_, i) => this.event(reference, i + 1)));
    return events.filter((e): e is TimelineEventDoc => e !== null);
  }
}
