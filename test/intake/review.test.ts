/**
 * A resident asks for a stage 2 review in the chat (issue 17): without a reason, within the pack's
 * window, recorded on the case with the review's clock starting from the request, staff told in
 * the case thread, and the resident told what happens next and by when. Only the complainant: a
 * reference quoted in another conversation needs the email or phone number on the case first.
 */
import { caseEscalationFrom, caseFollowUpFrom, caseOpenerFrom } from '../../bot/residentComposition';
import type { StaffNotifier } from '../../dialogs/intakeDeps';
import { CaseService } from '../../services/cases';
import type { Database } from '../../services/database/database';
import { draft, officer, respondStage1, staffRef, reviewer } from '../cases/support';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness, Harness } from './harness';

let db: Database;
const now = { value: new Date('2026-11-23T10:00:00Z') };
const services = new Map<string, CaseService>();
const serviceFor = (council: string) => {
  let s = services.get(council);
  if (!s) services.set(council, (s = new CaseService({ connection: db.connection, council, clock: () => now.value, reminders: false })));
  return s;
};
const notices: Array<{ reference: string; text: string }> = [];
const messages: Array<{ reference: string; text: string }> = [];
const notifier: StaffNotifier = {
  caseOpened: async () => undefined,
  residentMessage: async (reference, text) => void messages.push({ reference, text }),
  caseNotice: async (reference, _key, text) => void notices.push({ reference, text }),
};

function harness(council: string): Harness {
  const cases = serviceFor(council);
  const h = createHarness({
    connection: db.connection,
    council,
    cases: caseOpenerFrom(cases),
    followUp: caseFollowUpFrom(cases),
    escalation: caseEscalationFrom(cases),
    notifier,
    now: now.value,
  });
  h.now.value = now.value;
  return h;
}

async function say(h: Harness, text: string): Promise<string> {
  h.now.value = now.value;
  return (await h.say(text)).join('\n---\n');
}

beforeAll(async () => {
  db = await openTestDb('intake_review');
});
afterAll(() => dropTestDb(db));
beforeEach(() => {
  now.value = new Date('2026-11-23T10:00:00Z');
});

