/**
 * Rate limits counted in the database hold across instances: two limiters on two connections to
 * one database (as two bot processes have) allow together what one would.
 */
import mongoose from 'mongoose';
import { Database } from '../../services/database/database';
import { SharedRateLimit } from '../../services/http/sharedRateLimit';
import { testDbUri } from '../support/testDb';

const PERIOD = 60_000;

describe('a rate limit shared through the database', () => {
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    const uri = testDbUri('shared_limits');
    a = new Database({ uri, maxBackoffMs: 500 });
    b = new Database({ uri, maxBackoffMs: 500 });
    await Promise.all([a.connect(), b.connect()]);
  });
  afterAll(async () => {
    await a.connection.dropDatabase().catch(() => undefined);
    await Promise.all([a.close(), b.close()]);
  });

  const at = (ms: number) => () => ms;
  const windowStart = 1000 * PERIOD; // any whole window

  test('two instances taking turns allow the capacity in total, and say how long to wait', async () => {
    const onA = new SharedRateLimit(a.connection, 'turns', 5, PERIOD, undefined, at(windowStart + 1000));
    const onB = new SharedRateLimit(b.connection, 'turns', 5, PERIOD, undefined, at(windowStart + 1000));
    const decisions = [];
    for (let i = 0; i < 8; i++) decisions.push(await (i % 2 ? onB : onA).take('conversation-1'));
    expect(decisions.map((d) => d.ok)).toEqual([true, true, true, true, true, false, false, false]);
    expect(decisions[5].retryAfterSeconds).toBeGreaterThan(1);
    expect(decisions[5].retryAfterSeconds).toBeLessThanOrEqual(120);
    // Another key has its own count.
    expect((await onB.take('conversation-2')).ok).toBe(true);
  });

  test('takes at the same moment on both instances still allow only the capacity', async () => {
    const onA = new SharedRateLimit(a.connection, 'burst', 4, PERIOD, undefined, at(windowStart + 1000));
    const onB = new SharedRateLimit(b.connection, 'burst', 4, PERIOD, undefined, at(windowStart + 1000));
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? onB : onA).take('client-1')));
    expect(all.filter((d) => d.ok)).toHaveLength(4);
  });

  test('a burst just before a window ends still counts just after it, on the instance that did not see it', async () => {
    const late = new SharedRateLimit(a.connection, 'slide', 5, PERIOD, undefined, at(windowStart + PERIOD - 1000));
    for (let i = 0; i < 5; i++) expect((await late.take('client-2')).ok).toBe(true);
    const next = new SharedRateLimit(b.connection, 'slide', 5, PERIOD, undefined, at(windowStart + PERIOD + 6000));
    expect((await next.take('client-2')).ok).toBe(false);
    // Once most of that burst has slid out of the last minute, one more is allowed.
    const later = new SharedRateLimit(b.connection, 'slide', 5, PERIOD, undefined, at(windowStart + PERIOD + 20_000));
    expect((await later.take('client-2')).ok).toBe(true);
  });

  test('a burst from one client on one instance gets exactly the capacity, the rest refused at once', async () => {
    const limit = new SharedRateLimit(a.connection, 'one-burst', 10, PERIOD, undefined, at(windowStart + 1000));
    const all = await Promise.all(Array.from({ length: 200 }, () => limit.take('client-3')));
    expect(all.filter((d) => d.ok)).toHaveLength(10);
    expect(all.filter((d) => !d.ok).every((d) => d.retryAfterSeconds >= 1)).toBe(true);
  });

  test('with the database not answering, a burst is still held to the capacity by what this instance counts', async () => {
    const unopened = mongoose.createConnection(); // never connected: every operation waits
    const errors: Error[] = [];
    const limit = new SharedRateLimit(unopened, 'no-db', 5, PERIOD, (e) => void errors.push(e), at(windowStart + 1000));
    const all = await Promise.all(Array.from({ length: 40 }, () => limit.take('client-4')));
    expect(all.filter((d) => d.ok)).toHaveLength(5);
    expect((await limit.take('client-4')).ok).toBe(false);
    await unopened.close().catch(() => undefined);
  });

  test('no client address or conversation id is stored', async () => {
    const onA = new SharedRateLimit(a.connection, 'private', 5, PERIOD);
    await onA.take('203.0.113.7');
    const ids = (await a.connection.collection('rate_limit_slots').find({}).toArray()).map((d) => String(d._id));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.join(' ')).not.toMatch(/203\.0\.113\.7|conversation-1|client-1/);
  });
});
