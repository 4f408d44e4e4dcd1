/**
 * A botbuilder `Storage` on MongoDB with eTag optimistic concurrency: a write carrying an eTag is
 * applied only if the stored item still has that eTag; `*` or no eTag writes unconditionally (last
 * writer wins). Each write inserts the next version of the item, so the database's unique primary
 * key decides between concurrent writers on any MongoDB, FerretDB 1.x included.
 *
 * Where things are: every version is a document `<key>#<version>` in `bot_state` (the claims);
 * the current version of each key is copied into its head in `bot_state_heads` (`_id` the key),
 * so a read is a single _id lookup.
 *
 * Cost model (FerretDB 1.24 on SQLite, the embedded default): lookups, updates and deletes by `_id`
 * use the `_id` index only with the build patch in scripts/ensure-ferretdb.sh (an unpatched or
 * older binary scans the table for each), anything else scans, and each write command is a
 * transaction of its own behind SQLite's single write lock. Hence:
 * - the heads, updated every turn, are kept apart from the versions (which are only ever inserted
 *   on the way of a turn), so an update reads one row per key, not every version ever written;
 * - a turn reads the head when it starts, and inserts a version and updates the head when it ends.
 *   The version a write claims comes from what this process saw moments before (the turn's own
 *   read, or its last write) instead of a second read; the insert still decides, and a clash falls
 *   back to reading the head;
 * - not even that read when this process is known to be the key's only writer (./custody.ts):
 *   what it wrote last is then what it would read, and it is kept in memory;
 * - inserts and head updates go through the connection's write queue (group commit);
 * - old versions are deleted from what this process knows it wrote, in batches, instead of being
 *   looked up one by one.
 * On MongoDB all of these are plain indexed point operations.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { Collection, ObjectId } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import { BotStateItem, botStateItemModel, versionId } from '../../models/botStateItem';
import { isDuplicateKey } from '../database/duplicateKey';
import { WriteQueue, writeQueue } from '../database/writeQueue';
import { custodyOf } from './custody';

/** The current version of a key (`_id` is the key itself). */
interface HeadDoc {
  _id: string | ObjectId;
  version: number;
  eTag: string;
  data: string;
  writtenAt: Date;
}

const HEADS_COLLECTION = 'bot_state_heads';

/**
 * Marks the heads collection as holding every head, once heads stored the earlier way (as
 * `<key>#head` in bot_state) have been copied over. Keys are strings, so an ObjectId never clashes
 * with one.
 */
const HEADS_MOVED_MARKER = new ObjectId('000000000000000000000001');

export class ETagConflictError extends Error {
  constructor(public readonly key: string) {
    super(`Storage: the item "${key}" was changed by someone else (eTag conflict); read it again and retry.`);
    this.name = 'ETagConflictError';
  }
}

const MAX_KEY_LENGTH = 1024;
const UNCONDITIONAL_RETRIES = 20;
/** Older versions are removed only once they are this old, so no writer still holds them. */
const PRUNE_AFTER_MS = 60_000;
/**
 * How long the version this process last saw of a key is used as the base of its next claim
 * without reading the head again. Well inside PRUNE_AFTER_MS: the slot claimed next can only
 * have been removed by a prune if it was written more than PRUNE_AFTER_MS ago, so while it is
 * this fresh a successful claim really is the next version.
 */
const TRUST_SEEN_MS = 15_000;
/** Keys remembered (what was seen, which old versions to remove); the oldest are forgotten first. */
const MEMORY_LIMIT = 10_000;
/** Items kept as last written, for keys in this process's custody (about 1-2 KB each). */
const WRITTEN_COPIES = 2_000;
/** How often old versions are removed, and at most how many in one delete. */
const SWEEP_EVERY_MS = 30_000;
const SWEEP_BATCH = 500;
/** From this many versions to remove, one `$in` delete is cheaper than one delete each. */
const SWEEP_IN_FROM = 6;

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError('Storage: keys must be non-empty strings of at most 1024 characters');
  }
  return key;
}

