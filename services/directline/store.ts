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
 * Reads go by primary key only. FerretDB 1.x on SQLite (the embedded default) hands nothing but
 * `_id` equality to SQLite: a query on `conversationId`, or even an `_id` range, decodes the whole
 * collection, which grows with every conversation ever held. (Even an `_id` lookup reads the
 * table row by row inside SQLite, whose `_id` index it does not use; only inserts use that index.)
 * So the latest watermark is found by probing `_id`s (exponential then binary search, usually one
 * lookup when cached), history is fetched id by id, and the last activities this process stored
 * are kept in memory so replaying them to a (re)connecting stream needs no lookup at all; on
 * MongoDB these are cheap point reads anyway. Writes go through the connection's write queue, so
 * activities stored at the same moment share one insert (one SQLite transaction).
 *
 * The store also tells the bot's state storage which conversations this process alone has been
 * writing to (custody, see services/state/custody.ts).
 */
import type { Collection } from 'mongodb';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../database/duplicateKey';
import { WriteQueue, writeQueue } from '../database/writeQueue';
import { registerStateCustody } from '../state/custody';

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

export interface ActivityDoc {
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
/**
 * The last few activities of each conversation this process stored, as the JSON it stored, so a
 * stream that (re)connects or a poll replays them without a lookup each (on FerretDB a lookup by
 * `_id` reads the whole collection). Stored activities never change, so this copy cannot go stale;
 * anything not in it is read from the database. Bounded per conversation and in total.
 */
const RECENT_PER_CONVERSATION = 16;
const RECENT_MAX_CHARS = 2_000_000;
/** The conversation state key botbuilder's ConversationState uses for one of our conversations. */
const CONVERSATION_STATE_KEY = /^directline\/conversations\/([^/]+)\/$/;
let nextCustodyToken = 1;

/** Azure's ids look like `abc123|0000007`; ours follow the same shape. */
export const activityId = (conversationId: string, watermark: number) => `${conversationId}|${String(watermark).padStart(7, '0')}`;

export class DirectLineStore {
  private readonly conversationModel: Model<ConversationDoc>;
  private readonly activityModel: Model<ActivityDoc>;
  // The driver's collections: every read and write here is by _id with documents built here, so
  // mongoose's casting, hydration and per-query bookkeeping would be cost without use.
  private readonly conversations: Collection<ConversationDoc>;
  private readonly activities: Collection<ActivityDoc>;
  private readonly lastWatermark = new Map<string, number>();
  private readonly known = new Map<string, string>(); // conversationId -> userId
  private readonly queues = new Map<string, Promise<void>>();
  /**
   * conversationId -> custody token, for conversations this process started and has stored every
   * activity of so far (see `custodyOf`).
   */
  private readonly custody = new Map<string, number>();
  /** conversationId -> consecutive stored activities (as JSON) starting at watermark `from`. */
  private readonly recent = new Map<string, { from: number; json: string[]; chars: number }>();
  private recentChars = 0;
  private indexed?: Promise<unknown>;
  private readonly writes: WriteQueue;

  constructor(connection: Connection) {
    this.conversationModel =
      (connection.models.DirectLineConversation as Model<ConversationDoc>) ?? connection.model<ConversationDoc>('DirectLineConversation', conversationSchema);
    this.activityModel =
      (connection.models.DirectLineActivity as Model<ActivityDoc>) ?? connection.model<ActivityDoc>('DirectLineActivity', activitySchema);
    this.conversations = this.conversationModel.collection as unknown as Collection<ConversationDoc>;
    this.activities = this.activityModel.collection as unknown as Collection<ActivityDoc>;
    this.writes = writeQueue(connection);
    registerStateCustody(connection, (key) => {
      const m = CONVERSATION_STATE_KEY.exec(key);
      return m ? this.custodyOf(m[1]) : undefined;
    });
  }

  /**
   * A token while this process has stored every activity of the conversation since it started it,
   * so no other process can have taken a turn in it (each turn starts by storing the resident's
   * activity). Custody is lost for good, for that conversation in this process, at the first sign
   * of another writer: a clash on the watermark this process expected to be next, activities it
   * did not store, or having forgotten where the conversation was.
   */
  custodyOf(conversationId: string): number | undefined {
    return this.custody.get(conversationId);
  }

  private ensureIndexes(): Promise<unknown> {
    this.indexed ??= this.activityModel.createIndexes().catch((err) => {
      this.indexed = undefined;
      throw err;
    });
    return this.indexed;
  }

