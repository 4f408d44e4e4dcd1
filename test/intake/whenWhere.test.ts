/**
 * When and where, read from a resident's own words, as they see them in the summary and as the case
 * stores them. Messages from a tester's conversations with the bot, its clock on Monday 23 November 2026.
 */
import type { Database } from '../../services/database/database';
import { dropTestDb, openTestDb } from '../support/testDb';
import { casesFor, findCase } from './cases';
import { createHarness } from './harness';
import { recapLines } from '../../dialogs/summary';

let db: Database;
beforeAll(async () => {
  db = await openTestDb('intake_when_where');
});
afterAll(() => dropTestDb(db));

/** Runs the turns, sends the summary, and gives back the summary's lines, every reply before it, and the case stored. */
async function file(council: string, turns: string[]): Promise<{ summary: string[]; replies: string[]; stored: Record<string, unknown> }> {
  const h = createHarness({ connection: db.connection, cases: casesFor(db.connection, council), council });
  await h.join();
  let last: string[] = [];
  const replies: string[] = [];
  for (const t of turns) {
    last = await h.say(t);
    replies.push(last.join('\n'));
  }
  const summary = last.join('\n').split('\n');
  expect(summary.join('\n')).toMatch(/Here's what you've told us/);
  const sent = (await h.say('Send it')).join('\n');
  const reference = /Your reference is ([A-Z]+-2026-\d{6})/.exec(sent)![1];
  return { summary, replies, stored: (await findCase(db.connection, reference))! };
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

describe('a day still to come (booked, due, coming, tomorrow) is never when it happened', () => {
  test('"the crew are booked to come back on Thursday ... missed on Saturday" is Saturday, not last Thursday', async () => {
    const { summary, stored } = await file('oadby-wigston', [
      'The crew are booked to come back on Thursday for my garden waste bin that was missed on Saturday, Brook Street Wigston',
      'Report a problem so we can put it right',
      'skip',
      'Karen Price karen.p@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: Saturday, 21 November 2026 (on Saturday)');
    expect(stored).toMatchObject({ occurredOn: '2026-11-21', whenText: 'on Saturday', occurredPrecision: null });
  });

  test('"the next collection is due tomorrow" says nothing about when it happened, so no day is shown or stored', async () => {
    const { summary, stored } = await file('oadby-wigston', [
      "My green bin wasn't emptied and the next collection is due tomorrow, Brook Street Wigston",
      'Report a problem so we can put it right',
      'skip',
      'Karen Price karen.p@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBeUndefined();
    expect(stored).toMatchObject({ occurredOn: null, whenText: null });
  });

  test('a complaint whose only day is the appointment booked for Thursday is asked when it happened', async () => {
    const { summary, replies, stored } = await file('default', [
      'My housing repair appointment is booked for Thursday but the council keep cancelling and I want to complain',
      'Make a complaint',
      "It's not about a place",
      'a couple of months back',
      'Turn up when you say you will',
      'skip',
      'Ann Lee ann.lee@example.com',
      'No, nothing needed',
    ]);
    expect(replies[2]).toMatch(/When did this happen, or when did it start/);
    expect(line(summary, 'When')).toBe('When: September 2026 (a couple of months back)');
    expect(stored).toMatchObject({ occurredOn: '2026-09-30', whenText: 'a couple of months back', occurredPrecision: 'month' });
  });
});

describe('a year alone is a year: shown as the year, kept at its latest day for the time limit', () => {
  test('"since 2024" is out of the 12 months, so why now is asked; the summary says 2024', async () => {
    const { summary, replies, stored } = await file('default', [
      'The council has ignored my complaints about the damp in my flat since 2024 and nobody replies',
      'Make a complaint',
      "It's not about a place",
      'I was in hospital',
      'fix the damp',
      'skip',
      'Ann Lee ann.lee@example.com',
      'No, nothing needed',
    ]);
    expect(replies[2]).toMatch(/within 12 months.*Why are you raising it now/s);
    expect(line(summary, 'When')).toBe('When: 2024');
    expect(line(summary, 'Why now')).toBe('Why now: I was in hospital');
    expect(stored).toMatchObject({ occurredOn: '2024-12-31', whenText: 'since 2024', occurredPrecision: 'year' });
  });

  test('"since last year" may be as late as December 2025, within 12 months, so why now is not asked', async () => {
    const { summary, replies, stored } = await file('default', [
      'The council keeps sending me the wrong council tax bill since last year and I want to complain',
      'Make a complaint',
      'send me the right bill',
      'skip',
      'Ann Lee ann.lee@example.com',
      'No, nothing needed',
    ]);
    expect(replies.join('\n')).not.toMatch(/Why are you raising it now/);
    expect(line(summary, 'When')).toBe('When: 2025 (last year)');
    expect(stored).toMatchObject({ occurredOn: '2025-12-31', whenText: 'last year', occurredPrecision: 'year' });
  });

  test('"back in 2023" given in answer to "when" is the year 2023', async () => {
    const { summary, stored } = await file('default', [
      'The council never answered my complaint about my housing benefit and I want to complain about that',
      'Make a complaint',
      'back in 2023',
      'I only just found out it was never logged',
      'answer it',
      'skip',
      'Ann Lee ann.lee@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: 2023');
    expect(stored).toMatchObject({ occurredOn: '2023-12-31', whenText: 'back in 2023', occurredPrecision: 'year' });
  });

  test('a draft saved before the precision was kept shows its day, as it did', () => {
    const old = recapLines({ occurredOn: '2025-12-31', whenText: 'last year' } as Parameters<typeof recapLines>[0]);
    expect(old).toContain('When: Wednesday, 31 December 2025 (last year)');
  });
});

describe('a vague span shows its month or the words said, never a made-up day', () => {
  test('"a few weeks ago" is November 2026, in their words', async () => {
    const { summary, stored } = await file('oadby-wigston', [
      'Someone dumped a sofa on Brook Street Wigston a few weeks ago and it is still there',
      'yes',
      'skip',
      'Karen Price karen.p@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: November 2026 (a few weeks ago)');
    expect(stored).toMatchObject({ occurredOn: '2026-11-23', whenText: 'a few weeks ago', occurredPrecision: 'month' });
  });

  test('"over the summer" names no day or month: it is shown and kept as said', async () => {
    const { summary, stored } = await file('default', [
      'The council lost the forms I sent in for my parking permit and I want to complain',
      'Make a complaint',
      "It's not about a place",
      'over the summer',
      'find them or refund me',
      'skip',
      'Ann Lee ann.lee@example.com',
      'No, nothing needed',
    ]);
    expect(line(summary, 'When')).toBe('When: over the summer');
    expect(stored).toMatchObject({ occurredOn: null, whenText: 'over the summer', occurredPrecision: null });
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
