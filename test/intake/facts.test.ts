/**
 * What a resident's message already says, read from many phrasings: places, who they write for
 * and how they are related (either way round), whether they told us before, agreement with words
 * after it, their name, the outcome wanted and when it started.
 */
import { affirmationIn } from '../../services/intake/affirm';
import { factsIn, nameIn, outcomeIn, reportedBeforeIn, whenIn } from '../../services/intake/facts';
import { extractLocation } from '../../services/intake/place';
import { cleanName, parseRelationship, representationIn, representedName, withoutRepresentation } from '../../services/intake/relationship';

const now = new Date('2026-11-23T12:00:00Z'); // a Monday

describe('the place comes from the words that name one', () => {
  test.each([
    ["My green bin wasn't emptied on Monday. It's on Hilton Road, DE65 5FL.", 'Hilton Road, DE65 5FL'],
    ['My black bin was missed again', undefined],
    ['Our brown bin has not been collected for two weeks', undefined],
    ['The streetlight outside 14 Elm Road has been out for a week', '14 Elm Road'],
    ['rubbish by the Co-op on Station Road', 'by the Co-op, Station Road'],
    ['someone parks outside no. 12 every night', 'outside no. 12'],
    ['cars parked across the drive opposite number 4', 'opposite number 4'],
    ['There is a big pothole on Station Road near the school', 'Station Road, near the school'],
    ['fly tipping behind Wigston Library', 'Wigston Library'],
    ['glass everywhere near the bus stop opposite the library', 'near the bus stop, opposite the library'],
    ['Flat 3, Park Court, LE2 1AB has no heating', 'Flat 3, Park Court, LE2 1AB'],
    ['bins on station road were missed', 'station road'],
    ['rubbish dumped at 12 mill lane', '12 mill lane'],
    ['graffiti on the underpass on Kings Road', 'Kings Road'],
    ['my postcode is le18 2ab', 'LE18 2AB'],
    ['The High Street is full of litter', 'High Street'],
    ['Last Friday a member of staff at the Kings Road office was rude', 'Kings Road'],
    ['a dead fox on the pavement of Queens Avenue', 'Queens Avenue'],
    ['It is on the corner of Oak Close and Ash Grove', 'Oak Close, Ash Grove'],
    ['overflowing bins outside Tesco', 'outside Tesco'],
    ['needles found next to the playground', 'next to the playground'],
    ['There are potholes all along Victoria Street', 'Victoria Street'],
    ['The lights are out in front of the town hall', 'in front of the town hall'],
    ['water leaking at 27b Church Lane', '27b Church Lane'],
    ['I live at 5 Meadow View, LE3 9QT', '5 Meadow View, LE3 9QT'],
    ['Abandoned car on Granby St for a month', 'Granby St'],
    ['the planning officer never answered my letters', undefined],
    ['In March 2024 a council officer lost my documents', undefined],
    ['I saw it on Facebook on Tuesday', undefined],
    ['It happened on Monday at about 8', undefined],
    ['The council tax office never replied to me', undefined],
    ['I want to complain about the way I was treated', undefined],
    ['This is my third email about this', undefined],
    ['It has been going on since January', undefined],
    ['noise from the flats at Hill View every night', 'Hill View'],
    ['Broken glass in Brocks Hill park', 'Brocks Hill'],
    ['sewage smell near DE1 2AA since yesterday', 'DE1 2AA'],
    ['The bus shelter by Sainsburys has been smashed', 'by Sainsburys'],
    ['litter all over Abbey Park every weekend', 'Abbey Park'],
    ['Tree down across Mill Rd.', 'Mill Rd'],
    ['It would be great if the recycling centre opened later on Thursdays', undefined],
    ['the bins are only emptied on Weds', undefined],
    ['loads of black bags behind the garages on Church Street Melbourne last night', 'behind the garages, Church Street, Melbourne'],
    ['thats the 3rd time this month on Brook Street Wigston', 'Brook Street, Wigston'],
    ['bins on Elm Road, Great Glen were missed', 'Elm Road, Great Glen'],
    ['It is on the corner of Church Street Mill Lane', 'Church Street, Mill Lane'],
    ['I live at 27 Beech Avenue. The pavement on Beech Avenue is dug up', '27 Beech Avenue'],
    ['The pavement on Beech Avenue is dug up outside 27 Beech Avenue', '27 Beech Avenue'],
  ])('%j -> %j', (text, place) => {
    expect(extractLocation(text)).toBe(place);
  });
});

