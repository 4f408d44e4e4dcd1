/** Deadlines from each council's pack and the working-day calendar, extension limits, escalation rules. */
import type { Database } from '../../services/database/database';
import { loadPack, type PolicyPack } from '../../services/policy';
import { CaseRuleError } from '../../services/cases';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, manager, officer, openComplaint, resident, respondStage1, reviewer, service, staffRef, testClock } from './support';

let db: Database;
const clock = testClock('2026-12-23T11:00:00Z');
const make = (council: string | PolicyPack, extra: Partial<Parameters<typeof service>[1]> = {}) => service(db, { council, clock: clock.now, reminders: false, ...extra });

beforeAll(async () => {
  db = await openTestDb('cases_deadlines');
});
afterAll(() => dropTestDb(db));
beforeEach(() => clock.set('2026-12-23T11:00:00Z'));

describe('deadlines over bank holidays and closure days', () => {
  test('received on 23 December 2026: acknowledge by 4 January (Christmas, the Boxing Day substitute and New Year skipped)', async () => {
    const cases = make('oadby-wigston');
    const opened = await cases.open(draft({ receivedAt: new Date('2026-12-23T11:00:00Z') }), { commandId: cmd() });
    expect(opened).toMatchObject({ acknowledgeBy: '2027-01-04', respondBy: '2027-01-11' });
  });

  test('the council closed between Christmas and New Year pushes the dates further', async () => {
    const base = loadPack('oadby-wigston');
    const closed: PolicyPack = { ...JSON.parse(JSON.stringify(base)), calendar: { ...base.calendar, closureDays: ['2026-12-29', '2026-12-30', '2026-12-31'] } };
    const cases = make(closed);
    const opened = await cases.open(draft({ receivedAt: new Date('2026-12-23T11:00:00Z') }), { commandId: cmd() });
    expect(opened).toMatchObject({ acknowledgeBy: '2027-01-07', respondBy: '2027-01-14' });
  });

  test('a message after the cut-off counts from the next working day', async () => {
    const cases = make('oadby-wigston', { cutoff: '17:00' });
    const opened = await cases.open(draft({ receivedAt: new Date('2026-12-24T17:30:00Z') }), { commandId: cmd() });
    // Received day becomes Tuesday 29 December; 5 working days on is 6 January.
    expect(opened.acknowledgeBy).toBe('2027-01-06');
  });

  test('Leicester: acknowledge in 3 working days, respond within 10 weeks of receipt', async () => {
    const cases = make('leicester');
    const opened = await cases.open(draft({ council: 'leicester', receivedAt: new Date('2026-03-02T10:00:00Z') }), { commandId: cmd() });
    expect(opened).toMatchObject({ acknowledgeBy: '2026-03-05', respondBy: '2026-05-11' });
  });

  test('South Derbyshire: the response date counts from the acknowledgement and moves when it is acknowledged early', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('south-derbyshire');
    const opened = await cases.open(draft({ council: 'south-derbyshire', receivedAt: new Date('2026-03-02T10:00:00Z') }), { commandId: cmd() });
    expect(opened).toMatchObject({ acknowledgeBy: '2026-03-09', respondBy: '2026-03-23' });
    clock.set('2026-03-03T10:00:00Z');
    const ack = await cases.acknowledge({ reference: opened.reference, commandId: cmd(), actor: officer });
    expect(ack.respondBy).toBe('2026-03-17');
    expect(ack.case).toMatchObject({ dueOn: '2026-03-17', dueKind: 'respond' });
  });

  test('service requests use the configured target; comments the pack reply window when a reply is wanted', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('south-cambs-housing', { serviceRequestTargetDays: 5 });
    const sr = await cases.open(draft({ council: 'south-cambs-housing', kind: 'service_request', receivedAt: new Date('2026-03-02T10:00:00Z') }), { commandId: cmd() });
    expect(sr).toMatchObject({ stage: 'service_request', acknowledgeBy: null, respondBy: '2026-03-09' });
    const comment = await cases.open(draft({ council: 'south-cambs-housing', kind: 'comment', receivedAt: new Date('2026-03-02T10:00:00Z') }), { commandId: cmd() });
    expect(comment).toMatchObject({ stage: 'feedback', respondBy: '2026-03-16' });
    const noReply = await cases.open(
      draft({ council: 'south-cambs-housing', kind: 'comment', resident: { preferredContact: 'none' }, receivedAt: new Date('2026-03-02T10:00:00Z') }),
      { commandId: cmd() },
    );
    expect(noReply.respondBy).toBeNull();
  });
});

