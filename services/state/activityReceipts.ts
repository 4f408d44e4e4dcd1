/**
 * Activities already taken: a channel that did not see our answer in time sends the same activity
 * (same id) again, and it must not be handled twice (a second case, a second message to staff).
 * One unique insert per activity, so it holds across instances sharing the database; receipts are
 * kept for a window and then purged.
 */
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../database/duplicateKey';
import { within } from '../database/within';

export const RECEIPT_WINDOW_MS = 24 * 3_600_000;

export class ActivityReceipts {
  constructor(private readonly connection: Connection) {}

  private get collection() {
    if (!this.connection.db) throw new Error('database not connected');
    return this.connection.db.collection<{ _id: string; at: Date }>('activity_receipts');
  }

  /**
   * True the first time this activity is seen; false for a redelivery within the window. A
   * database that does not answer within `timeoutMs` counts as a first delivery: the turn then
   * meets the same database and tells the resident to try again, rather than dropping the message.
   */
  async firstDelivery(channelId: string, conversationId: string, activityId: string, timeoutMs = 5000): Promise<boolean> {
    const insert = this.collection.insertOne({ _id: `${channelId}|${conversationId}|${activityId}`, at: new Date() }).then(
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
