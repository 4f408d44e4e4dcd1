/**
 * Rate limits that hold across every instance of the bot: counted in the database, so two
 * instances behind a load balancer allow what one would, not twice as much. Used where the limit
 * protects something shared (a conversation's turns, the number of chats one address may start);
 * flood guards that protect an instance's own CPU stay in memory (./rateLimit.ts), since a
 * database write per request would make a flood cost more, not less.
 *
 * A sliding-window counter: takes are counted per fixed window of `periodMs`, and a take is
 * allowed while `this window's count + last window's count * (the part of last window still inside
 * the sliding period)` stays within the capacity. That holds a burst across a window boundary
 * about as well as a token bucket does, with nothing to update in place: each take inserts the
 * next slot of its window, `<limit>|<key hash>|<window>|<n>`, and the unique primary key decides
 * between instances (FerretDB 1.x has no atomic compare-and-set, but a unique insert is atomic
 * everywhere). This process remembers how many slots it knows are taken; a clash means another
 * instance took some, and the count is found by probing slots by `_id` (exponential, then binary
 * search), the one lookup FerretDB does by index. Keys are hashed, so no client address is stored.
 * Slots expire with their window's successor; they are deleted in the background.
 *
 * Takes this process has in flight, or allowed without the database, count too: what one process
 * knows is a lower bound on the true count, so a burst from one client is refused at once, before
 * any round trip, once it alone would go over. With the database unreachable or slow a take is
 * allowed (within a short wait) only while this process's own count stays within the capacity:
 * a resident meets the error that says the service is down, not a rate limit, and a flood still
 * meets the limit.
 */
import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../database/duplicateKey';
import { within } from '../database/within';
import { WriteQueue, writeQueue } from '../database/writeQueue';
import type { RateDecision } from './rateLimit';

interface SlotDoc {
  _id: string;
  expiresAt: Date;
}

const COLLECTION = 'rate_limit_slots';
const MEMORY_LIMIT = 20_000;
const WAIT_MS = 2000;
const PURGE_EVERY_MS = 10 * 60_000;
const MAX_ATTEMPTS = 10;

/** Adds to a per-window count, forgetting it at zero and the oldest past a bound. */
function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  counts.delete(key);
  if (n > 0) counts.set(key, n);
  if (counts.size > MEMORY_LIMIT) counts.delete(counts.keys().next().value as string);
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 22);

export class SharedRateLimit {
  private readonly slots: Collection<SlotDoc>;
  private readonly writes: WriteQueue;
  /** `<key hash>|<window>` -> how many of that window's slots are known to be taken. */
  private readonly taken = new Map<string, number>();
  /** Past windows counted from the database after they ended. */
  private readonly settled = new Set<string>();
  /** `<key hash>|<window>` -> takes in flight, and takes allowed while the database could not count them. */
  private readonly inFlight = new Map<string, number>();
  private readonly unrecorded = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private lastPurge = 0;
  private indexed = false;

  constructor(
    connection: Connection,
    /** Names the limit in the slot ids, so limits with the same keys do not share slots. */
    private readonly name: string,
    readonly capacity: number,
    private readonly periodMs: number,
    private readonly onError: (err: Error) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.slots = connection.collection<SlotDoc>(COLLECTION) as unknown as Collection<SlotDoc>;
    this.writes = writeQueue(connection);
  }

  /** One take for `key`: allowed, or refused with the whole seconds until one would be. */
  async take(key: string): Promise<RateDecision> {
    const hash = hashKey(key);
    const now = this.now();
    const window = Math.floor(now / this.periodMs);
    const slot = `${hash}|${window}`;
    const local = (this.taken.get(slot) ?? 0) + (this.inFlight.get(slot) ?? 0) + (this.unrecorded.get(slot) ?? 0);
    const early = this.refusal(local, this.taken.get(`${hash}|${window - 1}`) ?? 0, (now - window * this.periodMs) / this.periodMs);
    if (early) return early;
    bump(this.inFlight, slot, 1);
    let counted = false;
    const work = this.inTurn(hash, () => this.attempt(hash)).then(
      (decision) => ((counted = true), decision),
      (err: Error) => (this.onError(err), undefined),
    );
    try {
      const decision = await within(work, WAIT_MS, undefined);
      if (decision) return decision;
      // Not counted in the database (down, or too slow): allowed, and counted here so a burst still stops.
      if (!counted) bump(this.unrecorded, slot, 1);
      return { ok: true, retryAfterSeconds: 0 };
    } finally {
      bump(this.inFlight, slot, -1);
    }
  }

