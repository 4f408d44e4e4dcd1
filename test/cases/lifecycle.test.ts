/** Every lifecycle command in every kind of state: what staff may do, and what they are told when they can't. */
import type { Database } from '../../services/database/database';
import { CaseInputError, CaseRuleError, CaseService, TransitionRefusedError, CASE_COMMANDS, type CaseCommand } from '../../services/cases';
import { CLOSURE_REASONS } from '../../models/caseRecord';
import { closeReasonsFor } from '../../services/cases/preconditions';
import { stepRaw } from '../../services/cases/step';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, manager, officer, resident, respondStage1, reviewer, service, staffRef, testClock } from './support';

let db: Database;
let cases: CaseService;
const clock = testClock('2026-03-02T10:00:00Z');

beforeAll(async () => {
  db = await openTestDb('cases_lifecycle');
  cases = service(db, { clock: clock.now, reminders: false });
});
afterAll(() => dropTestDb(db));

type State = 'stage1/open' | 'stage1/in_progress' | 'stage1/awaiting_resident' | 'stage1/responded' | 'stage2/open' | 'service_request/open' | 'feedback/open' | 'ombudsman/in_progress' | 'closed';

async function caseIn(state: State): Promise<string> {
  const kind = state === 'service_request/open' ? 'service_request' : state === 'feedback/open' ? 'comment' : 'complaint';
  const ref = await cases.open(draft({ kind }), { commandId: cmd('open') }).then((o) => o.reference);
  const base = { reference: ref, actor: officer };
  if (state === 'stage1/in_progress' || state === 'stage1/awaiting_resident') {
    await cases.acknowledge({ ...base, commandId: cmd() });
    await cases.assign({ ...base, commandId: cmd(), assignee: staffRef(officer) });
  }
  if (state === 'stage1/awaiting_resident') await cases.messageResident({ ...base, commandId: cmd(), text: 'Can you send a photo?', awaitReply: true });
  if (state === 'stage1/responded' || state === 'stage2/open' || state === 'closed') await respondStage1(cases, ref);
  if (state === 'stage2/open') await cases.escalate({ reference: ref, actor: resident, commandId: cmd() });
  if (state === 'closed') await cases.close({ ...base, commandId: cmd(), reason: 'responded' });
  if (state === 'ombudsman/in_progress') await cases.referToOmbudsman({ ...base, commandId: cmd() });
  const view = await cases.getByReference(ref);
  expect(state.startsWith(view!.stage) || (state === 'closed' && view!.stage === 'closed')).toBe(true);
  return ref;
}

/**
 * A valid input for each command, so the only reason to refuse is the case's state. At stage 2 the
 * manager acts: the officer answered stage 1, so is refused there whatever the state (see independence).
 */
function attempt(command: CaseCommand, reference: string, actor = officer): Promise<unknown> {
  const base = { reference, commandId: cmd(command), actor };
  switch (command) {
    case 'acknowledge': return cases.acknowledge(base);
    case 'assign': return cases.assign({ ...base, assignee: staffRef(reviewer) });
    case 'addNote': return cases.addNote({ ...base, text: 'Called the crew supervisor.' });
    case 'messageResident': return cases.messageResident({ ...base, text: 'We are looking into it.' });
    case 'addResidentMessage': return cases.addResidentMessage({ ...base, actor: resident, text: 'Any news?' });
    case 'extend': return cases.extend({ ...base, reason: 'Waiting for the contractor report.', workingDays: 1 });
    case 'respond':
      return cases.respond({ ...base, decision: 'not_upheld', points: [{ issue: 1, decision: 'not_upheld', reasons: 'Collected on time.' }], reasons: 'Records show collection.', remedy: 'None needed.', summary: 'Done.' });
    case 'escalate': return cases.escalate({ ...base, actor: resident });
    case 'convert': return cases.convertToComplaint(base);
    case 'addRelatedIssue': return cases.addRelatedIssue({ ...base, text: 'The crew was rude.' });
    case 'reopen': return cases.reopen({ ...base, reason: 'The resident says it happened again.' });
    case 'close': return cases.close({ ...base, reason: 'withdrawn' });
    case 'referToOmbudsman': return cases.referToOmbudsman(base);
    case 'recordAuthorisation': return cases.recordAuthorisation(base);
    case 'copyCouncillor': return cases.copyCouncillor({ ...base, name: 'Cllr Ann Reid', email: 'cllr.reid@example.org' });
    case 'anonymise': return cases.anonymise({ ...base, actor: { id: 'system', name: 'Retention', role: 'system' }, reason: 'retention' });
    case 'recordLearning': return cases.recordLearning({ ...base, theme: 'Communication', detail: 'We did not say when the crew would come back.' });
    case 'completeLearningAction': return cases.completeLearningAction({ ...base, pointId: 'L1' });
  }
}