describe('who they write for, and the relationship either way round', () => {
  test.each([
    ['She is my grandmother', 'grandchild', 'grandmother'],
    ["she's my nan", 'grandchild', 'grandmother'],
    ['He is my dad', 'child', 'father'],
    ['They are my parents', 'child', 'parent'],
    ['I am her grandson', 'grandson', 'grandmother'],
    ["I'm his daughter", 'daughter', 'father'],
    ["I'm their son", 'son', 'parent'],
    ['I am his carer', 'carer', 'the person you care for'],
    ['my nan', 'grandchild', 'grandmother'],
    ['for my dad', 'child', 'father'],
    ['my mum', 'child', 'mother'],
    ['daughter', 'daughter', 'parent'],
    ['son', 'son', 'parent'],
    ['neighbour', 'neighbour', 'neighbour'],
    ['her neighbour', 'neighbour', 'neighbour'],
    ['I am her ward councillor', 'ward councillor', 'constituent'],
    ['I am his support worker', 'support worker', 'client'],
    ['my wife', 'husband or wife', 'wife'],
    ['I am her husband', 'husband', 'wife'],
    ['she is my sister', 'brother or sister', 'sister'],
    ['I am his niece', 'niece', 'uncle'],
    ['my mother-in-law', 'son- or daughter-in-law', 'mother-in-law'],
    ['my mother in law', 'son- or daughter-in-law', 'mother-in-law'],
    ['I look after my grandad', 'grandchild', 'grandfather'],
    ['my elderly father', 'child', 'father'],
    ['I am her friend', 'friend', 'friend'],
    ['Mary is my aunt', 'niece or nephew', 'aunt'],
    ['my 90 year old gran', 'grandchild', 'grandmother'],
  ])('%j: you are their %j; they are your %j', (text, yours, theirs) => {
    const r = parseRelationship(text, 'yours');
    expect(r?.yours).toBe(yours);
    expect(r?.theirs).toBe(theirs);
  });

  test.each([
    ["I'm writing for my father, whose bins keep being missed", 'strong'],
    ["I'm helping my grandmother with her council tax", 'strong'],
    ['I am contacting you on behalf of my mum', 'strong'],
    ['On behalf of my neighbour, Mrs Patel', 'strong'],
    ['I am emailing for my son who is at university', 'strong'],
    ['my dad asked me to get in touch about his garden waste', 'strong'],
    ["she's my nan and she can't use a computer", 'strong'],
    ['I am her carer', 'strong'],
    ['I care for my mum and her bins are never collected', 'strong'],
    ['I am writing about a constituent', 'strong'],
    ['My mum reported her broken boiler weeks ago', 'weak'],
    ["my neighbour's dog barks all night", 'weak'],
    ['the bin on my road was missed', undefined],
    ['The pothole outside my house is getting worse', undefined],
    ["It's for myself, my own bin", 'self'],
  ])('%j reads as %j', (text, cue) => {
    expect(representationIn(text)?.cue).toBe(cue);
  });

  test.each([
    ["I'm helping my grandmother, Margaret Morgan.", 'Margaret Morgan'],
    ['I am writing for my dad Tom Ward', 'Tom Ward'],
    ['On behalf of my neighbour Mrs Patel', 'Mrs Patel'],
    ['Margaret Morgan is my grandmother', 'Margaret Morgan'],
    ['her name is Jo Lee', 'Jo Lee'],
    ['my mum reported it', undefined],
    ['for my dad, he is 84', undefined],
  ])('the name in %j is %j', (text, name) => {
    expect(representedName(text)).toBe(name);
  });

  test.each([
    ['Jo Bloggs jo@example.org, I am writing for my mum Mary', 'Jo Bloggs jo@example.org,'],
    ['Ann Jones, on behalf of my dad, 07911 123456', 'Ann Jones, , 07911 123456'],
  ])('what is left of %j once the other person is taken out', (text, left) => {
    expect(withoutRepresentation(text)).toBe(left);
  });

  test.each([
    ['Her name is Mary Jones.', 'Mary Jones'],
    ["She's called Margaret", 'Margaret'],
    ['Tom Ward', 'Tom Ward'],
  ])('a name typed as %j is %j', (text, name) => expect(cleanName(text)).toBe(name));
});

describe('told us before, and how often', () => {
  test.each([
    ['My kitchen has had damp and mould for four months, I reported it twice and the repairs team cancelled both appointments', true, 2],
    ['Yes, I reported it three times already', true, 3],
    ['I have phoned 5 times and nobody answers', true, 5],
    ["I've reported this several times", true, undefined],
    ['This is the third time I have had to contact you', true, 2],
    ['I reported the broken streetlight three weeks ago', true, undefined],
    ['we have been chasing this since June', true, undefined],
    ['My mum reported her broken boiler weeks ago', true, undefined],
    ['I rang the office last week and was promised a call back', true, undefined],
    ['The engineer never turned up to the appointment', true, undefined],
    ['still waiting for a reply to my email', true, undefined],
    ['I complained in May and heard nothing', true, undefined],
    ['I have emailed you twice about this', true, 2],
    ['reported it on the app a week ago, reference number 12345', true, undefined],
    ['This is the first time I have reported it', false, undefined],
    ["I haven't reported this before", false, undefined],
    ['I have never contacted the council about this', false, undefined],
    ['I just noticed a pothole on my street', false, undefined],
  ])('%j: before=%j, times=%j', (text, before, times) => {
    const r = reportedBeforeIn(text);
    expect(r?.before).toBe(before);
    expect(r?.times).toBe(times);
  });

  test.each([['There is a pothole on Elm Road'], ['The bin was not emptied on Monday'], ['Thank you to the library staff'], ['Three weeks ago the streetlight went out']])('nothing said about telling us before in %j', (text) => {
    expect(reportedBeforeIn(text)).toBeUndefined();
  });
});