test('in the conversation that filed it, "I want stage 2" escalates without a reason, starts the clock and tells both sides', async () => {
  const h = harness('default');
  await h.join();
  const turns = [
    'I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has come to fix it. I am fed up.',
    'Make a complaint', // "for yourself?" now rides on the contact question (issue 18)
    'Fix the light and explain the delay',
    'Skip',
    'Jane Smith, jane.smith@example.org',
    'No, nothing needed',
  ];
  for (const t of turns) await say(h, t);
  const filed = await say(h, 'Send it');
  const reference = /Your reference is ([A-Z]+-2026-\d{6})/.exec(filed)![1];
  const cases = serviceFor('default');
  await respondStage1(cases, reference, officer);

  now.value = new Date('2026-12-01T09:00:00Z');
  const asked = await say(h, "I'm not happy with the response, I want stage 2");
  // No check of who is asking here: the case was filed in this conversation.
  expect(asked).toMatch(new RegExp(`ask for a stage 2 review of ${reference}\\? .*You don't need to give a reason`));
  expect(asked).not.toMatch(/email address or phone number/);
  const done = await say(h, 'Yes, ask for a review');
  expect(done).toMatch(new RegExp(`I've asked for a stage 2 review of ${reference}`));
  // Default pack: acknowledge within 5 working days of the request (1 Dec), reply 20 working days after that.
  expect(done).toMatch(/confirm we've received your request by Tuesday, 8 December 2026/);
  expect(done).toMatch(/final reply by Friday, 8 January 2027 \(counted from when we confirm it\)/);

  const view = (await cases.getByReference(reference))!;
  expect(view).toMatchObject({ stage: 'stage2', status: 'open' });
  expect(view.tracks.stage2).toMatchObject({ startedOn: '2026-12-01', acknowledgeBy: '2026-12-08' });
  const last = (await cases.timeline(reference)).filter((e) => e.command === 'escalate');
  expect(last).toHaveLength(1);
  expect(last[0]).toMatchObject({ actor: { role: 'resident' }, details: { requestedBy: 'resident', reason: "I'm not happy with the response, I want stage 2" } });
  expect(notices).toContainEqual({ reference, text: expect.stringMatching(new RegExp(`\\*\\*${reference}\\*\\*: the resident asked for a stage 2 review in the chat, and it is recorded\\. Acknowledge it by Tue, 8 Dec 2026`)) });
  // Not passed on as an ordinary message as well.
  expect(messages.filter((m) => m.reference === reference)).toEqual([]);
});

test('a reference quoted in another conversation: nothing happens until the email or phone number on the case is given', async () => {
  const cases = serviceFor('ig-team');
  const { reference } = await cases.open(draft({ council: 'ig-team', receivedAt: now.value }), { commandId: `open-review-${process.pid}-1` });
  await respondStage1(cases, reference, officer);

  const stranger = harness('ig-team');
  const first = await say(stranger, `${reference} please escalate this to stage 2`);
  expect(first).toMatch(/type the email address or phone number you gave us/);
  expect(first).not.toMatch(/review of .* until|responded|stage 1 response/i);
  expect(await say(stranger, 'someone@example.org')).toMatch(/doesn't match what we have/);
  const refused = await say(stranger, '0116 000 0000');
  expect(refused).toMatch(new RegExp(`can't act on ${reference} from here`));
  expect((await cases.getByReference(reference))!.stage).toBe('stage1');

  // The complainant, typing their number their own way (+44, spaces): recognised.
  const owner = harness('ig-team');
  await say(owner, `About ${reference}: I want a review`);
  const confirm = await say(owner, '+44 116 496 0123');
  expect(confirm).toMatch(new RegExp(`ask for a stage 2 review of ${reference}\\?`));
  expect(confirm).toMatch(/You can ask until Wednesday, 23 December 2026\./);
  expect(await say(owner, 'yes')).toMatch(/I've asked for a stage 2 review/);
  expect((await cases.getByReference(reference))!.stage).toBe('stage2');
});

test('after the pack\'s window the council\'s discretion is explained, the request is passed on, and staff may still escalate giving the reason', async () => {
  const cases = serviceFor('ig-team');
  const { reference } = await cases.open(draft({ council: 'ig-team', receivedAt: now.value }), { commandId: `open-review-${process.pid}-2` });
  await respondStage1(cases, reference, officer);
  now.value = new Date('2027-01-05T10:00:00Z'); // the window ended on 23 December 2026

  const h = harness('ig-team');
  await say(h, `${reference} I disagree with your decision and want it looked at again`);
  const late = await say(h, 'jane.smith@example.org');
  expect(late).toMatch(new RegExp(`The time to ask for a stage 2 review of ${reference} ended on Wednesday, 23 December 2026\\. The council can still agree to review it`));
  expect(await say(h, 'Yes, ask for a review')).toMatch(/passed your request for a review .* to the team\. They'll decide/);
  const view = (await cases.getByReference(reference))!;
  expect(view).toMatchObject({ stage: 'stage1', status: 'responded' });
  expect((await cases.timeline(reference)).at(-1)).toMatchObject({ command: 'addResidentMessage', actor: { role: 'resident' } });
  expect(notices).toContainEqual({ reference, text: expect.stringMatching(/after the time to ask ended on Wed, 23 Dec 2026\. It is not escalated: decide whether to review it anyway/) });

  // The resident can't force it; staff can, at the council's discretion, saying why.
  await expect(cases.escalate({ reference, commandId: `late-resident-${process.pid}`, actor: { id: 'resident', name: 'Resident', role: 'resident' } })).rejects.toThrow(/ended on Wed, 23 Dec 2026/);
  await expect(cases.escalate({ reference, commandId: `late-staff-${process.pid}`, actor: { ...staffRef(reviewer), role: 'staff' } })).rejects.toThrow(/give the reason when escalating/);
  const agreed = await cases.escalate({ reference, commandId: `late-staff-2-${process.pid}`, actor: { ...staffRef(reviewer), role: 'staff' }, reason: 'Resident was in hospital over Christmas' });
  expect(agreed.case.stage).toBe('stage2');
  expect(agreed.entry.details).toMatchObject({ outsideWindow: true, reason: 'Resident was in hospital over Christmas' });
});

test('before the stage 1 answer, "not happy" is a message for staff, not a request for a review', async () => {
  const cases = serviceFor('ig-team');
  const { reference } = await cases.open(draft({ council: 'ig-team', receivedAt: now.value }), { commandId: `open-review-${process.pid}-3` });
  const h = harness('ig-team');
  expect(await say(h, `${reference} I'm not happy nobody has called me back`)).toMatch(/type the email address or phone number you gave us/);
  expect(await say(h, 'jane.smith@example.org')).toMatch(new RegExp(`added that to ${reference}`));
  expect((await cases.getByReference(reference))!.stage).toBe('stage1');
});
