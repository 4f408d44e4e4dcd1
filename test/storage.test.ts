import { MongoStorage, ETagConflictError } from '../services/state/mongoStorage';
import { Database } from '../services/database/database';
import { dropTestDb, openTestDb } from './support/testDb';

let db: Database;
let storage: MongoStorage;

beforeAll(async () => {
  db = await openTestDb('storage');
  storage = new MongoStorage(db.connection);
});
afterAll(() => dropTestDb(db));

describe('MongoDB bot state storage', () => {
  test('writes, reads back with an eTag, and deletes', async () => {
    await storage.write({ 'webchat/conversations/a': { step: 'details', answers: { where: 'High St' } } });
    const read = await storage.read(['webchat/conversations/a', 'missing']);
    expect(read['webchat/conversations/a']).toMatchObject({ step: 'details', answers: { where: 'High St' } });
    expect(typeof read['webchat/conversations/a'].eTag).toBe('string');
    expect(read.missing).toBeUndefined();

    await storage.delete(['webchat/conversations/a']);
    expect(await storage.read(['webchat/conversations/a'])).toEqual({});
  });

  test('keys and values that look like MongoDB operators are stored as plain data', async () => {
    const item = { $where: 'sleep(1000)', 'a.b': { $gt: '' }, text: '{"$ne": null}' };
    await storage.write({ 'odd/$key.with.dots': item });
    const read = await storage.read(['odd/$key.with.dots']);
    expect(read['odd/$key.with.dots']).toMatchObject(item);
  });

  test('a write with a stale eTag is refused and the newer data is kept', async () => {
    await storage.write({ k1: { v: 1 } });
    const first = (await storage.read(['k1'])).k1;
    await storage.write({ k1: { ...first, v: 2 } });
    await expect(storage.write({ k1: { ...first, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['k1'])).k1.v).toBe(2);
  });

  test('a write with the current eTag succeeds and changes the eTag', async () => {
    await storage.write({ k2: { v: 1 } });
    const before = (await storage.read(['k2'])).k2;
    await storage.write({ k2: { ...before, v: 2 } });
    const after = (await storage.read(['k2'])).k2;
    expect(after.v).toBe(2);
    expect(after.eTag).not.toBe(before.eTag);
  });

  test('"*" overwrites whatever is stored', async () => {
    await storage.write({ k3: { v: 1 } });
    await storage.write({ k3: { v: 9, eTag: '*' } });
    expect((await storage.read(['k3'])).k3.v).toBe(9);
  });

  test('two concurrent writers from the same version: exactly one wins, the other is told', async () => {
    await storage.write({ k4: { v: 0 } });
    const base = (await storage.read(['k4'])).k4;
    for (let round = 0; round < 5; round++) {
      const current = (await storage.read(['k4'])).k4;
      const results = await Promise.allSettled([
        storage.write({ k4: { ...current, v: `a${round}` } }),
        storage.write({ k4: { ...current, v: `b${round}` } }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(ETagConflictError);
      const winner = results[0].status === 'fulfilled' ? `a${round}` : `b${round}`;
      expect((await storage.read(['k4'])).k4.v).toBe(winner);
    }
    expect(base.eTag).toBeDefined();
  });

  test('two writers creating the same new item with an eTag: one wins, one conflicts', async () => {
    const results = await Promise.allSettled([
      storage.write({ k5: { v: 'a', eTag: 'from-an-old-read' } }),
      storage.write({ k5: { v: 'b', eTag: 'from-an-old-read' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  test('twenty simultaneous unconditional writers all land, one after another, none failing', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => storage.write({ k6: { v: i, eTag: '*' } }));
    await expect(Promise.all(writes)).resolves.toBeDefined();
    const v = (await storage.read(['k6'])).k6.v;
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThan(20);
  });

  test('a writer that crashed after claiming a version but before moving the head is rolled forward', async () => {
    await storage.write({ k7: { v: 1 } });
    const { botStateItemModel, versionId } = await import('../models/botStateItem');
    await botStateItemModel(db.connection).create({ _id: versionId('k7', 2), key: 'k7', version: 2, eTag: '2-crashed', data: JSON.stringify({ v: 'crashed' }), writtenAt: new Date() });
    await storage.write({ k7: { v: 3, eTag: '*' } });
    expect((await storage.read(['k7'])).k7.v).toBe(3);
  });

  test('bad keys are refused with a clear error', async () => {
    await expect(storage.read([''])).rejects.toThrow('keys must be non-empty strings');
    await expect(storage.write({ ['x'.repeat(2000)]: { v: 1 } })).rejects.toThrow('at most 1024 characters');
  });
});
