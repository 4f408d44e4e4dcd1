/**
 * The read models behind the staff queue and the reports: the queue is served from memory and kept
 * current through the change log, across service instances (as separate bot processes would be),
 * and means exactly what the MongoDB query on case_queue means; a slower writer of an older
 * version does not win; documents in the older unpacked shapes are still read.
 */
import { caseStatsModel, fromStatsDoc, quartersOf, toQueueCard, toQueueDoc, toStatsDoc, toStatsEntry, type QueueChange, type QueueDoc, type StatsDoc } from '../../models/caseProjections';
import type { CaseRecord } from '../../models/caseRecord';
import type { CaseService, QueueFilters } from '../../services/cases';
import { QUEUE_SORT, queueQuery } from '../../services/cases/queries';
import { seqId } from '../../services/cases/queueReadModel';
import type { Database } from '../../services/database/database';
import { CaseReports } from '../../services/reports';
import { yearStats, YearStatsReadModel } from '../../services/reports/statsReadModel';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, manager, officer, reviewer, service, staffRef, testClock } from './support';

let db: Database;
const clock = testClock('2026-03-02T10:00:00Z');
let cases: CaseService;
let other: CaseService;
const refs: string[] = [];

const ids = async (s: CaseService, f: QueueFilters = {}) => (await s.queue(f)).map((c) => c.reference);
const base = (reference: string, actor = officer) => ({ reference, commandId: cmd(), actor });

async function open(day: string, extra: Parameters<typeof draft>[0] = {}, by = cases): Promise<string> {
  clock.set(`${day}T10:00:00Z`);
  const ref = (await by.open(draft({ receivedAt: new Date(`${day}T10:00:00Z`), ...extra }), { commandId: cmd() })).reference;
  refs.push(ref);
  return ref;
}

beforeAll(async () => {
  db = await openTestDb('cases_read_models');
  cases = service(db, { clock: clock.now, reminders: false });
  other = service(db, { clock: clock.now, reminders: false });
  // A spread of kinds, areas, priorities, due dates and assignees.
  await open('2026-02-16', { resident: { name: 'Ann Baker', preferredContact: 'email', email: 'ann@example.org' } });
  await open('2026-02-20', { safeguarding: true, serviceAreas: ['housing_repairs'] });
  await open('2026-02-20', { vulnerable: true, serviceAreas: ['housing_repairs', 'waste_recycling'] });
  await open('2026-02-24', { kind: 'service_request', serviceAreas: ['highways'] });
  await open('2026-02-26', { kind: 'comment' });
  await open('2026-02-26', { kind: 'compliment', serviceAreas: ['parks_open_spaces'] });
  await open('2026-03-02');
  await open('2026-03-02', { serviceAreas: ['council_tax'] });
  clock.set('2026-03-02T10:00:00Z');
  await cases.acknowledge(base(refs[0]));
  await cases.assign({ ...base(refs[0]), assignee: staffRef(reviewer) });
  await cases.assign({ ...base(refs[2]), assignee: staffRef(manager) });
  await cases.assign({ ...base(refs[3]), assignee: staffRef(reviewer) });
  await cases.close({ ...base(refs[6]), reason: 'duplicate' });
});
afterAll(() => dropTestDb(db));

test('the in-memory queue gives exactly what the query on case_queue gives, for every filter', async () => {
  const today = cases.today();
  const filters: QueueFilters[] = [
    {},
    { kind: 'complaint' },
    { kind: 'compliment' },
    { stage: 'stage1' },
    { stage: 'feedback' },
    { sla: 'overdue' },
    { sla: 'due_soon' },
    { sla: 'on_track' },
    { assigneeId: reviewer.id },
    { unassigned: true },
    { unassigned: true, kind: 'complaint' },
    { serviceArea: 'housing_repairs' },
    { serviceArea: 'waste_recycling', kind: 'complaint' },
    { priority: 'urgent' },
    { priority: 'normal', sla: 'on_track' },
    { assigneeId: reviewer.id, unassigned: true },
    { limit: 3 },
    { skip: 2, limit: 2 },
    { skip: 10 },
    { limit: 0 },
  ];
  for (const f of filters) {
    const expected = await cases.store.queue.docs
      .find(queueQuery(cases.council, f, today, cases.rules))
      .sort(QUEUE_SORT)
      .skip(f.skip ?? 0)
      .limit(Math.min(f.limit ?? 50, 500))
      .lean<QueueDoc[]>()
      .exec();
    expect({ f, ids: await ids(cases, f) }).toEqual({ f, ids: expected.map((d) => d._id) });
  }
  expect(await ids(cases)).toHaveLength(7);
});

