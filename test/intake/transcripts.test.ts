/**
 * Table-driven transcripts of the resident conversation, through the real dialogs, with state,
 * evidence and cases in the real database. Each step is what the resident types and what they
 * should then see.
 */
import type { Attachment } from 'botbuilder';
import { Database } from '../../services/database/database';
import { loadPack } from '../../services/policy';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness, Harness } from './harness';
import { casesFor, findCase, followUpFor } from './cases';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake');
});
afterAll(() => dropTestDb(db));

type Step = [say: string | { attach: Attachment[] }, expect: RegExp | RegExp[], reject?: RegExp];

async function run(h: Harness, steps: Step[]): Promise<string[]> {
  const transcript: string[] = [];
  for (const [say, expected, rejected] of steps) {
    const replies = typeof say === 'string' ? await h.say(say) : await h.say('', say.attach);
    const all = replies.join('\n---\n');
    transcript.push(`> ${typeof say === 'string' ? say : '[attachment]'}`, all);
    for (const re of Array.isArray(expected) ? expected : [expected]) {
      if (!re.test(all)) throw new Error(`after "${typeof say === 'string' ? say : 'attachment'}" expected ${re} in:\n${all}\n\nTranscript so far:\n${transcript.join('\n')}`);
    }
    if (rejected && rejected.test(all)) throw new Error(`after "${String(say)}" did not expect ${rejected} in:\n${all}`);
  }
  return transcript;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const png = (bytes: Buffer = Buffer.concat([PNG, Buffer.alloc(200)]), name = 'photo.png'): Attachment => ({ contentType: 'image/png', name, contentUrl: `data:image/png;base64,${bytes.toString('base64')}` });
const REF = /Your reference is ([A-Z]+-2026-\d{6})/;

function referenceIn(transcript: string[]): string {
  const m = REF.exec(transcript.join('\n'));
  if (!m) throw new Error(`no reference in:\n${transcript.join('\n')}`);
  return m[1];
}

describe('resident intake: each kind of feedback', () => {
  // Was 8 turns with "for yourself, or for someone else?" as a question of its own; it now rides on the
  // contact question (issue 18: a first report with place and day took 11 turns).
  test('a complaint whose first message says what, where and when is filed in 7 resident turns', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.join();
    const t = await run(h, [
      ['I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has come to fix it. I am fed up.', [/make a complaint/i, /Reporting a problem asks us to fix something/]],
      ['Make a complaint', /What would you like us to do to put things right/, /for yourself, or for someone else|first time/],
      ['Fix the light and explain the delay', /photos or documents/],
      ['Skip', [/name and an email address or phone number/, /If you're contacting us for someone else, tell us who they are too/]],
      ['Jane Smith, jane.smith@example.org', /make it easier for you/],
      ['No, nothing needed', [/Where: 14 Elm Road/, /What you want us to do: Fix the light/, /Contact: Jane Smith, jane.smith@example.org/]],
      ['Send it', [REF, /confirm we've received your complaint by Monday, 30 November 2026/, /quote CMP-2026-/]],
    ]);
    const saved = await findCase(db.connection, referenceIn(t));
    expect(saved).toMatchObject({ kind: 'complaint' });
    expect(JSON.stringify(saved)).toContain('jane.smith@example.org');
  });

  test('a first report of a problem is a service request, and the dates come from the pack', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const t = await run(h, [
      ['There is a big pothole on Station Road near the school', /report a problem so we can put it right\. Is that right/i, /You sound unhappy/],
      ['1', /photos or documents/],
      [{ attach: [png()] }, /I've added photo\.png/],
      ['Done', /name and an email address or phone number/],
      ['Sam Lee 07911 123456', /make it easier/],
      ['No', [/Type: Report a problem/, /Where: Station Road/, /Photos or documents: photo\.png/]],
      ['Send it', [REF, /passed this to the team who can put it right/]],
    ]);
    const saved = await findCase(db.connection, referenceIn(t));
    expect(saved).toMatchObject({ kind: 'service_request' });
  });

  test('someone unhappy is offered a complaint even when a report is suggested', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const [first] = await h.say("the bins still haven't been emptied and nobody answers the phone, this is ridiculous");
    expect(first).toMatch(/Make a complaint/);
  });

  test('a comment is recorded and passed on', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const t = await run(h, [
      ['It would be good if the library opened on Sunday afternoons', /comment or suggestion/i],
      ['Give a comment or suggestion', /name and an email address or phone number/],
      ['Alex Brown alex@example.org', /Type: Give a comment or suggestion/],
      ['Send it', [REF, /passed your comment to the right team/]],
    ]);
    expect(await findCase(db.connection, referenceIn(t))).toMatchObject({ kind: 'comment' });
  });

  test('a compliment is recorded with who to thank', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const t = await run(h, [
      ['I just wanted to say a huge thank you to Maria in the housing office, she was brilliant', /pay us a compliment/i],
      ['Pay a compliment', /Who would you like us to pass your thanks to/],
      ['Maria in housing', /name and an email address/],
      ['Chris Green chris@example.org', /Thanks to: Maria in housing/],
      ['Send it', [REF, /pass your kind words on/]],
    ]);
    expect(await findCase(db.connection, referenceIn(t))).toMatchObject({ kind: 'compliment' });
  });
});

describe('resident intake: signposts', () => {
  const pack = loadPack('default');
  test.each([
    ['emergency', 'I can smell gas in my kitchen and I feel dizzy'],
    ['police_matter', 'my neighbour threatened to kill me and keeps shouting racist abuse at my family'],
    ['insurance_claim', 'I want compensation because a pothole on the high street burst my tyre and damaged the wheel'],
    ['information_rights', 'The council refused my freedom of information request for the budget spreadsheets and I think that was wrong'],
    ['councillor_conduct', 'Councillor Smith was rude and abusive to me at the public meeting'],
    ['statutory_appeal', 'I want to appeal against the parking fine I got on Monday, I was not parked there'],
    ['social_care', "I'm not happy with my mum's adult social care package and the carers who visit her"],
    ['school', "I want to complain about my son's school and the way the head teacher spoke to him"],
    ['antisocial_behaviour', 'my neighbours play loud music every night until 3am and I cannot sleep'],
  ])('%s: the resident is told why and given the contact, emergencies first', async (route, text) => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const reply = (await h.say(text)).join('\n');
    const sp = pack.signposts[route as keyof typeof pack.signposts];
    expect(reply).toContain(sp.message);
    expect(reply).toContain(sp.contact.name);
    if (route === 'emergency' || route === 'police_matter') expect(reply.startsWith('If anyone is in danger right now, call 999.')).toBe(true);
    // Gas in a home the council may be landlord of: its own line too, and an offer to record it (Awaab's Law).
    expect(reply).toMatch(route === 'emergency' ? /it's ours to put right too[\s\S]*Shall I record it for our repairs team now\?/ : /how the council itself acted/);
  });

  test('after a signpost the resident can stop, or carry on about how the council acted', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.say('I can smell gas in my kitchen');
    expect((await h.say("No, that's all")).join('\n')).toMatch(/I hope that helps/);
    const h2 = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h2.say('I want compensation because a pothole burst my tyre, and the council ignored my three reports about it');
    expect((await h2.say('Yes, carry on')).join('\n')).toMatch(/Is that right\? Choose the one that fits best/);
  });

  test('a district council signposts a county service to the county', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'oadby-wigston'), council: 'oadby-wigston' });
    const reply = (await h.say('there is a huge pothole in the road outside my house that needs filling')).join('\n');
    expect(reply).toMatch(/Leicestershire County Council/);
  });
});

