/**
 * When and where, read from a resident's own words, as they see them in the summary and as the case
 * stores them. Messages from a tester's conversations with the bot, its clock on Monday 23 November 2026.
 */
import type { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { casesFor, findCase } from './cases';
import { createHarness } from './harness';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake_when_where');
});
afterAll(() => dropTestDb(db));

/** Runs the turns, sends the summary, and gives back the summary's lines and the case stored. */
async function file(council: string, turns: string[]): Promise<{ summary: string[]; stored: Record<string, unknown> }> {
  const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, council), council });
  await h.join();
  let last: string[] = [];
  for (const t of turns) last = await h.say(t);
  const summary = last.join('\n').split('\n');
  expect(summary.join('\n')).toMatch(/Here's what you've told us/);
  const sent = (await h.say('Send it')).join('\n');
  const reference = /Your reference is ([A-Z]+-2026-\d{6})/.exec(sent)![1];
  return { summary, stored: (await findCase(db.connection, reference))! };
}

const line = (summary: string[], label: string) => summary.find((l) => l.startsWith(`${label}:`));

describe('a weekday in a report of what happened is the latest such day, not a future one', () => {
  test('"on tuesday" said on a Monday is the Tuesday before, with no stray comma in the words quoted', async () => {
    const { summary, stored } = await file('oadby-wigston', [
      'my bins werent collected again on tuesday, thats the 3rd time this month on Brook Street Wigston',
      'yes',
      'just collect them and stop missing us',
      'skip',
      'Karen Price karen.p@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: Tuesday, 17 November 2026 (on tuesday)');
    expect(line(summary, 'Where')).toBe('Where: Brook Street, Wigston');
    expect(stored).toMatchObject({ occurredOn: '2026-11-17', whenText: 'on tuesday', occurredPrecision: null });
  });

  test('"on Thursday" is last Thursday in this year, and the weekday shown is a Thursday', async () => {
    const { summary, stored } = await file('south-cambs-housing', [
      'I took the day off work on Thursday for the repairs man to fix my leaking roof and nobody turned up. Second time this has happened.',
      'yes',
      '8 Rectory Lane, Histon',
      "compensation for my lost day's pay and the roof fixed",
      'skip',
      'Gary Hunt gary.hunt@example.com',
      'no',
    ]);
    expect(line(summary, 'When')).toBe('When: Thursday, 19 November 2026 (on Thursday)');
    expect(stored).toMatchObject({ occurredOn: '2026-11-19' });
  });
});

describe('a month alone is a month, never a made-up day', () => {
  test('"in april, third time ive rung" shows April 2026, and the case keeps the latest day it could be', async () => {
    const { summary, stored } = await file('default', [
      'why have i been charged for a garden waste bin i cancelled in april, third time ive rung about it',
      'Make a complaint',
      "It's not about a place",
      'refund and stop charging me',
      'no',
      'Chris Dale 07712 345678',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: April 2026');
    expect(stored).toMatchObject({ occurredOn: '2026-04-30', whenText: 'april', occurredPrecision: 'month' });
  });

  test('"this month" is November 2026, up to today', async () => {
    const { summary, stored } = await file('default', [
      'My council tax account has been charged twice this month and the council have not replied to my letters',
      'Make a complaint',
      'refund the extra payment',
      'skip',
      'Ravi Singh ravi.singh@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: November 2026 (this month)');
    expect(stored).toMatchObject({ occurredOn: '2026-11-23', occurredPrecision: 'month' });
  });

  test('a month given in answer to "when" is a month too', async () => {
    const { summary, stored } = await file('default', [
      'The council did not sort out my housing benefit claim and nobody replied',
      'Make a complaint',
      'I moved out in march',
      'sort it out',
      'skip',
      'Ann Lee ann.lee@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: March 2026 (I moved out in march)');
    expect(stored).toMatchObject({ occurredOn: '2026-03-31', occurredPrecision: 'month' });
  });
});

describe('the place: street, town and landmark as said, never a day and never twice', () => {
  test('a comment about opening "on Thursdays" names no place', async () => {
    const { summary, stored } = await file('oadby-wigston', ['It would be great if the recycling centre opened later on Thursdays for people who work full time', 'yes', 'skip']);
    expect(line(summary, 'Where')).toBeUndefined();
    expect(stored).toMatchObject({ location: null });
  });

  test('the landmark and the village after the street are kept: "behind the garages on Church Street Melbourne"', async () => {
    const { summary, stored } = await file('south-derbyshire', [
      'someone dumped a mattress and loads of black bags behind the garages on Church Street Melbourne last night',
      'yes',
      'skip',
      'Paul Green paul.green@example.co.uk',
      'No, nothing needed',
    ]);
    expect(line(summary, 'Where')).toBe('Where: behind the garages, Church Street, Melbourne');
    expect(stored).toMatchObject({ location: 'behind the garages, Church Street, Melbourne' });
  });

  test('a street named again later in a long message is shown once, with its house number', async () => {
    const { summary, stored } = await file('default', [
      "Hello, my name is Margaret Thompson and I live at 27 Beech Avenue. I am 78 and I use a walking frame. I am writing because for the past six weeks, since around the middle of October, the pavement on Beech Avenue between numbers 20 and 40 has been dug up by contractors who I believe are working for the council, and they have left it with loose gravel and barriers that block the whole path so I have to walk in the road with my frame which is very frightening with the buses. I rang the council on 3 November and was told someone would call me back within 48 hours but nobody ever did. I rang again on 10 November and the man I spoke to was quite short with me and said it was not his department. I would like the path made safe and usable, and I would also like someone to explain why nobody called me back. You can call me on 0116 234 5678 or write to me at the address above as I do not use email very much. Thank you.",
      'yes',
      'skip',
      'For myself',
      'No, nothing needed',
    ]);
    expect(line(summary, 'Where')).toBe('Where: 27 Beech Avenue');
    expect(stored).toMatchObject({ location: '27 Beech Avenue' });
  });
});

test('"Wednesday" typed to "where" after "Change where or when" corrects the day and keeps the street', async () => {
  const { summary, stored } = await file('default', [
    'My wheelie bin was not emptied on Tuesday on Chapel Lane',
    'yes',
    'skip',
    'Sam Pike sam.pike@example.com',
    'No, nothing needed',
    'Change where or when',
    'Wednesday',
  ]);
  expect(line(summary, 'Where')).toBe('Where: Chapel Lane');
  expect(line(summary, 'When')).toBe('When: Wednesday, 18 November 2026 (Wednesday)');
  expect(stored).toMatchObject({ location: 'Chapel Lane', occurredOn: '2026-11-18', whenText: 'Wednesday' });
});
