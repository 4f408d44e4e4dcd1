import { eventAge } from '../../services/classifier/time';
import { normalise } from '../../services/classifier/normalise';

// Phrasings of "when" that residents use besides "N years ago" and "in 2023": each must be read to
// the right age, and a recent one must not be read as old.
const received = new Date('2026-12-01T12:00:00Z');
const age = (text: string, at = received) => eventAge(normalise(text), at);

describe('eventAge: dates written the ways residents write them', () => {
  it.each([
    ['two years back the housing officer shouted at me', 24, 24],
    ['a year and a half back your contractor damaged my fence', 18, 18],
    ['the year before last the bin men broke my gate', 23, 24],
    ['the summer before last the grass cutters flattened my wall', 15, 16],
    ['two winters ago the gritters never came down our road', 21, 22],
    ['three christmases ago the market traders were moved on rudely', 35, 36],
    ['during lockdown the council stopped collecting our garden waste without telling us', 60, 70],
    ['in the first covid lockdown my housing officer never returned a call', 60, 70],
    ['on March 3rd, 2024 your officer gave me the wrong advice', 32, 33],
    ['the letter dated 2024-03-05 had the wrong amount on it', 32, 33],
    ["in summer '23 the road was dug up and left in a mess", 39, 40],
  ])('%s: about %d months old', (text, min, max) => {
    const a = age(text);
    expect(a.months).not.toBeNull();
    expect(a.months!).toBeGreaterThanOrEqual(min);
    expect(a.months!).toBeLessThanOrEqual(max);
  });

  it.each([
    ['two weeks back the bin was missed'],
    ['last summer the grass cutters flattened my wall'],
    ['the letter dated 2026-11-05 had the wrong amount on it'],
    ['on November 3rd, 2026 your officer gave me the wrong advice'],
  ])('%s: within the year', (text) => {
    const a = age(text);
    expect(a.months).not.toBeNull();
    expect(a.months!).toBeLessThan(12);
  });

  it('counts seasons back from the last one: in June, last summer is the one before', () => {
    const june = new Date('2026-06-15T12:00:00Z');
    // the most recent summer to have ended by mid-June 2026 is 2025's, so the one before last is 2024's
    expect(age('the summer before last the grass cutters flattened my wall', june).months!).toBeGreaterThan(21);
  });

  it('leaves undated and ongoing messages alone', () => {
    expect(age('my bin has not been emptied').months).toBeNull();
    expect(age('since lockdown the bins have been collected late every week').ongoing).toBe(true);
    expect(age("it's been like this since the summer before last and it's still not fixed").ongoing).toBe(true);
  });
});

describe('eventAge: "last" means the last one over', () => {
  it('on 1 December, last Christmas is a year ago', () => {
    const a = age('last christmas the market was cancelled without notice');
    expect(a.months!).toBeGreaterThan(10);
    expect(a.months!).toBeLessThan(12);
  });
});
