/**
 * Someone mentioned (a daughter who coughs, a neighbour's music, a neighbour who tripped) is not
 * someone the resident acts for: "for someone else" is asked only when their words say so ("for my
 * mum", "on behalf of", or in answer to the contact question's "tell us who they are too"), and a
 * child under 16 needs no consent question. Through the real dialogs, classifier and case service.
 */
import { Database } from '../../services/database/database';
import { childUnder16 } from '../../services/intake/relationship';
import { dropTestDb, openTestDb } from '../support/testDb';
import { createHarness } from './harness';
import { answerUntilReference } from './answerUntilReference';
import { casesFor, findCase } from './cases';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake_representation');
});
afterAll(() => dropTestDb(db));

const FOR_THEM = /Are you contacting us for your|agreed to you acting for them|for yourself, or for someone else/;

/** Answers every question with what a resident would, until the reference; returns the whole transcript. */
async function intake(council: string, first: string, answers: Array<[RegExp, string]>): Promise<{ transcript: string; reference: string }> {
  const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, council), council });
  const common: Array<[RegExp, string]> = [
    [/record it for our repairs team|how the council itself acted/i, 'Yes, carry on'],
    [/here's what you've told us/i, 'Send it'],
    [/photos or documents/i, 'Skip'],
    [/easier for you/i, 'No, nothing needed'],
    [/where is this/i, '14 Tower Court, flat 22'],
    [/when did/i, "I'm not sure"],
    [/what would you like us to do/i, 'Make it stop'],
    [/sounds like/i, 'yes'],
    [/Is this the first time you have told us/i, "No, I've told you before"],
  ];
  return answerUntilReference(h, first, [...answers, ...common]);
}

type Stored = { representative: null | { relationship: string; theirRelation?: string; consentConfirmed: boolean; authorisation: string }; resident: { name: string } };

describe('someone mentioned is not someone represented', () => {
  test.each([
    ['default', 'there is damp and mould in my council flat, its coming through the walls in the bedroom and my daughter keeps coughing', 'Rita Osei rita.osei@example.com', 'Rita Osei'],
    ['oadby-wigston', "my neighbour plays really loud music every night until 3am and I can't sleep, I've got work in the morning", 'Sue Hill 07834 123456', 'Sue Hill'],
    ['default', 'my neighbour is elderly and doesnt use computers. the pavement outside her house on Green Lane is broken and she tripped on it last Friday', 'Mary Evans 07834 456789', 'Mary Evans'],
  ])('%s: "%s" is the resident\'s own, with no who or consent question', async (council, first, contact, name) => {
    const { transcript, reference } = await intake(council, first, [[/how can we contact you/i, contact]]);
    expect(transcript).not.toMatch(FOR_THEM);
    // The contact question still lets them say it is for someone else.
    expect(transcript).toMatch(/If you're contacting us for someone else, tell us who they are too/);
    const saved = (await findCase(db.connection, reference)) as Stored;
    expect(saved.representative).toBeNull();
    expect(saved.resident.name).toBe(name);
  });

  test('the neighbour who tripped, named in answer to the contact question: then it is for her, with her agreement', async () => {
    const { transcript, reference } = await intake(
      'default',
      'my neighbour is elderly and doesnt use computers. the pavement outside her house on Green Lane is broken and she tripped on it last Friday',
      [
        [/how can we contact you/i, 'Mary Evans 07834 456789, it is for my neighbour Doris Clarke'],
        [/agreed to you acting for them/i, 'Yes, they have agreed'],
      ],
    );
    expect(transcript).toMatch(/For: Doris Clarke, your neighbour/);
    expect(transcript).toMatch(/Contact: Mary Evans, 07834 456789/);
    const saved = (await findCase(db.connection, reference)) as Stored;
    expect(saved.representative).toMatchObject({ relationship: 'neighbour', consentConfirmed: true });
    expect(saved.resident.name).toBe('Doris Clarke');
  });

  test('"for my mum" says they act for her: her name and agreement are asked', async () => {
    const { transcript } = await intake('default', "I'm writing for my mum, the council haven't replied to her letters about her council tax for two months", [
      [/What's your mother's name/i, 'Joan Hill'],
      [/agreed to you acting for them/i, 'Yes, they have agreed'],
      [/how can we contact you/i, 'Sue Hill sue@example.org'],
    ]);
    expect(transcript).toMatch(/What's your mother's name\?/);
    expect(transcript).toMatch(/agreed to you acting for them/);
  });
});

describe('a child under 16 needs no consent question', () => {
  test('Leicester, a parent writing on behalf of a 7-year-old: neither consent nor written authorisation is asked, and the case records the parent acting for her', async () => {
    const { transcript, reference } = await intake('leicester', "I'm writing on behalf of my daughter who is 7, the council haven't replied to our letters about the broken swing in the park for weeks", [
      [/What's your daughter's name/i, 'Lily Lee'],
      [/how can we contact you/i, 'Ann Lee ann@example.org'],
    ]);
    expect(transcript).not.toMatch(/agreed to you acting for them|agreement in writing/);
    const saved = (await findCase(db.connection, reference)) as Stored;
    expect(saved.representative).toMatchObject({ relationship: 'parent', consentConfirmed: true, authorisation: 'not_required' });
    expect(saved.resident.name).toBe('Lily Lee');
  });

  test.each([
    ['son', ["he's 10"], true],
    ['daughter', ["her name is Lily, she's 6"], true],
    ['son', ['my 6 year old'], true],
    ['daughter', ['she is twelve'], true],
    ['grandson', ['a baby'], true],
    ['son', ['he is 17'], false],
    ['son', ['he is 10 weeks behind with his rent'], false],
    ['daughter', ['she is one of the tenants'], false],
    ['mother', ['she is 6 streets away'], false],
  ] as const)('%s, %j: %s', (theirs, texts, expected) => {
    expect(childUnder16(theirs, texts)).toBe(expected);
  });
});
