/** The staff views: the triage queue with its filters, my cases, overdue, and search. */
import type { Database } from '../../services/database/database';
import type { CaseService } from '../../services/cases';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, officer, reviewer, service, staffRef, testClock } from './support';

let db: Database;
const clock = testClock('2026-03-02T10:00:00Z');
let cases: CaseService;
const refs: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDb('cases_queue');
  cases = service(db, { clock: clock.now, reminders: false });
  const open = async (name: string, day: string, extra: Parameters<typeof draft>[0] = {}) => {
    clock.set(`${day}T10:00:00Z`);
    refs[name] = (await cases.open(draft({ receivedAt: new Date(`${day}T10:00:00Z`), ...extra }), { commandId: cmd() })).reference;
  };
  await open('old', '2026-02-16', { resident: { name: 'Ann Baker', preferredContact: 'email', email: 'ann@example.org' } }); // ack by 23 Feb: overdue
  await open('urgent', '2026-02-26', { safeguarding: true, serviceAreas: ['housing_repairs'] }); // ack by 5 Mar
  await open('normal', '2026-02-26', { resident: { name: 'Carl Baker', preferredContact: 'phone', phone: '07700 900123' } }); // ack by 5 Mar
  await open('request', '2026-03-02', { kind: 'service_request' }); // respond by 16 Mar
  await open('compliment', '2026-03-02', { kind: 'compliment' }); // nothing due
  await open('closed', '2026-03-02');
  clock.set('2026-03-02T10:00:00Z');
  await cases.close({ reference: refs.closed, commandId: cmd(), actor: officer, reason: 'duplicate' });
  await cases.assign({ reference: refs.normal, commandId: cmd(), actor: officer, assignee: staffRef(reviewer) });
});
afterAll(() => dropTestDb(db));

test('the triage queue lists open cases by due date, urgent first on the same day, nothing-due last', async () => {
  const queue = await cases.queue();
  expect(queue.map((c) => c.reference)).toEqual([refs.old, refs.urgent, refs.normal, refs.request, refs.compliment]);
  expect(queue[0]).toMatchObject({ sla: 'overdue', dueKind: 'acknowledge', dueOn: '2026-02-23', residentName: 'Ann Baker', priority: 'normal' });
  expect(queue[1]).toMatchObject({ sla: 'on_track', priority: 'urgent', workingDaysLeft: 3 });
  expect(queue[4]).toMatchObject({ sla: null, dueOn: null });
});

test('filters: stage, kind, SLA, assignee, unassigned, service area', async () => {
  const ids = async (f: Parameters<CaseService['queue']>[0]) => (await cases.queue(f)).map((c) => c.reference);
  expect(await ids({ kind: 'service_request' })).toEqual([refs.request]);
  expect(await ids({ stage: 'feedback' })).toEqual([refs.compliment]);
  expect(await ids({ sla: 'overdue' })).toEqual([refs.old]);
  expect(await ids({ sla: 'on_track' })).toEqual([refs.urgent, refs.normal, refs.request, refs.compliment]);
  expect(await ids({ serviceArea: 'housing_repairs' })).toEqual([refs.urgent]);
  expect(await ids({ assigneeId: reviewer.id })).toEqual([refs.normal]);
  expect((await cases.myCases(reviewer.id)).map((c) => c.reference)).toEqual([refs.normal]);
  expect(await ids({ unassigned: true, kind: 'complaint' })).toEqual([refs.old, refs.urgent]);
  expect((await cases.overdue()).map((c) => c.reference)).toEqual([refs.old]);
});

test('due soon covers the next 2 working days', async () => {
  expect((await cases.queue({ sla: 'due_soon' })).map((c) => c.reference)).toEqual([]);
  clock.set('2026-03-03T09:00:00Z');
  expect((await cases.queue({ sla: 'due_soon' })).map((c) => c.reference)).toEqual([refs.urgent, refs.normal]);
  clock.set('2026-03-02T10:00:00Z');
});

test('search by reference (with or without zero padding), surname, email or phone', async () => {
  const ids = async (q: string) => (await cases.search(q)).map((c) => c.reference).sort();
  expect(await ids(refs.urgent.toLowerCase())).toEqual([refs.urgent]);
  expect(await ids(`OWBC-2026-${Number(refs.urgent.slice(-6))}`)).toEqual([refs.urgent]);
  expect(await ids('baker')).toEqual([refs.old, refs.normal].sort());
  expect(await ids('ANN@example.org')).toEqual([refs.old]);
  expect(await ids('+44 7700 900123')).toEqual([refs.normal]);
  expect(await ids('nobody')).toEqual([]);
});
