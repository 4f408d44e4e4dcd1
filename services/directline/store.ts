/**
 * The self-hosted Direct Line's memory: one document per conversation and one per activity, each
 * activity numbered by a per-conversation watermark (0, 1, 2, ...) so a client can ask for
 * "everything after N" after a reload or a dropped socket.
 *
 * Watermarks are allocated by inserting `<conversationId>|<watermark>` as the primary key: FerretDB
 * 1.x has no atomic compare-and-set update, but a unique-key insert is atomic everywhere, so two
 * writers can never get the same number. Within this process writes to one conversation are also
 * queued, so the common case never collides; across processes the loser re-reads and retries.
 *
 * Activities are kept as JSON text: bots send keys such as `$schema` (Adaptive Cards) that MongoDB
 * field rules would refuse, and nothing a resident typed can be read as a query operator.
 *
 * Reads go by primary key only. FerretDB 1.x on SQLite (the embedded default) uses an index for
 * `_id` equality and nothing else: a query on `conversationId`, or even an `_id` range, reads the
 * whole collection, which grows with every conversation ever held. So the latest watermark is
 * found by probing `_id`s (exponential then binary search, usually one lookup when cached) and
 * history is fetched id by id; on MongoDB these are cheap point reads too.
 */
import { Connection, Model, Schema } from 'mongoose';

export interface DirectLineActivity {
  id: string;
  type: string;
  [key: string]: unknown;
}

interface ConversationDoc {
  _id: string;
  userId: string;
  createdAt: Date;
}

interface ActivityDoc {
  _id: string;
  conversationId: string;
  watermark: number;
  json: string;
  at: Date;
}

const conversationSchema = new Schema<ConversationDoc>(
  { _id: { type: String, required: true }, userId: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'directline_conversations', versionKey: false, autoIndex: false },
);

const docId = (conversationId: string, watermark: number) => `${conversationId}|${watermark}`;

const activitySchema = new Schema<ActivityDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    watermark: { type: Number, required: true },
    json: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'directline_activities', versionKey: false, autoIndex: false },
);
// For MongoDB deployments and people reading the data; the code itself reads by _id only.
activitySchema.index({ conversationId: 1, watermark: 1 });

const MAX_ATTEMPTS = 20;
const CACHE_LIMIT = 10_000;
const READ_CONCURRENCY = 8;

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Azure's ids look like `abc123|0000007`; ours follow the same shape. */
export const activityId = (conversationId: string, watermark: number) => `${conversationId}|${String(watermark).padStart(7, '0')}`;

export class DirectLineStore {
  private readonly conversations: Model<ConversationDoc>;
  private readonly activities: Model<ActivityDoc>;
  private readonly lastWatermark = new Map<string, number>();
  private readonly known = new Map<string, string>(); // conversationId -> userId
  private readonly queues = new Map<string, Promise<void>>();
  private indexed?: Promise<unknown>;

  constructor(connection: Connection) {
    this.conversations =
      (connection.models.DirectLineConversation as Model<ConversationDoc>) ?? connection.model<ConversationDoc>('DirectLineConversation', conversationSchema);
    this.activities =
      (connection.models.DirectLineActivity as Model<ActivityDoc>) ?? connection.model<ActivityDoc>('DirectLineActivity', activitySchema);
  }

  private ensureIndexes(): Promise<unknown> {
    this.indexed ??= this.activities.createIndexes().catch((err) => {
      this.indexed = undefined;
      throw err;
    });
    return this.indexed;
  }

  /** Creates the conversation; false when it already existed (a second start with the same token). */
  async createConversation(conversationId: string, userId: string): Promise<boolean> {
    try {
      await this.conversations.insertMany([{ _id: conversationId, userId, createdAt: new Date() }], { lean: true });
      remember(this.known, conversationId, userId);
      remember(this.lastWatermark, conversationId, -1); // new: nothing to look up
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The conversation's user id, or undefined when no such conversation was started. */
  async conversationUser(conversationId: string): Promise<string | undefined> {
    const cached = this.known.get(conversationId);
    if (cached) return cached;
    const doc = await this.conversations.findById(conversationId).lean().exec();
    if (doc) remember(this.known, conversationId, doc.userId);
    return doc?.userId;
  }

  /**
   * Stores the next activity of a conversation. `build` receives the id and watermark allocated to
   * it, and `after` runs while the conversation is still queued, so listeners see activities in
   * watermark order.
   */
  append(
    conversationId: string,
    build: (id: string, watermark: number) => DirectLineActivity,
    after?: (activity: DirectLineActivity, watermark: number) => void,
  ): Promise<{ activity: DirectLineActivity; watermark: number }> {
    return this.queued(conversationId, async () => {
      await this.ensureIndexes();
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        // First try what this process last wrote; a clash means another process wrote since.
        const watermark = (await this.latestWatermark(conversationId, attempt === 0 ? 'trust-cache' : 'search')) + 1;
        const activity = build(activityId(conversationId, watermark), watermark);
        try {
          // lean: the document is built here already, so mongoose need not hydrate or cast it.
          await this.activities.insertMany(
            [{ _id: docId(conversationId, watermark), conversationId, watermark, json: JSON.stringify(activity), at: new Date() }],
            { lean: true },
          );
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          continue; // another process took this number: read the latest and go after it
        }
        remember(this.lastWatermark, conversationId, watermark);
        after?.(activity, watermark);
        return { activity, watermark };
      }
      throw new Error('Direct Line: could not allocate a watermark under heavy contention');
    });
  }

  /** Activities after `watermark` (-1 for all), oldest first, at most `limit`. */
  async since(conversationId: string, watermark: number, limit = 500): Promise<Array<{ activity: DirectLineActivity; watermark: number }>> {
    const latest = await this.latestWatermark(conversationId, 'verify');
    const wanted: number[] = [];
    for (let w = watermark + 1; w <= latest && wanted.length < limit; w++) wanted.push(w);
    const docs: Array<ActivityDoc | null> = new Array(wanted.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < wanted.length) {
        const i = next++;
        docs[i] = await this.activities.findById(docId(conversationId, wanted[i])).lean().exec();
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, wanted.length) }, worker));
    return docs.filter((d): d is ActivityDoc => d !== null).map((d) => ({ activity: JSON.parse(d.json) as DirectLineActivity, watermark: d.watermark }));
  }

  private async exists(conversationId: string, watermark: number): Promise<boolean> {
    return (await this.activities.exists({ _id: docId(conversationId, watermark) }).exec()) !== null;
  }

  /**
   * The highest watermark stored for a conversation (-1 if none). Watermarks have no gaps (each is
   * allocated by its own insert), so existence is monotonic and can be searched. Starts from what
   * this process last wrote: trusted as is, verified with one lookup, or searched on from.
   */
  private async latestWatermark(conversationId: string, mode: 'trust-cache' | 'verify' | 'search'): Promise<number> {
    const cached = this.lastWatermark.get(conversationId);
    if (cached !== undefined && mode === 'trust-cache') return cached;
    if (cached !== undefined && mode === 'verify' && !(await this.exists(conversationId, cached + 1))) return cached;
    let low = cached ?? -1; // known to exist (or -1: nothing)
    // Exponential search for a missing watermark above `low`, then binary search between them.
    let step = 1;
    let high = low + step;
    while (await this.exists(conversationId, high)) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await this.exists(conversationId, mid)) low = mid;
      else high = mid;
    }
    remember(this.lastWatermark, conversationId, low);
    return low;
  }

  private queued<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }
}

/** A bounded map: the oldest entries go first once it is full. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > CACHE_LIMIT) map.delete(map.keys().next().value as string);
}
