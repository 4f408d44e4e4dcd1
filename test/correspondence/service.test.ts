/**
 * Who gets what, and nothing sent twice or lost: the correspondence service with the real
 * database, the real scheduler and the official Notify client against a local Notify that checks
 * its JWTs. Each council's pack runs on its own database, as each council runs its own bot.
 */
import type { CaseDraft } from '../../models/caseDraft';
import type { LetterDoc } from '../../models/correspondence';
import { CaseService } from '../../services/cases';
import { CorrespondenceService, letterLine, NotifyGateway, SEND_CORRESPONDENCE_JOB } from '../../services/correspondence';
import type { Database } from '../../services/database/database';
import { loadPack } from '../../services/policy';
import { RetentionService } from '../../services/retention/retentionService';
import { Scheduler } from '../../services/scheduler/scheduler';
import { startNotifyServer, NotifyServer } from '../support/notifyServer';
import { dropTestDb, openTestDb } from '../support/testDb';
import { cmd, draft, officer, staffRef } from '../cases/support';
import { NOTIFY_TEMPLATES, TEMPLATES } from './templates';

let notify: NotifyServer;
const dbs: Database[] = [];
beforeAll(async () => {
  notify = await startNotifyServer({ templates: NOTIFY_TEMPLATES });
});
// Each rig's database numbers its cases from 1, so what Notify holds is cleared between tests.
beforeEach(() => {
  notify.sent.length = 0;
});
afterAll(async () => {
  await Promise.all(dbs.map(dropTestDb));
  await notify.close();
});

const gatewayFor = (n: NotifyServer, templates: Partial<typeof TEMPLATES> = TEMPLATES) =>
  new NotifyGateway({ apiKey: n.apiKey, baseUrl: n.url, templates: { email: templates.email, sms: templates.sms, letter: templates.letter, largePrintLetter: templates.largePrint } });

interface Rig {
  cases: CaseService;
  scheduler: Scheduler;
  correspondence: CorrespondenceService;
  problems: string[];
  /** Runs every due job, as the app's scheduler does. */
  drain(): Promise<void>;
  letters(reference: string): Promise<LetterDoc[]>;
}

async function rig(council: string, opts: { gateway?: NotifyGateway | null; db?: Database } = {}): Promise<Rig> {
  const db = opts.db ?? (await openTestDb(`corr_${council}_${dbs.length}`));
  if (!opts.db) dbs.push(db);
  const cases = new CaseService({ connection: db.connection, council, reminders: false });
  await cases.ensureIndexes();
  const scheduler = new Scheduler({ connection: db.connection, retryDelayMs: 1, maxAttempts: 3 });
  const problems: string[] = [];
  const correspondence = new CorrespondenceService({
    connection: db.connection,
    cases: cases.store,
    pack: loadPack(council),
    jobs: scheduler.store,
    gateway: opts.gateway === undefined ? gatewayFor(notify) : opts.gateway,
    retryBaseMs: 20,
    events: { changed: async () => undefined, problem: async (_ref, l) => void problems.push(letterLine(l)) },
  });
  cases.onEvent((event, after) => correspondence.caseEvent(event, after));
  scheduler.define(SEND_CORRESPONDENCE_JOB, (job) => correspondence.run(job, job.attempt >= 3));
  return {
    cases,
    scheduler,
    correspondence,
    problems,
    async drain() {
      for (let i = 0; i < 10; i++) {
        const r = await scheduler.runDue();
        if (r.ran.length + r.failed.length === 0) return;
        if (r.failed.length) await new Promise((res) => setTimeout(res, 5));
      }
    },
    letters: (reference) => correspondence.forCase(reference),
  };
}

const open = async (r: Rig, overrides: Partial<CaseDraft>) => (await r.cases.open(draft({ council: r.cases.council, receivedAt: new Date(), ...overrides }), { commandId: cmd('open') })).reference;
const sentFor = (reference: string) => notify.sent.filter((n) => n.reference?.startsWith(`${reference}#`));

