/**
 * A botbuilder `Storage` on MongoDB with eTag optimistic concurrency: a write carrying an eTag is
 * applied only if the stored item still has that eTag; `*` or no eTag writes unconditionally (last
 * writer wins). Each write inserts the next version of the item, so the database's unique primary
 * key decides between concurrent writers on any MongoDB, FerretDB 1.x included.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Connection, Model } from 'mongoose';
import { BotStateItem, botStateItemModel, headId, versionId } from '../../models/botStateItem';

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

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError('Storage: keys must be non-empty strings of at most 1024 characters');
  }
  return key;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

export class MongoStorage implements Storage {
  private readonly items: Model<BotStateItem>;
  private indexed?: Promise<unknown>;

  constructor(connection: Connection) {
    this.items = botStateItemModel(connection);
  }

  private ensureIndexes(): Promise<unknown> {
    this.indexed ??= this.items.createIndexes().catch((err) => {
      this.indexed = undefined;
      throw err;
    });
    return this.indexed;
  }

  /**
   * The current version of each key, read by _id only: FerretDB 1.x uses an index for nothing
   * else, so any other filter would scan the whole collection on every turn.
   */
  private async latest(keys: string[]): Promise<Map<string, BotStateItem>> {
    // One equality lookup per key: FerretDB pushes down `{_id: value}` and nothing else (not $in).
    const docs = await Promise.all(keys.map((k) => this.items.findOne({ _id: headId(k) }).lean().exec()));
    const out = new Map<string, BotStateItem>();
    for (const doc of docs) if (doc) out.set(doc.key, doc);
    return out;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('Storage: keys must be an array');
    if (keys.length === 0) return {};
    await this.ensureIndexes();
    const latest = await this.latest(keys.map(checkKey));
    const out: StoreItems = {};
    for (const [key, doc] of latest) out[key] = { ...JSON.parse(doc.data), eTag: doc.eTag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object' || Array.isArray(changes)) throw new TypeError('Storage: changes must be an object');
    await this.ensureIndexes();
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(checkKey(key), item)));
  }

  /**
   * A write claims `<key>#<version+1>` with an insert (the unique primary key decides between
   * writers), then moves the head document `<key>` to it. A writer that loses the claim either
   * reports a conflict (eTag given) or goes after the winner (no eTag). A head left behind by a
   * crash between the two steps is rolled forward by the next writer.
   */
  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: expected, ...rest } = (item ?? {}) as { eTag?: unknown };
    const data = JSON.stringify(rest);
    const conditional = !(expected === undefined || expected === null || expected === '*');
    if (conditional && typeof expected !== 'string') throw new TypeError('Storage: eTag must be a string');

    for (let attempt = 0; attempt < UNCONDITIONAL_RETRIES; attempt++) {
      const current = (await this.latest([key])).get(key);
      if (conditional && current && current.eTag !== expected) throw new ETagConflictError(key);
      const version = (current?.version ?? 0) + 1;
      const doc = { _id: versionId(key, version), key, version, eTag: `${version}-${randomUUID()}`, data, writtenAt: new Date() };
      try {
        await this.items.create(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await this.rollHeadForward(key, version);
        if (conditional) throw new ETagConflictError(key);
        continue; // someone wrote first; an unconditional write simply goes after them
      }
      await this.moveHead(doc);
      void this.prune(key, version);
      return;
    }
    throw new Error(`Storage: could not write "${key}" after ${UNCONDITIONAL_RETRIES} attempts under heavy contention`);
  }

  private async moveHead(doc: BotStateItem): Promise<void> {
    const { _id: _ignored, ...fields } = doc;
    // Filter on _id alone so FerretDB finds the head without a scan. Heads move in order: the
    // next writer cannot claim version n+1 until it has read this head at version n.
    await this.items.updateOne({ _id: headId(doc.key) }, { $set: fields }, { upsert: true }).exec();
  }

  /** The winner of `version` may not have moved the head yet (or crashed): do it for them. */
  private async rollHeadForward(key: string, version: number): Promise<void> {
    const winner = await this.items.findOne({ _id: versionId(key, version) }).lean().exec();
    const head = (await this.latest([key])).get(key);
    if (winner && (!head || head.version < winner.version)) await this.moveHead(winner);
  }

  private async prune(key: string, version: number): Promise<void> {
    // Exact _id lookups only (no scan); versions still young are left for a later write to remove.
    const cutoff = Date.now() - PRUNE_AFTER_MS;
    for (const v of [version - 2, version - 3, version - 4].filter((n) => n > 0)) {
      const id = versionId(key, v);
      const old = await this.items.findOne({ _id: id }).lean().exec().catch(() => null);
      if (old && old.writtenAt.getTime() < cutoff) await this.items.deleteOne({ _id: id }).exec().catch(() => undefined);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Storage: keys must be an array');
    if (keys.length === 0) return;
    await this.items.deleteMany({ key: { $in: keys.map(checkKey) } }).exec();
  }
}
