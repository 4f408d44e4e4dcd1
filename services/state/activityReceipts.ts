/**
 * Activities already taken: a channel that did not see our answer in time sends the same activity
 * (same id) again, and it must not be handled twice (a second case, a second message to staff).
 * One unique insert per activity, so it holds across instances sharing the database; receipts are
 * kept for a window and then purged. The inserts go through the connection's write queue (group
 * commit): every turn makes one, and on the embedded database each lone insert is a transaction of
 * its own behind SQLite's single write lock.
 */
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../database/duplicateKey';
import { within } from '../database/within';
import { writeQueue } from '../database/writeQueue';

export const RECEIPT_WINDOW_MS = 24 * 3_600_000;

export class ActivityReceipts {
  constructor(private readonly connection: Connection) {}

  private cached?: Collection<{ _id: string; at: Date }>;

  /** One collection object, so the write queue sees one target and batches its inserts together. */
  private get collection(): Collection<{ _id: string; at: Date }> {
    if (!this.connection.db) throw new Error('database not connected');
    return (this.cached ??= this.connection.db.collection<{ _id: string; at: Date }>('activity_receipts'));
  }

  /**
   * True the first time this activity is seen; false for a redelivery within the window. A
   * database that does not answer within `timeoutMs` counts as a first delivery: the turn then
   * meets the same database and tells the resident to try again, rather than dropping the message.
   */
  async firstDelivery(channelId: string, conversationId: string, activityId: string, timeoutMs = 5000): Promise<boolean> {
    const insert = writeQueue(this.connection).insertOne(this.collection, { _id: `${channelId}|${conversationId}|${activityId}`, at: new Date() }).then(
      () => true,
      (err: unknown) => {
        if (isDuplicateKey(err)) return false;
        return true;
      },
    );
    return within(insert, timeoutMs, true);
  }

  async purgeOlderThan(ms = RECEIPT_WINDOW_MS): Promise<void> {
    await this.collection.deleteMany({ at: { $lt: new Date(Date.now() - ms) } });
  }
}