const EXPECTED_ALLOWED: Record<State, CaseCommand[]> = {
  // respond is in the table, but a complaint must be acknowledged first at either stage (a rule, tested below).
  'stage1/open': ['acknowledge', 'assign', 'addNote', 'messageResident', 'addResidentMessage', 'extend', 'addRelatedIssue', 'close', 'referToOmbudsman'],
  'stage1/in_progress': ['assign', 'addNote', 'messageResident', 'addResidentMessage', 'extend', 'respond', 'addRelatedIssue', 'close', 'referToOmbudsman'],
  'stage1/awaiting_resident': ['assign', 'addNote', 'messageResident', 'addResidentMessage', 'extend', 'respond', 'addRelatedIssue', 'close', 'referToOmbudsman'],
  'stage1/responded': ['assign', 'addNote', 'messageResident', 'addResidentMessage', 'escalate', 'close', 'referToOmbudsman', 'recordLearning'],
  'stage2/open': ['acknowledge', 'assign', 'addNote', 'messageResident', 'addResidentMessage', 'extend', 'close', 'referToOmbudsman'],
  'service_request/open': ['acknowledge', 'assign', 'addNote', 'messageResident', 'addResidentMessage', 'respond', 'convert', 'close'],
  'feedback/open': ['acknowledge', 'assign', 'addNote', 'messageResident', 'addResidentMessage', 'respond', 'convert', 'close'],
  'ombudsman/in_progress': ['assign', 'addNote', 'messageResident', 'addResidentMessage', 'close'],
  closed: ['addNote', 'reopen', 'escalate', 'referToOmbudsman', 'recordLearning'],
};

// recordAuthorisation and copyCouncillor need a representative or a pack that allows copies: tested in test/correspondence;
// completeLearningAction needs a learning point with an action: tested in test/teams/learningRegister.test.ts.
const STAFF_COMMANDS = CASE_COMMANDS.filter((c) => c !== 'anonymise' && c !== 'recordAuthorisation' && c !== 'copyCouncillor' && c !== 'completeLearningAction');
const matrix = (Object.keys(EXPECTED_ALLOWED) as State[]).flatMap((state) => STAFF_COMMANDS.map((command) => [state, command, EXPECTED_ALLOWED[state].includes(command)] as const));

