/**
 * Cue matching over normalised text: a cue is a regex plus the conditions under which a match
 * does not count (negated: "not an emergency"; in the past: "the wall collapsed last year").
 */

export interface Cue {
  re: RegExp;
  /** Ignore the match when a negation word comes within the five words before it. */
  neg?: boolean;
  /** Ignore the match when its clause is about a past event with no sign it is happening now. */
  past?: boolean;
  /** Ignore the match when the text just before it matches this (anchored at the end, `$`). */
  notBefore?: RegExp;
}

export interface Hit {
  /** A few words of the (normalised) match, for reasons. */
  snippet: string;
  index: number;
}

/** A cue from a regex literal; the global flag is added so every occurrence can be tried. */
export function cue(re: RegExp, opts: Omit<Cue, 're'> = {}): Cue {
  return { re: re.flags.includes('g') ? re : new RegExp(re.source, re.flags + 'g'), ...opts };
}

const CLAUSE_BREAK = /[.!?;\n]| but | however | although | though /g;
const NEGATOR = /\b(?:not|no|never|without|nobody|nothing|nor|neither|hardly|nearly|almost|isn't|wasn't|aren't|weren't|don't|doesn't|didn't|can't|cannot|won't|haven't|hasn't)\b|n't\b/;
/** "I don't want to …", "no intention of …": whatever follows is not happening. */
const NOT_INTENDING = /\b(?:don't|do not|doesn't|does not|not|never|won't) (?:want|wish|intend|plan|need|going|trying) to\b|\bno (?:intention|plans?|wish|desire) (?:of|to)\b/;
const PAST_MARKER =
  /\b(?:ago|last (?:year|month|week|winter|summer|spring|autumn|christmas|time)|in (?:19|20)\d\d|back in|previously|used to|when (?:it|the|our|my) \w+ (?:burst|flooded|collapsed|caught)|came out|was fixed|were fixed|has been fixed|got fixed|in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)\b/;
const PRESENT_MARKER = /\b(?:now|right now|currently|at the moment|still|again|tonight|today|this (?:morning|afternoon|evening)|urgent(?:ly)?|help|asap|is|are|am|keeps?|getting worse)\b/;

function clauseAround(text: string, start: number, end: number): string {
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    if (m.index + m[0].length <= start) from = m.index + m[0].length;
    else if (m.index >= end) {
      to = m.index;
      break;
    }
  }
  return text.slice(from, to);
}

function negated(text: string, index: number): boolean {
  // the five words before the match, within its clause and comma-phrase ("I don't want to go down the legal route")
  const before = text.slice(Math.max(0, index - 60), index).split(CLAUSE_BREAK).pop()?.split(',').pop() ?? '';
  const lastWords = before.trim().split(/\s+/).slice(-5).join(' ');
  return NEGATOR.test(lastWords) || NOT_INTENDING.test(before);
}

/** Past marker anywhere in the clause, and no sign of "now" in the few words around the match. */
function inThePast(text: string, start: number, end: number): boolean {
  if (!PAST_MARKER.test(clauseAround(text, start, end))) return false;
  const near = text.slice(Math.max(0, start - 25), start) + ' ' + text.slice(end, end + 25);
  return !PRESENT_MARKER.test(near);
}

function snippet(s: string): string {
  const words = s.trim().split(/\s+/);
  return words.length > 4 ? words.slice(0, 4).join(' ') + '…' : words.join(' ');
}

/** Where the search goes on after a match: past it, and one character on from an empty one (as matchAll does). */
function nextFrom(text: string, re: RegExp, m: RegExpExecArray): number {
  if (m[0].length > 0) return re.lastIndex;
  return m.index + (re.unicode && (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
}

/**
 * The rules ask about the same message with the same cue list several times (a route's cues, then
 * the kind's): the answers for the latest text are kept, per list, until another text comes.
 */
let memoText: string | undefined;
const memo = new Map<readonly Cue[], Hit | null>();

/** First occurrence of any cue that counts, or null. */
export function find(text: string, cues: readonly Cue[]): Hit | null {
  if (text !== memoText) {
    memoText = text;
    memo.clear();
  }
  const known = memo.get(cues);
  if (known !== undefined) return known;
  const hit = firstHit(text, cues);
  memo.set(cues, hit);
  return hit;
}

/**
 * Every occurrence is tried with an exec loop on the cue's own (global) regex: `matchAll` would copy
 * the regex on every call, for every cue of every list. lastIndex is left at 0.
 */
function firstHit(text: string, cues: readonly Cue[]): Hit | null {
  for (const c of cues) {
    const re = c.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; re.lastIndex = nextFrom(text, re, m), m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (c.neg && negated(text, start)) continue;
      if (c.past && inThePast(text, start, end)) continue;
      if (c.notBefore && c.notBefore.test(text.slice(Math.max(0, start - 30), start))) continue;
      re.lastIndex = 0;
      return { snippet: snippet(m[0]), index: start };
    }
  }
  return null;
}

/** Like find, but returns the occurrences that were negated (e.g. "not helpful" from a praise cue). */
export function findNegated(text: string, cues: readonly Cue[]): Hit | null {
  for (const c of cues) {
    const re = c.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; re.lastIndex = nextFrom(text, re, m), m = re.exec(text)) {
      if (negated(text, m.index)) {
        re.lastIndex = 0;
        return { snippet: snippet('not ' + m[0]), index: m.index };
      }
    }
  }
  return null;
}