/** A bounded map: the least recently set entries go first once it is full. */
function remember<V>(map: Map<string, V>, key: string, value: V, limit = MEMORY_LIMIT): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as string);
}

interface WrittenCopy {
  token: number;
  version: number;
  eTag: string;
  data: string;
}

const writtenCopies = new WeakMap<Connection, Map<string, WrittenCopy>>();

export class MongoStorage implements Storage {
  private readonly model: Model<BotStateItem>;
  /** The driver's collection: point reads and writes need none of mongoose's casting or hydration. */
  private readonly items: Collection<BotStateItem>;
  private readonly heads: Collection<HeadDoc>;
  private ready?: Promise<unknown>;
  /** Per key: the latest version this process saw (read or wrote), and when (monotonic ms). */
  private readonly seen = new Map<string, { version: number; at: number }>();
  /** Per key: versions this process wrote that are still stored, with when they were written (epoch ms). */
  private readonly written = new Map<string, Array<{ version: number; writtenAt: number }>>();
  /**
   * Per key in this process's custody: the item as this process last wrote it, with the custody
   * token it was written under. Served instead of a database read while that custody lasts.
   * Shared by every MongoStorage on the connection, so none can serve what another has replaced.
   */
  private readonly lastWritten: Map<string, WrittenCopy>;
  private sweeper?: NodeJS.Timeout;
  private readonly writes: WriteQueue;
  private sweeping?: Promise<void>;

  /**
   * How long a turn waits for the database before it gives up and the resident is told to try
   * again (see bot/adapter.ts): a stalled server must not leave them looking at nothing. What was
   * saved before stays saved.
   */
  operationTimeoutMs = 5000;

