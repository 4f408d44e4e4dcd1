/**
 * Social media handoff through the real dialogs, database and case service: a resident starts on
 * a social channel, is given a private link before anything personal is asked, and the website
 * conversation carries on from what they said, down to the case, which records where it came from.
 */
import { Database } from '../../services/database/database';
import { HandoffService } from '../../services/handoff';
import { handoffGatewayFrom } from '../../bot/residentComposition';
import { HANDOFF_EVENT } from '../../bot/residentBot';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness, Harness } from '../intake/harness';
import { casesFor, findCase } from '../intake/cases';

let db: Database;
let service: HandoffService;
const now = { value: new Date('2026-11-23T10:00:00Z') };

beforeAll(async () => {
  db = await openTestDb('handoff');
  service = new HandoffService({
    connection: db.connection,
    secret: 'handoff-test-secret-0123456789-abcdefghij',
    ttlMs: 24 * 3_600_000,
    websiteBase: () => 'https://chat.example.gov.uk',
    clock: () => now.value,
  });
});
afterAll(() => dropTestDb(db));
beforeEach(() => {
  now.value = new Date('2026-11-23T10:00:00Z');
});

const LINK = /https:\/\/chat\.example\.gov\.uk\/chat\?handoff=([A-Za-z0-9._-]+)/;
const PERSONAL_QUESTIONS = /for yourself, or for someone else|Where is this|photos or documents|email address or phone number|make it easier for you|your name|put things right/i;

function harness(channelId: string, userName = 'Resident') {
  return createHarness({
    connection: db.connection,
    cases: casesFor(db.connection, 'default'),
    handoffs: handoffGatewayFrom(service),
    channelId,
    user: { name: userName },
    now: now.value,
  });
}

async function say(h: Harness, text: string, expected: RegExp[], rejected?: RegExp): Promise<string> {
  const all = (await h.say(text)).join('\n---\n');
  for (const re of expected) if (!re.test(all)) throw new Error(`after "${text}" expected ${re} in:\n${all}`);
  if (rejected?.test(all)) throw new Error(`after "${text}" did not expect ${rejected} in:\n${all}`);
  return all;
}

function linkToken(text: string): string {
  const m = LINK.exec(text);
  if (!m) throw new Error(`no handoff link in:\n${text}`);
  return m[1];
}

