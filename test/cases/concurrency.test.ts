/** References under load, retried commands, and two staff acting at once, on the real database. */
import type { Database } from '../../services/database/database';
import { CaseConflictError, CaseService } from '../../services/cases';
import { eventId } from '../../models/timelineEvent';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, manager, officer, openComplaint, service, staffRef, testClock } from './support';

let db: Database;
const clock = testClock('2026-03-02T10:00:00Z');
let cases: CaseService;

beforeAll(async () => {
  db = await openTestDb('cases_concurrency');
  cases = service(db, { clock: clock.now, reminders: false });
});
afterAll(() => dropTestDb(db));

test('100 cases opened in parallel by four service instances get 100 distinct references with no gaps', async () => {
  // Separate instances, as separate bot processes would be: each has its own in-process queue.
  const instances = Array.from({ length: 4 }, () => service(db, { clock: clock.now, reminders: false }));
  const opened = await Promise.all(Array.from({ length: 100 }, (_, i) => instances[i % 4].open(draft(), { commandId: cmd('par') })));
  const refs = opened.map((o) => o.reference);
  expect(new Set(refs).size).toBe(100);
  const seqs = refs.map((r) => Number(r.slice(-6))).sort((a, b) => a - b);
  expect(seqs[0]).toBe(1);
  expect(seqs.at(-1)).toBe(100);
  expect(refs.every((r) => /^OWBC-2026-\d{6}$/.test(r))).toBe(true);
  expect(await cases.store.cases.countDocuments({ _id: { $in: refs } })).toBe(100);
});

test('an open retried with the same commandId (even concurrently) creates one case and returns the same reference', async () => {
  const id = cmd('open-retry');
  const d = draft();
  const [a, b] = await Promise.all([cases.open(d, { commandId: id }), cases.open(d, { commandId: id })]);
  const c = await cases.open(d, { commandId: id });
  expect(b).toEqual(a);
  expect(c).toEqual(a);
  expect(await cases.timeline(a.reference)).toHaveLength(1);
  const next = await cases.open(d, { commandId: cmd() });
  expect(Number(next.reference.slice(-6))).toBe(Number(a.reference.slice(-6)) + 1);
});

test('a retried command applies once and returns the same result', async () => {
  const ref = await openComplaint(cases);
  const ack = { reference: ref, commandId: cmd('ack'), actor: officer };
  const first = await cases.acknowledge(ack);
  const again = await cases.acknowledge(ack);
  expect(again.replayed).toBe(true);
  expect(again.entry).toEqual(first.entry);
  expect(again.acknowledgedOn).toBe(first.acknowledgedOn);

  const note = { reference: ref, commandId: cmd('note'), actor: officer, text: 'Spoke to the crew.' };
  const results = await Promise.all([cases.addNote(note), cases.addNote(note), cases.addNote(note)]);
  expect(new Set(results.map((r) => r.entry.seq)).size).toBe(1);
  const ext = { reference: ref, commandId: cmd('ext'), actor: officer, reason: 'Waiting for a report', workingDays: 3 };
  const e1 = await cases.extend(ext);
  const e2 = await cases.extend(ext);
  expect(e2.respondBy).toBe(e1.respondBy);
  const timeline = await cases.timeline(ref);
  expect(timeline.map((e) => e.command)).toEqual(['open', 'acknowledge', 'addNote', 'extend']);
  expect((await cases.getByReference(ref))!.tracks.stage1!.extensions).toHaveLength(1);
});

test('a commandId reused for another command is refused', async () => {
  const ref = await openComplaint(cases);
  const id = cmd();
  await cases.addNote({ reference: ref, commandId: id, actor: officer, text: 'x' });
  await expect(cases.acknowledge({ reference: ref, commandId: id, actor: officer })).rejects.toThrow(/already used for a different command/);
});

/** Holds the next `n` case loads until all `n` have read the case, so commands started together really act on the same version. */
function loadTogether(service: CaseService, n: number): () => void {
  const store = service.store;
  const load = store.load.bind(store);
  const waiting: Array<() => void> = [];
  let left = n;
  store.load = async (reference: string) => {
    const record = await load(reference);
    if (left > 0) {
      left--;
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (left === 0) waiting.forEach((release) => release());
      });
    }
    return record;
  };
  return () => {
    store.load = load;
  };
}

test('two staff acting at the same moment: one wins, the other is told and shown the current case', async () => {
  for (let round = 0; round < 5; round++) {
    const ref = await openComplaint(cases);
    const restore = loadTogether(cases, 2);
    const results = await Promise.allSettled([
      cases.assign({ reference: ref, commandId: cmd(), actor: officer, assignee: staffRef(officer) }),
      cases.assign({ reference: ref, commandId: cmd(), actor: manager, assignee: staffRef(manager) }),
    ]);
    restore();
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const conflict = lost[0].reason as CaseConflictError;
    expect(conflict).toBeInstanceOf(CaseConflictError);
    expect(conflict.message).toMatch(new RegExp(`Case ${ref} was changed by someone else just now \\(Assigned to .+\\), so your change was not saved`));
    const stored = await cases.getByReference(ref);
    expect(conflict.current.assignee).toEqual(stored!.assignee);
    expect(conflict.current.version).toBe(2);
    expect(await cases.timeline(ref)).toHaveLength(2);
  }
});

test('a command based on a stale view (expectedVersion) is refused as a conflict', async () => {
  const ref = await openComplaint(cases);
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer });
  await expect(cases.addNote({ reference: ref, commandId: cmd(), actor: manager, text: 'x', expectedVersion: 1 })).rejects.toBeInstanceOf(CaseConflictError);
  await expect(cases.addNote({ reference: ref, commandId: cmd(), actor: manager, text: 'x', expectedVersion: 2 })).resolves.toMatchObject({ case: { version: 3 } });
});

test('a snapshot left behind (the writer stopped after recording the event) is brought up to date when read', async () => {
  const ref = await openComplaint(cases);
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer });
  // Simulate a crash between the timeline insert and the snapshot update.
  await cases.store.cases.collection.updateOne({ _id: ref as never }, { $set: { version: 1, status: 'open' } });
  const view = await cases.getByReference(ref);
  expect(view).toMatchObject({ version: 2, status: 'acknowledged' });
  expect(await cases.store.events.collection.countDocuments({ _id: eventId(ref, 2) as never })).toBe(1);
  const next = await cases.assign({ reference: ref, commandId: cmd(), actor: officer, assignee: staffRef(officer) });
  expect(next.case).toMatchObject({ version: 3, status: 'in_progress' });
});