describe('resident intake: who is speaking for whom', () => {
  test('a representative with consent, where written authorisation is not required', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const t = await run(h, [
      ['My mum reported her broken boiler in her council flat weeks ago and it still has not been fixed', /complaint/i],
      // "My mum" is only mentioned: not presumed to be who they act for; the contact question asks.
      ['Make a complaint', /Where is this/, /contacting us for your mother|for yourself, or for someone else/],
      ['Flat 3, Park Court, LE2 1AB', /When did this happen/],
      ['about six weeks ago', /put things right/],
      ['Get the boiler fixed', /photos or documents/],
      ['Skip', /If you're contacting us for someone else, tell us who they are too/],
      ['Ann Jones ann.jones@example.org, for my mum Mary Jones', /agreed to you acting for them/],
      ['Yes, they have agreed', /make it easier/],
      ['Someone is at risk', /treat this as a priority/],
      ['She is 89 and has no heating', /anything else/],
      ['No, nothing needed', [/For: Mary Jones, your mother \(you are their child\)/, /Contact: Ann Jones, ann.jones@example.org/, /someone is at risk/]],
      ['Send it', REF],
    ]);
    const saved = await findCase(db.connection, referenceIn(t));
    expect(JSON.stringify(saved)).toMatch(/"role":"family"/);
    expect(JSON.stringify(saved)).toMatch(/"consentConfirmed":true/);
    expect(JSON.stringify(saved)).toMatch(/"authorisation":"not_required"/);
  });

  test('without the person\'s agreement the bot explains and does not open a case for them', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await run(h, [
      ['My neighbour has been waiting months for the council to repair her roof and they keep cancelling', /complaint/i],
      ['Make a complaint', /.+/, /contacting us for your neighbour/],
    ]);
    let last = '';
    for (let i = 0; i < 6 && !/tell us who they are too/.test(last); i += 1) last = (await h.say(/Where is this/.test(last) ? '4 Oak Road' : /When did/.test(last) ? "I'm not sure" : /put things right/.test(last) ? 'Fix the roof' : 'Skip')).join('\n');
    await run(h, [
      ['Sam Hill sam@example.org, I am writing on behalf of my neighbour Mrs Patel', /agreed to you acting/, /connected/],
      ['No, not yet', /can only deal with this for someone else when they have agreed/],
      ["I'll come back later", /I hope that helps/],
    ]);
  });

  test('Leicester needs written authorisation: sent later is recorded as pending, an upload as provided', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'leicester'), council: 'leicester' });
    const t = await run(h, [
      ['I am Councillor Khan writing for my constituent whose housing benefit claim has been ignored for 3 months despite many calls', /complaint/i],
      // "writing for my constituent" is not asked again (issue 18), nor is how they are connected.
      ['Make a complaint', /What's your constituent's name/, /for yourself/],
      ['Mr Ali', /agreed/, /connected/],
      ['Yes', /in writing, signed by them/],
      ["I'll send it later", /still to come/],
    ]);
    expect(t.join('\n')).toMatch(/Leicester City Council also needs their agreement in writing/);
    const h2 = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'leicester'), council: 'leicester' });
    await run(h2, [
      ['I am writing for my dad; the council has ignored his letters about his council tax account for months', /complaint/i],
      ['Make a complaint', /What's your father's name/, /for yourself/],
      ['Tom Ward', /agreed/, /connected/],
      ['Yes', /in writing/],
      [{ attach: [png(undefined, 'signed-letter.png')] }, /added their written agreement/],
    ]);
  });
});

