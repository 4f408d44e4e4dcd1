/**
 * The conversation remembers what was said (issue 18): one transcript per conversation residents
 * tried, through the real dialogs, classifier and case service on the test database.
 */
import { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness, Harness } from './harness';
import { casesFor, findCase } from './cases';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake-remembers');
});
afterAll(() => dropTestDb(db));

type Step = [say: string, expect: RegExp | RegExp[], reject?: RegExp];
const REF = /Your reference is ([A-Z]+-2026-\d{6})/;

async function run(h: Harness, steps: Step[]): Promise<string[]> {
  const transcript: string[] = [];
  for (const [say, expected, rejected] of steps) {
    const all = (await h.say(say)).join('\n---\n');
    transcript.push(`> ${say}`, all);
    for (const re of Array.isArray(expected) ? expected : [expected]) {
      if (!re.test(all)) throw new Error(`after "${say}" expected ${re} in:\n${all}\n\nTranscript so far:\n${transcript.join('\n')}`);
    }
    if (rejected && rejected.test(all)) throw new Error(`after "${say}" did not expect ${rejected} in:\n${all}\n\nTranscript so far:\n${transcript.join('\n')}`);
  }
  return transcript;
}

function referenceIn(transcript: string[]): string {
  const m = REF.exec(transcript.join('\n'));
  if (!m) throw new Error(`no reference in:\n${transcript.join('\n')}`);
  return m[1];
}

const harness = (council = 'default') => createHarness({ connection: db.connection, cases: casesFor(db.connection, council), council });

