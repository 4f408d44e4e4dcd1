/**
 * A resident's question back mid-intake ("how long will this take?", "why do you need my email?")
 * is answered from the pack and the intake's own steps, then the same question is asked again; the
 * question is never stored as the answer nor counted as a failed try. Before the matter is
 * described, and when it is being changed, a question is the matter itself.
 */
import { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness, Harness } from './harness';
import { casesFor, findCase } from './cases';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake_questions_back');
});
afterAll(() => dropTestDb(db));

const REF = /Your reference is ([A-Z]+-2026-\d{6})/;
const harness = (council: string) => createHarness({ connection: db.connection, cases: casesFor(db.connection, council), council });

/** Says `text`; the replies of that turn as one string. */
async function say(h: Harness, text: string): Promise<string> {
  return (await h.say(text)).join('\n---\n');
}

/** The question asked at this step, `question` asked back: its answer then the step's question again, nothing else. */
async function askBack(h: Harness, question: string, answer: RegExp, step: RegExp): Promise<string> {
  const replies = await h.say(question);
  expect(replies).toHaveLength(2);
  expect(replies[0]).toMatch(answer);
  expect(replies[1]).toMatch(step);
  expect(replies.join('\n')).not.toMatch(/having trouble understanding|doesn't look right|Please choose one of the options/);
  return replies.join('\n');
}

/** Every text the stored case holds, for checking a question never became an answer. */
async function storedText(reference: string): Promise<string> {
  return JSON.stringify(await findCase(db.connection, reference)).toLowerCase();
}

describe('a complaint on the default pack: questions at the type, outcome, evidence, contact, support and summary steps', () => {
  const questions = ['is this a complaint or what?', 'hw long will it take', 'can I send a photo?', 'why do you need my email?', 'who will see this?', 'what happens next?', 'will someone ring me?', 'when will i get a reply??'];

  test('each is answered, the step asked again, and the case holds none of them', async () => {
    const h = harness('default');
    await h.join();
    const CONFIRM = /It sounds like you want to make a complaint\. Is that right/;
    expect(await say(h, 'The council promised on 10 October to repair the play area on Victoria Park and it has still not been done')).toMatch(CONFIRM);

    // The type, before it is chosen: the pack's own definitions of both.
    await askBack(h, 'is this a complaint or what?', /^A complaint: Telling the council you're unhappy[\s\S]*A report: Asking the council to take action to put something right/, CONFIRM);
    const OUTCOME = /What would you like us to do to put things right\?/;
    expect(await say(h, 'Yes')).toMatch(OUTCOME);

    // The default pack: acknowledged within 5 working days, answered within 10 working days of that.
    await askBack(h, 'hw long will it take', /^For a complaint, we'll confirm we've received it within 5 working days, and aim to send you a full reply within 10 working days of confirming it\./, OUTCOME);
    const EVIDENCE = /Do you have any photos or documents/;
    expect(await say(h, 'Repair the play area')).toMatch(EVIDENCE);

    await askBack(h, 'can I send a photo?', /^Yes\. Attach them now with the paperclip button\. You can add up to \d+\./, EVIDENCE);
    const CONTACT = /How can we contact you about this\?/;
    expect(await say(h, 'Skip')).toMatch(CONTACT);

    await askBack(h, 'why do you need my email?', /^We ask for your name and an email address or phone number so the team dealing with this can reply and tell you what happens\. You can choose By post instead\./, CONTACT);
    await askBack(h, 'who will see this?', /^What you tell me, and your contact details, go to the council staff who deal with your case\. We'll only use your information to deal with what you tell us\.$/, CONTACT);
    const SUPPORT = /anything that would make it easier/;
    expect(await say(h, 'Ann Lee ann@example.org')).toMatch(SUPPORT);

    // Three questions at a choice: never the "having trouble" offer that three failed tries bring.
    await askBack(h, 'what happens next?', /^Next I'll show you a summary to check\. Nothing is sent until you choose Send it\. When you send it, you'll get a reference number\. We'll confirm we've received your complaint/, SUPPORT);
    await askBack(h, 'will someone ring me?', /^Yes\. The team dealing with it will contact you using the details you give me[\s\S]*choose Phone instead of writing\.$/, SUPPORT);
    await askBack(h, 'what happens next?', /Nothing is sent until you choose Send it/, SUPPORT);
    const SUMMARY = /Here's what you've told us/;
    const summary = await say(h, 'No, nothing needed');
    expect(summary).toMatch(SUMMARY);
    expect(summary).toMatch(/What you want us to do: Repair the play area/);
    expect(summary).toMatch(/Contact: Ann Lee, ann@example\.org/);

    await askBack(h, 'when will i get a reply??', /^For a complaint, we'll confirm[\s\S]*You'll get the dates with your reference number when you send it\./, SUMMARY);
    const done = await say(h, 'Send it');
    const reference = REF.exec(done)?.[1];
    expect(reference).toBeDefined();

    const stored = await findCase(db.connection, reference!);
    expect(stored).toMatchObject({ kind: 'complaint', outcomeWanted: 'Repair the play area', resident: { name: 'Ann Lee', email: 'ann@example.org' } });
    const text = await storedText(reference!);
    for (const q of questions) expect(text).not.toContain(q.toLowerCase());
  });
});

describe('a report on a pack that accepts anonymous complaints (Oadby and Wigston)', () => {
  test('anonymity, timescale and reply questions at the evidence, contact and support steps', async () => {
    const h = harness('oadby-wigston');
    await h.join();
    expect(await say(h, 'Fly tipping has been dumped on Mill Lane by the bus stop')).toMatch(/report a problem so we can put it right\. Is that right/);
    const EVIDENCE = /Do you have any photos or documents/;
    expect(await say(h, 'Report a problem so we can put it right')).toMatch(EVIDENCE);

    // The pack's own words about anonymity, and where the choice is.
    await askBack(h, 'can I stay anonymous?', /^The council accepts and looks into anonymous complaints[\s\S]*When I ask how to contact you, you can choose Stay anonymous\./, EVIDENCE);
    // A report has no pack timescale: it depends on the service; nothing is made up.
    await askBack(h, 'how long will this take?', /^A report goes to the team who can put it right\. How long it takes depends on the service\./, EVIDENCE);
    const CONTACT = /How can we contact you about this\?/;
    expect(await say(h, 'Skip')).toMatch(CONTACT);

    await askBack(h, 'do I have to give my name?', /^The council accepts and looks into anonymous complaints/, CONTACT);
    await askBack(h, 'why do you need my email?', /You can stay anonymous instead, but then we can't reply to you\. How we use your information: https:\/\/www\.oadby-wigston\.gov\.uk\/pages\/privacy_notice$/, CONTACT);
    expect(await say(h, 'Stay anonymous')).toMatch(/Do you want to stay anonymous/);
    const SUPPORT = /anything that would make it easier/;
    expect(await say(h, 'Yes, stay anonymous')).toMatch(SUPPORT);

    // Anonymous now: no reply is promised.
    await askBack(h, 'will someone ring me?', /^As you've chosen to stay anonymous, we can't reply\./, SUPPORT);
    await askBack(h, 'can i send a pic?', /^Yes\. Choose Change photos or documents in the summary to attach them/, SUPPORT);
    expect(await say(h, 'No, nothing needed')).toMatch(/Contact: Anonymous/);
    const reference = REF.exec(await say(h, 'Send it'))?.[1];
    expect(reference).toBeDefined();
    const text = await storedText(reference!);
    for (const q of ['can i stay anonymous', 'how long will this take', 'do i have to give my name', 'why do you need my email', 'will someone ring me', 'can i send a pic']) expect(text).not.toContain(q);
    expect(await findCase(db.connection, reference!)).toMatchObject({ kind: 'service_request', description: 'Fly tipping has been dumped on Mill Lane by the bus stop', anonymous: true });
  });
});

describe('a question that is the matter itself', () => {
  const ANSWERS = /A report goes to the team|For a complaint, we'll confirm|We ask for your name|council staff who deal with your case/;

  test.each(["why hasn't my bin been emptied for 3 weeks?", 'how long does it take to fix a pothole on Elm Road?'])('"%s" as the first message is classified, not answered', async (first) => {
    const h = harness('default');
    await h.join();
    const reply = await say(h, first);
    expect(reply).toMatch(/It sounds like you want to/);
    expect(reply).not.toMatch(ANSWERS);
  });

  test('a question typed as the description, after a greeting, is the description', async () => {
    const h = harness('default');
    await h.join();
    expect(await say(h, 'hi')).toMatch(/what's happened/i);
    const reply = await say(h, 'when will someone fix the pothole on Elm Road?');
    expect(reply).toMatch(/It sounds like you want to/);
    expect(reply).not.toMatch(ANSWERS);
  });

  test('a question typed when changing what happened is the new description', async () => {
    const h = harness('default');
    await h.join();
    expect(await say(h, 'There is a pothole on Elm Road outside number 4')).toMatch(/Is that right/);
    expect(await say(h, 'Report a problem so we can put it right')).toMatch(/photos or documents/);
    expect(await say(h, 'Skip')).toMatch(/How can we contact you/);
    expect(await say(h, 'Jo Bloggs jo@example.org')).toMatch(/easier/);
    expect(await say(h, 'No, nothing needed')).toMatch(/Here's what you've told us/);
    expect(await say(h, 'Change what happened')).toMatch(/Tell us what's happened/);
    const summary = await say(h, 'how long will it take to fix the pothole on Elm Road?');
    expect(summary).not.toMatch(ANSWERS);
    expect(summary).toMatch(/What happened: how long will it take to fix the pothole on Elm Road\?/);
    const reference = REF.exec(await say(h, 'Send it'))?.[1];
    expect(await findCase(db.connection, reference!)).toMatchObject({ description: 'how long will it take to fix the pothole on Elm Road?' });
  });
});
