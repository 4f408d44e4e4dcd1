/** A hazard in a resident's later message about their open case: recognised from then, and never moving deadlines already running. */
import type { Database } from '../../services/database/database';
import type { CaseService } from '../../services/cases';
import { cmd, openComplaint, resident, service, testClock } from '../cases/support';
import { dropTestDb, openTestDb } from '../support/testDb';

let db: Database;
const clock = testClock('2026-12-02T10:00:00Z');
let cases: CaseService;

beforeAll(async () => {
  db = await openTestDb('hazard_later');
  cases = service(db, { clock: clock.now });
});
afterAll(() => dropTestDb(db));

const say = (reference: string, text: string) => cases.addResidentMessage({ reference, commandId: cmd(), actor: resident, text });

test('a complaint about a repair becomes an emergency when the resident writes that the ceiling came down, and the clock starts then', async () => {
  const ref = await openComplaint(cases, { receivedAt: new Date('2026-12-01T09:00:00Z'), description: 'Nobody came to fix the leaking gutter as promised.' });
  expect((await cases.getByReference(ref))!.hazard).toBeNull();

  clock.set('2026-12-02T15:30:00Z');
  const result = await say(ref, 'Now part of the kitchen ceiling has collapsed.');
  expect(result.entry.what).toMatch(/^Message from the resident; emergency hazard recognised \(structural danger\): investigate by Thu, 3 Dec 2026 15:30; make safe by Thu, 3 Dec 2026 15:30$/);
  const view = (await cases.getByReference(ref))!;
  expect(view.hazard).toMatchObject({ level: 'emergency', kinds: ['structural'], awareAt: new Date('2026-12-02T15:30:00Z') });
  expect(view.priority).toBe('urgent');
  expect((await cases.queue())[0].reference).toBe(ref);

  // Another message about it neither restarts nor moves the 24 hours.
  clock.set('2026-12-02T18:00:00Z');
  await say(ref, 'The ceiling is still down and water is pouring through.');
  expect((await cases.getByReference(ref))!.hazard!.awareAt).toEqual(new Date('2026-12-02T15:30:00Z'));
});

test('a significant hazard already running keeps its dates when mould is mentioned again, and rises only to an emergency', async () => {
  clock.set('2026-12-02T10:00:00Z');
  const ref = await openComplaint(cases, { description: 'There is mould on the bathroom ceiling.' });
  const first = (await cases.getByReference(ref))!.hazard!;
  expect(first.level).toBe('significant');
  clock.set('2026-12-04T10:00:00Z');
  await say(ref, 'The mould is spreading to the landing now.');
  expect((await cases.getByReference(ref))!.hazard).toEqual(first);
  await say(ref, 'My baby has been taken to hospital with breathing problems because of the mould.');
  const raised = (await cases.getByReference(ref))!.hazard!;
  expect(raised).toMatchObject({ level: 'emergency', awareAt: new Date('2026-12-04T10:00:00Z') });
});