describe('resident intake: anonymity, time limits and evidence', () => {
  test('anonymous where the pack allows it, saying what it means', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'oadby-wigston'), council: 'oadby-wigston' });
    const t = await run(h, [
      ['I reported the broken swings in Brocks Hill park three weeks ago and nobody has come to fix them. I am fed up.', /make a complaint/i],
      ['Make a complaint', /put things right/],
      ['Fix the swings', /photos or documents/],
      ['Skip', /Stay anonymous/],
      ['Stay anonymous', /can't reply to you/],
      ['Yes, stay anonymous', /make it easier for you/],
      ['No, nothing needed', /Anonymous \(no reply possible\)/],
      ['Send it', [REF, /won't be able to reply/]],
    ]);
    expect(await findCase(db.connection, referenceIn(t))).toMatchObject({ anonymous: true });
  });

  test('no anonymous option where the pack does not allow it', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'leicester'), council: 'leicester' });
    await run(h, [['It would be nice to have more recycling bins in the city centre', /comment/i], ['Give a comment or suggestion', /name and an email/, /Stay anonymous/]]);
  });

  test('over the time limit: the limit is explained, and the reason is recorded for discretion', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const t = await run(h, [
      ['In March 2024 a council officer lost my documents and never apologised, I am still upset about it', /complaint/i],
      ['Make a complaint', /within 12 months/],
      ['I was in hospital for a long time', /put things right/],
      ['An apology', /photos/],
      ['Skip', /name/],
      ['Kim Ray 07911 123456', /easier/],
      ['No', /Why now: I was in hospital/],
      ['Send it', REF],
    ]);
    expect(JSON.stringify(await findCase(db.connection, referenceIn(t)))).toContain('I was in hospital');
  });

  test('evidence: a wrong type and an oversized file are refused with a clear message, a photo is kept', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await run(h, [
      ['Fly tipping has been dumped on Mill Lane by the bus stop', /report a problem/i],
      ['Report a problem so we can put it right', /photos or documents/],
      [{ attach: [{ contentType: 'image/png', name: 'totally-a-photo.png', contentUrl: `data:image/png;base64,${Buffer.from('MZ\x90\x00 this is a windows program '.repeat(10)).toString('base64')}` }] }, /can't accept totally-a-photo\.png/],
      [{ attach: [png(Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]), 'huge.png')] }, /huge\.png is too big/],
      [{ attach: [png()] }, /added photo\.png/],
      ['Done', /name and an email/],
    ]);
  });
});

