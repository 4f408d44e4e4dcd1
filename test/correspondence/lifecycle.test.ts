/**
 * Written correspondence through the whole bot: a complaint filed in the chat and then carried
 * through its lifecycle from the Teams card (real Bot Framework adapter over HTTP, real database),
 * with GOV.UK Notify played by a local server that checks the JWT as Notify does. What is
 * asserted is what the resident receives, what the card shows staff, and what the case holds.
 */
import { startNotifyServer, NotifyServer } from '../support/notifyServer';
import { CHAT_MAX_TRIES, CHAT_RETRY_JOB } from '../../services/teams/chatDelivery';
import { activity, FakeChannel, postActivity, startFakeChannel } from '../support/channel';
import { cardAction, person, post, TENANT, TRIAGE_CHANNEL } from '../teams/support/activities';
import { staffAndTriage, startTeamsTestApp, TeamsTestApp } from '../teams/support/app';
import { cardText } from '../teams/support/cards';
import { FakeTeams, startFakeTeams } from '../teams/support/teamsChannel';
import { letterModel } from '../../models/correspondence';
import { notifyEnv, NOTIFY_TEMPLATES, TEMPLATES } from './templates';
import { until } from '../support/until';

const manager = person('Alex Jones', '00000000-0000-4000-8000-00000000001a');
const investigator = person('Sam Patel', '00000000-0000-4000-8000-00000000001b');
const reviewer = person('Priya Shah', '00000000-0000-4000-8000-00000000001c');
const CALLBACK_TOKEN = 'callback-token-for-tests-0123456789abcdef';


