/** Reminders before a hazard's legal deadlines, as stored jobs, posted through the same scheduler as the other reminders. */
import type { Database } from '../../services/database/database';
import { createDeadlineReminderHandler, DEADLINE_REMINDER_JOB, type CaseService, type DeadlineNotification } from '../../services/cases';
import { Scheduler } from '../../services/scheduler';
import { staffText } from '../../services/teams/wording';
import { cmd, officer, openComplaint, service, testClock } from '../cases/support';
import { dropTestDb, openTestDb } from '../support/testDb';

let db: Database;
// Wed 2 Dec 2026 10:00 GMT.
const clock = testClock('2026-12-02T10:00:00Z');
let cases: CaseService;

beforeAll(async () => {
  db = await openTestDb('hazard_reminders');
  cases = service(db, { clock: clock.now });
});
afterAll(() => dropTestDb(db));

function instance(events: DeadlineNotification[]): Scheduler {
  return new Scheduler({ connection: db.connection, clock: clock.now }).define(
    DEADLINE_REMINDER_JOB,
    createDeadlineReminderHandler(service(db, { clock: clock.now }), (e) => void events.push(e)),
  );
}

test('an emergency is reminded 4 hours before its 24 hours run out, and not once the case is closed', async () => {
  const ref = await openComplaint(cases, { receivedAt: new Date('2026-12-02T10:00:00Z'), description: 'There are bare wires hanging out of the ceiling in the hall.' });
  const jobs = await cases.jobs.find({ group: ref });
  const hazardJobs = jobs.filter((j) => j._id.includes(':hazard:')).sort((a, b) => a._id.localeCompare(b._id));
  expect(hazardJobs.map((j) => [j._id, j.runAt.toISOString()])).toEqual([
    [`reminder:${ref}:hazard:investigate:2026-12-03`, '2026-12-03T06:00:00.000Z'],
    [`reminder:${ref}:hazard:make_safe:2026-12-03`, '2026-12-03T06:00:00.000Z'],
  ]);

  const events: DeadlineNotification[] = [];
  clock.set('2026-12-03T05:59:00Z');
  await instance(events).runDue();
  expect(events.filter((e) => e.reference === ref)).toEqual([]);
  clock.set('2026-12-03T06:00:00Z');
  await instance(events).runDue();
  const mine = events.filter((e) => e.reference === ref).sort((a, b) => a.hazard!.step.localeCompare(b.hazard!.step));
  expect(mine.map((e) => e.hazard)).toEqual([
    { step: 'investigate', due: 'Thu, 3 Dec 2026 10:00' },
    { step: 'make_safe', due: 'Thu, 3 Dec 2026 10:00' },
  ]);
  expect(staffText.deadlineReminder(mine[1])).toBe(
    `**Hazard deadline (Awaab's Law):** make safe for ${ref} by Thu, 3 Dec 2026 10:00. Nobody has picked it up yet. Note on the case what has been done.`,
  );

  // A significant hazard whose case is closed before its reminder says nothing.
  const closed = await openComplaint(cases, { kind: 'service_request', receivedAt: new Date('2026-12-02T10:00:00Z'), description: 'Mould on the bathroom ceiling.' });
  const first = (await cases.jobs.find({ group: closed })).filter((j) => j._id.includes(':hazard:'));
  // The morning of the working day before each date: investigate by Wed 16 Dec 2026, so Tue 15 Dec 08:00.
  expect(first.find((j) => j._id.includes(':investigate:'))?.runAt.toISOString()).toBe('2026-12-15T08:00:00.000Z');
  await cases.close({ reference: closed, commandId: cmd(), actor: officer, reason: 'resolved' });
  clock.set('2026-12-15T08:00:00Z');
  await instance(events).runDue();
  expect(events.filter((e) => e.reference === closed)).toEqual([]);
});
