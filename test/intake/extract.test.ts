import { extractContact, extractDate, extractLocation, extractPostcode, monthsBetween } from '../../services/intake/extract';

const ref = new Date('2026-11-23T12:00:00Z');

describe('what the first message already says', () => {
  test.each([
    ['The streetlight outside 14 Elm Road has been out for a week', '14 Elm Road'],
    ['bins not collected on Station St LE2 5AB', 'Station St, LE2 5AB'],
    ['rubbish dumped at 12 mill lane', '12 mill lane'],
    ['fly tipping behind Wigston Library', 'Wigston Library'],
    ['my postcode is le18 2ab', 'LE18 2AB'],
  ])('place in %j', (text, place) => {
    expect(extractLocation(text)).toBe(place);
  });

  test('no place when none is named', () => {
    expect(extractLocation('the planning officer never answered my letters')).toBeUndefined();
  });

  test.each([
    ['it happened last Tuesday', '2026-11-17'],
    ['in March 2025', '2025-03-31'],
    ['since January', '2026-01-31'],
    ['3 days ago', '2026-11-20'],
  ])('date in %j', (text, iso) => {
    expect(extractDate(text, ref)?.date).toBe(iso);
  });

  // The reference is Monday 23 November 2026.
  test.each([
    ['on tuesday, thats the 3rd time', '2026-11-17', 'on tuesday'],
    ['on Thursday for the repairs man', '2026-11-19', 'on Thursday'],
    ['it happened on Monday', '2026-11-23', 'on Monday'],
    ['last Monday', '2026-11-16', 'last Monday'],
    ['sat night', '2026-11-21', 'sat night'],
    ['on 3 November', '2026-11-03', 'on 3 November'],
  ])('a weekday or day in %j is %s, the words kept without punctuation', (text, iso, words) => {
    expect(extractDate(text, ref)).toEqual({ date: iso, text: words });
  });

  test.each(['next Tuesday', 'this coming friday'])('%j has not happened yet, so it is not when it happened', (text) => {
    expect(extractDate(text, ref)).toBeUndefined();
  });

  test.each([
    ['cancelled in april, third time ive rung', '2026-04-30', 'april'],
    ['Your letter in September said', '2026-09-30', 'September'],
    ['moved out in march', '2026-03-31', 'march'],
    ['in december', '2025-12-31', 'december'],
    ['charged twice this month', '2026-11-23', 'this month'],
    ['last month', '2026-10-31', 'last month'],
  ])('a month alone in %j is that month (its latest day, %s), not a day in it', (text, iso, words) => {
    expect(extractDate(text, ref)).toEqual({ date: iso, text: words, precision: 'month' });
  });

  // The reference is Monday 23 November 2026: each of these was read as last Thursday, last Monday and so on.
  test.each([
    'The repair is booked for Thursday',
    "they're coming next Monday",
    'my appointment is on the 14th of December',
    'the collection is due tomorrow',
    'the engineer will come on Friday',
    'They are due to come out on Wednesday',
    'I have an appointment on Friday',
    'the visit is booked for Thursday 26th November',
    "they called to say they're coming Friday",
  ])('%j is still to come, so it is not when the problem happened', (text) => {
    expect(extractDate(text, ref)).toBeUndefined();
  });

  test.each([
    ["it broke on Monday and they're coming on Thursday", '2026-11-23', 'on Monday'],
    ["they're coming on Thursday, it broke on Saturday", '2026-11-21', 'on Saturday'],
    ['The engineer is coming Thursday to fix the boiler that broke on Sunday', '2026-11-22', 'on Sunday'],
    ['the bin was not collected yesterday and they will come back on Friday', '2026-11-22', 'yesterday'],
    ['The repair was booked for Thursday and nobody came', '2026-11-19', 'Thursday'],
    ['my bin was due on Tuesday but it was not emptied', '2026-11-17', 'on Tuesday'],
    ['the damp has been coming through since Monday', '2026-11-23', 'Monday'],
    ["next door's tree fell on Saturday", '2026-11-21', 'on Saturday'],
    ['the flooding due to the storm on Saturday', '2026-11-21', 'on Saturday'],
    ['The crew are booked to come back on Thursday for the bin that was missed on Saturday', '2026-11-21', 'on Saturday'],
    ['my appointment on Friday was cancelled', '2026-11-20', 'on Friday'],
  ])('in %j the past date counts (%s, %j), whatever else is arranged', (text, iso, words) => {
    expect(extractDate(text, ref)).toEqual({ date: iso, text: words });
  });

  test.each([
    ['It started in 2024', '2024-12-31', 'in 2024'],
    ['back in 2023', '2023-12-31', 'back in 2023'],
    ['since 2025', '2025-12-31', 'since 2025'],
    ['since last year', '2025-12-31', 'last year'],
    ['two years ago', '2024-12-31', 'two years ago'],
    ['it has been like this all of this year', '2026-11-23', 'this year'],
  ])('a year alone in %j is that year (its latest day, %s, never after today), not a day in it', (text, iso, words) => {
    expect(extractDate(text, ref)).toEqual({ date: iso, text: words, precision: 'year' });
  });

  test.each(['it will be fixed in 2027', 'the 2024 bill', 'reference 2023 on my letter'])('no year is read from %j', (text) => {
    expect(extractDate(text, ref)).toBeUndefined();
  });

  test.each([
    ['three weeks ago', '2026-11-23', 'three weeks ago'],
    ['a few weeks ago', '2026-11-23', 'a few weeks ago'],
    ['last week', '2026-11-23', 'last week'],
    ['a couple of months back', '2026-09-30', 'a couple of months back'],
    ['18 months ago', '2025-05-31', '18 months ago'],
  ])('a span of weeks or months in %j names only its month (latest day %s), never a made-up day', (text, iso, words) => {
    expect(extractDate(text, ref)).toEqual({ date: iso, text: words, precision: 'month' });
  });

  test.each(['over the summer', 'in the spring'])('%j gives no date: the words are kept as said', (text) => {
    expect(extractDate(text, ref)).toBeUndefined();
  });

  test('"third" in "third time" is a count, not the third of the month', () => {
    expect(extractDate('the third time ive rung', ref)).toBeUndefined();
  });

  test('a time of day or a house number is not a date', () => {
    expect(extractDate('rubbish dumped at 12 mill lane', ref)).toBeUndefined();
  });

  test('months between dates', () => {
    expect(monthsBetween('2025-11-23', '2026-11-23')).toBe(12);
    expect(monthsBetween('2025-11-24', '2026-11-23')).toBe(11);
  });

  test.each([
    ['Jane Smith, jane.smith@example.org', { name: 'Jane Smith', email: 'jane.smith@example.org' }],
    ['my name is Bob Jones and my number is 07911 123456', { name: 'Bob Jones', phone: '+447911123456' }],
    ['Priya Patel 0116 454 1000', { name: 'Priya Patel', phone: '+441164541000' }],
    ['JANE@EXAMPLE.ORG', { email: 'jane@example.org' }],
  ])('contact details in %j', (text, expected) => {
    expect(extractContact(text)).toEqual(expected);
  });

  test('an invalid phone number is not accepted', () => {
    expect(extractContact('Sam 0123').phone).toBeUndefined();
  });

  test('postcodes are normalised', () => {
    expect(extractPostcode('10 High St, le25ab')).toBe('LE2 5AB');
  });
});