describe('from a private social channel (Facebook Messenger) to the website', () => {
  test('what happened is heard on Facebook; where, who, files and contact only on the website; the case records Facebook', async () => {
    const fb = harness('facebook', 'Jane Smith');
    const welcome = (await fb.join()).join('\n');
    expect(welcome).toMatch(/Please don't post personal details .* on Facebook/);

    await say(fb, 'I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has come to fix it. I am fed up.', [/make a complaint/i]);
    const handedOver = await say(fb, 'Make a complaint', [/secure website chat/, LINK, /won't need to repeat it/, /works once, for 24 hours/], PERSONAL_QUESTIONS);
    const token = linkToken(handedOver);

    const web = harness('directline');
    await web.join();
    const resumed = (await web.event(HANDOFF_EVENT, token)).join('\n---\n');
    expect(resumed).toMatch(/coming over from Facebook/);
    expect(resumed).toMatch(/broken streetlight outside 14 Elm Road/);
    // "For yourself, or for someone else?" is no longer a question of its own (issue 18: too many
    // turns); the contact question asks it, on the website as well.
    expect(resumed).toMatch(/What would you like us to do to put things right/);
    expect(resumed).not.toMatch(/what's happened/i);

    await say(web, 'Fix the light and explain the delay', [/photos or documents/]);
    await say(web, 'Skip', [/name and an email address or phone number/]);
    await say(web, 'Jane Smith, jane.smith@example.org', [/make it easier for you/]);
    await say(web, 'No, nothing needed', [/Where: 14 Elm Road/, /Contact: Jane Smith, jane.smith@example.org/]);
    const done = await say(web, 'Send it', [/Your reference is (CMP-2026-\d{6})/]);
    const reference = /Your reference is (CMP-2026-\d{6})/.exec(done)![1];

    const saved = (await findCase(db.connection, reference)) as Record<string, any>;
    expect(saved).toMatchObject({ kind: 'complaint', channel: 'directline', platform: 'facebook', location: '14 Elm Road' });
    expect(saved.handoffId).toMatch(/^h[A-Za-z0-9_-]{20,}$/);
    expect(saved.resident).toMatchObject({ name: 'Jane Smith', email: 'jane.smith@example.org', socialHandle: 'Jane Smith' });

    // Reloading the page does not send the link again; if something does, nothing changes.
    expect(await web.event(HANDOFF_EVENT, token)).toEqual([]);
    // Anyone else opening the same link gets nothing of the resident's.
    const other = harness('webchat');
    const reused = (await other.event(HANDOFF_EVENT, token)).join('\n');
    expect(reused).toMatch(/already been used/);
    expect(reused).not.toMatch(/Elm Road/);
  });

  test('a comment is heard on WhatsApp and contact details are asked only on the website', async () => {
    const wa = harness('whatsapp');
    await say(wa, 'It would be good if the library stayed open later on Thursdays', [/comment or suggestion/]);
    const reply = await say(wa, 'Give a comment or suggestion', [LINK], PERSONAL_QUESTIONS);
    expect(reply).toMatch(/secure website chat, not on WhatsApp/);
    const web = harness('webchat');
    const resumed = (await web.event(HANDOFF_EVENT, linkToken(reply))).join('\n');
    expect(resumed).toMatch(/coming over from WhatsApp/);
    expect(resumed).toMatch(/library stayed open later/);
  });
});

describe('from a public channel (X) to the website', () => {
  test('once the message is understood the link comes at once: nothing else is asked in public', async () => {
    const x = harness('twitter', '@jsmith');
    let reply = await say(x, 'The bins on Mill Lane have not been collected this week', [/.+/]);
    for (let i = 0; i < 3 && !LINK.test(reply); i++) {
      expect(reply).not.toMatch(/Where|When did|put things right/i);
      reply = (await x.say('Report a problem so we can put it right')).join('\n');
    }
    expect(reply).toMatch(/public conversation on X, so please don't share anything personal here/);
    const web = harness('directline');
    const resumed = (await web.event(HANDOFF_EVENT, linkToken(reply))).join('\n---\n');
    expect(resumed).toMatch(/coming over from X/);
    expect(resumed).toMatch(/Mill Lane/);
  });
});

describe('links that do not work', () => {
  async function aLink(): Promise<string> {
    const { link } = await service.create({ platform: 'facebook', message: 'Pothole on Station Road' });
    return linkToken(link);
  }

  test('an expired link says so and asks what happened, without anything from social media', async () => {
    const token = await aLink();
    now.value = new Date(now.value.getTime() + 25 * 3_600_000);
    const replies = (await harness('directline').event(HANDOFF_EVENT, token)).join('\n');
    expect(replies).toMatch(/that link has run out/);
    expect(replies).not.toMatch(/Station Road/);
  });

  test('an edited or made-up link is refused', async () => {
    const token = await aLink();
    const edited = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await harness('directline').event(HANDOFF_EVENT, edited)).join('\n')).toMatch(/that link isn't right/);
    expect((await harness('directline').event(HANDOFF_EVENT, 'not-a-token-at-all-0123456789')).join('\n')).toMatch(/that link isn't right/);
  });

  test('a link is only honoured by the website chat, not on another social channel', async () => {
    const token = await aLink();
    expect(await harness('facebook').event(HANDOFF_EVENT, token)).toEqual([]);
    expect((await harness('directline').event(HANDOFF_EVENT, token)).join('\n')).toMatch(/Pothole on Station Road/);
  });

  test('of several windows opening one link at the same moment, exactly one gets the conversation', async () => {
    const token = await aLink();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => service.redeem(token, `window-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(7);
  });

  test('expired links and what they carried are purged', async () => {
    const { handoffId } = await service.create({ platform: 'x', message: 'Graffiti on the bridge' });
    now.value = new Date(now.value.getTime() + 25 * 3_600_000);
    expect(await service.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await db.connection.collection('handoffs').findOne({ _id: handoffId as never })).toBeNull();
  });
});

describe("from the social media team's inbox", () => {
  test("the resident's message starts the website conversation, which understands it without asking again", async () => {
    const { link, handoffId } = await service.create({ platform: 'instagram', handle: '@jsmith', message: 'Someone has dumped a mattress in the alley behind Park Street' });
    const web = harness('directline');
    const replies = (await web.event(HANDOFF_EVENT, linkToken(link))).join('\n---\n');
    expect(replies).toMatch(/Thanks for contacting us on Instagram/);
    expect(replies).toMatch(/dumped a mattress in the alley behind Park Street/);
    expect(replies).not.toMatch(/Tell us what's happened/);
    expect(handoffId).toMatch(/^h/);
  });
});