describe('"yes" and what comes after it', () => {
  test.each([
    ['Yes', ''],
    ['yes.', ''],
    ['Yes, I reported it three times already', 'I reported it three times already'],
    ['yeah', ''],
    ['yeah they never came', 'they never came'],
    ['yep, and the bin is still there', 'and the bin is still there'],
    ['Yep I rang twice', 'I rang twice'],
    ['correct', ''],
    ['Correct - it was last Tuesday', 'it was last Tuesday'],
    ["that's right", ''],
    ["That's right, my nan lives there", 'my nan lives there'],
    ['exactly, nobody listens', 'nobody listens'],
    ['yes please', ''],
    ['ok', ''],
    ['sure, go ahead', 'go ahead'],
    ['Yes it is', ''],
    ['y', ''],
    ['aye, it is', 'it is'],
  ])('%j agrees, adding %j', (text, rest) => {
    expect(affirmationIn(text)).toEqual({ rest });
  });

  test.each([['no'], ['Yes but it is more of a complaint'], ['yeah no, not really'], ['Yesterday the bin was missed'], ['Right, so the bins were missed again'], ['Make a complaint'], ['Okay so the thing is']])('%j does not simply agree', (text) => {
    expect(affirmationIn(text)).toBeUndefined();
  });
});

describe('their name, the outcome they want, and when it started', () => {
  test.each([
    ['My name is Jane Smith', 'Jane Smith'],
    ["Hi, I'm Sam Lee and my bin was missed", 'Sam Lee'],
    ['I am Councillor Khan writing for my constituent', 'Councillor Khan'],
    ['Jane Smith here, the bins were missed again', 'Jane Smith'],
    ['The bins were missed.\nKind regards, Peter Jones', 'Peter Jones'],
    ["I'm fed up with this", undefined],
    ['I am Very Upset', undefined],
    ['Her name is Mary Jones', undefined],
    ['Thank you Maria', undefined],
    ['It is on Hilton Road', undefined],
  ])('name in %j is %j', (text, name) => expect(nameIn(text)).toBe(name));

  test.each([
    ['I want an apology and the fence fixed', 'I want an apology and the fence fixed'],
    ["I'd like someone to come and fix it.", "I'd like someone to come and fix it"],
    ['Nobody came. I would like a refund of my garden waste fee.', 'I would like a refund of my garden waste fee'],
    ['please can you fix it this week', undefined],
    ['Please fix the light before someone gets hurt', 'Please fix the light before someone gets hurt'],
    ['I want to make a complaint', undefined],
    ['I want to complain about the bins', undefined],
    ['I need help', undefined],
    ['All I want is the bin emptied', 'All I want is the bin emptied'],
    ['We expect the council to repair the damage to our car', 'We expect the council to repair the damage to our car'],
  ])('outcome in %j is %j', (text, outcome) => expect(outcomeIn(text)).toBe(outcome));

  test.each([
    // A span of weeks or months names its month only, a span of years its year: the latest day it could be, never after today.
    ['damp and mould for four months', '2026-07-31', 'month'],
    ['it has been like this for 3 weeks', '2026-11-23', 'month'],
    ['a fortnight ago', '2026-11-23', 'month'],
    ['since last Tuesday', '2026-11-17', undefined],
    ['for the past two years', '2024-12-31', 'year'],
    ['it happened yesterday', '2026-11-22', undefined],
    ['on 2 November', '2026-11-02', undefined],
    ['it has been leaking for the last month', '2026-10-31', 'month'],
    ['it was charged twice last month', '2026-10-31', 'month'],
  ])('when in %j is %j (precision %j)', (text, iso, precision) => {
    const when = whenIn(text, now);
    expect([when?.date, when?.precision]).toEqual([iso, precision]);
  });

  test('a whole first message gives every fact at once', () => {
    const f = factsIn("I'm writing for my father, Tom Ward. His bins at 12 Rose Street have been missed for three weeks and I have reported it twice. I want them collected. Ann Ward, ann@example.org", now);
    expect(f).toMatchObject({
      reportedBefore: { before: true, times: 2 },
      representation: { cue: 'strong', name: 'Tom Ward', relationship: { theirs: 'father', yours: 'child' } },
      place: '12 Rose Street',
      when: { date: '2026-11-23', text: 'three weeks ago', precision: 'month' },
      outcome: 'I want them collected',
      email: 'ann@example.org',
    });
  });
});

test.each([
  ["Mary Jones, I'm her son", 'Mary Jones'],
  ['Tom Ward, on behalf of my dad', 'Tom Ward'],
])('the name left in %j once the relationship is taken out is %j', (text, name) => {
  expect(cleanName(withoutRepresentation(text))).toBe(name);
});