describe('resident intake: answers as people actually type them', () => {
  test('"hi" or "I want to complain" is asked what happened; "yes" accepts the suggested kind', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.join();
    await run(h, [
      ['hi', /in a sentence or two what's happened/, /Is that right/],
      ['I want to complain', /in a sentence or two what's happened/, /Is that right/],
      ['The council keeps ignoring my emails about the fence your contractors broke', /It sounds like you want to make a complaint\. Is that right/],
      ['yes', /When did this happen|put things right|Where is this/, /Is that right/],
    ]);
  });

  test('more description typed instead of a choice is added to what they said, and the kind is thought about again', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.join();
    await run(h, [
      ['my bin wasnt emptied', /report a problem so we can put it right\. Is that right/],
      ['and this is the fourth week running, I have phoned three times and nobody has done anything', /make a complaint/i, /Please choose one of the options/],
    ]);
  });

  // Was asked "for yourself, or for someone else?" and answered "my dad": writing "on behalf of my
  // father" already said it (issue 18), so only his name is asked.
  test('after a signpost, "complaint" carries on; "on behalf of my father" is not asked again', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.join();
    await run(h, [
      ["I'm writing on behalf of my elderly father, his carers from the council keep not turning up", /social care/i],
      ['complaint', /make a complaint\. Is that right/],
      ['yes', /What's your father's name/, /for yourself, or for someone else/],
    ]);
  });

  test('"ok" to the quicker route of a report takes it', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.join();
    await run(h, [
      ['The streetlight outside 9 Park Lane is flickering', /Is that right/],
      ['Make a complaint', /first time you have told us/],
      ['yes', /pass it to the service as a report/],
      ['ok', /photos or documents/],
    ]);
  });

  test('thanks need no contact details, even where the policy has no anonymous complaints', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.join();
    const t = await run(h, [
      ['The man who came to fix my boiler was brilliant', /pay us a compliment\. Is that right/],
      ['yes', /pass your thanks to/],
      ['the repairs team', /No reply needed/],
      ['no thanks', /Contact: Anonymous \(no reply possible\)/],
      ['Send it', [REF, /pass your kind words on/]],
    ]);
    expect(await findCase(db.connection, referenceIn(t))).toMatchObject({ kind: 'compliment', anonymous: true, replyWanted: false });
  });
});

describe('resident intake: changing, cancelling, help and resuming', () => {
  test('an answer can be changed at the summary before sending', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    const t = await run(h, [
      ['Thank you to the team who fixed our street light so quickly', /compliment/i],
      ['Pay a compliment', /pass your thanks/],
      ['Skip', /name and an email/],
      ['Pat Doe pat@example.org', /Contact: Pat Doe, pat@example.org/],
      ['Change contact details', /name and an email/],
      ['Pat Doe 0116 454 1000', [/Contact: Pat Doe, 0116 454 1000/], /pat@example.org/],
      ['Send it', REF],
    ]);
    expect(JSON.stringify(await findCase(db.connection, referenceIn(t)))).toContain('+441164541000');
  });

  test('cancel stops without sending anything', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await run(h, [
      ['The grass on the verge on Oak Avenue has not been cut all summer', /Is that right/],
      ['cancel', /Nothing has been sent/],
    ]);
    expect((await h.say('hello')).join('\n')).toMatch(/Tell us what's happened/);
  });

  test('help and "talk to a person" answer, then ask the same question again', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.say('The grass on the verge on Oak Avenue has not been cut');
    const help = (await h.say('help')).join('\n');
    expect(help).toMatch(/I'll ask a few questions/);
    expect(help).toMatch(/Is that right/);
    const person = (await h.say('talk to a person')).join('\n');
    expect(person).toMatch(/To talk to someone/);
    expect(person).toMatch(/Is that right/);
  });

  test('after three answers it cannot understand, a person is offered', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.say('The grass on the verge on Oak Avenue has not been cut');
    await h.say('purple');
    await h.say('banana');
    expect((await h.say('seventeen elephants')).join('\n')).toMatch(/talk to a person instead/);
  });

  test('half-finished answers survive a restart of the bot (a new adapter on the same database)', async () => {
    const conversationId = `restart-${Date.now()}`;
    const first = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), conversationId });
    await run(first, [
      ['There is graffiti all over the underpass on Kings Road', /Is that right/],
      ['Report a problem so we can put it right', /photos or documents/],
    ]);
    const second = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), conversationId });
    const t = await run(second, [
      ['Skip', /name/],
      ['Jo Bloggs jo@example.org', /easier/],
      ['No', /Where: Kings Road/],
    ]);
    expect(t.join('\n')).toMatch(/graffiti all over the underpass/);
  });

  test('a resident coming back after a long gap is asked whether to carry on', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await h.say('The bins on Rose Street were not collected');
    h.now.value = new Date(h.now.value.getTime() + 3 * 3600_000);
    const back = (await h.say('hello again')).join('\n');
    expect(back).toMatch(/Welcome back/);
    expect((await h.say('Carry on')).join('\n')).toMatch(/Is that right/);
  });
});