  private bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(this.operationTimeoutMs)), this.operationTimeoutMs);
    });
    work.catch(() => undefined); // a late failure after the timeout is not unhandled
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  constructor(private readonly connection: Connection) {
    this.model = botStateItemModel(connection);
    this.items = this.model.collection as unknown as Collection<BotStateItem>;
    this.heads = connection.collection(HEADS_COLLECTION) as unknown as Collection<HeadDoc>;
    this.writes = writeQueue(connection);
    let copies = writtenCopies.get(connection);
    if (!copies) writtenCopies.set(connection, (copies = new Map()));
    this.lastWritten = copies;
  }

  /** Indexes, and heads stored the earlier way moved over, once per process before first use. */
  private ensureReady(): Promise<unknown> {
    this.ready ??= Promise.all([this.model.createIndexes(), this.moveLegacyHeads()]).catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  /**
   * Earlier versions kept each head in bot_state as `<key>#head`. Copies those into the heads
   * collection (never over a head already there, which is newer), marks it done, then removes
   * them. Runs until the marker is there; later starts only look for the marker.
   */
  private async moveLegacyHeads(): Promise<void> {
    if (await this.heads.findOne({ _id: HEADS_MOVED_MARKER }, { projection: { _id: 1 } })) return;
    const legacy = await this.items.find({ _id: { $regex: /#head$/ } }).toArray();
    for (const doc of legacy) {
      await this.heads
        .insertOne({ _id: doc.key, version: doc.version, eTag: doc.eTag, data: doc.data, writtenAt: doc.writtenAt })
        .catch((err) => {
          if (!isDuplicateKey(err)) throw err;
        });
    }
    await this.heads.insertOne({ _id: HEADS_MOVED_MARKER, version: 0, eTag: '', data: '{}', writtenAt: new Date() }).catch((err) => {
      if (!isDuplicateKey(err)) throw err;
    });
    if (legacy.length > 0) await this.items.deleteMany({ _id: { $in: legacy.map((d) => d._id) } });
  }

  private saw(key: string, version: number): void {
    remember(this.seen, key, { version, at: performance.now() });
  }

  /** The version to claim after, if this process saw the key recently enough to trust it. */
  private trustedVersion(key: string): number | undefined {
    const s = this.seen.get(key);
    return s && performance.now() - s.at < TRUST_SEEN_MS ? s.version : undefined;
  }

  /**
   * The current version of each key, read by _id only: FerretDB 1.x pushes down nothing else, so
   * any other filter would decode the whole collection on every turn.
   */
  private async latest(keys: string[]): Promise<Map<string, HeadDoc>> {
    // One equality lookup per key: FerretDB pushes down `{_id: value}` and nothing else (not $in).
    const docs = await Promise.all(keys.map((k) => this.heads.findOne({ _id: k })));
    const out = new Map<string, HeadDoc>();
    keys.forEach((k, i) => {
      const doc = docs[i];
      this.saw(k, doc?.version ?? 0);
      if (doc) out.set(k, doc);
    });
    return out;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('Storage: keys must be an array');
    if (keys.length === 0) return {};
    const out: StoreItems = {};
    const toRead: string[] = [];
    for (const key of keys.map(checkKey)) {
      const copy = this.lastWritten.get(key);
      if (copy && copy.token === custodyOf(this.connection, key)) {
        out[key] = { ...JSON.parse(copy.data), eTag: copy.eTag };
        this.saw(key, copy.version);
      } else {
        toRead.push(key);
      }
    }
    if (toRead.length === 0) return out;
    const latest = await this.bounded(this.ensureReady().then(() => this.latest(toRead)));
    for (const [key, doc] of latest) out[key] = { ...JSON.parse(doc.data), eTag: doc.eTag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object' || Array.isArray(changes)) throw new TypeError('Storage: changes must be an object');
    await this.bounded(this.ensureReady().then(() => Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(checkKey(key), item)))));
  }

  /**
   * A write claims `<key>#<version+1>` with an insert (the unique primary key decides between
   * writers), then moves the key's head to it. A writer that loses the claim either
   * reports a conflict (eTag given) or goes after the winner (no eTag). A head left behind by a
   * crash between the two steps is rolled forward by the next writer.
   *
   * An unconditional write first claims the version after the one this process saw moments ago
   * (usually read at the start of the same turn), without reading the head again; if anyone wrote
   * since, that claim clashes and the write continues as above. A conditional write always reads
   * the head, to compare eTags.
   */
  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: expected, ...rest } = (item ?? {}) as { eTag?: unknown };
    const data = JSON.stringify(rest);
    const conditional = !(expected === undefined || expected === null || expected === '*');
    if (conditional && typeof expected !== 'string') throw new TypeError('Storage: eTag must be a string');

    let known = conditional ? undefined : this.trustedVersion(key);
    // Custody as it was before this write: only a write that did not clash with anyone keeps a copy.
    const token = custodyOf(this.connection, key);
    for (let attempt = 0; attempt < UNCONDITIONAL_RETRIES; attempt++) {
      let version: number;
      if (known !== undefined) {
        version = known + 1;
        known = undefined; // only the first attempt: after a clash, read what is there
      } else {
        const current = (await this.latest([key])).get(key);
        if (conditional && current && current.eTag !== expected) throw new ETagConflictError(key);
        version = (current?.version ?? 0) + 1;
      }
      const doc: BotStateItem = { _id: versionId(key, version), key, version, eTag: `${version}-${randomUUID()}`, data, writtenAt: new Date() };
      try {
        await this.writes.insertOne(this.items, doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        this.lastWritten.delete(key);
        await this.rollHeadForward(key, version);
        if (conditional) throw new ETagConflictError(key);
        continue; // someone wrote first; an unconditional write simply goes after them
      }
      await this.moveHead(doc);
      this.saw(key, version);
      this.wrote(key, version, doc.writtenAt.getTime());
      if (attempt === 0 && token !== undefined && token === custodyOf(this.connection, key)) {
        remember(this.lastWritten, key, { token, version, eTag: doc.eTag, data }, WRITTEN_COPIES);
      } else {
        this.lastWritten.delete(key);
      }
      return;
    }
    throw new Error(`Storage: could not write "${key}" after ${UNCONDITIONAL_RETRIES} attempts under heavy contention`);
  }

  private async moveHead(doc: BotStateItem): Promise<void> {
    const fields = { version: doc.version, eTag: doc.eTag, data: doc.data, writtenAt: doc.writtenAt };
    if (doc.version === 1) {
      // A first version normally has no head yet: inserting it is one index lookup, where an
      // upsert would first look for it row by row on FerretDB. If one is there after all (a
      // delete racing a slow writer), it is updated as below.
      try {
        await this.writes.insertOne(this.heads, { _id: doc.key, ...fields });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    // Filter on _id alone so FerretDB needs no full decode. Heads move in order: the next
    // writer cannot claim version n+1 until it has read this head at version n (or saw this
    // process write it, within TRUST_SEEN_MS).
    await this.writes.updateOne(this.heads, { _id: doc.key }, { $set: fields }, { upsert: true });
  }

  /** The winner of `version` may not have moved the head yet (or crashed): do it for them. */
  private async rollHeadForward(key: string, version: number): Promise<void> {
    const winner = await this.items.findOne({ _id: versionId(key, version) });
    const head = (await this.latest([key])).get(key);
    if (winner && (!head || head.version < winner.version)) {
      await this.moveHead(winner);
      this.saw(key, winner.version);
    }
  }

  /** Remembers a version this process wrote, so it can be removed once it is old and superseded. */
  private wrote(key: string, version: number, writtenAt: number): void {
    const list = this.written.get(key) ?? [];
    list.push({ version, writtenAt });
    remember(this.written, key, list);
    if (!this.sweeper) {
      // Never throws: a sweep that fails (or finds the connection closed) leaves versions for the next.
      this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_EVERY_MS);
      this.sweeper.unref();
    }
  }

  /**
   * Removes versions this process wrote that are at least two behind the latest it saw and older
   * than PRUNE_AFTER_MS (the head and the version before it always stay), many in one delete.
   * Versions written by other processes, or before a restart, are removed by those writers.
   */
  sweep(now = Date.now()): Promise<void> {
    this.sweeping ??= (async () => {
      if (this.connection.readyState !== 1) return; // closed (shutting down) or not yet connected
      const ids: string[] = [];
      for (const [key, list] of this.written) {
        const latest = Math.max(this.seen.get(key)?.version ?? 0, list[list.length - 1].version);
        const keep = list.filter((w) => {
          const old = w.version <= latest - 2 && w.writtenAt < now - PRUNE_AFTER_MS;
          if (old) ids.push(versionId(key, w.version));
          return !old;
        });
        if (keep.length === 0) this.written.delete(key);
        else if (keep.length !== list.length) this.written.set(key, keep);
      }
      // A failure only leaves old versions behind, for a later write of the key to retry.
      if (ids.length < SWEEP_IN_FROM) {
        // A few: one `{_id}` delete each (indexed on FerretDB with the build patch).
        for (const id of ids) await Promise.resolve().then(() => this.items.deleteOne({ _id: id })).catch(() => undefined);
        return;
      }
      for (let i = 0; i < ids.length; i += SWEEP_BATCH) {
        // Many: one pass over the collection for a whole batch (FerretDB decodes every document
        // for `$in`, about as costly as several SQL scans; MongoDB uses the _id index).
        await Promise.resolve().then(() => this.items.deleteMany({ _id: { $in: ids.slice(i, i + SWEEP_BATCH) } })).catch(() => undefined);
      }
    })().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Storage: keys must be an array');
    if (keys.length === 0) return;
    const checked = keys.map(checkKey);
    for (const key of checked) {
      this.seen.delete(key);
      this.written.delete(key);
      this.lastWritten.delete(key);
    }
    await Promise.all([
      // Heads one by one: FerretDB looks up `{_id: value}` in SQL, but decodes every document for $in.
      ...checked.map((key) => this.heads.deleteOne({ _id: key })),
      this.items.deleteMany({ key: { $in: checked } }),
    ]);
  }

  /** Stops the background removal of old versions (it never holds the process open anyway). */
  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/** The database did not answer a turn's read or write in time (stalled, not down). */
export class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}