describe('written correspondence through GOV.UK Notify', () => {
  let notify: NotifyServer;
  let teams: FakeTeams;
  let resident: FakeChannel;
  let t: TeamsTestApp;

  beforeAll(async () => {
    notify = await startNotifyServer({ templates: NOTIFY_TEMPLATES });
    teams = await startFakeTeams();
    resident = await startFakeChannel();
    t = await startTeamsTestApp('correspondence_lifecycle', { TEAMS_TENANT_ID: TENANT, ...notifyEnv(notify, CALLBACK_TOKEN) });
    await staffAndTriage(t.app, teams.serviceUrl, [[manager, 'manager'], [investigator, 'investigator'], [reviewer, 'reviewer']]);
  }, 60_000);
  afterAll(async () => {
    // Logs carry ids and references: no address, phone number or name of a resident.
    const logs = t.logs.join('\n');
    expect(logs).toMatch(/correspondence sent/);
    expect(logs).not.toMatch(/jane\.smith|Jane Smith|Smith|07700 900|example\.org|Elm Road|Margaret/);
    await t?.close();
    await teams?.close();
    await resident?.close();
    await notify?.close();
  });

  const emailsTo = (address: string) => notify.sent.filter((n) => n.type === 'email' && n.to === address);

  /** Presses a card button in the case's thread and returns the card text Teams shows. */
  async function press(who: typeof manager, reference: string, verb: string, data: Record<string, unknown> = {}) {
    const view = (await t.app.cases.getByReference(reference))!;
    const res = await post(t.url, cardAction({ serviceUrl: teams.serviceUrl, in: TRIAGE_CHANNEL }, who, verb, { reference, version: view.version, ...data }));
    expect(res.status).toBe(200);
    return cardText(res.body.value);
  }

  /** The card as the bot last wrote it to the case's thread. */
  async function threadCard(reference: string): Promise<string> {
    const built = await t.app.teams.notifier['deps'].cards.forReference(reference);
    return cardText(built!.card);
  }

  let reference: string;

  test('a complaint filed in the website chat is confirmed by email with its reference within seconds', async () => {
    const conversation = `corr-${Date.now()}`;
    const say = async (text: string) => {
      const before = resident.textsFor(conversation).length;
      const res = await postActivity(t.url, activity(resident.serviceUrl, conversation, { text }));
      expect(res.status).toBe(200);
      await until(`a reply to "${text}"`, () => resident.textsFor(conversation).length > before);
      return resident.textsFor(conversation).slice(before).join('\n');
    };
    await say('I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has come to fix it. I am fed up.');
    await say('Make a complaint'); // no "for yourself?" question of its own any more (issue 18): the contact question asks it
    await say('Fix the light and explain the delay');
    await say('Skip');
    await say('Jane Smith, jane.smith@example.org');
    await say('No, nothing needed');
    const done = await say('Send it');
    reference = /Your reference is ([A-Z]+-\d{4}-\d{6})/.exec(done)![1];

    const started = Date.now();
    const [email] = await until('the receipt email', () => (emailsTo('jane.smith@example.org').length ? emailsTo('jane.smith@example.org') : undefined));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(email.templateId).toBe(TEMPLATES.email);
    expect(email.reference).toBe(`${reference}#000001#resident`);
    expect(email.subject).toContain(reference);
    expect(email.body).toMatch(/Dear Jane Smith/);
    expect(email.body).toContain(`its reference is ${reference}`);

    // On the case record, with its text, and on the card.
    // Notify has it a moment before the bot has recorded Notify's answer.
    const letter = await until('the letter recorded as sent', async () =>
      (await t.app.cases.timeline(reference)).find((e) => e.command === 'correspondence' && /^Receipt emailed .*: sent to GOV.UK Notify$/.test(e.what)),
    );
    expect(String(letter.details.text)).toContain(reference);
    expect(await threadCard(reference)).toMatch(/Written to the resident[\s\S]*Receipt emailed/);
  });

  test('the acknowledgement restates the complaint and the outcome asked for, and the delivery receipt reaches the card', async () => {
    const before = emailsTo('jane.smith@example.org').length;
    await press(investigator, reference, 'pickUp');
    await press(investigator, reference, 'acknowledge');
    const ack = await until('the acknowledgement', () => emailsTo('jane.smith@example.org')[before]);
    expect(ack.subject).toBe(`Your complaint: what happens next (${reference})`);
    expect(ack.body).toMatch(/What we understand your complaint to be about:\nI reported the broken streetlight/);
    expect(ack.body).toMatch(/What you have asked us to do to put things right:\nFix the light and explain the delay/);
    expect(ack.body).toMatch(/We will send you our full response by \w+day, \d+ \w+ 20\d\d\./);

    // Notify calls back: the card says delivered.
    const status = await notify.sendCallback(`${t.url}/api/notify/receipts`, CALLBACK_TOKEN, ack.id, 'delivered');
    expect(status).toBe(200);
    await until('the card to say delivered', async () => (/Acknowledgement emailed .*: delivered/.test(await threadCard(reference)) ? true : undefined));
    // The same receipt again changes nothing.
    const letters = letterModel(t.db.connection);
    const historyBefore = (await letters.findOne({ notifyId: ack.id }).lean())!.history.length;
    expect(await notify.sendCallback(`${t.url}/api/notify/receipts`, CALLBACK_TOKEN, ack.id, 'delivered')).toBe(200);
    expect((await letters.findOne({ notifyId: ack.id }).lean())!.history.length).toBe(historyBefore);
  });

  test('the new card actions refuse bad or out-of-policy input in plain words, and change nothing', async () => {
    const before = (await t.app.cases.getByReference(reference))!.version;
    expect(await press(manager, reference, 'copyCouncillor', { councillorName: 'Cllr Ann Reid', councillorEmail: 'not an address' })).toMatch(/The councillor's email address is not an email address/);
    expect(await press(manager, reference, 'copyCouncillor', { councillorName: 'Cllr Ann Reid', councillorEmail: { $gt: '' } })).toMatch(/email address/);
    // This council's policy (the default pack) has no rule for copying a councillor in.
    expect(await press(manager, reference, 'copyCouncillor', { councillorName: 'Cllr Ann Reid', councillorEmail: 'cllr.reid@example.org' })).toMatch(/policy does not provide for copying a councillor/);
    expect(await press(manager, reference, 'recordAuthorisation')).toMatch(/Nobody is acting for the resident/);
    expect((await t.app.cases.getByReference(reference))!.version).toBe(before);
  });

  test('a forged delivery receipt is refused and changes nothing', async () => {
    const [first] = emailsTo('jane.smith@example.org');
    const forged = await fetch(`${t.url}/api/notify/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token-the-council-set-in-notify' },
      body: JSON.stringify({ id: first.id, reference: first.reference, status: 'permanent-failure', notification_type: 'email' }),
    });
    expect(forged.status).toBe(401);
    const none = await fetch(`${t.url}/api/notify/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: first.id, status: 'delivered' }) });
    expect(none.status).toBe(401);
    const letter = await letterModel(t.db.connection).findOne({ notifyId: first.id }).lean();
    expect(letter!.state).not.toBe('failed');
  });

  test('an extension gives the reason, the new date and the ombudsman; the stage 1 response says how to ask for stage 2 without a reason', async () => {
    const view = (await t.app.cases.getByReference(reference))!;
    const until1 = t.app.cases.rules.calendar.addWorkingDays(view.tracks.stage1!.respondBy!, 3);
    const before = emailsTo('jane.smith@example.org').length;
    await press(investigator, reference, 'extend', { extendUntil: until1, extendReason: 'We are waiting for the lighting contractor to report.' });
    const ext = await until('the extension notice', () => emailsTo('jane.smith@example.org')[before]);
    expect(ext.body).toContain('Why we need more time: We are waiting for the lighting contractor to report.');
    expect(ext.body).toMatch(/We will now send you our response by/);
    expect(ext.body).toMatch(/Local Government and Social Care Ombudsman: phone 0300 061 0614/);
    // Unhappy about the delay, they may go to the ombudsman now: nothing in the notice says to wait for the final response.
    expect(ext.body).toMatch(/contact the Local Government and Social Care Ombudsman about the delay now, without waiting for our response/);
    expect(ext.body).not.toMatch(/final response|usually expects you to wait/);

    await press(investigator, reference, 'respond', { decision: 'upheld', reasons: 'The repair was booked late.', remedy: 'The light is fixed and we apologise.' });
    const resp = await until('the stage 1 response', () => emailsTo('jane.smith@example.org')[before + 1]);
    expect(resp.subject).toBe(`Our response to your complaint (${reference})`);
    expect(resp.body).toContain('We have upheld your complaint');
    expect(resp.body).toContain('The repair was booked late.');
    expect(resp.body).toContain('The light is fixed and we apologise.');
    expect(resp.body).toMatch(/ask for your complaint to be reviewed by someone else at the council \(stage 2\)\. You do not have to give a reason\./);
  });

  test('stage 2: the escalation, its acknowledgement and the final response with the ombudsman', async () => {
    const before = emailsTo('jane.smith@example.org').length;
    await press(manager, reference, 'escalate', { reviewer: reviewer.aadObjectId });
    const esc = await until('the escalation letter', () => emailsTo('jane.smith@example.org')[before]);
    expect(esc.body).toMatch(/now at stage 2: someone who was not involved in our first response will review it/);
    await press(reviewer, reference, 'acknowledge');
    const ack2 = await until('the stage 2 acknowledgement', () => emailsTo('jane.smith@example.org')[before + 1]);
    expect(ack2.subject).toBe(`We have started reviewing your complaint (${reference})`);
    await press(reviewer, reference, 'respond', { decision: 'partly_upheld', reasons: 'The delay was partly the contractor.', remedy: 'We have changed how repairs are booked.' });
    const final = await until('the final response', () => emailsTo('jane.smith@example.org')[before + 2]);
    expect(final.subject).toBe(`Our final response to your complaint (${reference})`);
    expect(final.body).toMatch(/This is our final response\./);
    expect(final.body).toMatch(/You can ask the Local Government and Social Care Ombudsman to look at your complaint/);
    // Each event wrote once: seven messages for seven events, no repeats.
    const refs = emailsTo('jane.smith@example.org').map((e) => e.reference);
    expect(new Set(refs).size).toBe(refs.length);
  });

  test('a permanent failure is posted in the case thread and shown on the card', async () => {
    const [first] = emailsTo('jane.smith@example.org').slice(-1);
    const mark = teams.sent.length;
    expect(await notify.sendCallback(`${t.url}/api/notify/receipts`, CALLBACK_TOKEN, first.id, 'permanent-failure')).toBe(200);
    const notice = await teams.waitFor((s) => teams.since(mark).includes(s) && s.kind === 'send' && /permanent failure/.test(String(s.body.text ?? '')), 'a notice in the thread');
    expect(String(notice.body.text)).toContain(reference);
    expect(String(notice.body.text)).toMatch(/Contact them another way/);
    expect(await threadCard(reference)).toMatch(/Stage 2 final response emailed .*: failed \(permanent failure\)/);
  });

  test('a staff message goes by email when the resident\'s chat still cannot be reached after the last try', async () => {
    const before = emailsTo('jane.smith@example.org').length;
    // The case was opened in a chat on a fake channel that has since gone away.
    await resident.close();
    const text = await press(investigator, reference, 'messageResident', { messageText: 'We have fixed the light; please tell us if it goes out again.' });
    expect(text).toMatch(/will be tried again .*; if it still cannot reach them, it goes by email instead/);
    expect(emailsTo('jane.smith@example.org')).toHaveLength(before);
    // Time passes: each retry falls due and fails, until the last one sends it in writing.
    for (let i = 0; i < CHAT_MAX_TRIES - 1; i++) {
      const [job] = await t.app.teams.scheduler.store.find({ group: reference, name: CHAT_RETRY_JOB });
      await t.app.teams.scheduler.store.jobs.updateOne({ _id: job._id }, { $set: { runAt: new Date(0) } }).exec();
      await t.app.teams.scheduler.runDue();
    }
    const msg = await until('the staff message by email', () => emailsTo('jane.smith@example.org')[before]);
    expect(msg.body).toContain('We have fixed the light; please tell us if it goes out again.');
    expect(await threadCard(reference)).toMatch(/Last message to resident: Sent by email instead/);
    resident = await startFakeChannel();
  });
});
