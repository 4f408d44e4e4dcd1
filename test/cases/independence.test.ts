/**
 * Issue 17's defects at the service: who may act at stage 2 is decided by what people did at
 * stage 1, and extension limits hold whatever order staff act in.
 */
import type { Database } from '../../services/database/database';
import { CaseRuleError, type CaseService } from '../../services/cases';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, manager, officer, openComplaint, resident, reviewer, service, staffRef, testClock } from './support';

let db: Database;
const clock = testClock('2026-12-01T10:00:00Z');
const tom = { id: 'staff-tom', name: 'Tom Baker', role: 'staff' as const };
let cases: CaseService;

beforeAll(async () => {
  db = await openTestDb('cases_independence');
  cases = service(db, { council: 'default', clock: clock.now, reminders: false });
});
afterAll(() => dropTestDb(db));
beforeEach(() => clock.set('2026-12-01T10:00:00Z'));

const answer = (reference: string, actor = officer) =>
  cases.respond({ reference, commandId: cmd(), actor, decision: 'upheld', points: [{ issue: 1, decision: 'upheld', reasons: 'Missed.' }], reasons: 'Missed.', remedy: 'Apology.' });

test('the stage 1 handler cannot answer (or acknowledge, or extend) the stage 2 review, and the review is acknowledged before it is answered', async () => {
  const ref = await openComplaint(cases);
  await cases.assign({ reference: ref, commandId: cmd(), actor: tom, assignee: staffRef(tom) });
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: tom });
  await answer(ref, tom);
  await cases.escalate({ reference: ref, commandId: cmd(), actor: manager, reviewer: staffRef(reviewer) });

  await expect(answer(ref, tom)).rejects.toThrow(`Tom Baker handled case ${ref} at stage 1, so someone else must record its stage 2 response.`);
  await expect(cases.acknowledge({ reference: ref, commandId: cmd(), actor: tom })).rejects.toThrow(/Tom Baker handled .* must acknowledge its stage 2 review/);
  await expect(answer(ref, reviewer)).rejects.toThrow(`Case ${ref}'s stage 2 review hasn't been acknowledged yet. Acknowledge it first, then record the response.`);
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: reviewer });
  await expect(cases.extend({ reference: ref, commandId: cmd(), actor: tom, reason: 'x', workingDays: 2 })).rejects.toThrow(/must extend its stage 2 review/);
  const done = await answer(ref, reviewer);
  expect(done.case.tracks.stage2).toMatchObject({ handler: staffRef(reviewer), acknowledgedOn: '2026-12-01', respondedOn: '2026-12-01' });
});

test('the stage 1 handler cannot end the stage 2 review either: not close it, refer it on or reopen it, while notes and the reviewer\'s own actions go on', async () => {
  const ref = await openComplaint(cases);
  await cases.assign({ reference: ref, commandId: cmd(), actor: tom, assignee: staffRef(tom) });
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: tom });
  await answer(ref, tom);
  await cases.escalate({ reference: ref, commandId: cmd(), actor: manager, reviewer: staffRef(reviewer) });
  const before = (await cases.getByReference(ref))!.version;

  await expect(cases.close({ reference: ref, commandId: cmd(), actor: tom, reason: 'duplicate' })).rejects.toThrow(`Tom Baker handled case ${ref} at stage 1, so someone else must close its stage 2 review.`);
  await expect(cases.referToOmbudsman({ reference: ref, commandId: cmd(), actor: tom })).rejects.toThrow(/Tom Baker handled .* must record its referral to the ombudsman/);
  expect((await cases.getByReference(ref))!).toMatchObject({ stage: 'stage2', version: before });
  await cases.addNote({ reference: ref, commandId: cmd(), actor: tom, text: 'Context for the reviewer.' });

  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: reviewer });
  await answer(ref, reviewer);
  const closed = await cases.close({ reference: ref, commandId: cmd(), actor: reviewer, reason: 'responded' });
  expect(closed.case).toMatchObject({ stage: 'closed', closedFromStage: 'stage2' });
  await expect(cases.reopen({ reference: ref, commandId: cmd(), actor: tom, reason: 'More to add' })).rejects.toThrow(/Tom Baker handled .* must reopen its stage 2 review/);
  await expect(cases.reopen({ reference: ref, commandId: cmd(), actor: reviewer, reason: 'More to add' })).resolves.toMatchObject({ case: { stage: 'stage2' } });
});