describe('who gets what', () => {
  test('a representative with consent gets the letters, told whom they are about', async () => {
    const r = await rig('default');
    const reference = await open(r, {
      resident: { name: 'Margaret Morgan', preferredContact: 'none' },
      representative: { name: 'Owen Morgan', role: 'family', relationship: 'grandson', email: 'owen.morgan@example.org', consentConfirmed: true, authorisation: 'not_required' },
    });
    await r.drain();
    const [email] = sentFor(reference);
    expect(email).toMatchObject({ type: 'email', to: 'owen.morgan@example.org' });
    expect(email.body).toMatch(/^Dear Owen Morgan,\n\nYou contacted us on behalf of Margaret Morgan\./);
    expect((await r.letters(reference)).map((l) => l.recipient)).toEqual(['representative']);
  });

  test('Leicester: nothing goes to a representative until the written authorisation arrives, and the card says why', async () => {
    const r = await rig('leicester');
    const reference = await open(r, {
      serviceAreas: ['waste_recycling'],
      resident: { name: 'Margaret Morgan', preferredContact: 'none' },
      representative: { name: 'Owen Morgan', role: 'family', relationship: 'grandson', email: 'owen.morgan@example.org', consentConfirmed: true, authorisation: 'pending' },
    });
    await r.cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    await r.drain();
    expect(sentFor(reference)).toEqual([]);
    const letters = await r.letters(reference);
    expect(letters.map((l) => [l.kind, l.state, l.reason])).toEqual([
      ['receipt', 'held', 'awaiting_authorisation'],
      ['acknowledgement', 'held', 'awaiting_authorisation'],
    ]);
    expect(letterLine(letters[1])).toBe('Acknowledgement to the representative: held: waiting for the written authorisation to act for the resident');
  });

  test('Leicester: once staff record the written authorisation, the held letters go to the representative, once each', async () => {
    const r = await rig('leicester');
    const reference = await open(r, {
      serviceAreas: ['waste_recycling'],
      resident: { name: 'Margaret Morgan', preferredContact: 'none' },
      representative: { name: 'Owen Morgan', role: 'family', relationship: 'grandson', email: 'owen.morgan@example.org', consentConfirmed: true, authorisation: 'pending' },
    });
    await r.drain();
    expect(sentFor(reference)).toEqual([]);
    await r.cases.recordAuthorisation({ reference, commandId: cmd(), actor: officer });
    await r.cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    await r.drain();
    expect(sentFor(reference).map((n) => [n.to, n.subject])).toEqual([
      ['owen.morgan@example.org', `We have received your complaint (${reference})`],
      ['owen.morgan@example.org', `Your complaint: what happens next (${reference})`],
    ]);
    expect((await r.letters(reference)).map((l) => l.state)).toEqual(['sent', 'sent']);
    // Recording it twice is refused in plain words.
    await expect(r.cases.recordAuthorisation({ reference, commandId: cmd(), actor: officer })).rejects.toThrow(/is not waiting for a written authorisation/);
  });

  test('South Derbyshire: a councillor the resident asked for in writing is copied into every later letter, not staff messages', async () => {
    const r = await rig('south-derbyshire');
    const reference = await open(r, {});
    await r.drain(); // the receipt went before the councillor was asked for
    await r.cases.copyCouncillor({ reference, commandId: cmd(), actor: officer, name: 'Cllr Ann Reid', email: 'cllr.reid@example.org' });
    await r.cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    const msg = await r.cases.messageResident({ reference, commandId: cmd(), actor: officer, text: 'Could you send us a photo of the bin?' });
    await r.correspondence.staffMessage(reference, msg.entry.seq);
    await r.drain();
    const copies = sentFor(reference).filter((n) => n.to === 'cllr.reid@example.org');
    expect(copies.map((n) => n.subject)).toEqual([`Your complaint: what happens next (${reference})`]);
    expect(copies[0].body).toMatch(/^Dear Cllr Ann Reid,\n\nThis is a copy for you: Jane Smith asked us in writing to keep you informed about their complaint\./);
    expect(sentFor(reference).filter((n) => n.to === 'jane.smith@example.org')).toHaveLength(3); // receipt, acknowledgement, staff message
    // Councils whose policy has no such rule refuse it in plain words.
    const other = await rig('default');
    const elsewhere = await open(other, {});
    await expect(other.cases.copyCouncillor({ reference: elsewhere, commandId: cmd(), actor: officer, name: 'Cllr Ann Reid', email: 'cllr.reid@example.org' })).rejects.toThrow(
      /policy does not provide for copying a councillor/,
    );
  });

  test('an anonymous complaint writes to nobody, and says so', async () => {
    const r = await rig('default');
    const reference = await open(r, { anonymous: true, resident: { preferredContact: 'none' } });
    await r.cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    await r.drain();
    expect(sentFor(reference)).toEqual([]);
    expect((await r.letters(reference)).map((l) => [l.state, l.reason])).toEqual([
      ['not_sent', 'anonymous'],
      ['not_sent', 'anonymous'],
    ]);
    expect(r.problems).toEqual([]); // nothing for staff to do
  });

  test('post becomes a letter with the address lines; large print uses the large-print template', async () => {
    const r = await rig('default');
    const reference = await open(r, {
      resident: { name: 'Ann Lee', address: '12 Station Road, Hilton, Derby', postcode: 'DE65 5FL', preferredContact: 'post' },
      adjustments: ['large_print'],
    });
    await r.drain();
    const [letter] = sentFor(reference);
    expect(letter).toMatchObject({ type: 'letter', templateId: TEMPLATES.largePrint });
    expect(letter.personalisation).toMatchObject({ address_line_1: 'Ann Lee', address_line_2: '12 Station Road', address_line_3: 'Hilton', address_line_4: 'Derby', address_line_5: 'DE65 5FL' });
    expect(String(letter.personalisation.body)).toContain(reference);
  });

  test('a text message for someone who chose phone; "phone instead of writing" is a task for staff, never a silent skip', async () => {
    const r = await rig('default');
    const texted = await open(r, { resident: { name: 'Sam Lee', phone: '07700 900123', preferredContact: 'phone' } });
    const phoned = await open(r, { resident: { name: 'Kim Roe', email: 'kim@example.org', preferredContact: 'email' }, adjustments: ['phone_instead_of_writing'] });
    await r.drain();
    const [sms] = sentFor(texted);
    expect(sms).toMatchObject({ type: 'sms', to: '07700 900123', templateId: TEMPLATES.sms });
    expect(String(sms.personalisation.body)).toContain(texted);
    expect(sentFor(phoned)).toEqual([]);
    expect(r.problems).toEqual(['Receipt: not sent: they asked for a phone call instead of writing. Phone them']);
  });

  test('a compliment is thanked; a service request is confirmed and its outcome sent with the offer to complain', async () => {
    const r = await rig('default');
    const compliment = await open(r, { kind: 'compliment', description: 'The bin crew were lovely.', outcomeWanted: undefined });
    const report = await open(r, { kind: 'service_request', description: 'Pothole on Station Road.', outcomeWanted: undefined, serviceAreas: ['highways'] });
    await r.cases.respond({ reference: report, commandId: cmd(), actor: officer, summary: 'We filled the pothole on 3 December.' });
    await r.drain();
    expect(sentFor(compliment).map((n) => n.subject)).toEqual([`Thank you for your compliment (${compliment})`]);
    const [received, outcome] = sentFor(report);
    expect(received.subject).toBe(`We have passed on your report (${report})`);
    expect(outcome.body).toContain('We filled the pothole on 3 December.');
    expect(outcome.body).toMatch(/If you are unhappy with this, you can make a complaint/);
  });
});

