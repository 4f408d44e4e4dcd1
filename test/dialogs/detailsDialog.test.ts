/** The details questions alone: where, when, why now (over the time limit), and the outcome, reply or thanks. */
import { DetailsDialog, DetailsOptions, DetailsResult } from '../../dialogs/detailsDialog';
import { loadPack } from '../../services/policy';
import { clock, pack, Row, runRow } from './support';

const complaint = (more: Partial<DetailsOptions['known']> = {}): DetailsOptions['known'] => ({ kind: 'complaint', text: 'The bin crew keep missing my road', serviceAreas: ['waste_recycling'], ...more });
const BEGIN = 'begin';

const rows: Row<DetailsOptions, DetailsResult>[] = [
  {
    name: 'a complaint with nothing known: where, when and the outcome are asked',
    options: { known: complaint() },
    turns: [
      [BEGIN, /Where is this\? A street name/],
      ['Oak Lane, Leicester', /When did this happen/],
      ['3 weeks ago', /What would you like us to do to put things right/],
      ['Empty the bins on time', /^$/],
    ],
    result: { answers: { location: 'Oak Lane, Leicester', whereAsked: true, whenText: '3 weeks ago', occurredOn: '2026-11-23', occurredPrecision: 'month', outcomeWanted: 'Empty the bins on time' } },
  },
  {
    name: 'a date in the answer to "where" is kept, so "when" is not asked',
    options: { known: complaint() },
    turns: [
      [BEGIN, /Where is this/],
      ['Oak Lane, it started 2 weeks ago', /What would you like us to do/, /When did this happen/],
      ['Say sorry', /^$/],
    ],
    result: { answers: { location: 'Oak Lane, it started 2 weeks ago', whereAsked: true, whenText: '2 weeks ago', occurredOn: '2026-11-23', occurredPrecision: 'month', outcomeWanted: 'Say sorry' } },
  },
  {
    name: 'what the first message said is not asked again',
    options: { known: complaint({ text: 'The bins on Elm Road were missed yesterday', location: 'Elm Road', occurredOn: '2026-11-22', whenText: 'yesterday' }) },
    turns: [[BEGIN, /What would you like us to do/, /Where is this|When did this happen/], ['Collect them', /^$/]],
    result: { answers: { location: 'Elm Road', occurredOn: '2026-11-22', whenText: 'yesterday', outcomeWanted: 'Collect them' } },
  },
  {
    name: '"not about a place" records no place; "not sure" no date',
    options: { known: complaint() },
    turns: [
      [BEGIN, /Where is this/],
      ["It's not about a place", /When did this happen/],
      ["I'm not sure", /What would you like us to do/],
      ['An apology', /^$/],
    ],
    result: { answers: { location: undefined, whereAsked: true, whenText: "I'm not sure", occurredOn: undefined, outcomeWanted: 'An apology' } },
  },
  {
    name: 'over the time limit: why now is asked and kept',
    options: { known: complaint({ location: 'Oak Lane' }) },
    turns: [
      [BEGIN, /When did this happen/],
      ['March 2024', /Complaints normally need to be made within 12 months.*Why are you raising it now/s],
      ['I was in hospital', /What would you like us to do/],
      ['Look into it', /^$/],
    ],
    result: { answers: { location: 'Oak Lane', whenText: 'March 2024', occurredOn: '2024-03-31', occurredPrecision: 'month', outOfTimeReason: 'I was in hospital', outcomeWanted: 'Look into it' } },
  },
  {
    // The clock is 23 November 2026: November 2025 may have been as late as the 30th, within 12 months.
    name: 'a month alone is counted from its latest day for the time limit, so November last year is not out of time',
    options: { known: complaint({ location: 'Oak Lane' }) },
    turns: [
      [BEGIN, /When did this happen/],
      ['November 2025', /What would you like us to do/, /Why are you raising it now/],
      ['Look into it', /^$/],
    ],
    result: { answers: { location: 'Oak Lane', whenText: 'November 2025', occurredOn: '2025-11-30', occurredPrecision: 'month', outcomeWanted: 'Look into it' } },
  },
  {
    name: 'an empty or over-long answer is refused and the question asked again',
    options: { known: complaint({ location: 'Oak Lane', occurredOn: '2026-11-20' }) },
    turns: [
      [BEGIN, /What would you like us to do/],
      ['x'.repeat(4001), /too long|4,?000/i],
      ['   ', /What would you like us to do/],
      ['Fix it', /^$/],
    ],
    result: { answers: { location: 'Oak Lane', occurredOn: '2026-11-20', outcomeWanted: 'Fix it' } },
  },
  {
    name: 'a compliment: who to thank, or Skip',
    options: { known: { kind: 'compliment', text: 'The library staff were lovely', serviceAreas: [] } },
    turns: [[BEGIN, /Who would you like us to pass your thanks to/], ['Skip', /^$/]],
    result: { answers: { thanksTo: undefined } },
  },
  {
    name: 'changing the outcome from the summary asks it again, nothing else',
    options: { known: complaint({ location: 'Oak Lane', occurredOn: '2026-11-20', outcomeWanted: 'Fix it' }), changing: 'outcome' },
    turns: [[BEGIN, /What would you like us to do/, /Where is this|When did/], ['Fix it and apologise', /^$/]],
    result: { answers: { location: 'Oak Lane', occurredOn: '2026-11-20', outcomeWanted: 'Fix it and apologise' } },
  },
  {
    name: 'changing where and when asks both again, then ends',
    options: { known: complaint({ location: 'Oak Lane', occurredOn: '2026-11-20', whenText: 'on Friday', outcomeWanted: 'Fix it' }), changing: 'whereWhen' },
    turns: [
      [BEGIN, /Where is this/],
      ['Ash Close', /When did this happen/],
      ['last week', /^$/, /What would you like/],
    ],
    result: { answers: { location: 'Ash Close', whereAsked: true, whenText: 'last week', occurredOn: '2026-11-23', occurredPrecision: 'month', outcomeWanted: 'Fix it' } },
  },
  {
    // The clock is Monday 23 November 2026.
    name: 'a day name answered to "where" when changing them corrects when, and the place is kept',
    options: { known: complaint({ location: 'Chapel Lane', occurredOn: '2026-11-17', whenText: 'on Tuesday', outcomeWanted: 'Fix it' }), changing: 'whereWhen' },
    turns: [
      [BEGIN, /Where is this/],
      ['Wednesday', /^$/, /When did this happen/],
    ],
    result: { answers: { location: 'Chapel Lane', whenText: 'Wednesday', occurredOn: '2026-11-18', outcomeWanted: 'Fix it' } },
  },
  {
    name: 'a place answered to "when" is kept as the place, and "when" is asked once more',
    options: { known: complaint({ text: 'The council keeps sending me the wrong bill', serviceAreas: ['council_tax'] }) },
    turns: [
      [BEGIN, /When did this happen/, /Where is this/],
      ['on Mill Lane', /^Thanks, I've noted where it is\. When did this happen/],
      ['last Tuesday', /What would you like us to do/],
      ['Correct the bill', /^$/],
    ],
    result: { answers: { location: 'Mill Lane', whenText: 'last Tuesday', occurredOn: '2026-11-17', outcomeWanted: 'Correct the bill' } },
  },
  {
    name: 'a phone number answered to "where" is never the place; said twice it is let go, and the place stays unknown',
    options: { known: complaint() },
    turns: [
      [BEGIN, /Where is this/],
      ['my number is 07911 123456', /^Thanks, I've noted your contact details\. Where is this\?/],
      ['07911 123456', /When did this happen/],
      ['3 weeks ago', /What would you like us to do/],
      ['Empty the bins on time', /^$/],
    ],
    result: { answers: { location: undefined, whereAsked: true, whenText: '3 weeks ago', occurredOn: '2026-11-23', occurredPrecision: 'month', outcomeWanted: 'Empty the bins on time' } },
  },
  {
    name: '"I reported it twice already" to the outcome question is not the outcome: it is asked once more',
    options: { known: complaint({ location: 'Oak Lane', occurredOn: '2026-11-20' }) },
    turns: [
      [BEGIN, /What would you like us to do/],
      ['I reported it twice already', /^Thanks, I've noted that you've told us before\. What would you like us to do to put things right\?$/],
      ['Just collect the bins', /^$/],
    ],
    result: { answers: { location: 'Oak Lane', occurredOn: '2026-11-20', outcomeWanted: 'Just collect the bins' } },
  },
  {
    name: 'a date and a place to the outcome question fill when and where, not the outcome',
    options: { known: complaint({ text: 'Nobody has answered my letters about my council tax', serviceAreas: ['council_tax'], occurredOn: '2026-11-20' }) },
    turns: [
      [BEGIN, /What would you like us to do/],
      ['it was at 14 Mill Lane', /^Thanks, I've noted where it is\. What would you like us to do/],
      ['A reply to my letters', /^$/],
    ],
    result: { answers: { location: '14 Mill Lane', occurredOn: '2026-11-20', outcomeWanted: 'A reply to my letters' } },
  },
  {
    name: 'an outcome that names a place is the outcome, asked once',
    options: { known: complaint({ location: 'Oak Lane', occurredOn: '2026-11-20' }) },
    turns: [
      [BEGIN, /What would you like us to do/],
      ['Fix the road on Mill Lane', /^$/],
    ],
    result: { answers: { location: 'Oak Lane', occurredOn: '2026-11-20', outcomeWanted: 'Fix the road on Mill Lane' } },
  },
];

describe('details dialog', () => {
  test.each(rows)('$name', async (row) => {
    await runRow(new DetailsDialog({ pack, clock }), row);
  });

  // South Cambridgeshire replies to a comment when asked to.
  test('a council whose pack promises replies to comments asks whether one is wanted', async () => {
    await runRow(new DetailsDialog({ pack: loadPack('south-cambs-housing'), clock }), {
      name: 'comment',
      options: { known: { kind: 'comment', text: 'More benches in the park please', serviceAreas: [] } },
      turns: [[BEGIN, /Would you like a reply to your comment/], ['banana', /Would you like a reply/], ['Yes, please reply', /^$/]],
      result: { answers: { replyWanted: true } },
    });
  });
});