test('whoever recorded the stage 1 response is its decision-maker, and the person assigned handled it too: neither reviews', async () => {
  const ref = await openComplaint(cases);
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: manager });
  await cases.assign({ reference: ref, commandId: cmd(), actor: manager, assignee: staffRef(officer) }); // Sam assigned
  const s1 = await answer(ref, reviewer); // Priya records the response
  expect(s1.case.tracks.stage1).toMatchObject({ handler: staffRef(reviewer), handledBy: [staffRef(officer), staffRef(reviewer)] });
  await expect(cases.escalate({ reference: ref, commandId: cmd(), actor: manager, reviewer: staffRef(reviewer) })).rejects.toThrow(
    `Priya Shah handled case ${ref} at stage 1, so someone else must review it at stage 2.`,
  );
  const escalated = await cases.escalate({ reference: ref, commandId: cmd(), actor: resident });
  expect(escalated.case.assignee).toBeNull(); // Sam, assigned at stage 1, does not carry on
  await expect(cases.assign({ reference: ref, commandId: cmd(), actor: manager, assignee: staffRef(officer) })).rejects.toBeInstanceOf(CaseRuleError);
  await expect(cases.assign({ reference: ref, commandId: cmd(), actor: manager, assignee: staffRef(manager) })).resolves.toMatchObject({ case: { assignee: staffRef(manager) } });
});

test('extending before acknowledging is refused where the limit counts from the acknowledgement, so no order leaves a deadline past it', async () => {
  // Received Tue 1 Dec 2026; the default pack counts the response from the acknowledgement (10 working days, 10 more at most: Christmas skipped).
  const ref = await openComplaint(cases, { receivedAt: new Date('2026-12-01T10:00:00Z') });
  const before = await cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'Waiting for a report', until: '2027-01-08' }).catch((e) => e);
  expect(before).toBeInstanceOf(CaseRuleError);
  expect(before.message).toBe(`Acknowledge case ${ref} first: the council's policy counts the stage 1 (first response) response time, and the longest extension, from the acknowledgement.`);
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer });
  const track = (await cases.getByReference(ref))!.tracks.stage1!;
  expect(track).toMatchObject({ respondBy: '2026-12-15', extensionLimit: '2026-12-31' });
  await expect(cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'x', until: '2027-01-08' })).rejects.toThrow(/to Thu, 31 Dec 2026/);
});

test('a case extended before acknowledgement under the old rules is brought back to the limit when it is acknowledged', async () => {
  const ref = await openComplaint(cases, { receivedAt: new Date('2026-12-01T10:00:00Z') });
  // As the old code stored it: extended to 8 January before any acknowledgement.
  const stored = (await cases.store.load(ref))!;
  const s1 = { ...stored.tracks.stage1!, extensions: [{ until: '2027-01-08', reason: 'Waiting for a report', on: '2026-12-01' }], respondBy: '2027-01-08' };
  await cases.store.saveSnapshot(ref, { tracks: { ...stored.tracks, stage1: s1 } });
  const acked = await cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer });
  expect(acked.case.tracks.stage1).toMatchObject({ respondBy: '2026-12-31', extensionLimit: '2026-12-31' });
  expect(acked.entry.what).toBe('Acknowledged; the extended deadline is now Thu, 31 Dec 2026, the latest the policy allows counted from the acknowledgement');
});

test('a reviewer named with their roles must hold the reviewer role; one decision from the card stands for every point', async () => {
  const ref = await openComplaint(cases);
  await cases.addRelatedIssue({ reference: ref, commandId: cmd(), actor: officer, text: 'Nobody called back.' });
  await cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer });
  const s1 = await cases.respond({ reference: ref, commandId: cmd(), actor: officer, decision: 'partly_upheld', reasons: 'Missed once; the call was logged.', remedy: 'Apology.', sameForEveryPoint: true });
  expect(s1.case.tracks.stage1!.outcome!.points).toEqual([
    { issue: 1, decision: 'partly_upheld', reasons: 'Missed once; the call was logged.' },
    { issue: 2, decision: 'partly_upheld', reasons: 'Missed once; the call was logged.' },
  ]);
  const before = (await cases.getByReference(ref))!.version;
  await expect(cases.escalate({ reference: ref, commandId: cmd(), actor: manager, reviewer: { ...staffRef(reviewer), roles: ['investigator'] } })).rejects.toThrow(
    `${reviewer.name} does not have the reviewer role. Choose someone who does.`,
  );
  expect((await cases.getByReference(ref))!.version).toBe(before);
  const escalated = await cases.escalate({ reference: ref, commandId: cmd(), actor: manager, reviewer: { ...staffRef(reviewer), roles: ['reviewer'] } });
  // The roles are checked, not stored.
  expect(escalated.case.assignee).toEqual(staffRef(reviewer));
});