describe('SLA state as staff see it', () => {
  test('on track, due soon within 2 working days, overdue after the date', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('oadby-wigston');
    const ref = await openComplaint(cases, { receivedAt: new Date('2026-03-02T10:00:00Z') });
    expect((await cases.getByReference(ref))!).toMatchObject({ dueOn: '2026-03-09', dueKind: 'acknowledge', sla: 'on_track', workingDaysLeft: 5 });
    clock.set('2026-03-05T10:00:00Z');
    expect((await cases.getByReference(ref))!).toMatchObject({ sla: 'due_soon', workingDaysLeft: 2 });
    clock.set('2026-03-10T10:00:00Z');
    expect((await cases.getByReference(ref))!).toMatchObject({ sla: 'overdue', workingDaysLeft: -1 });
    expect((await cases.overdue()).map((c) => c.reference)).toContain(ref);
  });
});

describe('extensions', () => {
  test('the default (Codes) pack allows at most 10 extra working days, and the reason is kept', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('default');
    const ref = await openComplaint(cases);
    await cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer });
    const view = (await cases.getByReference(ref))!;
    expect(view.tracks.stage1).toMatchObject({ respondBy: '2026-03-16', extensionLimit: '2026-03-30' });
    await expect(cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'Complex', until: '2026-03-31' })).rejects.toThrow(
      // A sentence staff read: a capital first, and the date as people write it.
      `The council's policy allows the stage 1 (first response) response to be extended by at most 10 working days, to Mon, 30 Mar 2026. Choose a date on or before Mon, 30 Mar 2026.`,
    );
    const ok = await cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'Waiting for the repairs contractor', until: '2026-03-30' });
    expect(ok).toMatchObject({ respondBy: '2026-03-30', previousRespondBy: '2026-03-16', extensionLimit: '2026-03-30', reason: 'Waiting for the repairs contractor' });
    expect(ok.ombudsman).toMatchObject({ which: 'lgsco', body: { name: expect.stringMatching(/Ombudsman/), phone: expect.any(String) } });
    expect(ok.case).toMatchObject({ dueOn: '2026-03-30' });
    expect((await cases.timeline(ref)).at(-1)!.what).toBe('Response deadline extended to Mon, 30 Mar 2026');
  });

  test('a reason is always required', async () => {
    const cases = make('default');
    const ref = await openComplaint(cases);
    await expect(cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: ' ', workingDays: 2 })).rejects.toThrow(/reason: is empty/);
  });

  test('South Derbyshire: stage 2 can go 10 working days further; Oadby & Wigston sets no limit', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const sd = make('south-derbyshire');
    const ref = await openComplaint(sd);
    await respondStage1(sd, ref);
    await sd.escalate({ reference: ref, commandId: cmd(), actor: resident, reviewer: staffRef(reviewer) });
    await sd.acknowledge({ reference: ref, commandId: cmd(), actor: reviewer });
    const s2 = (await sd.getByReference(ref))!.tracks.stage2!;
    expect(s2).toMatchObject({ respondBy: '2026-03-16', extensionLimit: '2026-03-30' });
    await expect(sd.extend({ reference: ref, commandId: cmd(), actor: reviewer, reason: 'x', workingDays: 11 })).rejects.toBeInstanceOf(CaseRuleError);
    await expect(sd.extend({ reference: ref, commandId: cmd(), actor: reviewer, reason: 'x', workingDays: 10 })).resolves.toMatchObject({ respondBy: '2026-03-30' });

    const ow = make('oadby-wigston');
    const ref2 = await openComplaint(ow);
    const far = await ow.extend({ reference: ref2, commandId: cmd(), actor: officer, reason: 'Legal advice needed', workingDays: 40 });
    expect(far.extensionLimit).toBeNull();
  });

  test('an extension must land on a later working day', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('oadby-wigston');
    const ref = await openComplaint(cases);
    await expect(cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'x', until: '2026-04-03' })).rejects.toThrow('Fri, 3 Apr 2026 is not a working day');
    await expect(cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'x', until: '2026-03-10' })).rejects.toThrow(/must be to a later date/);
  });
});

