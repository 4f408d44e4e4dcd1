/**
 * A resident's own request for a stage 2 review, alone: on the real case service, who is asking is
 * checked where the case was not filed in this conversation, and the dialog ends with its outcome.
 */
import { caseEscalationFrom } from '../../bot/residentComposition';
import { EscalationDialog, EscalationOptions, EscalationResult } from '../../dialogs/escalationDialog';
import type { StaffNotifier } from '../../dialogs/intakeDeps';
import { CaseService } from '../../services/cases';
import type { Database } from '../../services/database/database';
import { loadPack } from '../../services/policy';
import { draft, officer, respondStage1 } from '../cases/support';
import { dropTestDb, openTestDb } from '../support/testDb';
import { NOW, Row, runRow } from './support';

let db: Database;
let cases: CaseService;
const pack = loadPack('ig-team');
const notices: string[] = [];
const notifier: StaffNotifier = { caseOpened: async () => undefined, residentMessage: async (_r, text) => void notices.push(text), caseNotice: async (_r, _k, text) => void notices.push(text) };
let opened = 0;

beforeAll(async () => {
  db = await openTestDb('dialogs-escalation');
  cases = new CaseService({ connection: db.connection, council: 'ig-team', clock: () => NOW, reminders: false });
});
afterAll(() => dropTestDb(db));

/** A complaint answered at stage 1, and what the bot would begin the dialog with. */
async function answeredComplaint(known: boolean): Promise<EscalationOptions> {
  opened += 1;
  const { reference } = await cases.open(draft({ council: 'ig-team', receivedAt: NOW }), { commandId: `dialog-escalation-${process.pid}-${opened}` });
  await respondStage1(cases, reference, officer);
  const check = await caseEscalationFrom(cases).check(reference);
  return { reference, text: 'I am not happy with the answer, please review it', known, check };
}

type Case = Omit<Row<EscalationOptions, EscalationResult>, 'options'> & { known: boolean; stage: string };
const CONFIRM = /ask for a stage 2 review of [A-Z]+-2026-\d{6}\?.*\[Yes, ask for a review\] \[No, not now\]/s;

const rows: Case[] = [
  {
    name: 'filed in this conversation: confirmed and recorded, nobody asked who they are',
    known: true,
    turns: [['begin', CONFIRM, /email address or phone number/], ['Yes, ask for a review', /I've asked for a stage 2 review of/]],
    result: { outcome: 'started' },
    stage: 'stage2',
  },
  { name: 'they decide not to', known: true, turns: [['begin', CONFIRM], ['No, not now', /I haven't asked for a review/]], result: { outcome: 'not_asked' }, stage: 'stage1' },
  {
    name: 'quoted elsewhere: the phone number on the case, typed their own way, lets them on',
    known: false,
    turns: [['begin', /type the email address or phone number you gave us/], ['+44 116 496 0123', CONFIRM], ['yes', /I've asked for a stage 2 review/]],
    result: { outcome: 'started' },
    stage: 'stage2',
  },
  {
    name: 'quoted elsewhere: two wrong answers and nothing about the case is said',
    known: false,
    turns: [
      ['begin', /type the email address or phone number you gave us/],
      ['someone@example.org', /That doesn't match what we have/, /review of .* until|responded/],
      ['0116 000 0000', /can't act on [A-Z]+-2026-\d{6} from here/],
    ],
    result: { outcome: 'not_verified' },
    stage: 'stage1',
  },
];

describe('escalation dialog', () => {
  test.each(rows)('$name', async ({ known, stage, ...row }) => {
    const options = await answeredComplaint(known);
    await runRow(new EscalationDialog({ pack, escalation: caseEscalationFrom(cases), notifier }), { ...row, options });
    expect((await cases.getByReference(options.reference))!.stage).toBe(stage);
  });

  test('already at stage 2, or a council with one stage: told what is next, nothing asked', async () => {
    const escalation = caseEscalationFrom(cases);
    const base = await answeredComplaint(true);
    await runRow(new EscalationDialog({ pack, escalation, notifier }), { name: 'already', options: { ...base, check: { kind: 'already', stage: 'stage2' } }, turns: [['begin', /has already had a stage 2 review asked for/]], result: { outcome: 'already' } });
    const ombudsman = { name: 'Local Government and Social Care Ombudsman', url: 'https://www.lgo.org.uk', phone: '0300 061 0614' };
    await runRow(new EscalationDialog({ pack, escalation, notifier }), { name: 'final', options: { ...base, check: { kind: 'final', ombudsman } }, turns: [['begin', /Local Government and Social Care Ombudsman/]], result: { outcome: 'final' } });
  });

  test("after the window: the request goes to staff as the resident's message, for them to decide", async () => {
    const base = await answeredComplaint(true);
    const before = notices.length;
    await runRow(new EscalationDialog({ pack, escalation: caseEscalationFrom(cases), notifier }), {
      name: 'late',
      options: { ...base, check: { kind: 'late', requestBy: '2026-11-20' } },
      turns: [['begin', /ended on Friday, 20 November 2026/], ['Yes, ask for a review', /passed your request for a review .* to the team/]],
      result: { outcome: 'passed_on' },
    });
    expect((await cases.timeline(base.reference)).at(-1)).toMatchObject({ command: 'addResidentMessage', actor: { role: 'resident' } });
    expect(notices.slice(before).join('\n')).toMatch(/It is not escalated: decide whether to review it anyway/);
  });
});
