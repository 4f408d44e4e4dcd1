/**
 * A botbuilder `Storage` on MongoDB with eTag optimistic concurrency: a write carrying an eTag is
 * applied only if the stored item still has that eTag; `*` or no eTag writes unconditionally (last
 * writer wins). Each write inserts the next version of the item, so the database's unique primary
 * key decides between concurrent writers on any MongoDB, FerretDB 1.x included.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Connection, Model } from 'mongoose';
import { BotStateItem, botStateItemModel, versionId } from '../../models/botStateItem';

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

  private async latest(keys: string[]): Promise<Map<string, BotStateItem>> {
    const docs = await this.items.find({ key: { $in: keys } }).sort({ key: 1, version: -1 }).lean().exec();
    const out = new Map<string, BotStateItem>();
    for (const doc of docs) if (!out.has(doc.key)) out.set(doc.key, doc);
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

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: expected, ...rest } = (item ?? {}) as { eTag?: unknown };
    const data = JSON.stringify(rest);
    const conditional = !(expected === undefined || expected === null || expected === '*');
    if (conditional && typeof expected !== 'string') throw new TypeError('Storage: eTag must be a string');

    for (let attempt = 0; attempt < UNCONDITIONAL_RETRIES; attempt++) {
      const current = (await this.latest([key])).get(key);
      if (conditional && current && current.eTag !== expected) throw new ETagConflictError(key);
      const version = (current?.version ?? 0) + 1;
      try {
        await this.items.create({ _id: versionId(key, version), key, version, eTag: `${version}-${randomUUID()}`, data, writtenAt: new Date() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (conditional) throw new ETagConflictError(key);
        continue; // someone wrote first; an unconditional write simply goes after them
      }
      void this.prune(key, version);
      return;
    }
    throw new Error(`Storage: could not write "${key}" after ${UNCONDITIONAL_RETRIES} attempts under heavy contention`);
  }

  private async prune(key: string, version: number): Promise<void> {
    await this.items
      .deleteMany({ key, version: { $lt: version - 1 }, writtenAt: { $lt: new Date(Date.now() - PRUNE_AFTER_MS) } })
      .exec()
      .catch(() => undefined);
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('Storage: keys must be an array');
    if (keys.length === 0) return;
    await this.items.deleteMany({ key: { $in: keys.map(checkKey) } }).exec();
  }
}
