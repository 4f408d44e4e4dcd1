/**
 * How long ago the events in a message happened, measured from when it was received. Works on
 * normalised text. Each date is taken at its latest possible moment ("in 2023" = end of 2023), so a
 * message is only called out of time when every reading of the date is too old.
 */

export interface EventAge {
  /** Age in months of the most recent dated event, or null when no date was found. */
  months: number | null;
  /** The problem is said to be continuing ("since 2022", "still", "keeps"), so age does not exclude it. */
  ongoing: boolean;
  /** The words the age came from, for reasons. */
  evidence: string | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_ALT = String.raw`jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`;
const MONTH_RE = `(${MONTH_ALT})`;
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, 'a couple of': 2, 'couple of': 2, 'a few': 3, few: 3, several: 3,
  many: 5,
};
const UNIT_MONTHS: Record<string, number> = { year: 12, yr: 12, month: 1, mth: 1, week: 12 / 52, day: 12 / 365 };

const RELATIVE = new RegExp(
  String.raw`\b(over|more than|nearly|almost|about|around|roughly|at least|just over|well over)?\s*` +
    String.raw`(\d+(?:\.\d+)?|a couple of|couple of|a few|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|few|several|many)` +
    // "back" as in "two years back"; "before now" is rarer but means the same
    // "a year and a half ago" as well as "one and a half years ago"
    String.raw`(\s+and a half)?\s+(year|yr|month|mth|week|day)s?(\s+and a half)?\s+(?:ago|back|before now)\b`,
  'g',
);
const BARE_YEARS_AGO = /\byears (?:ago|back)\b/g;
const YEAR_WITH_CONTEXT = new RegExp(
  String.raw`\b(since|in|during|from|back in|of|early|mid|late|end of|start of|beginning of|summer|winter|spring|autumn|christmas|easter|` +
    MONTH_ALT +
    // a year written in full, or shortened with an apostrophe ("summer '23")
    String.raw`)(?:\s+of)?\s+((?:19|20)\d\d\b|'\d\d(?![\d']))`,
  'g',
);
const NUMERIC_DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b/g;
const DAY_MONTH_YEAR = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+` + MONTH_RE + String.raw`,?\s+((?:19|20)\d\d)\b`, 'g');
/** "March 3rd, 2024": the month before the day, as many people write it. */
const MONTH_DAY_YEAR = new RegExp(String.raw`\b` + MONTH_RE + String.raw`\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`, 'g');
/** "2024-03-05", as dates are copied from letters and online forms. */
const ISO_DATE = /\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})\b/g;
/** "the year before last", "the summer before last", "two winters ago": a season counted back from the last one. */
const BEFORE_LAST = /\bthe\s+(year|spring|summer|autumn|winter|christmas|easter)\s+before\s+last\b/g;
const LAST_SEASON = /\blast\s+(spring|summer|autumn|winter|christmas|easter)\b/g;
const SEASONS_AGO = new RegExp(
  String.raw`\b(two|three|four|five|six|\d)\s+(springs|summers|autumns|winters|christmases|easters)\s+(?:ago|back)\b`,
  'g',
);
/** The COVID-19 lockdowns in England ended in July 2021: anything "during lockdown" is at least that old. */
const LOCKDOWN = /\b(?:during|in|over|throughout|all through)\s+(?:the\s+)?(?:first\s+|second\s+|third\s+|last\s+)?(?:covid\s+|coronavirus\s+)?(?:lockdowns?|pandemic|covid(?:-19)?|coronavirus)\b/g;
const LOCKDOWN_END = { year: 2021, month0: 6 };
const LAST_MONTH_NAME = new RegExp(String.raw`\b(?:last\s+` + MONTH_RE + String.raw`|` + MONTH_RE + String.raw`\s+last\s+year)\b`, 'g');

/** Words that say the problem is still going on or happened recently. */
const ONGOING =
  /\b(since|ongoing|to this day|still (?:happening|going on|broken|not|no|waiting|there|leaking|dripping|hasn't|haven't|isn't|aren't|is|has|have|living|outstanding|unresolved|continuing|getting|being|keeps?)|keeps?|keep on|continu(?:es|ing)|every (?:day|week|month|night|time)|for (?:over |more than )?(?:\d+|two|three|four|five|six|several|many) (?:years|months)|(?:last|this) (?:week|month)|yesterday|recently|again)\b/;

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3));
}

/** Months from the end of (year, month0) [or a specific day] to `at`. */
function monthsSince(at: Date, year: number, month0: number, day?: number): number {
  const end = day === undefined ? new Date(Date.UTC(year, month0 + 1, 0)) : new Date(Date.UTC(year, month0, day));
  return (at.getUTCFullYear() - end.getUTCFullYear()) * 12 + (at.getUTCMonth() - end.getUTCMonth()) + (at.getUTCDate() - end.getUTCDate()) / 31;
}

/** Last month (0-based) of a period named before a year: "summer 2022" ends in August. */
const PERIOD_END_MONTH: Record<string, number> = {
  spring: 4, easter: 3, summer: 7, autumn: 10, christmas: 11, early: 3, 'start of': 3, 'beginning of': 3,
  mid: 7, late: 11, 'end of': 11,
};
/** Last month (0-based) of each season, for counting seasons back; winter ends in February. */
const SEASON_END_MONTH: Record<string, number> = { spring: 4, summer: 7, autumn: 10, winter: 1, christmas: 11, easter: 3 };

/** The year of the most recent `season` to have ended (its last month over) before `at`: during it, "last" is the one before. */
function lastSeasonYear(at: Date, endMonth0: number): number {
  return at.getUTCMonth() > endMonth0 ? at.getUTCFullYear() : at.getUTCFullYear() - 1;
}

/** A two-digit year after an apostrophe ("'23") is this century's. */
function fullYear(written: string): number {
  return written.startsWith("'") ? 2000 + Number(written.slice(1)) : Number(written);
}

export function eventAge(text: string, receivedAt: Date): EventAge {
  const ages: Array<{ months: number; evidence: string }> = [];
  const add = (months: number, evidence: string) => {
    if (Number.isFinite(months) && months >= 0) ages.push({ months, evidence });
  };

  for (const m of text.matchAll(RELATIVE)) {
    const qualifier = m[1];
    let n = NUMBER_WORDS[m[2]] ?? Number(m[2]);
    if (m[3] || m[5]) n += 0.5;
    let months = n * UNIT_MONTHS[m[4]];
    if (qualifier === 'over' || qualifier === 'more than' || qualifier === 'just over' || qualifier === 'well over') months += 0.5;
    if (qualifier === 'nearly' || qualifier === 'almost') months -= 0.5;
    add(months, m[0].trim());
  }
  // "years ago" with no number means at least two years
  for (const m of text.matchAll(BARE_YEARS_AGO)) {
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (!/(\d|one|two|three|four|five|six|seven|eight|nine|ten|few|several|many|couple of|and a half)\s*$/.test(before)) add(24, m[0]);
  }
  let since = false;
  for (const m of text.matchAll(YEAR_WITH_CONTEXT)) {
    const lead = m[1];
    const year = fullYear(m[2]);
    if (lead === 'since') {
      since = true;
      continue;
    }
    if (lead === 'winter') {
      // winter 2022 runs into February 2023
      add(monthsSince(receivedAt, year + 1, 1), m[0]);
      continue;
    }
    const mi = monthIndex(lead);
    add(monthsSince(receivedAt, year, mi >= 0 ? mi : (PERIOD_END_MONTH[lead] ?? 11)), m[0]);
  }
  for (const m of text.matchAll(DAY_MONTH_YEAR)) {
    add(monthsSince(receivedAt, Number(m[3]), monthIndex(m[2]), Number(m[1])), m[0]);
  }
  for (const m of text.matchAll(NUMERIC_DATE)) {
    // UK order: day/month/year
    const day = Number(m[1]);
    const month = Number(m[2]);
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) add(monthsSince(receivedAt, year, month - 1, day), m[0]);
  }
  for (const m of text.matchAll(MONTH_DAY_YEAR)) {
    add(monthsSince(receivedAt, Number(m[3]), monthIndex(m[1]), Number(m[2])), m[0]);
  }
  for (const m of text.matchAll(ISO_DATE)) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) add(monthsSince(receivedAt, Number(m[1]), month - 1, day), m[0]);
  }
  for (const m of text.matchAll(BEFORE_LAST)) {
    if (m[1] === 'year') add(monthsSince(receivedAt, receivedAt.getUTCFullYear() - 2, 11), m[0]);
    else {
      const end = SEASON_END_MONTH[m[1]];
      add(monthsSince(receivedAt, lastSeasonYear(receivedAt, end) - 1, end), m[0]);
    }
  }
  for (const m of text.matchAll(LAST_SEASON)) {
    const end = SEASON_END_MONTH[m[1]];
    add(monthsSince(receivedAt, lastSeasonYear(receivedAt, end), end), m[0]);
  }
  for (const m of text.matchAll(SEASONS_AGO)) {
    // "two summers ago" is the summer before last: one back from the most recent
    const n = NUMBER_WORDS[m[1]] ?? Number(m[1]);
    const season = m[2] === 'christmases' ? 'christmas' : m[2].slice(0, -1);
    const end = SEASON_END_MONTH[season];
    if (n >= 1) add(monthsSince(receivedAt, lastSeasonYear(receivedAt, end) - (n - 1), end), m[0]);
  }
  for (const m of text.matchAll(LOCKDOWN)) add(monthsSince(receivedAt, LOCKDOWN_END.year, LOCKDOWN_END.month0), m[0]);
  // "last March" = March of the previous calendar year (British usage: "this March" is the current year's)
  for (const m of text.matchAll(LAST_MONTH_NAME)) {
    const name = m[1] ?? m[2];
    add(monthsSince(receivedAt, receivedAt.getUTCFullYear() - 1, monthIndex(name)), m[0]);
  }

  const ongoing = since || ONGOING.test(text);
  if (ages.length === 0) return { months: null, ongoing, evidence: null };
  // the most recent event decides: a complaint about something recent is in time
  const newest = ages.reduce((a, b) => (b.months < a.months ? b : a));
  return { months: newest.months, ongoing, evidence: newest.evidence };
}