describe('the transition table', () => {
  test.each(matrix)('%s: %s allowed = %s', async (state, command, allowed) => {
    const ref = await caseIn(state);
    const before = await cases.getByReference(ref);
    const outcome = await attempt(command, ref, state === 'stage2/open' ? manager : officer).then(() => null, (err: Error) => err);
    if (state === 'stage2/open' && command === 'respond') {
      expect(outcome).toBeInstanceOf(CaseRuleError);
      expect(outcome!.message).toBe(`Case ${ref}'s stage 2 review hasn't been acknowledged yet. Acknowledge it first, then record the response.`);
      expect((await cases.getByReference(ref))!.version).toBe(before!.version);
    } else if (state === 'stage1/open' && command === 'respond') {
      expect(outcome).toBeInstanceOf(CaseRuleError);
      expect(outcome!.message).toBe(`Case ${ref}'s complaint hasn't been acknowledged yet. Acknowledge it first, then record the response.`);
      expect((await cases.getByReference(ref))!.version).toBe(before!.version);
    } else if (allowed) {
      expect(outcome).toBeNull();
      expect((await cases.getByReference(ref))!.version).toBe(before!.version + 1);
    } else {
      expect(outcome).toBeInstanceOf(TransitionRefusedError);
      expect(outcome!.message).toContain(ref);
      expect(outcome!.message).toMatch(/so it can't be|already been acknowledged|is not closed/);
      // Nothing was written.
      expect((await cases.getByReference(ref))!.version).toBe(before!.version);
      expect(await cases.timeline(ref)).toHaveLength(before!.version);
    }
  });
});

describe('refusals are explained in plain words', () => {
  test('extending a closed case says so and what to do', async () => {
    const ref = await caseIn('closed');
    await expect(cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'More time', workingDays: 2 })).rejects.toThrow(
      `Case ${ref} is closed, so it can't be extended. Reopen it first.`,
    );
  });

  test('acknowledging twice', async () => {
    const ref = await caseIn('stage1/in_progress');
    await expect(cases.acknowledge({ reference: ref, commandId: cmd(), actor: officer })).rejects.toThrow(`Case ${ref} has already been acknowledged.`);
  });

  test('escalating before the stage 1 response', async () => {
    const ref = await caseIn('stage1/open');
    await expect(cases.escalate({ reference: ref, commandId: cmd(), actor: resident })).rejects.toThrow(/hasn't had its stage 1 response yet/);
  });

  test('extending a service request', async () => {
    const ref = await caseIn('service_request/open');
    await expect(cases.extend({ reference: ref, commandId: cmd(), actor: officer, reason: 'x', workingDays: 1 })).rejects.toThrow(
      `Case ${ref} is a service request, so it can't be extended. Only complaint deadlines can be extended.`,
    );
  });

  test('a resident cannot do staff things', async () => {
    const ref = await caseIn('stage1/open');
    await expect(cases.acknowledge({ reference: ref, commandId: cmd(), actor: resident })).rejects.toThrow(CaseRuleError);
  });

  test('an unknown case', async () => {
    await expect(cases.acknowledge({ reference: 'OWBC-2026-999999', commandId: cmd(), actor: officer })).rejects.toThrow('There is no case OWBC-2026-999999.');
  });

  test('a command without a commandId is refused before anything happens', async () => {
    const ref = await caseIn('stage1/open');
    await expect(cases.acknowledge({ reference: ref, actor: officer } as never)).rejects.toBeInstanceOf(CaseInputError);
  });
});

