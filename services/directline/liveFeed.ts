/**
 * The cross-instance part of live delivery: activities another instance stores for a conversation
 * whose stream this instance holds are published to this instance's hub, so several instances can
 * sit behind a load balancer with no sticky sessions (a resident's stream on A, their message or a
 * staff reply handled by B).
 *
 * Two ways, chosen at startup and logged:
 * - change streams, where the database has them (a MongoDB replica set or sharded cluster, Atlas,
 *   Cosmos DB): one watch on the activity collection, each insert published as it happens;
 * - polling, where it does not (FerretDB, the embedded default): for each conversation with a
 *   stream here, a lookup of the next watermark by `_id`, at most POLL_BUDGET lookups every
 *   POLL_INTERVAL_MS, in turn, so the cost is bounded however many streams are open (delivery
 *   within about a second up to POLL_BUDGET * 1000 / POLL_INTERVAL_MS streams, slower beyond).
 * Either way the activity store stays the single source of truth: a stream fills any gap from it,
 * so a change missed while a change stream reconnects comes with the next one, and a poll pass is
 * run after each reconnect.
 *
 * Typing indicators are not stored, so they show only on the instance that ran the turn.
 */
import type { ChangeStream, ChangeStreamInsertDocument } from 'mongodb';
import type { Logger } from 'pino';
import type { DirectLineHub } from './hub';
import type { ActivityDoc, DirectLineActivity, DirectLineStore } from './store';

export type LiveFeedMode = 'auto' | 'change-streams' | 'polling' | 'off';

const POLL_INTERVAL_MS = 250;
const POLL_BUDGET = 50;
const POLL_CONCURRENCY = 4;
const PROBE_TIMEOUT_MS = 3000;
const REOPEN_AFTER_MS = 1000;

export interface LiveFeed {
  readonly mode: 'change-streams' | 'polling' | 'off';
  stop(): Promise<void>;
}

export interface LiveFeedOptions {
  store: DirectLineStore;
  hub: DirectLineHub;
  logger: Logger;
  mode: LiveFeedMode;
  pollIntervalMs?: number;
}

/** Starts the feed: change streams if asked for or (auto) if the database has them, else polling. */
export async function startLiveFeed(opts: LiveFeedOptions): Promise<LiveFeed> {
  const { logger } = opts;
  if (opts.mode === 'off') {
    logger.info('direct line live delivery: this instance only (DIRECTLINE_LIVE_FEED=off); run one instance');
    return { mode: 'off', stop: async () => undefined };
  }
  const poller = new WatermarkPoller(opts);
  if (opts.mode !== 'polling') {
    const watcher = await ChangeStreamFeed.open(opts, poller).catch((err: Error) => {
      if (opts.mode === 'change-streams') throw new Error(`DIRECTLINE_LIVE_FEED=change-streams, but the database has no change streams: ${err.message}`);
      return undefined;
    });
    if (watcher) {
      logger.info('direct line live delivery across instances: change streams on the activity store');
      return watcher;
    }
  }
  poller.start();
  logger.info({ everyMs: poller.intervalMs, lookupsPerRound: POLL_BUDGET }, 'direct line live delivery across instances: polling the activity store by watermark (this database has no change streams)');
  return poller;
}

/** Bounded polling of the activity store by watermark, for the conversations with a stream here. */
class WatermarkPoller implements LiveFeed {
  readonly mode = 'polling' as const;
  readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Where the last round stopped, so every conversation gets its turn when there are more than POLL_BUDGET. */
  private cursor = 0;
  private warnedAt = 0;

