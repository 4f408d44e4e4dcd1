/**
 * Group commit for the hot, small writes of every turn (Direct Line activities, conversation-state
 * versions and heads): writes to the same collection that are waiting at the same moment go to
 * the database as one command, and only a few write commands are in flight at once.
 *
 * Why: on the embedded database (FerretDB on SQLite) every write command is its own SQLite
 * transaction, committed with an fsync while holding the database's single write lock, and a
 * writer that finds the lock taken sleeps (1, 2, 5, 10, ... ms) before trying again. Dozens of
 * turns each writing on their own spend most of their time in those sleeps. Batched, the same
 * documents need one transaction per batch and rarely wait for the lock. On MongoDB a batch is
 * simply fewer round trips.
 *
 * Each write still resolves or fails on its own (unordered batches report errors per document,
 * duplicate keys included). Writes in one batch have no order among them, so a caller that needs
 * one write before another waits for the first before queuing the second (as every caller here
 * does: a conversation's activities, a version before its head).
 */
import type { AnyBulkWriteOperation, Collection, Document, Filter, UpdateFilter } from 'mongodb';
import type { Connection } from 'mongoose';

/** At most this many write commands of one connection are at the database at once. */
const DEFAULT_MAX_IN_FLIGHT = 2;
/** At most this many documents or statements in one command. */
const MAX_BATCH = 200;

interface Pending {
  op: AnyBulkWriteOperation<Document>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Group {
  collection: Collection<Document>;
  kind: 'insert' | 'update';
  pending: Pending[];
}

/** A write error for one document of a batch, shaped like the driver's own (`code` 11000 for a duplicate key). */
export class BatchedWriteError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
    this.name = 'BatchedWriteError';
  }
}

export class WriteQueue {
  /** Groups with writes waiting, oldest first. */
  private readonly waiting: Group[] = [];
  private readonly byTarget = new Map<Collection<Document>, { insert?: Group; update?: Group }>();
  private inFlight = 0;

  constructor(private readonly maxInFlight = DEFAULT_MAX_IN_FLIGHT) {}

  insertOne<T extends Document>(collection: Collection<T>, doc: T): Promise<void> {
    return this.enqueue(collection as unknown as Collection<Document>, 'insert', { insertOne: { document: doc } });
  }

  updateOne<T extends Document>(collection: Collection<T>, filter: Filter<T>, update: UpdateFilter<T>, options: { upsert?: boolean } = {}): Promise<void> {
    return this.enqueue(collection as unknown as Collection<Document>, 'update', {
      updateOne: { filter: filter as Filter<Document>, update: update as UpdateFilter<Document>, upsert: options.upsert },
    });
  }

  private enqueue(collection: Collection<Document>, kind: Group['kind'], op: AnyBulkWriteOperation<Document>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let groups = this.byTarget.get(collection);
      if (!groups) this.byTarget.set(collection, (groups = {}));
      let group = groups[kind];
      if (!group) {
        group = groups[kind] = { collection, kind, pending: [] };
        this.waiting.push(group);
      }
      group.pending.push({ op, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting[0];
      const batch = group.pending.splice(0, MAX_BATCH);
      if (group.pending.length === 0) {
        this.waiting.shift();
        const groups = this.byTarget.get(group.collection)!;
        delete groups[group.kind];
        if (!groups.insert && !groups.update) this.byTarget.delete(group.collection);
      }
      this.inFlight++;
      void this.send(group, batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async send(group: Group, batch: Pending[]): Promise<void> {
    try {
      if (batch.length === 1) {
        // One write: the plain command, and the driver's own error as it is.
        const { op } = batch[0];
        if ('insertOne' in op) await group.collection.insertOne(op.insertOne.document);
        else if ('updateOne' in op) await group.collection.updateOne(op.updateOne.filter, op.updateOne.update, { upsert: op.updateOne.upsert });
        batch[0].resolve();
        return;
      }
      if (group.kind === 'insert') {
        await group.collection.insertMany(
          batch.map((p) => (p.op as { insertOne: { document: Document } }).insertOne.document),
          { ordered: false },
        );
      } else {
        await group.collection.bulkWrite(
          batch.map((p) => p.op),
          { ordered: false },
        );
      }
      for (const p of batch) p.resolve();
    } catch (err) {
      const perDocument = (err as { writeErrors?: unknown }).writeErrors;
      if (batch.length === 1 || !perDocument) {
        for (const p of batch) p.reject(err);
        return;
      }
      const failed = new Map<number, { errmsg?: string; code?: number }>();
      for (const we of Array.isArray(perDocument) ? perDocument : [perDocument]) {
        const e = we as { index: number; errmsg?: string; code?: number; err?: { errmsg?: string; code?: number } };
        failed.set(e.index, { errmsg: e.errmsg ?? e.err?.errmsg, code: e.code ?? e.err?.code });
      }
      batch.forEach((p, i) => {
        const f = failed.get(i);
        if (f) p.reject(new BatchedWriteError(f.errmsg ?? 'write failed', f.code));
        else p.resolve();
      });
    }
  }
}

const queues = new WeakMap<Connection, WriteQueue>();

/** The connection's shared write queue. */
export function writeQueue(connection: Connection): WriteQueue {
  let q = queues.get(connection);
  if (!q) queues.set(connection, (q = new WriteQueue(DEFAULT_MAX_IN_FLIGHT)));
  return q;
}