  /** One key's takes from this process run one after another: concurrent ones would only clash on the same slot. */
  private inTurn<T>(hash: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(hash) ?? Promise.resolve()).then(work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(hash, tail);
    void tail.then(() => {
      if (this.queues.get(hash) === tail) this.queues.delete(hash);
    });
    return run;
  }

  private async attempt(hash: string): Promise<RateDecision> {
    const now = this.now();
    const window = Math.floor(now / this.periodMs);
    const elapsed = (now - window * this.periodMs) / this.periodMs;
    this.maybePurge(now);
    const previous = await this.count(hash, window - 1, false);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.count(hash, window, true);
      const refusal = this.refusal(current, previous, elapsed);
      if (refusal) return refusal;
      try {
        await this.writes.insertOne(this.slots, { _id: this.slotId(hash, window, current), expiresAt: new Date((window + 2) * this.periodMs) });
        this.remember(`${hash}|${window}`, current + 1);
        return { ok: true, retryAfterSeconds: 0 };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another instance took this slot: count again from the database.
        this.remember(`${hash}|${window}`, await this.probe(hash, window, current));
      }
    }
    // Under this much contention the limit is surely reached.
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - elapsed) * this.periodMs) / 1000)) };
  }

  /** Refused when one more take would go over the capacity; with the wait until it would not. */
  private refusal(current: number, previous: number, elapsed: number): RateDecision | undefined {
    if (current + 1 + previous * (1 - elapsed) <= this.capacity) return undefined;
    let waitFraction: number;
    if (current + 1 > this.capacity) {
      // This window is full: the next one, once enough of this one has slid out of the period.
      waitFraction = 1 - elapsed + Math.max(0, 1 - (this.capacity - 1) / current);
    } else {
      // Last window's share must slide out until one more fits.
      waitFraction = Math.max(0, 1 - (this.capacity - 1 - current) / previous - elapsed);
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((waitFraction * this.periodMs) / 1000)) };
  }

  /**
   * How many slots of a window are taken. The current window starts from what this process knows
   * (a clash on insert corrects it); a past window is probed once it is over, then remembered.
   */
  private async count(hash: string, window: number, current: boolean): Promise<number> {
    const key = `${hash}|${window}`;
    const known = this.taken.get(key);
    if (current) return known ?? 0;
    if (known !== undefined && this.settled.has(key)) return known;
    // Counted once the window is over, from what this process took in it (others may have taken more).
    const n = await this.probe(hash, window, known ?? 0);
    this.remember(key, n);
    this.settled.add(key);
    if (this.settled.size > MEMORY_LIMIT) this.settled.delete(this.settled.values().next().value as string);
    return n;
  }

  /** The number of slots taken in a window, knowing at least `from` are: slots are taken in order, with no gaps. */
  private async probe(hash: string, window: number, from: number): Promise<number> {
    const exists = async (n: number) => (await this.slots.findOne({ _id: this.slotId(hash, window, n) }, { projection: { _id: 1 } })) !== null;
    let low = from - 1; // highest known taken (-1: none)
    let step = 1;
    let high = low + step;
    while (high < this.capacity * 2 && (await exists(high))) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await exists(mid)) low = mid;
      else high = mid;
    }
    return low + 1;
  }

  private slotId(hash: string, window: number, n: number): string {
    return `${this.name}|${hash}|${window}|${n}`;
  }

  private remember(key: string, value: number): void {
    this.taken.delete(key);
    this.taken.set(key, value);
    if (this.taken.size > MEMORY_LIMIT) this.taken.delete(this.taken.keys().next().value as string);
  }

  /** Deletes expired slots now and then (and asks MongoDB to, with a TTL index, where it can). */
  private maybePurge(now: number): void {
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    if (!this.indexed) {
      this.indexed = true;
      void this.slots.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }).catch(() => undefined);
    }
    void this.slots.deleteMany({ expiresAt: { $lt: new Date(now) } }).catch((err: Error) => this.onError(err));
  }
}