describe('what the first message said is not contradicted or asked again', () => {
  test('damp and mould reported twice: offered a complaint, never asked whether it is the first time', async () => {
    const h = harness();
    const t = await run(h, [
      [
        'My kitchen has had damp and mould for four months, I reported it twice and the repairs team cancelled both appointments',
        /It sounds like you want to make a complaint\. Is that right/,
        /It sounds like you want to report a problem/,
      ],
      ['Yes', /.+/, /first time you have told us/],
    ]);
    let last = t.at(-1)!;
    for (let i = 0; i < 8 && !/Here's what you've told us/.test(last); i += 1) {
      expect(last).not.toMatch(/first time you have told us/);
      const answer = /Where is this/.test(last) ? '3 Park Court, LE2 1AB' : /put things right/.test(last) ? 'Fix the damp for good' : /photos/.test(last) ? 'Skip' : /name and an email/.test(last) ? 'Ann Lee ann@example.org' : /easier/.test(last) ? 'No, nothing needed' : 'Skip';
      last = (await h.say(answer)).join('\n');
    }
    expect(last).toMatch(/Told us before: Yes, 2 times/);
    expect(last).toMatch(/When: July 2026 \(four months ago\)/);
    const sent = await run(h, [['Send it', REF]]);
    expect(await findCase(db.connection, referenceIn(sent))).toMatchObject({ kind: 'complaint', serviceAlreadyKnew: true });
  });

  test('a name typed first is kept: the email is asked for by name, and the name is never asked again', async () => {
    const h = harness();
    const t = await run(h, [
      ['Fly tipping has been dumped on Mill Lane by the bus stop', /report a problem/i],
      ['Report a problem so we can put it right', /photos or documents/],
      ['Skip', /name and an email address or phone number/],
      ['Jane Smith', /Thanks, Jane Smith\. What email address or phone number can we contact you on/],
      ['jane.smith@example.org', /make it easier for you/, /what's your name/i],
      ['No, nothing needed', /Contact: Jane Smith, jane\.smith@example\.org/],
      ['Send it', REF],
    ]);
    expect(await findCase(db.connection, referenceIn(t))).toMatchObject({ resident: { name: 'Jane Smith', email: 'jane.smith@example.org' } });
  });

  test('"Yes, I reported it three times already" accepts the complaint and is kept; descriptions then count as tries and a person is offered', async () => {
    const h = harness();
    const t = await run(h, [
      ['The council promised on 10 October to repair the play area on Victoria Park and it has still not been done', /It sounds like you want to make a complaint\. Is that right/],
      ['Yes, I reported it three times already', /.+/, /Is that right\? Choose the one that fits best|first time you have told us/],
    ]);
    expect(t.join('\n')).not.toMatch(/talk to a person instead/);
    let last = t.at(-1)!;
    for (let i = 0; i < 8 && !/Here's what you've told us/.test(last); i += 1) {
      const answer = /put things right/.test(last) ? 'Repair it' : /photos/.test(last) ? 'Skip' : /name and an email/.test(last) ? 'Lou Park lou@example.org' : 'No, nothing needed';
      last = (await h.say(answer)).join('\n');
    }
    // The words after "yes" are kept: in what happened, and read as told us before, three times.
    expect(last).toMatch(/Told us before: Yes, 3 times/);
    expect(last).toMatch(/What happened: The council promised[^\n]*\nI reported it three times already/);
    // A description typed instead of a choice is thought about once, with everything said so far...
    const h2 = harness();
    await run(h2, [
      ['my bin wasnt emptied', /report a problem so we can put it right\. Is that right/],
      ['and this is the fourth week running, I have phoned three times and nobody has done anything', /make a complaint\. Is that right/i],
      // ...after that an answer that moves nothing forward is a failed try, and the third offers a person.
      ['the crew just drive past my house every single week', /Please choose one of the options/, /talk to a person instead/],
      ['they never even stop at my house at all', /Please choose one of the options/, /talk to a person instead/],
      ['the lorry turns up then drives off again', [/talk to a person instead/, /To talk to someone, contact/]],
      ['Yes', /.+/, /Is that right\? Choose/],
    ]);
  });

  test('"She is my grandmother" is recorded as the grandchild acting for her, and shown cleanly', async () => {
    const h = harness();
    const t = await run(h, [
      // No heating in November is an emergency hazard: phone now comes first.
      ["I'm writing on behalf of someone whose council flat has had no heating since last week, we reported it on Monday", /could be an emergency: having no heating/],
      ['Yes, carry on', /make a complaint\. Is that right/],
      ['Yes', /name of the person you're contacting us for, and how are you connected to them/, /for yourself, or for someone else/],
      ['Margaret Morgan', /How are you connected to Margaret Morgan/],
      ['She is my grandmother', /agreed to you acting for them/],
      ['Yes, they have agreed', /.+/],
    ]);
    let last = t.at(-1)!;
    for (let i = 0; i < 8 && !/Here's what you've told us/.test(last); i += 1) {
      const answer = /Where is this/.test(last) ? '5 Hill View, LE2 1AB' : /put things right/.test(last) ? 'Fix the heating' : /photos/.test(last) ? 'Skip' : /name and an email/.test(last) ? 'Owen Morgan owen@example.org' : 'No, nothing needed';
      last = (await h.say(answer)).join('\n');
    }
    expect(last).toMatch(/For: Margaret Morgan, your grandmother \(you are their grandchild\)/);
    expect(last).not.toMatch(/you are their She is/i);
    const sent = await run(h, [['Send it', REF]]);
    expect(await findCase(db.connection, referenceIn(sent))).toMatchObject({ representative: { relationship: 'grandchild', role: 'family', consentConfirmed: true }, resident: { name: 'Margaret Morgan' } });
  });

  test('the place is the street and postcode named, not the start of the sentence', async () => {
    const h = harness();
    const t = await run(h, [
      ["My green bin wasn't emptied on Monday. It's on Hilton Road, DE65 5FL.", /Is that right/],
      ['Yes', /photos or documents/, /Where is this|When did this happen/],
      ['Skip', /name and an email/],
      ['Kim Ray 07911 123456', /easier/],
      ['No', [/Where: Hilton Road, DE65 5FL/, /When: Monday, 23 November 2026/], /Where: My green/],
      ['Send it', REF],
    ]);
    expect(await findCase(db.connection, referenceIn(t))).toMatchObject({ location: 'Hilton Road, DE65 5FL', occurredOn: '2026-11-23' });
  });

  test('the default pack greets naturally, without "Your local council\'s"', async () => {
    const h = harness();
    const welcome = (await h.join()).join('\n');
    expect(welcome).toMatch(/^Hello, this is the online help for your local council\. I can help you/);
    expect(welcome).not.toMatch(/Your local council's/i);
    const leicester = (await harness('leicester').join()).join('\n');
    expect(leicester).toMatch(/^Hello, this is Leicester City Council's online help\./);
  });

  test.each([
    ["I'm writing for my father, the council keeps missing his bins at 12 Rose Street and I have reported it twice", /What's your father's name\?/],
    ["I'm helping my grandmother, her council tax bill is wrong and nobody has replied to her letters since September", /What's your grandmother's name\?/],
  ])('%j is not asked "for yourself or for someone else?"', async (first, nameQuestion) => {
    const h = harness();
    const t = await run(h, [
      [first, /Is that right/],
      ['Make a complaint', nameQuestion, /for yourself, or for someone else/],
      ['Tom Ward', /agreed to you acting for them/, /How are you connected/],
      ['Yes, they have agreed', /.+/, /for yourself, or for someone else/],
    ]);
    expect(t.join('\n')).not.toMatch(/for yourself, or for someone else/);
  });

  test('a first report of a missed bin that gives the place and the day takes 6 resident turns', async () => {
    const h = harness();
    const t = await run(h, [
      ['The bins at 4 Oak Close were not collected yesterday', /report a problem so we can put it right\. Is that right/],
      ['yep', /photos or documents/],
      ['Skip', /name and an email address or phone number/],
      ['Sam Lee sam@example.org', /make it easier/],
      ['No, nothing needed', [/Where: 4 Oak Close/, /When: Sunday, 22 November 2026/]],
      ['Send it', REF],
    ]);
    expect(t.filter((line) => line.startsWith('> '))).toHaveLength(6);
    expect(t.join('\n')).not.toMatch(/Where is this|When did this happen|for yourself, or for someone else/);
  });
});

describe('"yes" with more words picks what the words name', () => {
  test.each([
    ['Yes, report it', /photos or documents/],
    ["yes it's a complaint", /put things right|When did this happen|Where is this/],
    ['yes, and nobody came to fix it either', /put things right|When did this happen|Where is this/],
  ])('%j to a suggested complaint', async (answer, next) => {
    const h = harness();
    await run(h, [
      ['The bins at 4 Oak Close have been missed three times and nobody has replied to my emails', /It sounds like you want to make a complaint\. Is that right/],
      [answer, next, /Is that right\? Choose/],
    ]);
  });
});

describe('someone else, said late or changed at the summary', () => {
  test('writing for someone, said with the contact details, leads to their agreement, and the contact name stays the writer\'s', async () => {
    const h = harness();
    const t = await run(h, [
      ['The heating in the flat at 7 Tower Court has not worked since last week, we reported it on Monday.', /make a complaint\. Is that right/],
      ['Yes', /put things right/],
      ['Get the heating fixed', /photos/],
      ['Skip', /If you're contacting us for someone else, tell us who they are too/],
      ['Ann Jones ann@example.org, I am writing for my mum Mary Jones', /agreed to you acting for them/, /What's your mother's name|How are you connected/],
      ['Yes, they have agreed', /make it easier/],
      ['No, nothing needed', [/For: Mary Jones, your mother \(you are their child\)/, /Contact: Ann Jones, ann@example\.org/]],
      ['Send it', REF],
    ]);
    expect(await findCase(db.connection, referenceIn(t))).toMatchObject({ resident: { name: 'Mary Jones' }, representative: { name: 'Ann Jones', email: 'ann@example.org', consentConfirmed: true } });
  });

  test('"Change who it\'s for" at the summary asks afresh, name and relationship in one answer', async () => {
    const h = harness();
    await run(h, [
      ['The bins at 4 Oak Close were not collected yesterday', /Is that right/],
      ['Yes', /photos/],
      ['Skip', /name and an email/],
      ['Sam Lee sam@example.org', /easier/],
      ['No, nothing needed', /Here's what you've told us/, /For: /],
      ["Change who it's for", /for yourself, or for someone else/],
      ['For someone else', /name of the person you're contacting us for, and how are you connected to them/],
      ["Mary Jones, I'm her son", /agreed to you acting for them/],
      ['Yes, they have agreed', /For: Mary Jones, your mother \(you are their son\)/],
    ]);
  });
});

describe('answers given to the wrong question go where they belong (tester finding)', () => {
  test('a place to "when", a phone to the outcome and a name at the photo question: each kept for what it is, nothing stored in the wrong field', async () => {
    const h = harness();
    await h.join();
    const t = await run(h, [
      ['The council sent me the wrong council tax bill twice and nobody has replied to my emails', /make a complaint/i],
      ['Make a complaint', /When did this happen/],
      ['at 14 Mill Lane', /^Thanks, I've noted where it is\. When did this happen/],
      ['last Tuesday', /What would you like us to do to put things right\?/],
      ['my number is 07911 123456', /^Thanks, I've noted your contact details\. What would you like us to do to put things right\?/],
      ['A correct bill and a reply to my emails', /photos or documents/],
      ['Skip', /Thanks, we'll use 07911 123456 to contact you about this\. What's your name\?/, /type your name and an email/],
      ['Jo Bloggs', /What's your name|reasonable adjustments|anything that would make it easier|Here's what you've told us/i],
    ]);
    let last = t[t.length - 1];
    for (let i = 0; i < 4 && !/Here's what you've told us/.test(last); i++) last = (await h.say('No, nothing needed')).join('\n');
    expect(last).toMatch(/Where: 14 Mill Lane/);
    expect(last).toMatch(/When: Tuesday, 17 November 2026/);
    expect(last).toMatch(/Contact: Jo Bloggs, 07911 123456/);
    const sent = (await h.say('Send it')).join('\n');
    const stored = await findCase(db.connection, referenceIn([sent]));
    expect(stored).toMatchObject({ location: '14 Mill Lane', occurredOn: '2026-11-17', outcomeWanted: 'A correct bill and a reply to my emails' });
    expect(JSON.stringify(stored)).not.toMatch(/"whenText":"at 14 Mill Lane"|"outcomeWanted":"my number/);
  });
});
