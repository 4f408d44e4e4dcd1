/**
 * An emergency hazard in a council home is told at once: the first reply says to phone the
 * council's number now (and 999 if anyone is in danger), and offers to carry on recording it; the
 * end of the intake only reminds them. Through the real dialogs and classifier, on a real database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../services/database/database';
import { loadPack } from '../../services/policy';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness } from '../intake/harness';
import { casesFor, findCase } from '../intake/cases';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('hazards_at_once');
});
afterAll(() => dropTestDb(db));

const REF = /Your reference is ([A-Z]+-2026-\d{6})/;

/** Answers each question as a resident would, until the reference; returns every reply. */
async function intake(council: string, first: string, contact: string): Promise<{ firstReply: string; last: string; reference: string }> {
  const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, council), council });
  await h.join();
  const firstReply = (await h.say(first)).join('\n---\n');
  let reply = firstReply;
  const answers: Array<[RegExp, string]> = [
    [/record it for our repairs team/i, 'Yes, carry on'],
    [/here's what you've told us/i, 'Send it'],
    [/how can we contact you/i, contact],
    [/photos or documents/i, 'Skip'],
    [/easier for you/i, 'No, nothing needed'],
    [/where is this/i, '12 Orchard Close, Cottenham'],
    [/when did/i, "I'm not sure"],
    [/what would you like us to do/i, 'Fix it'],
    [/first time/i, "Yes, it's the first time"],
    [/contacting us for/i, 'For myself'],
    [/sounds like/i, 'yes'],
  ];
  for (let turn = 0; turn < 14 && !REF.test(reply); turn++) {
    const answer = answers.find(([re]) => re.test(reply))?.[1];
    if (!answer) throw new Error(`no answer for: ${reply}`);
    reply = (await h.say(answer)).join('\n---\n');
  }
  const reference = REF.exec(reply)?.[1];
  if (!reference) throw new Error(`no reference; last reply: ${reply}`);
  return { firstReply, last: reply, reference };
}

