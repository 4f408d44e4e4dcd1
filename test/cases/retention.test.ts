/** Retention anonymisation, subject access export and erasure on request. */
import type { Database } from '../../services/database/database';
import type { CaseService } from '../../services/cases';
import { RetentionService } from '../../services/retention';
import { REMOVED } from '../../services/cases';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, officer, resident, respondStage1, service, testClock } from './support';

let db: Database;
const clock = testClock('2026-03-02T10:00:00Z');
let cases: CaseService;
const deleted: Array<[string, string[]]> = [];
let retention: RetentionService;

beforeAll(async () => {
  db = await openTestDb('cases_retention');
  cases = service(db, { clock: clock.now, reminders: false });
  retention = new RetentionService({ cases, clock: clock.now, deleteEvidence: async (ref, ids) => void deleted.push([ref, ids]) });
});
afterAll(() => dropTestDb(db));

async function closedCase(email: string): Promise<string> {
  clock.set('2026-03-02T10:00:00Z');
  const ref = (
    await cases.open(
      draft({
        resident: { name: 'Jane Smith', email, phone: '+44 116 496 0123', address: '1 High St', postcode: 'LE1 1AA', preferredContact: 'email' },
        representative: { name: 'Tom Smith', role: 'family', relationship: 'son', email: 'tom@example.org', consentConfirmed: true, authorisation: 'provided' },
        evidence: [{ fileId: 'file-1', filename: 'bin.jpg', contentType: 'image/jpeg', size: 100 }],
        vulnerable: true,
        vulnerabilityNotes: 'Recently bereaved',
      }),
      { commandId: cmd() },
    )
  ).reference;
  await cases.addResidentMessage({ reference: ref, commandId: cmd(), actor: { ...resident, name: 'Jane Smith' }, text: 'My neighbour Bob at no. 3 saw it.' });
  await respondStage1(cases, ref);
  await cases.close({ reference: ref, commandId: cmd(), actor: officer, reason: 'responded', note: 'Jane was happy with the apology.' });
  return ref;
}

test('6 years after closure personal data is removed, statistics kept, evidence deleted, and the timeline says why', async () => {
  expect(retention.retentionYears).toBe(6);
  const ref = await closedCase('jane@example.org');
  clock.set('2032-03-01T10:00:00Z');
  expect(await retention.anonymiseExpired()).not.toContain(ref);
  clock.set('2032-03-03T10:00:00Z');
  expect(await retention.anonymiseExpired()).toContain(ref);

  const view = (await cases.getByReference(ref))!;
  expect(view.resident).toEqual({ preferredContact: 'email' });
  expect(view.representative).toEqual({ name: REMOVED, role: 'family', relationship: REMOVED, consentConfirmed: true, authorisation: 'provided' });
  expect(view).toMatchObject({ description: REMOVED, outcomeWanted: REMOVED, vulnerabilityNotes: REMOVED, evidence: [], conversationReference: null });
  expect(view.tracks.stage1!.outcome).toMatchObject({ decision: 'upheld', reasons: REMOVED, remedy: REMOVED });
  // What reports need stays.
  expect(view).toMatchObject({ kind: 'complaint', channel: 'webchat', serviceAreas: ['waste_recycling'], vulnerable: true, priority: 'high', receivedOn: '2026-03-02' });
  expect(view.tracks.stage1).toMatchObject({ respondedOn: '2026-03-02', acknowledgeBy: '2026-03-09' });
  expect(deleted).toContainEqual([ref, ['file-1']]);

  const timeline = await cases.timeline(ref);
  expect(timeline.at(-1)).toMatchObject({ what: 'Personal details removed: retention period ended', details: { reason: 'retention' }, actor: { role: 'system' } });
  const stored = JSON.stringify(await cases.store.events.find({ caseId: ref }).lean());
  for (const personal of ['Jane', 'Bob', 'neighbour', 'apology', 'jane@example.org', 'crew']) expect(stored).not.toContain(personal);
  const raw = JSON.stringify(await cases.store.cases.findById(ref).lean());
  for (const personal of ['Jane', 'Smith', 'jane@', '4960123', 'High St', 'bereaved']) expect(raw).not.toContain(personal);
  // Running again changes nothing.
  expect(await retention.anonymiseExpired()).toEqual([]);
});

test('subject access: everything held about a person, found by email or phone, as JSON', async () => {
  const ref = await closedCase('sar@example.org');
  const other = await closedCase('someone.else@example.org');
  const byEmail = await retention.exportSubject({ email: 'SAR@example.org' });
  expect(byEmail.cases.map((c) => c.case.reference)).toEqual([ref]);
  const [held] = byEmail.cases;
  expect(held.case.resident).toMatchObject({ name: 'Jane Smith', email: 'sar@example.org' });
  expect(held.timeline.map((e) => e.command)).toEqual(['open', 'addResidentMessage', 'acknowledge', 'assign', 'respond', 'close']);
  expect(held.timeline[1].details).toEqual({ text: 'My neighbour Bob at no. 3 saw it.', evidence: [] });
  expect(JSON.parse(JSON.stringify(byEmail)).cases).toHaveLength(1);
  const byPhone = await retention.exportSubject({ phone: '0116 4960123' });
  expect(byPhone.cases.map((c) => c.case.reference)).toEqual(expect.arrayContaining([ref, other]));
  const asRepresentative = await retention.exportSubject({ email: 'tom@example.org' });
  expect(asRepresentative.cases.map((c) => c.case.reference)).toEqual(expect.arrayContaining([ref, other]));
});

test('erasure on request anonymises the person’s cases and records it without personal data', async () => {
  const ref = await closedCase('erase.me@example.org');
  const erased = await retention.eraseSubject({ email: 'erase.me@example.org' }, cmd('erase'), officer);
  expect(erased).toEqual([ref]);
  expect((await retention.exportSubject({ email: 'erase.me@example.org' })).cases).toEqual([]);
  const last = (await cases.timeline(ref)).at(-1)!;
  expect(last).toMatchObject({ what: "Personal details erased at the person's request", details: { reason: 'erasure_request' }, actor: { name: 'Sam Patel' } });
  await expect(cases.reopen({ reference: ref, commandId: cmd(), actor: officer, reason: 'x' })).rejects.toThrow(/personal details removed/);
});
