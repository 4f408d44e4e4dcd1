/**
 * The words around a date that say what kind of date it is: one still ahead ("the repair is booked
 * for Thursday") is never when the problem happened, and a year alone ("back in 2023") has no day.
 * Pure functions, used by services/intake/extract.
 */

/** Where a clause starts or ends: a date's tense is read from its own clause only. */
const CLAUSE_BREAK = /[.!?;,\n]|\b(?:and|but|then|so|because|although|though|while|whereas)\b/gi;

/** Something arranged, promised or expected: "is booked for", "they're coming", "will", "due", "next". */
const AHEAD = [
  /\b(?:will|won['’]t|shall|going to|gonna)\b|['’]ll\b/i,
  /\b(?:is|are|am|be|been|['’]s|['’]re|['’]m)\s+(?:\w+\s+)?(?:booked|due|coming|scheduled|arranged|expected|planned)\b/i,
  /\b(?:booked|scheduled|arranged|planned)\s+(?:in\s+)?for\b/i,
  /\bdue\b(?!\s+to\s+(?:the|a|an|my|his|her|their|our|your|this|that|it|bad|heavy)\b)/i,
  /\bappointment\b/i,
  /\bnext\b(?!\s+(?:door|to)\b)|\btomorrow\b|\bupcoming\b|\blater this\b/i,
];

/** "coming" only just before the date: "they're coming (back) on Friday", not "the damp is coming through". */
const COMING = /\bcoming\b(?:\s+\S+){0,4}\s*$/i;

/** Words that put the clause in the past after all: "was booked for Thursday", "they never came". */
const BEHIND = /\b(?:was|were|wasn['’]t|weren['’]t|had|hadn['’]t|did|didn['’]t|never|should have|should['’]ve|failed|missed|nobody|no one|no-one)\b/i;

/** The date starts something already under way: "since Monday", "from March". */
const STARTED = /\b(?:since|from|started|began|begun|ago)\s*$/i;

/** Where the clause around [start, end) begins and ends, not reaching past the neighbouring dates. */
function clauseAround(text: string, start: number, end: number, prevEnd: number, nextStart: number): { before: string; after: string } {
  let from = prevEnd;
  let to = nextStart;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const at = m.index;
    if (at + m[0].length <= start) from = Math.max(from, at + m[0].length);
    else if (at >= end) {
      to = Math.min(to, at);
      break;
    }
  }
  return { before: text.slice(from, start), after: text.slice(end, Math.max(end, to)) };
}

/**
 * Whether the date at [start, end) of text is said as still to come: its own words ("next Monday",
 * "tomorrow") or its clause ("they're coming on Thursday", "my appointment is on the 14th"), unless
 * the clause is in the past ("the repair was booked for Thursday and nobody came").
 */
export function saidAsAhead(text: string, start: number, end: number, prevEnd = 0, nextStart = text.length): boolean {
  const words = text.slice(start, end);
  if (/^(?:next|this coming)\b|\btomorrow\b/i.test(words)) return true;
  const { before, after } = clauseAround(text, start, end, prevEnd, nextStart);
  if (STARTED.test(before)) return false;
  // Only the next few words after the date are its own ("on Friday was cancelled"); further on they
  // may tell of something else ("booked for Thursday for the bin that was missed on Saturday").
  const clause = `${before} ${/^\s*(?:\S+\s+){0,2}\S*/.exec(after)![0]}`;
  if (BEHIND.test(clause)) return false;
  return COMING.test(before) || AHEAD.some((re) => re.test(clause));
}

export interface YearWords {
  index: number;
  /** The words as said: "in 2024", "back in 2023", "early 2025". */
  text: string;
  year: number;
}

/** A year named on its own with the word that makes it a time ("in 2024", "since 2023", "early 2025"); never a bare number. */
const YEAR_ALONE = /\b(?:(?:back\s+)?in|since|during|from|throughout|around|until|till|early|late|mid|(?:the\s+)?(?:start|end|beginning|middle|summer|winter|spring|autumn)\s+of)[\s-]+((?:19|20)\d{2})\b/gi;

export function yearsAlone(text: string): YearWords[] {
  return [...text.matchAll(YEAR_ALONE)].map((m) => ({ index: m.index, text: m[0], year: Number(m[1]) }));
}

/** The span a relative date covers: "3 weeks ago" and "last month" name no day, "two years ago" no month. */
export function spanUnit(words: string): 'month' | 'year' | undefined {
  if (/\b(?:years?)\b/i.test(words)) return 'year';
  if (/\b(?:weeks?|fortnight|months?)\b/i.test(words)) return 'month';
  return undefined;
}