  constructor(private readonly opts: LiveFeedOptions) {
    this.intervalMs = opts.pollIntervalMs ?? POLL_INTERVAL_MS;
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.round()
        .catch((err: Error) => {
          // Once a minute at most: with the database down every round fails.
          if (Date.now() - this.warnedAt < 60_000) return;
          this.warnedAt = Date.now();
          this.opts.logger.warn({ err: err.message }, 'direct line live delivery: a polling round failed');
        })
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, this.intervalMs).unref();
  }

  /** One round: the next watermark of up to POLL_BUDGET watched conversations; what is there is published. */
  async round(budget = POLL_BUDGET): Promise<void> {
    const watched = this.opts.hub.watched();
    if (watched.length === 0) return;
    const count = Math.min(budget, watched.length);
    const batch = Array.from({ length: count }, (_, i) => watched[(this.cursor + i) % watched.length]);
    this.cursor = (this.cursor + count) % watched.length;
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const [conversationId, watermark] = batch[next++];
        await this.check(conversationId, watermark);
      }
    };
    await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, batch.length) }, worker));
  }

  private async check(conversationId: string, watermark: number): Promise<void> {
    const { store, hub } = this.opts;
    if (!(await store.hasActivity(conversationId, watermark + 1))) return;
    for (const row of await store.since(conversationId, watermark, 200)) hub.publish(conversationId, row.activity, row.watermark);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

/** One change stream on the activity collection; each insert for a watched conversation is published. */
class ChangeStreamFeed implements LiveFeed {
  readonly mode = 'change-streams' as const;
  private stream?: ChangeStream<ActivityDoc, ChangeStreamInsertDocument<ActivityDoc>>;
  private resumeToken?: unknown;
  private stopped = false;
  private reopenTimer?: NodeJS.Timeout;

  private constructor(
    private readonly opts: LiveFeedOptions,
    private readonly poller: WatermarkPoller,
  ) {}

  /** Opens the stream and waits for the database to accept it (FerretDB refuses `$changeStream`). */
  static async open(opts: LiveFeedOptions, poller: WatermarkPoller): Promise<ChangeStreamFeed> {
    const feed = new ChangeStreamFeed(opts, poller);
    await feed.connect(true);
    return feed;
  }

  private async connect(probe: boolean): Promise<void> {
    const stream = this.opts.store.activityCollection.watch<ActivityDoc, ChangeStreamInsertDocument<ActivityDoc>>([{ $match: { operationType: 'insert' } }], {
      maxAwaitTimeMS: 500,
      ...(this.resumeToken ? { resumeAfter: this.resumeToken } : {}),
    });
    if (probe) {
      // The aggregate is sent on the first read: a database without change streams fails it here.
      let timer: NodeJS.Timeout | undefined;
      try {
        const first = await Promise.race([
          stream.tryNext(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer to $changeStream')), PROBE_TIMEOUT_MS))),
        ]);
        if (first) this.deliver(first);
      } catch (err) {
        await stream.close().catch(() => undefined);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    }
    this.stream = stream;
    void this.follow(stream);
  }

  /** Reads the stream until it fails or is closed (iterator mode: the driver resumes by itself where it can). */
  private async follow(stream: ChangeStream<ActivityDoc, ChangeStreamInsertDocument<ActivityDoc>>): Promise<void> {
    try {
      while (!this.stopped && !stream.closed) {
        const change = await stream.tryNext();
        if (change) this.deliver(change);
      }
    } catch (err) {
      if (this.stopped) return;
      this.opts.logger.warn({ err: (err as Error).message }, 'direct line live delivery: the change stream failed; reopening');
      await stream.close().catch(() => undefined);
      this.reopenTimer = setTimeout(() => void this.reopen(), REOPEN_AFTER_MS).unref();
    }
  }

  private async reopen(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connect(false);
      // Anything stored while the stream was down (if it could not resume) is found by one full poll.
      await this.poller.round(Number.MAX_SAFE_INTEGER);
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'direct line live delivery: could not reopen the change stream; trying again');
      this.resumeToken = undefined; // a token the server no longer has would fail every time
      this.reopenTimer = setTimeout(() => void this.reopen(), REOPEN_AFTER_MS * 5).unref();
    }
  }

  private deliver(change: ChangeStreamInsertDocument<ActivityDoc>): void {
    this.resumeToken = change._id;
    const doc = change.fullDocument;
    if (!doc || !this.opts.hub.isWatched(doc.conversationId)) return;
    let activity: DirectLineActivity;
    try {
      activity = JSON.parse(doc.json) as DirectLineActivity;
    } catch {
      return;
    }
    this.opts.hub.publish(doc.conversationId, activity, doc.watermark);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reopenTimer);
    await this.stream?.close().catch(() => undefined);
  }
}