describe('nothing sent twice, nothing lost', () => {
  test("Notify's 429 is retried with backoff and the message goes once", async () => {
    const r = await rig('default');
    notify.failNext(2, 429);
    const reference = await open(r, {});
    await r.drain();
    expect(sentFor(reference)).toHaveLength(1);
    const [letter] = await r.letters(reference);
    expect(letter.state).toBe('sent');
    expect(letter.attempts).toBe(1);
  });

  test.each([
    [400, /BadRequestError/],
    [403, /AuthError: Invalid token: API key not found/],
  ] as const)('a refusal (%i) is not retried and is shown to staff with Notify\'s words', async (status, words) => {
    const r = await rig('default');
    notify.failNext(1, status);
    const reference = await open(r, {});
    await r.drain();
    expect(sentFor(reference)).toEqual([]);
    const [letter] = await r.letters(reference);
    expect([letter.state, letter.reason]).toEqual(['not_sent', 'rejected']);
    expect(letter.error).toMatch(words);
    expect(letter.attempts).toBe(1);
    expect(r.problems[0]).toMatch(/^Receipt: not sent: GOV.UK Notify refused it \(/);
  });

  test('a restart between the case event and the send sends it once, from the job in the database', async () => {
    const first = await rig('default');
    const reference = await open(first, {});
    // The process stops before its scheduler runs; a new one starts on the same database.
    const db = dbs[dbs.length - 1];
    const second = await rig('default', { db });
    await second.drain();
    await second.drain();
    await first.drain();
    expect(sentFor(reference)).toHaveLength(1);
  });

  test('a send whose answer was lost is found at Notify by its reference, not sent again', async () => {
    const r = await rig('default');
    const reference = await open(r, {});
    await r.drain();
    expect(sentFor(reference)).toHaveLength(1);
    // As if the process died after Notify took it but before the answer was stored: the job runs again.
    await r.correspondence.letters.updateOne({ caseId: reference }, { $set: { state: 'sending', notifyId: null } });
    await r.correspondence.run({ data: { reference, seq: 1, kind: 'receipt' }, attempt: 2 }, false);
    expect(sentFor(reference)).toHaveLength(1);
    const [letter] = await r.letters(reference);
    expect(letter.state).toBe('sent');
    expect(letter.notifyId).toBe(sentFor(reference)[0].id);
  });

  test('without a Notify key nothing is dropped: each message is kept as not sent, saying why', async () => {
    const r = await rig('default', { gateway: null });
    const reference = await open(r, {});
    await r.cases.acknowledge({ reference, commandId: cmd(), actor: officer });
    await r.drain();
    const letters = await r.letters(reference);
    expect(letters.map((l) => letterLine(l))).toEqual([
      'Receipt: not sent: written correspondence is not set up (NOTIFY_API_KEY)',
      'Acknowledgement: not sent: written correspondence is not set up (NOTIFY_API_KEY)',
    ]);
    expect(letters[1].body).toMatch(/What we understand your complaint to be about/);
    // On the timeline, so the case record and the subject access export hold it.
    const timeline = await r.cases.timeline(reference);
    expect(timeline.map((e) => e.command)).toEqual(['open', 'correspondence', 'acknowledge', 'correspondence']);
  });

  test('the subject access export holds every message written to the person, with its text', async () => {
    const r = await rig('default');
    const reference = await open(r, {});
    await r.drain();
    const exported = await new RetentionService({ cases: r.cases }).exportSubject({ email: 'jane.smith@example.org' });
    const letters = exported.cases.find((c) => c.case.reference === reference)!.timeline.filter((e) => e.command === 'correspondence');
    expect(letters).toHaveLength(1);
    expect(String(letters[0].details.text)).toContain(`its reference is ${reference}`);
  });

  test('anonymising the case removes who was written to and what was said, keeping what happened', async () => {
    const r = await rig('default');
    const reference = await open(r, {});
    await r.drain();
    await r.cases.assign({ reference, commandId: cmd(), actor: officer, assignee: staffRef(officer) });
    await r.cases.anonymise({ reference, commandId: cmd(), actor: officer, reason: 'erasure_request' });
    const [letter] = await r.letters(reference);
    expect(letter).toMatchObject({ kind: 'receipt', state: 'sent', to: null, subject: '[removed]', body: '[removed]' });
    expect(JSON.stringify(await r.letters(reference))).not.toContain('jane.smith@example.org');
  });
});
