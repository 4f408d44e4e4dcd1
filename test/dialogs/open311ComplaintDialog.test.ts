/**
 * A resident unhappy with a report the works system handled, alone: the complaint offer on the same
 * case (the real case and works services), or their words passed on as a message; a reference
 * quoted elsewhere needs the email or phone number on the case first.
 */
import { caseEscalationFrom, caseFollowUpFrom } from '../../bot/residentComposition';
import type { StaffNotifier } from '../../dialogs/intakeDeps';
import { Open311ComplaintDialog, Open311ComplaintOptions, Open311ComplaintResult } from '../../dialogs/open311ComplaintDialog';
import { CaseService } from '../../services/cases';
import type { Database } from '../../services/database/database';
import type { WorksService } from '../../services/open311';
import { draft } from '../cases/support';
import { dropTestDb, openTestDb } from '../support/testDb';
import { clock, NOW, pack, Row, runRow } from './support';
import { worksService } from './works';

let db: Database;
let cases: CaseService;
let works: WorksService;
const messages: string[] = [];
const notifier: StaffNotifier = { caseOpened: async () => undefined, residentMessage: async (_r, text) => void messages.push(text) };
let opened = 0;

beforeAll(async () => {
  db = await openTestDb('dialogs-open311-complaint');
  cases = new CaseService({ connection: db.connection, council: 'default', clock, reminders: false });
  // The works system is not read here: the offer and the complaint are on the case itself.
  works = worksService(db.connection, 'http://127.0.0.1:9', 'default', cases);
});
afterAll(() => dropTestDb(db));

async function report(known: boolean): Promise<Open311ComplaintOptions> {
  opened += 1;
  const { reference } = await cases.open(draft({ council: 'default', kind: 'service_request', receivedAt: NOW, outcomeWanted: undefined }), { commandId: `dialog-works-complaint-${process.pid}-${opened}` });
  return { reference, text: 'Still not fixed after two weeks, this is rubbish', known, serviceRequestId: 'SR-4411' };
}

const OFFER = /I'm sorry it hasn't been put right\..*their reference SR-4411.*Would you like to make a complaint\?.*\[Make a complaint\] \[No, just pass on my message\]/s;
type Case = Omit<Row<Open311ComplaintOptions, Open311ComplaintResult>, 'options'> & { known: boolean; kind: string };

const rows: Case[] = [
  {
    name: 'opened in this conversation: a complaint on the same reference',
    known: true,
    turns: [['begin', OFFER, /email address or phone number/], ['Make a complaint', /Your complaint is recorded on the same reference/]],
    result: { outcome: 'complaint_made' },
    kind: 'complaint',
  },
  {
    name: 'no complaint: their words reach the case as a message',
    known: true,
    turns: [['begin', OFFER], ['maybe', /Please choose one of the options/], ['No, just pass on my message', /added that to/]],
    result: { outcome: 'added' },
    kind: 'service_request',
  },
  {
    name: 'quoted elsewhere: the email on the case first',
    known: false,
    turns: [['begin', /please tell me the email address or phone number you gave us with it/], ['Jane.Smith@example.org', OFFER], ['Make a complaint', /Your complaint is recorded/]],
    result: { outcome: 'complaint_made' },
    kind: 'complaint',
  },
  {
    name: 'quoted elsewhere with details that do not match: nothing said about the report',
    known: false,
    turns: [['begin', /please tell me the email address/], ['not.me@example.org', /that doesn't match what we have/, /SR-4411|complaint\?/]],
    result: { outcome: 'not_verified' },
    kind: 'service_request',
  },
];

describe('works complaint dialog', () => {
  test.each(rows)('$name', async ({ known, kind, ...row }) => {
    const options = await report(known);
    const dialog = new Open311ComplaintDialog({ pack, works, followUp: caseFollowUpFrom(cases), escalation: caseEscalationFrom(cases), notifier });
    await runRow(dialog, { ...row, options });
    expect((await cases.getByReference(options.reference))!.kind).toBe(kind);
  });
});
