/**
 * The danger question through the whole resident conversation (real dialogs, classifier and
 * database): asked when the classifier half-suspects an emergency; yes shows the emergency
 * contacts first and lets the resident carry on, no carries on to a case as if nothing was asked.
 * Either way the case keeps the answer, so staff can see it was asked and what was said.
 */
import { Database } from '../../services/database/database';
import { loadPack } from '../../services/policy';
import { dropTestDb, openTestDb } from '../support/testDb';
import { HALF_SUSPECTED } from '../support/halfSuspected';
import { casesFor, findCase } from './cases';
import { createHarness, Harness } from './harness';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake-danger');
});
afterAll(() => dropTestDb(db));

const pack = loadPack('default');
const ASK = /^Before we go on: is anyone in danger, or is a crime happening, right now\? \[Yes\] \[No\]$/;
const REF = /Your reference is ([A-Z]+-2026-\d{6})/;

async function say(h: Harness, text: string): Promise<string> {
  return (await h.say(text)).join('\n---\n');
}

/** The case document as stored, not as the case service shows it. */
async function storedCase(reference: string): Promise<Record<string, unknown> | null> {
  return db.connection.collection<{ _id: string }>('cases').findOne({ _id: reference });
}

/** From the kind question to a filed report, never asked about danger again; the case as staff see it. */
async function fileReport(h: Harness): Promise<Record<string, unknown> | null> {
  const steps: Array<[string, RegExp]> = [
    ['Report a problem', /Where is this\?/],
    ['Mill Lane, by the footbridge', /photos or documents/],
    ['Skip', /name and an email address or phone number/],
    ['Sam Lee 07911 123456', /make it easier/],
    ['No, nothing needed', /Type: Report a problem/],
    ['Send it', REF],
  ];
  const seen: string[] = [];
  for (const [text, expected] of steps) {
    const reply = await say(h, text);
    seen.push(reply);
    expect(reply).toMatch(expected);
    expect(reply).not.toMatch(/in danger/);
  }
  return findCase(db.connection, REF.exec(seen.join('\n'))![1]);
}

describe('the danger question in the intake', () => {
  test('yes: the emergency signpost comes first, with its contacts, and the resident may carry on', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    expect(await say(h, HALF_SUSPECTED.emergency)).toMatch(ASK);
    const reply = await say(h, 'Yes');
    expect(reply.startsWith('If anyone is in danger right now, call 999.')).toBe(true);
    expect(reply).toContain(pack.signposts.emergency.message);
    expect(reply).toContain('Emergency services (police, fire, ambulance): phone 999');
    expect(reply).toContain('National Gas Emergency Service: phone 0800 111 999');
    expect(reply).toMatch(/how the council itself acted\?.*\[Yes, carry on\] \[No, that's all\]/s);
    expect(await say(h, 'Yes, carry on')).toMatch(/Is that right\? Choose the one that fits best/);
  });

  test('yes, then carrying on: the case keeps the answer and the route asked about, for staff to see', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await say(h, HALF_SUSPECTED.emergency);
    await say(h, 'Yes');
    expect(await say(h, 'Yes, carry on')).toMatch(/Is that right\? Choose the one that fits best/);
    const saved = await fileReport(h);
    expect(saved).toMatchObject({ signposted: ['emergency'], dangerAnswer: { routes: ['emergency'], answer: 'yes' } });
    expect(await storedCase(saved!.reference as string)).toMatchObject({ dangerAnswer: { routes: ['emergency'], answer: 'yes' } });
  });

  test('yes to a half-suspected crime: the police signpost, 999 first', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    expect(await say(h, HALF_SUSPECTED.police_matter)).toMatch(ASK);
    const reply = await say(h, 'yes');
    expect(reply.startsWith('If anyone is in danger right now, call 999.')).toBe(true);
    expect(reply).toContain(pack.signposts.police_matter.message);
    expect(reply).toContain('Police (non-emergency): phone 101');
    expect(reply).not.toContain(pack.signposts.emergency.message);
  });

  test('yes, then stopping: the signpost is all, as for any emergency', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await say(h, HALF_SUSPECTED.emergency);
    await say(h, 'Yes');
    expect(await say(h, "No, that's all")).toMatch(/I hope that helps/);
  });

  test('no: the intake carries on to a case with nothing signposted, and is not asked again', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    expect(await say(h, HALF_SUSPECTED.emergency)).toMatch(ASK);
    const afterNo = await say(h, 'No');
    expect(afterNo).toMatch(/Is that right\? Choose the one that fits best/);
    expect(afterNo).not.toMatch(/999|danger/);
    const saved = await fileReport(h);
    expect(saved).toMatchObject({ kind: 'service_request', signposted: [], dangerAnswer: { routes: ['emergency'], answer: 'no' } });
    expect(await storedCase(saved!.reference as string)).toMatchObject({ dangerAnswer: { routes: ['emergency'], answer: 'no' } });
  });

  test('a case the question was never asked for has no danger answer', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    expect(await say(h, 'The street light near us has been flickering on and off for a week')).toMatch(/Is that right\? Choose the one that fits best/);
    const saved = await fileReport(h);
    expect(saved).toMatchObject({ dangerAnswer: null });
    expect(await storedCase(saved!.reference as string)).toMatchObject({ dangerAnswer: null });
  });

  test('other words that name the danger are read again with the rest: signposted, not lost', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await say(h, HALF_SUSPECTED.police_matter);
    const reply = await say(h, 'he just threatened to stab my son');
    expect(reply).toMatch(/^Thank you, I've added that to what you've told us\.\n---\nIf anyone is in danger right now, call 999\./);
    expect(reply).toContain('Police (non-emergency): phone 101');
  });

  test('other words: a no, with what they wrote added to what happened', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'default') });
    await say(h, HALF_SUSPECTED.emergency);
    const reply = await say(h, "I'm not sure, I only noticed it this morning");
    expect(reply).toMatch(/Thank you, I've added that to what you've told us\./);
    expect(reply).toMatch(/Is that right\? Choose the one that fits best/);
    expect(reply).not.toMatch(/999/);
    const saved = await fileReport(h);
    expect(JSON.stringify(saved)).toContain(`${HALF_SUSPECTED.emergency}\\nI'm not sure, I only noticed it this morning`);
    expect(await storedCase(saved!.reference as string)).toMatchObject({ dangerAnswer: { routes: ['emergency'], answer: 'other' } });
  });
});
