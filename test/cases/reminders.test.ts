/** Deadline reminders as stored jobs: fired by whichever instance claims them, once, and still there after a restart. */
import type { Database } from '../../services/database/database';
import { createDeadlineReminderHandler, DEADLINE_REMINDER_JOB, type DeadlineNotification, type CaseService } from '../../services/cases';
import { Scheduler } from '../../services/scheduler';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, officer, openComplaint, service, staffRef, testClock } from './support';

let db: Database;
const clock = testClock('2026-03-02T10:00:00Z');
let cases: CaseService;

beforeAll(async () => {
  db = await openTestDb('cases_reminders');
  cases = service(db, { clock: clock.now });
});
afterAll(() => dropTestDb(db));
beforeEach(() => clock.set('2026-03-02T10:00:00Z'));

function newInstance(events: DeadlineNotification[]): Scheduler {
  const instanceCases = service(db, { clock: clock.now });
  return new Scheduler({ connection: db.connection, clock: clock.now }).define(
    DEADLINE_REMINDER_JOB,
    createDeadlineReminderHandler(instanceCases, (e) => {
      events.push(e);
    }),
  );
}

test('warns before the acknowledgement deadline and when it is missed, to the assignee and triage, after a restart', async () => {
  const ref = await openComplaint(cases);
  await cases.assign({ reference: ref, commandId: cmd(), actor: officer, assignee: staffRef(officer) });
  const pending = (await cases.jobs.find({ group: ref })).map((j) => j._id);
  expect(pending).toEqual([
    `reminder:${ref}:stage1:acknowledge:deadline_due_soon:2026-03-09`,
    `reminder:${ref}:stage1:respond:deadline_due_soon:2026-03-16`,
    `reminder:${ref}:stage1:acknowledge:deadline_missed:2026-03-09`,
    `reminder:${ref}:stage1:respond:deadline_missed:2026-03-16`,
  ].sort((a, b) => pending.indexOf(a) - pending.indexOf(b)));

  const events: DeadlineNotification[] = [];
  const first = newInstance(events);
  expect((await first.runDue()).ran).toEqual([]); // nothing due yet
  await first.stop(); // the bot restarts

  clock.set('2026-03-05T08:00:00Z'); // 2 working days before 9 March, 08:00 London
  const second = newInstance(events);
  await second.runDue();
  expect(events.filter((e) => e.reference === ref)).toEqual([
    {
      type: 'deadline_due_soon', reference: ref, council: 'oadby-wigston', kind: 'complaint', stage: 'stage1', deadline: 'acknowledge',
      dueOn: '2026-03-09', workingDaysLeft: 2, priority: 'normal', assignee: staffRef(officer), audience: ['assignee', 'triage'],
    },
  ]);

  clock.set('2026-03-10T08:00:00Z');
  await newInstance(events).runDue();
  expect(events.filter((e) => e.reference === ref).map((e) => [e.type, e.deadline, e.workingDaysLeft])).toEqual([
    ['deadline_due_soon', 'acknowledge', 2],
    ['deadline_missed', 'acknowledge', -1],
  ]);
  // Nothing runs twice.
  await newInstance(events).runDue();
  expect(events.filter((e) => e.reference === ref)).toHaveLength(2);
});

test('two instances polling at once deliver each reminder once', async () => {
  const refs = await Promise.all([openComplaint(cases), openComplaint(cases), openComplaint(cases)]);
  clock.set('2026-03-05T09:00:00Z');
  const events: DeadlineNotification[] = [];
  const instances = [newInstance(events), newInstance(events), newInstance(events)];
  await Promise.all(instances.map((s) => s.runDue()));
  const mine = events.filter((e) => refs.includes(e.reference));
  expect(mine.map((e) => e.reference).sort()).toEqual([...refs].sort());
  expect(mine.every((e) => e.type === 'deadline_due_soon' && e.audience.join() === 'triage')).toBe(true);
});

test('a deadline that was met or moved says nothing; new deadlines get new reminders', async () => {
  const ref = await openComplaint(cases);
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer });
  const ids = (await cases.jobs.find({ group: ref })).map((j) => j._id);
  expect(ids.every((id) => id.includes(':respond:'))).toBe(true);
  await cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'More time', until: '2026-03-20' });
  const after = (await cases.jobs.find({ group: ref })).map((j) => j._id);
  expect(after.every((id) => id.endsWith(':2026-03-20'))).toBe(true);
  clock.set('2026-03-18T09:00:00Z'); // past the old "missed" day for 16 March, on the new "due soon" day
  const events: DeadlineNotification[] = [];
  await newInstance(events).runDue();
  expect(events.filter((e) => e.reference === ref).map((e) => [e.type, e.dueOn])).toEqual([['deadline_due_soon', '2026-03-20']]);
});

test('a failing delivery is retried on a later poll', async () => {
  const ref = await openComplaint(cases);
  clock.set('2026-03-05T09:00:00Z');
  let calls = 0;
  const seen: string[] = [];
  const flaky = new Scheduler({ connection: db.connection, clock: clock.now, retryDelayMs: 60_000 }).define(
    DEADLINE_REMINDER_JOB,
    createDeadlineReminderHandler(cases, (e) => {
      if (e.reference !== ref) return;
      if (++calls === 1) throw new Error('Teams unavailable');
      seen.push(e.type);
    }),
  );
  const firstPoll = await flaky.runDue();
  expect(firstPoll.failed.some((id) => id.includes(ref))).toBe(true);
  // A first failure is most often a dropped connection: tried again after 2 s, not after the full delay.
  clock.set('2026-03-05T09:00:01Z');
  await flaky.runDue();
  expect(seen).toEqual([]);
  clock.set('2026-03-05T09:00:03Z');
  await flaky.runDue();
  expect(seen).toEqual(['deadline_due_soon']);
});

test('work queued while a poll runs is run straight after it, whoever started the poll (not left for the next timer tick)', async () => {
  const ran: string[] = [];
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  const scheduler = new Scheduler({ connection: db.connection })
    .define('test.slow', async () => {
      await slow;
      ran.push('slow');
    })
    .define('test.quick', async (job) => void ran.push(String(job.data.n)));
  await scheduler.store.schedule({ id: `test.slow:${cmd()}`, name: 'test.slow', runAt: new Date() });
  // A poll started as the timer starts it, held up by the slow job.
  const timerPoll = scheduler.runDue();
  await new Promise((r) => setTimeout(r, 200));
  await scheduler.store.schedule({ id: `test.quick:${cmd()}`, name: 'test.quick', runAt: new Date(), data: { n: 1 } });
  scheduler.kick(); // arrives during that poll
  release();
  await timerPoll;
  for (let i = 0; i < 100 && !ran.includes('1'); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ran).toEqual(['slow', '1']);
  await scheduler.stop();
});

test('a job that failed once is tried again about 2 s later without waiting for the next timer tick', async () => {
  let calls = 0;
  const scheduler = new Scheduler({ connection: db.connection, retryDelayMs: 60_000 }).define('test.flaky-once', async () => {
    if (++calls === 1) throw new Error('connection reset');
  });
  scheduler.start(600_000); // a timer far away: only the scheduler's own wake-up can retry it in time
  await scheduler.store.schedule({ id: `test.flaky-once:${cmd()}`, name: 'test.flaky-once', runAt: new Date() });
  scheduler.kick();
  for (let i = 0; i < 120 && calls < 2; i++) await new Promise((r) => setTimeout(r, 50));
  expect(calls).toBe(2);
  await scheduler.stop();
});