describe('resident intake: writing again about a case', () => {
  const staffSaw: { reference: string; text: string }[] = [];
  const opened: string[] = [];
  const notifier = {
    caseOpened: async (reference: string) => void opened.push(reference),
    residentMessage: async (reference: string, text: string) => void staffSaw.push({ reference, text }),
  };

  test('a message after filing is asked about, added to the case and passed to staff', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), followUp: followUpFor(db.connection, 'default'), notifier });
    const t = await run(h, [
      ['Thank you to the library staff at Central Library for helping my dad', /compliment/i],
      ['Pay a compliment', /pass your thanks/],
      ['Skip', /name and an email/],
      ['Lee Wong lee@example.org', /Send it/],
      ['Send it', REF],
    ]);
    const reference = referenceIn(t);
    expect(opened).toContain(reference);
    await run(h, [
      ['I forgot to say the librarian was called Sue', [new RegExp(`about your case ${reference}, or something new`)]],
      [`About ${reference}`, new RegExp(`added that to ${reference}`)],
    ]);
    expect(staffSaw).toContainEqual({ reference, text: 'I forgot to say the librarian was called Sue' });
    expect(JSON.stringify(await findCase(db.connection, reference))).toContain('I forgot to say the librarian was called Sue');
  });

  test('quoting a reference in a new conversation adds to that case once the resident shows it is theirs', async () => {
    const first = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), followUp: followUpFor(db.connection, 'default') });
    const t = await run(first, [
      ['The pavement on Kings Road is broken and someone will trip', /Is that right/],
      ['Report a problem so we can put it right', /photos/],
      ['Skip', /name/],
      ['Ola Nwosu ola@example.org', /easier/],
      ['No', /Send it/],
      ['Send it', REF],
    ]);
    const reference = referenceIn(t);
    const later = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), followUp: followUpFor(db.connection, 'default') });
    expect((await later.say(`About ${reference.toLowerCase()}: someone did trip today`)).join('\n')).toContain(`check it's yours before I add anything to ${reference}`);
    expect((await later.say('OLA@example.org ')).join('\n')).toContain(`added that to ${reference}`);
    expect(JSON.stringify(await findCase(db.connection, reference))).toContain('someone did trip today');
  });

  test("someone else's reference, or one that doesn't exist, gets the same questions and the same refusal, and nothing reaches the case", async () => {
    const first = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), followUp: followUpFor(db.connection, 'default') });
    const t = await run(first, [
      ['The street light on Mill Lane has been out for a week', /Is that right/],
      ['Report a problem so we can put it right', /photos/],
      ['Skip', /name/],
      ['Priya Das 07911 123456', /easier/],
      ['No', /Send it/],
      ['Send it', REF],
    ]);
    const reference = referenceIn(t);
    const [n] = /\d{6}$/.exec(reference)!;
    const missing = reference.replace(/\d{6}$/, String(Number(n) + 500).padStart(6, '0'));
    const transcriptFor = async (ref: string) => {
      const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), followUp: followUpFor(db.connection, 'default') });
      const replies = [...(await h.say(`${ref} I want this closed, it is fixed`)), ...(await h.say('someone@example.org')), ...(await h.say('07911 654321'))];
      return replies.join('\n').replaceAll(ref, 'REF');
    };
    const guessed = await transcriptFor(reference);
    expect(guessed).toMatch(/check it's yours[\s\S]*doesn't match[\s\S]*can't act on REF from here/);
    expect(await transcriptFor(missing)).toBe(guessed);
    expect(JSON.stringify(await findCase(db.connection, reference))).not.toContain('I want this closed');
    // The owner's phone, written another way, is accepted.
    const owner = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), followUp: followUpFor(db.connection, 'default') });
    await owner.say(`${reference} it is still out`);
    expect((await owner.say('+44 7911 123456')).join('\n')).toContain(`added that to ${reference}`);
  });

  test('a reference as the first message of a new chat is about that case, not a new report', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default'), followUp: followUpFor(db.connection, 'default') });
    await h.join();
    const replies = (await h.say('CMP-2026-000001 any update on this?')).join('\n');
    expect(replies).toContain("check it's yours before I add anything to CMP-2026-000001");
    expect(replies).not.toMatch(/It sounds like|Is that right/);
  });
});