describe('an emergency hazard is told in the first reply', () => {
  test('South Cambs, a broken boiler with a baby in winter: phone 03450 450 500 now, before anything else; the end is one line', async () => {
    const { firstReply, last, reference } = await intake(
      'south-cambs-housing',
      'My boiler has broken and we have no heating or hot water, I have a 4 month old baby and its freezing. 12 Orchard Close Cottenham. Its a council house.',
      'Amy Jones, 07834 123456',
    );
    expect(firstReply).toMatch(/^From what you've told us, this could be an emergency: having no heating or hot water\./);
    expect(firstReply).toContain('If anyone is in danger, call 999 now.');
    expect(firstReply).toContain('Please also phone South Cambridgeshire District Council now on 03450 450 500, day or night');
    expect(firstReply).toMatch(/carry on here too, so it's recorded/);
    expect(firstReply).toMatch(/Shall I record it for our repairs team now\? \[Yes, carry on\] \[No, that's all\]/);
    expect(firstReply).not.toMatch(/sounds like you want to/);

    expect(last).toContain("This could be an emergency: if you haven't phoned South Cambridgeshire District Council on 03450 450 500 yet, please do it now, day or night.");
    expect(last).not.toMatch(/Don't wait for a reply here|If anyone is in danger/);
    expect(last).toMatch(/make your home safe within 24 hours/);
    const saved = (await findCase(db.connection, reference)) as { hazard: { level: string; kinds: string[] } };
    expect(saved.hazard).toMatchObject({ level: 'emergency', kinds: ['heating'] });
  });

  test('South Derbyshire, black mould in a child’s room and asthma: the first reply gives the council’s number', async () => {
    const { firstReply, last, reference } = await intake('south-derbyshire', 'black mould all over my sons bedroom wall in our council flat, hes got asthma', 'Lee Walsh, lee.walsh@example.net');
    expect(firstReply).toMatch(/this could be an emergency: damp or mould that could make someone in your home seriously ill\./);
    expect(firstReply).toContain('now on 01283 595795, day or night');
    expect(last).toMatch(/^Sending that now\.\.\.\n---\nThis could be an emergency: if you haven't phoned South Derbyshire District Council on 01283 595795 yet/);
    expect(((await findCase(db.connection, reference)) as { hazard: { level: string } }).hazard.level).toBe('emergency');
  });

  test('default pack, damp and mould with a coughing daughter: no 999 signpost, and the case keeps the hazard\'s 24-hour timescale, not the routine one', async () => {
    const { firstReply, last, reference } = await intake(
      'default',
      'there is damp and mould in my council flat, its coming through the walls in the bedroom and my daughter keeps coughing',
      'Rita Osei rita.osei@example.com',
    );
    expect(firstReply).not.toMatch(/complaints process can deal with|don't use the complaints form|National Gas/);
    expect(firstReply).toMatch(/this could be an emergency: damp or mould that could make someone in your home seriously ill\./);
    expect(last).toMatch(/make your home safe within 24 hours of your message: by 10:00am on Tue, 24 Nov 2026/);
    expect(last).not.toMatch(/We aim to deal with it by/);
    const saved = (await findCase(db.connection, reference)) as { signposted: string[]; hazard: { level: string; deadlines: Array<{ step: string; dueAt: string }> } };
    expect(saved.signposted).toEqual([]);
    expect(saved.hazard.level).toBe('emergency');
    expect(saved.hazard.deadlines.find((d) => d.step === 'make_safe')?.dueAt).toBe('2026-11-24T10:00:00.000Z');
  });

  test('default pack, mould with nobody at risk: the significant hazard\'s steps and dates, not "we aim to deal with it by"', async () => {
    const { last, reference } = await intake('default', 'There is mould round the bedroom windows of my council flat', 'Sam Lee sam.lee@example.org');
    expect(last).toMatch(/Damp or mould can harm your health, so we're treating this as a hazard in your home\. By law, we will:\n• come and investigate by/);
    expect(last).not.toMatch(/We aim to deal with it by|could be an emergency/);
    expect(((await findCase(db.connection, reference)) as { hazard: { level: string } }).hazard.level).toBe('significant');
  });

  test('"No, that\'s all" after being told to phone: nothing is recorded and the intake ends', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'south-derbyshire'), council: 'south-derbyshire' });
    await h.join();
    expect((await h.say('theres water pouring through my kitchen ceiling from the flat upstairs, council flat')).join('\n')).toMatch(/01283 595795/);
    const after = (await h.say("No, that's all")).join('\n');
    expect(after).toMatch(/I hope that helps/);
    expect(after).not.toMatch(/Your reference is/);
  });

  test('a significant hazard (mould, nobody at risk) is not told to phone now: the first reply asks what kind of feedback it is', async () => {
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'south-derbyshire'), council: 'south-derbyshire' });
    await h.join();
    const first = (await h.say('There is mould round the bedroom windows of my council flat')).join('\n');
    expect(first).toMatch(/sounds like you want to report a problem/);
    expect(first).not.toMatch(/could be an emergency|day or night/);
  });

  test('a council that is not a landlord says nothing about an emergency hazard (no hazards in its pack)', async () => {
    expect(loadPack('leicester').hazards).toBeUndefined();
    const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, 'leicester'), council: 'leicester' });
    await h.join();
    const first = (await h.say('My boiler has broken and we have no heating, I have a 4 month old baby')).join('\n');
    expect(first).not.toMatch(/could be an emergency|record it for our repairs team/);
  });
});

describe("every landlord pack's emergency repairs advice names a number", () => {
  // Neither the default pack nor ig-team's document names a council or gives it a number: nothing to name until one is added.
  const NO_NUMBER_IN_SOURCE = ['default', 'ig-team'];
  const landlords = fs
    .readdirSync(path.join(__dirname, '../../policies'))
    .map((f) => f.replace(/\.json$/, ''))
    .filter((id) => loadPack(id).hazards);
  test.each(landlords.filter((id) => !NO_NUMBER_IN_SOURCE.includes(id)))('%s', (id) => {
    expect(loadPack(id).hazards!.emergencyContact.phone).toMatch(/^0\d{3,4} ?\d{3} ?\d{3,4}$/);
  });
  test('the packs with no number are those whose source names no council number, and say so', () => {
    expect(landlords).toEqual(expect.arrayContaining(NO_NUMBER_IN_SOURCE));
    for (const id of NO_NUMBER_IN_SOURCE) {
      const contact = loadPack(id).hazards!.emergencyContact;
      expect(contact.phone).toBeUndefined();
      expect(contact.source?.note).toMatch(/gives no phone number|no phone number to give/);
    }
  });
});
