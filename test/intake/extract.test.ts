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
    ['three weeks ago', '2026-11-02'],
    ['in March 2025', '2025-03-31'],
    ['since January', '2026-01-31'],
    ['18 months ago', '2025-05-23'],
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