test('the queue reflects a command at once, in the instance that made it and in another one', async () => {
  expect(await ids(other)).toEqual(await ids(cases)); // both loaded

  const fresh = await open('2026-03-02', { safeguarding: true, resident: { name: 'Dee Fresh', preferredContact: 'email', email: 'dee@example.org' } }, other);
  expect(await ids(cases, { priority: 'urgent' })).toContain(fresh);
  expect((await cases.queue()).find((c) => c.reference === fresh)).toMatchObject({ residentName: 'Dee Fresh', priority: 'urgent', status: 'open', assignee: null });

  await other.assign({ ...base(fresh), assignee: staffRef(manager) });
  expect(await ids(cases, { assigneeId: manager.id })).toContain(fresh);
  expect(await ids(cases, { unassigned: true })).not.toContain(fresh);

  await cases.acknowledge(base(fresh));
  expect((await other.queue()).find((c) => c.reference === fresh)).toMatchObject({ status: 'in_progress', dueKind: 'respond' });

  await other.close({ ...base(fresh), reason: 'duplicate' });
  expect(await ids(cases)).not.toContain(fresh);
  expect(await ids(other)).not.toContain(fresh);

  await cases.reopen({ ...base(fresh), reason: 'Closed by mistake' });
  expect(await ids(other)).toContain(fresh);
});

test('a new instance builds the same queue from case_queue and the log', async () => {
  const all = { limit: 0 };
  const warm = await cases.queue(all);
  const cold = service(db, { clock: clock.now, reminders: false });
  expect(await cold.queue(all)).toEqual(warm);
});

test('a slower writer of an older version does not overwrite the newer one', async () => {
  const ref = await open('2026-03-02');
  const v1 = (await cases.store.load(ref))!;
  await cases.assign({ ...base(ref), assignee: staffRef(officer) });
  const v2 = (await cases.store.load(ref))!;
  await cases.close({ ...base(ref), reason: 'withdrawn' });
  const v3 = (await cases.store.load(ref))!;
  expect(v3).toMatchObject({ version: 3, open: false });

  // The writer of version 2 was slow: its projections arrive after version 3's.
  await cases.store.saveProjections(v1, v2);
  expect(await ids(cases)).not.toContain(ref);
  expect(await ids(service(db, { clock: clock.now, reminders: false }))).not.toContain(ref);
  expect(await cases.store.queue.docs.findById(ref).lean().exec()).toBeNull();
  for (const q of quartersOf(v3)) {
    const stored = await caseStatsModel(db.connection, q).findById(ref).lean<StatsDoc>().exec();
    expect(fromStatsDoc(stored!)).toEqual(toStatsEntry(v3));
  }

  // A card put back by a slower writer after the newer writer's first pass is taken out by its check.
  await cases.store.queue.docs.collection.insertOne({ ...(await cases.store.queue.docs.findById(refs[0]).lean<QueueDoc>().exec())!, _id: ref, version: 2 } as never);
  await cases.store.saveProjections(v2, v3);
  expect(await cases.store.queue.docs.findById(ref).lean().exec()).toBeNull();
});

test('a reader that falls behind a trimmed log rebuilds instead of missing changes', async () => {
  const reader = service(db, { clock: clock.now, reminders: false });
  await reader.queue();
  const ref = await open('2026-03-02', { kind: 'service_request', serviceAreas: ['elections'] }, other);
  await other.assign({ ...base(ref), assignee: staffRef(officer) });
  // The log is trimmed past the reader's cursor (as it is after an hour), and the reader has not
  // looked for a while; the other instances have (a look-up that finds nothing is trusted for trustMs).
  await Promise.all([cases.queue(), other.queue()]);
  const log = cases.store.queue.changes;
  const last = await log.find().sort({ _id: -1 }).limit(1).lean<QueueChange[]>().exec();
  await log.collection.deleteMany({ _id: { $lt: last[0]._id } as never });
  const tuning = reader.store.queue.tuning;
  const now = tuning.now;
  tuning.now = () => now() + tuning.trustMs + 1;
  try {
    expect((await reader.queue({ serviceArea: 'elections' })).map((c) => [c.reference, c.assignee])).toEqual([[ref, staffRef(officer)]]);
  } finally {
    tuning.now = now;
  }
  // Writers carry on after the trimmed log's last seq, and readers follow.
  await other.assign({ ...base(ref), assignee: staffRef(reviewer) });
  const tail = await log.find().sort({ _id: -1 }).limit(1).lean<QueueChange[]>().exec();
  expect(tail[0]._id).toBe(seqId(Number(last[0]._id) + 1));
  expect((await cases.queue({ serviceArea: 'elections' }))[0].assignee).toEqual(staffRef(reviewer));
  expect((await reader.queue({ serviceArea: 'elections' }))[0].assignee).toEqual(staffRef(reviewer));
});

