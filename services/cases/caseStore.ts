/**
 * Storage for cases and their timelines, built on the one atomic operation FerretDB 1.x has:
 * an insert against a unique key. A command wins by inserting timeline event n+1 (primary key
 * "<reference>#<n+1>"); only then does it update the case snapshot. Updates are not
 * compare-and-set there, so the snapshot is treated as a cache of the timeline: reading a case
 * applies any events newer than the snapshot (left behind by a crash or a slow writer).
 *
 * FerretDB 1.24 on SQLite scans a collection for every query: it creates its indexes on
 * `_ferretdb_sjson->"_id"` but queries with `->'$._id'`, so SQLite never uses them. A filter that is
 * exactly `{_id: <string>}` is at least evaluated inside SQLite (~2 µs a row); any other filter, a
 * range or `$in` on _id included, and every sort, decodes each document in Go (20-150 µs each,
 * more with more fields). So the normal path here only ever looks documents up by _id; lookups on
 * other fields (a commandId) happen only on the rare error path, and lists are served from small
 * read models (models/caseProjections.ts): the queue from memory (queueReadModel.ts), reports
 * from one compact document per case and quarter.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Connection, Model } from 'mongoose';
import { caseStatsModel, quartersOf, statsDocVersion, type StatsDoc, toStatsDoc } from '../../models/caseProjections';
import { CaseRecord, caseModel } from '../../models/caseRecord';
import { caseReferenceModel } from '../../models/caseReference';
import { eventId, TimelineEventDoc, timelineEventModel } from '../../models/timelineEvent';
import { QueueReadModel } from './queueReadModel';
import { isDuplicateKey } from '../database/duplicateKey';

export { isDuplicateKey } from '../database/duplicateKey';

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
  /** The open cases, in memory and kept current (see queueReadModel.ts). */
  readonly queue: QueueReadModel;
  private indexed?: Promise<void>;

  constructor(readonly connection: Connection) {
    this.cases = caseModel(connection);
    this.events = timelineEventModel(connection);
    this.queue = new QueueReadModel(connection);
  }

  ensureIndexes(): Promise<void> {
    this.indexed ??= Promise.all([
      this.cases.createIndexes(),
      this.events.createIndexes(),
      this.queue.docs.createIndexes(),
      this.queue.changes.createIndexes(),
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

  /**
   * Brings the queue and the per-quarter statistics in line with the case, then logs the change
   * for every process's in-memory queue (queueReadModel.ts).
   *
   * Each document is keyed by the case and not overwritten with an older version (a look-up by
   * _id first). Updates are not compare-and-set, so a slower writer of version n could still land
   * after the writer of n+1; the log settles it: after logging, a writer that finds a newer version
   * logged projects the case's current state again, and one that finds none checks its documents
   * again and rewrites any a slower writer put back. Between two writers either the older sees the
   * newer's log entry, or the newer's check comes after the older's write, so one of them repairs it.
   */
  async saveProjections(before: CaseRecord | null, after: CaseRecord, repairs = 0): Promise<void> {
    await this.putProjections(before, after);
    await this.queue.record(after);
    const latest = await this.queue.latestVersion(after._id);
    if (latest !== undefined && latest > after.version) {
      const current = repairs < 3 ? await this.load(after._id) : null;
      if (current && current.version > after.version) await this.saveProjections(after, current, repairs + 1);
      return;
    }
    await this.putProjections(before, after);
  }

  private async putProjections(before: CaseRecord | null, after: CaseRecord): Promise<void> {
    const quarters = quartersOf(after);
    const doc = toStatsDoc(after);
    const work: Promise<unknown>[] = [this.queue.put(after)];
    for (const q of quarters) work.push(this.putStats(q, after._id, after.version, doc));
    for (const q of before ? quartersOf(before) : []) {
      if (!quarters.includes(q)) work.push(this.putStats(q, after._id, after.version, null));
    }
    await Promise.all(work);
  }

  private async putStats(quarter: string, id: string, version: number, doc: StatsDoc | null): Promise<void> {
    const stats = caseStatsModel(this.connection, quarter);
    const stored = await stats.findById(id).lean<StatsDoc>().exec();
    const storedVersion = stored ? statsDocVersion(stored) : 0;
    if (storedVersion > version) return;
    if (!doc) {
      if (stored) await stats.collection.deleteOne({ _id: id as never });
      return;
    }
    if (storedVersion === version) return;
    const replace = () => stats.collection.replaceOne({ _id: id as never }, doc, { upsert: true });
    await replace().catch((err) => (isDuplicateKey(err) ? replace() : Promise.reject(err)));
  }

  /** Cases matching a filter built by queries.ts, newest first, with only the fields asked for. */
  newestMatching(filter: Record<string, unknown>, fields: string, limit: number): Promise<CaseRecord[]> {
    return this.cases.find(filter).sort({ receivedAt: -1 }).limit(limit).select(fields).lean<CaseRecord[]>().exec();
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

  /**
   * Replaces each timeline entry's personal parts with what `scrub` returns (anonymising keeps
   * the entries, so the figures stay true). Raw updates: an event is otherwise never rewritten.
   */
  async rewriteTimeline(reference: string, scrub: (event: TimelineEventDoc) => Partial<TimelineEventDoc>): Promise<void> {
    const events = await this.timeline(reference);
    await Promise.all(events.map((e) => this.events.collection.updateOne({ _id: e._id as never }, { $set: scrub(e) })));
  }
}