describe('what the commands record', () => {
  test('opening gives the resident a reference, priority and dates; the timeline starts', async () => {
    const opened = await cases.open(draft({ safeguarding: true }), { commandId: cmd() });
    expect(opened).toMatchObject({ kind: 'complaint', stage: 'stage1', priority: 'urgent', acknowledgeBy: '2026-03-09', respondBy: '2026-03-16' });
    expect(opened.reference).toMatch(/^OWBC-2026-\d{6}$/);
    const timeline = await cases.timeline(opened.reference);
    expect(timeline.map((e) => e.what)).toEqual(['Case opened as a stage 1 complaint from webchat']);
  });

  test.each([
    [{ vulnerable: true }, 'high'],
    [{ adjustments: ['interpreter'] }, 'high'],
    [{ adjustments: ['phone_instead_of_writing'] }, 'high'],
    [{ adjustments: ['large_print'] }, 'normal'],
    [{ safeguarding: true, vulnerable: true }, 'urgent'],
  ] as const)('priority from %j is %s', async (extra, priority) => {
    const opened = await cases.open(draft({ ...extra, adjustments: [...((extra as { adjustments?: string[] }).adjustments ?? [])] as never }), { commandId: cmd() });
    expect(opened.priority).toBe(priority);
  });

  test('a draft for another council is refused', async () => {
    await expect(cases.open(draft({ council: 'leicester' }), { commandId: cmd() })).rejects.toThrow(/for council "leicester"/);
  });

  test('messaging the resident returns what the bot must relay and waits for a reply', async () => {
    const ref = await caseIn('stage1/in_progress');
    const res = await cases.messageResident({ reference: ref, commandId: cmd(), actor: officer, text: 'Could you send a photo of the bin?', awaitReply: true });
    expect(res.relay).toEqual({
      text: 'Could you send a photo of the bin?',
      conversationReference: { conversation: { id: 'conv-1' }, serviceUrl: 'https://webchat.example/' },
      channel: 'webchat',
      preferredContact: 'email',
    });
    expect(res.case.status).toBe('awaiting_resident');
    const reply = await cases.addResidentMessage({
      reference: ref, commandId: cmd(), actor: resident, text: 'Photo attached.',
      evidence: [{ fileId: 'f-1', filename: 'bin.jpg', contentType: 'image/jpeg', size: 1000 }],
    });
    expect(reply.case.status).toBe('in_progress');
    expect(reply.case.evidence.map((e) => e.fileId)).toEqual(['f-1']);
    expect((await cases.timeline(ref)).slice(-2).map((e) => [e.actor.role, e.what])).toEqual([
      // Written, not "sent": only the bot knows whether it arrived, and the timeline shows that separately.
      ['staff', 'Message to the resident written, waiting for their reply'],
      ['resident', 'Message from the resident'],
    ]);
  });

  test('a response must decide every point and state reasons and remedy; escalation details are added', async () => {
    const ref = await caseIn('stage1/in_progress');
    await cases.addRelatedIssue({ reference: ref, commandId: cmd(), actor: officer, text: 'The crew left rubbish in the road.' });
    const missing = await cases.respond({ reference: ref, commandId: cmd(), actor: officer, points: [{ issue: 1, decision: 'upheld', reasons: 'Missed.' }] }).catch((e) => e);
    expect(missing).toBeInstanceOf(CaseInputError);
    expect(missing.problems).toEqual([
      'the overall decision (upheld, partly upheld, not upheld or resolved)',
      'a decision on point 2 ("The crew left rubbish in the road.")',
      'the reasons for the decision',
      'the remedy: what the council will do to put things right, or why nothing is offered',
    ]);
    const res = await cases.respond({
      reference: ref, commandId: cmd(), actor: officer, decision: 'partly_upheld',
      points: [{ issue: 1, decision: 'upheld', reasons: 'Missed three times.' }, { issue: 2, decision: 'not_upheld', reasons: 'Street was clean on inspection.' }],
      reasons: 'Collections were missed; the street was left clean.', remedy: 'Apology and an extra collection.', outstandingActions: ['Crew retraining by 31 March'],
      learningPoints: [{ theme: 'Missed collections', detail: 'Route sheet was out of date.' }],
    });
    expect(res.case.status).toBe('responded');
    expect(res.escalation).toEqual({ to: 'stage2', requestBy: null, team: 'Customer Service Team', phone: '0116 288 8961', email: 'CSC@oadby-wigston.gov.uk', webFormUrl: expect.any(String) });
    expect(res.case.tracks.stage1).toMatchObject({ respondedOn: '2026-03-02', handler: staffRef(officer), workingDaysToRespond: 0 });
    expect(res.case.learningPoints).toEqual([{ theme: 'missed collections', detail: 'Route sheet was out of date.', addedOn: '2026-03-02', fq: '2025-26 Q4' }]);
  });

  test('the final response tells the resident about the ombudsman', async () => {
    const ref = await caseIn('stage2/open');
    await cases.assign({ reference: ref, commandId: cmd(), actor: manager, assignee: staffRef(reviewer) });
    await cases.acknowledge({ reference: ref, commandId: cmd(), actor: reviewer });
    const res = await cases.respond({
      reference: ref, commandId: cmd(), actor: reviewer, decision: 'upheld', points: [{ issue: 1, decision: 'upheld', reasons: 'Agreed.' }], reasons: 'Agreed.', remedy: '£50 for the trouble.',
    });
    expect(res.escalation).toMatchObject({ to: 'ombudsman', which: 'lgsco', name: expect.stringMatching(/Ombudsman/), phone: expect.any(String), url: expect.stringMatching(/^https:/) });
  });

  test('a housing complaint goes to the Housing Ombudsman', async () => {
    const ref = await cases.open(draft({ serviceAreas: ['housing_repairs'] }), { commandId: cmd() }).then((o) => o.reference);
    const res = await cases.referToOmbudsman({ reference: ref, commandId: cmd(), actor: officer, ombudsmanReference: 'HO-123' });
    expect(res.ombudsman.which).toBe('housing');
    expect(res.case).toMatchObject({ stage: 'ombudsman', status: 'in_progress', ombudsman: { which: 'housing', referredOn: '2026-03-02', reference: 'HO-123' } });
  });

  test('a service request becomes a stage 1 complaint with its own deadlines', async () => {
    const ref = await caseIn('service_request/open');
    await cases.respond({ reference: ref, commandId: cmd(), actor: officer, summary: 'Bin collected.' });
    await cases.close({ reference: ref, commandId: cmd(), actor: officer, reason: 'resolved' });
    clock.set('2026-03-05T10:00:00Z');
    try {
      const res = await cases.convertToComplaint({ reference: ref, commandId: cmd(), actor: officer, reason: 'It was missed again and nobody called.' });
      expect(res).toMatchObject({ acknowledgeBy: '2026-03-12', respondBy: '2026-03-19' });
      expect(res.case).toMatchObject({ kind: 'complaint', stage: 'stage1', status: 'open', closure: null });
      expect(res.case.issues.map((i) => i.id)).toEqual([1, 2]);
    } finally {
      clock.set('2026-03-02T10:00:00Z');
    }
  });

  test('a compliment cannot become a complaint', async () => {
    const ref = await cases.open(draft({ kind: 'compliment' }), { commandId: cmd() }).then((o) => o.reference);
    await expect(cases.convertToComplaint({ reference: ref, commandId: cmd(), actor: officer })).rejects.toThrow(/is a compliment/);
  });

  test('an unanswered complaint can only be closed as withdrawn or a duplicate; reopening brings it back', async () => {
    const ref = await caseIn('stage1/in_progress');
    await expect(cases.close({ reference: ref, commandId: cmd(), actor: officer, reason: 'resolved' })).rejects.toThrow(/can only be closed as withdrawn or a duplicate/);
    await expect(cases.close({ reference: ref, commandId: cmd(), actor: resident, reason: 'duplicate' })).rejects.toThrow(/can only withdraw/);
    const closed = await cases.close({ reference: ref, commandId: cmd(), actor: resident, reason: 'withdrawn' });
    expect(closed.case).toMatchObject({ stage: 'closed', status: 'closed', closedFromStage: 'stage1', closure: { reason: 'withdrawn' }, dueOn: null, sla: null });
    const reopened = await cases.reopen({ reference: ref, commandId: cmd(), actor: officer, reason: 'Resident changed their mind.' });
    expect(reopened.case).toMatchObject({ stage: 'stage1', status: 'in_progress', closure: null, dueOn: '2026-03-16' });
  });

  test('related issues can only be added to an open stage 1 complaint', async () => {
    const ref = await caseIn('stage2/open');
    await expect(cases.addRelatedIssue({ reference: ref, commandId: cmd(), actor: officer, text: 'x' })).rejects.toThrow(/Log the new issue as a new complaint/);
  });
});

describe('closing', () => {
  const states: State[] = ['stage1/open', 'stage1/responded', 'stage2/open', 'service_request/open', 'feedback/open', 'ombudsman/in_progress'];
  test.each(states)('%s: the service accepts exactly the reasons the card lists (closeReasonsFor)', async (state) => {
    const record = (await cases.store.load(await caseIn(state)))!;
    const accepted = CLOSURE_REASONS.filter((reason) => {
      try {
        stepRaw('close', record, { reference: record._id, commandId: cmd(), actor: manager, reason }, cases.rules, new Date());
        return true;
      } catch (err) {
        expect(err).toBeInstanceOf(CaseRuleError);
        return false;
      }
    });
    expect([...accepted].sort()).toEqual([...closeReasonsFor(record)].sort());
    expect(accepted.length).toBeGreaterThan(1);
  });
});