test('concurrent commands from several instances all reach every queue, with no seq taken twice', async () => {
  const instances = [cases, other, service(db, { clock: clock.now, reminders: false })];
  const opened = await Promise.all(Array.from({ length: 12 }, (_, i) => instances[i % 3].open(draft({ kind: 'comment', serviceAreas: ['libraries'] }), { commandId: cmd() })));
  await Promise.all(opened.map((o, i) => instances[(i + 1) % 3].assign({ ...base(o.reference), assignee: staffRef(reviewer) })));
  for (const s of instances) {
    const listed = await s.queue({ serviceArea: 'libraries', limit: 0 });
    expect(listed.map((c) => c.reference).sort()).toEqual(opened.map((o) => o.reference).sort());
    expect(listed.every((c) => c.assignee?.id === reviewer.id)).toBe(true);
  }
  const seqs = (await cases.store.queue.changes.find().lean<QueueChange[]>().exec()).map((c) => Number(c._id)).sort((a, b) => a - b);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
});

test('the reports reflect a command at once, in the instance that made it and in another one', async () => {
  const year = '2025-26';
  const q = '2025-26 Q4';
  // Another process's statistics, loaded before the commands.
  const elsewhere = new YearStatsReadModel(db.connection, year);
  await elsewhere.entries(cases.council);
  const reports = new CaseReports({ connection: db.connection, council: cases.council });
  const before = await reports.quarterly(q);
  const ref = await open('2026-03-02', { serviceAreas: ['licensing'] }, other);
  await other.acknowledge(base(ref));
  const after = await reports.quarterly(q);
  expect(after.received.total).toBe(before.received.total + 1);
  expect(after.received.byServiceArea.licensing).toBe((before.received.byServiceArea.licensing ?? 0) + 1);
  expect(after.timeliness.stage1.acknowledged).toBe(before.timeliness.stage1.acknowledged + 1);
  const fresh = () => new YearStatsReadModel(db.connection, year).entries(cases.council);
  expect(await elsewhere.entries(cases.council)).toEqual(await fresh());
  expect((await elsewhere.entries(cases.council, q)).find((e) => e._id === ref)?.stats.s1?.ackFq).toBe(q);
  // A closed case keeps its figures.
  await cases.close({ ...base(ref), reason: 'withdrawn' });
  expect(await elsewhere.entries(cases.council)).toEqual(await fresh());
  expect((await reports.quarterly(q)).received.total).toBe(after.received.total);
});

test('documents in the older unpacked shapes are still read', async () => {
  const ref = await open('2026-03-02', { kind: 'service_request', serviceAreas: ['planning'] });
  await cases.assign({ ...base(ref), assignee: staffRef(manager) });
  const record = (await cases.store.load(ref)) as CaseRecord;
  // The queue document and the statistics as the previous version of the service wrote them.
  const legacy = {
    _id: ref,
    council: record.council,
    version: record.version,
    open: true,
    kind: record.kind,
    stage: record.stage,
    status: record.status,
    priority: record.priority,
    priorityRank: record.priorityRank,
    leadServiceArea: record.leadServiceArea,
    serviceAreas: record.serviceAreas,
    receivedOn: record.receivedOn,
    receivedAt: record.receivedAt,
    dueOn: record.dueOn,
    dueKind: record.dueKind,
    dueSort: record.dueSort,
    assignee: record.assignee,
    resident: { name: record.resident.name },
    description: record.description,
  };
  expect(toQueueCard(legacy as never)).toEqual(toQueueCard(toQueueDoc(record)));

  const q = record.stats.receivedFq;
  const reports = new CaseReports({ connection: db.connection, council: cases.council });
  const before = await reports.quarterly(q);
  expect(before.received.byServiceArea.planning).toBe(1);
  await caseStatsModel(db.connection, q).collection.replaceOne({ _id: ref as never }, toStatsEntry(record) as never);
  expect(await reports.quarterly(q)).toEqual(before);
  // A new process builds its statistics from the collections, where this case is now in the old shape.
  const rebuilt = await new YearStatsReadModel(db.connection, q.slice(0, 7)).entries(cases.council, q);
  expect(rebuilt).toEqual(await yearStats(db.connection, q.slice(0, 7)).entries(cases.council, q));
  expect(rebuilt.find((e) => e._id === ref)).toEqual(toStatsEntry(record));
  expect(fromStatsDoc(toStatsDoc(record))).toEqual(toStatsEntry(record));
});