describe('escalation to stage 2', () => {
  test('needs no reason from the resident, and the review gets its own deadlines', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('oadby-wigston');
    const ref = await openComplaint(cases);
    await respondStage1(cases, ref);
    clock.set('2026-03-10T10:00:00Z');
    const res = await cases.escalate({ reference: ref, commandId: cmd(), actor: resident });
    expect(res).toMatchObject({ acknowledgeBy: '2026-03-17', respondBy: '2026-04-09' });
    expect(res.case).toMatchObject({ stage: 'stage2', status: 'open', assignee: null });
    expect(res.entry).toMatchObject({ what: 'Escalated to stage 2 (review)', actor: { role: 'resident' } });
  });

  test('the reviewer must not be the stage 1 handler, at escalation or when assigned later', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('oadby-wigston');
    const ref = await openComplaint(cases);
    await respondStage1(cases, ref, officer);
    await expect(cases.escalate({ reference: ref, commandId: cmd(), actor: manager, reviewer: staffRef(officer) })).rejects.toThrow(
      `Sam Patel handled case ${ref} at stage 1, so someone else must review it at stage 2.`,
    );
    await cases.escalate({ reference: ref, commandId: cmd(), actor: resident });
    await expect(cases.assign({ reference: ref, commandId: cmd(), actor: manager, assignee: staffRef(officer) })).rejects.toThrow(/someone else must review/);
    await expect(cases.assign({ reference: ref, commandId: cmd(), actor: manager, assignee: staffRef(reviewer) })).resolves.toMatchObject({ case: { assignee: staffRef(reviewer) } });
  });

  test('the IG-team council allows asking within one month of the stage 1 response', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('ig-team');
    const ref = await openComplaint(cases);
    await respondStage1(cases, ref);
    expect((await cases.getByReference(ref))!.tracks.stage1!.escalateBy).toBe('2026-04-02');
    clock.set('2026-04-03T10:00:00Z');
    await expect(cases.escalate({ reference: ref, commandId: cmd(), actor: resident })).rejects.toThrow(
      `The time to ask for a stage 2 review of case ${ref} ended on Thu, 2 Apr 2026 (the stage 1 response was sent on Mon, 2 Mar 2026).`,
    );
    clock.set('2026-04-02T16:00:00Z');
    await expect(cases.escalate({ reference: ref, commandId: cmd(), actor: resident })).resolves.toMatchObject({ case: { stage: 'stage2' } });
  });

  test('a single-stage council (Leicester) cannot escalate; the case goes to the ombudsman', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const cases = make('leicester');
    const ref = await openComplaint(cases, { serviceAreas: ['housing_repairs'] });
    await respondStage1(cases, ref);
    const view = (await cases.getByReference(ref))!;
    expect(view.tracks.stage1!.outcome!.escalation).toMatchObject({ to: 'ombudsman', which: 'housing' });
    await expect(cases.escalate({ reference: ref, commandId: cmd(), actor: resident })).rejects.toThrow(
      /Leicester has no stage 2 review: its stage 1 response is final\. If the resident is still unhappy, refer case .* to the Housing Ombudsman Service\./,
    );
    const referred = await cases.referToOmbudsman({ reference: ref, commandId: cmd(), actor: officer });
    expect(referred.case).toMatchObject({ stage: 'ombudsman', ombudsman: { which: 'housing' } });
  });
});