  /** Creates the conversation; false when it already existed (a second start with the same token). */
  async createConversation(conversationId: string, userId: string): Promise<boolean> {
    try {
      await this.writes.insertOne(this.conversations, { _id: conversationId, userId, createdAt: new Date() });
      remember(this.known, conversationId, userId);
      remember(this.lastWatermark, conversationId, -1); // new: nothing to look up
      remember(this.custody, conversationId, nextCustodyToken++);
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
    const doc = await this.conversations.findOne({ _id: conversationId });
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
        const trusted = attempt === 0 && this.lastWatermark.has(conversationId);
        if (!trusted) this.custody.delete(conversationId);
        const watermark = (await this.latestWatermark(conversationId, attempt === 0 ? 'trust-cache' : 'search')) + 1;
        const activity = build(activityId(conversationId, watermark), watermark);
        const json = JSON.stringify(activity);
        try {
          await this.writes.insertOne(this.activities, { _id: docId(conversationId, watermark), conversationId, watermark, json, at: new Date() });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          this.custody.delete(conversationId);
          continue; // another process took this number: read the latest and go after it
        }
        remember(this.lastWatermark, conversationId, watermark);
        this.keepRecent(conversationId, watermark, json);
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
    const docs: Array<Pick<ActivityDoc, 'json' | 'watermark'> | null> = new Array(wanted.length).fill(null);
    const missing: number[] = [];
    const recent = this.recent.get(conversationId);
    wanted.forEach((w, i) => {
      const json = recent && w >= recent.from ? recent.json[w - recent.from] : undefined;
      if (json !== undefined) docs[i] = { json, watermark: w };
      else missing.push(i);
    });
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const i = missing[next++];
        docs[i] = await this.activities.findOne({ _id: docId(conversationId, wanted[i]) }, { projection: { json: 1, watermark: 1 } });
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, missing.length) }, worker));
    return docs.filter((d): d is Pick<ActivityDoc, 'json' | 'watermark'> => d !== null).map((d) => ({ activity: JSON.parse(d.json) as DirectLineActivity, watermark: d.watermark }));
  }

  /** Keeps a just-stored activity in the conversation's recent run (see RECENT_PER_CONVERSATION). */
  private keepRecent(conversationId: string, watermark: number, json: string): void {
    let entry = this.recent.get(conversationId);
    if (entry && entry.from + entry.json.length !== watermark) {
      // Not the next one (another process stored some in between): start a new run here.
      this.recentChars -= entry.chars;
      entry = undefined;
    }
    entry ??= { from: watermark, json: [], chars: 0 };
    entry.json.push(json);
    entry.chars += json.length;
    this.recentChars += json.length;
    while (entry.json.length > RECENT_PER_CONVERSATION) {
      const dropped = entry.json.shift()!;
      entry.from++;
      entry.chars -= dropped.length;
      this.recentChars -= dropped.length;
    }
    this.recent.delete(conversationId); // most recently used last
    this.recent.set(conversationId, entry);
    for (const [id, oldest] of this.recent) {
      if (this.recentChars <= RECENT_MAX_CHARS || id === conversationId) break;
      this.recent.delete(id);
      this.recentChars -= oldest.chars;
    }
  }

  /** Whether an activity is stored at this watermark (one lookup by _id). */
  async hasActivity(conversationId: string, watermark: number): Promise<boolean> {
    return this.exists(conversationId, watermark);
  }

  /** The driver's activity collection, for the cross-instance feed's change stream (./liveFeed.ts). */
  get activityCollection(): Collection<ActivityDoc> {
    return this.activities;
  }

  private async exists(conversationId: string, watermark: number): Promise<boolean> {
    return (await this.activities.findOne({ _id: docId(conversationId, watermark) }, { projection: { _id: 1 } })) !== null;
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
    // What this process has stored since the search started counts as known (its appends go on).
    const known = Math.max(cached ?? -1, this.lastWatermark.get(conversationId) ?? -1);
    if (cached !== undefined && low > known && this.custody.has(conversationId)) {
      // More than this process knows it stored. If one of its own appends is under way this may
      // be that one: leave it to the append, whose next claim clashes if anyone else wrote.
      if (mode !== 'search' && this.queues.has(conversationId)) return low;
      this.custody.delete(conversationId);
    }
    remember(this.lastWatermark, conversationId, Math.max(low, known));
    return Math.max(low, known);
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
