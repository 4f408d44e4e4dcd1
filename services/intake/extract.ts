/**
 * Picks out what a resident already said, so the conversation asks only for what is missing:
 * where (street, postcode, landmark: services/intake/place), when (a date from plain words), and
 * contact details. services/intake/facts puts these together for a whole message.
 * Pure functions: no botbuilder, no database.
 */
import * as chrono from 'chrono-node';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { londonDate } from '../workingDays/londonTime';
import { POSTCODE, tidyPostcode } from './place';
import { saidAsAhead, spanUnit, yearsAlone } from './whenWords';

export { extractLocation } from './place';

export function extractPostcode(text: string): string | undefined {
  const m = POSTCODE.exec(text);
  return m ? tidyPostcode(m[1]) : undefined;
}

export interface ExtractedDate {
  /** YYYY-MM-DD (Europe/London), the start of what was described; for a month or year alone, its last day (or today). */
  date: string;
  /** The words the date came from. */
  text: string;
  /**
   * Set when no day is known: 'month' for a month alone or a span of weeks or months ("in April",
   * "last month", "a few weeks ago"), 'year' for a year alone ("in 2024", "last year", "two years ago").
   */
  precision?: 'month' | 'year';
}

const DAY_MS = 86_400_000;

/** "third time", "3rd call": counts of how often, never days of the month. */
const COUNTED = /\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))(?=\s+(?:time|times|occasion|attempt|call|visit)\b)/gi;
/** "a couple of months back" is "... ago" to the parser ("ago" and a space, so positions still match). */
const BACK = /\b((?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)\s+(?:day|week|month|year)s?\s+)back\b/gi;
/** Punctuation caught at either end of the parsed words ("on tuesday,"). */
const EDGE_PUNCTUATION = /^[\s,.;:!?'"()[\]-]+|[\s,.;:!?'"()[\]-]+$/g;
const MONTH_ONLY_WORDS = /^(?:(?:in|during|since|from|of)\s+)?(?:this|last|previous|the previous)\s+month$/i;

function isoDay(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** The last day of a month the resident named, but never after today ("this month" is at most today). */
function monthEnd(year: number, month: number, today: string): string {
  const last = isoDay(year, month + 1, 0);
  return last > today ? today : last;
}

/** The last day of a year, but never after today ("this year" is at most today); undefined for a year ahead. */
function yearEnd(year: number, today: string): string | undefined {
  if (year > Number(today.slice(0, 4))) return undefined;
  const last = `${year}-12-31`;
  return last > today ? today : last;
}

/**
 * A weekday said of something that happened ("on Thursday", "sat night") is the latest such day on
 * or before today; "last Monday" said on a Monday is a week ago. Undefined for a future one ("next Tuesday").
 */
function pastWeekday(weekday: number, words: string, before: string, today: string): string | undefined {
  if (/^next\b/i.test(words) || /\b(?:next|this coming|coming)\s*$/i.test(before)) return undefined;
  const [y, m, d] = today.split('-').map(Number);
  const todayDow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  let back = (todayDow - weekday + 7) % 7;
  if (back === 0 && /^last\b/i.test(words)) back = 7;
  return new Date(Date.UTC(y, m - 1, d) - back * DAY_MS).toISOString().slice(0, 10);
}

/** One date the parser found, read as a past date (or undefined when it cannot be one). */
function pastDate(r: chrono.ParsedResult, words: string, masked: string, reference: Date, today: string): ExtractedDate | undefined {
  if (r.start.isCertain('weekday') && !r.start.isCertain('day')) {
    const date = pastWeekday(r.start.get('weekday')!, words, masked.slice(0, r.index), today);
    return date ? { date, text: words } : undefined;
  }
  const monthOnly = (r.start.isCertain('month') && !r.start.isCertain('day') && !/\bago\b/i.test(words)) || MONTH_ONLY_WORDS.test(words);
  if (monthOnly) {
    let year = r.start.get('year')!;
    const month = r.start.get('month')!;
    // "in April" said in November is this April; "in December" said in November is last December.
    if (!r.start.isCertain('year')) year = Number(today.slice(0, 4)) - (isoDay(Number(today.slice(0, 4)), month, 1) > today ? 1 : 0);
    const first = isoDay(year, month, 1);
    if (first > today) return undefined; // a future month is not when it happened
    return { date: monthEnd(year, month, today), text: words, precision: 'month' };
  }
  let d = r.start.date();
  // "since January" said in November means last January, not the next one.
  if (d.getTime() > reference.getTime() + 36 * 3600_000 && !r.start.isCertain('year')) {
    d = new Date(d);
    d.setFullYear(d.getFullYear() - 1);
  }
  if (d.getTime() > reference.getTime() + 36 * 3600_000) return undefined; // a future date is not when it happened
  const day = londonDate(d);
  // "last year", "two years ago", "a few weeks ago": the parser makes up a day; only the year or month is known.
  const span = r.start.isCertain('year') && !r.start.isCertain('month') ? 'year' : r.tags().has('result/relativeDate') ? spanUnit(words) : undefined;
  if (span === 'year') {
    const date = yearEnd(Number(day.slice(0, 4)), today);
    return date ? { date, text: words, precision: 'year' } : undefined;
  }
  if (span === 'month') return { date: monthEnd(Number(day.slice(0, 4)), Number(day.slice(5, 7)), today), text: words, precision: 'month' };
  return { date: day, text: words };
}

/** A date found in the words, the parser's or a year alone, in the order said. */
interface Found {
  index: number;
  end: number;
  read: () => ExtractedDate | undefined;
}

/**
 * When something happened, from plain words ("last Tuesday", "in March 2025", "three weeks ago",
 * "back in 2023"): the first date said that is in the past. A date said as still to come ("the repair
 * is booked for Thursday", "they're coming next Monday") is passed over, so "it broke on Monday and
 * they're coming on Thursday" is Monday.
 */
export function extractDate(text: string, reference: Date): ExtractedDate | undefined {
  // Counts are blanked and "back" rewritten to the same length, so the parser's positions still point into `text`.
  const masked = text.replace(COUNTED, (w) => ' '.repeat(w.length)).replace(BACK, (_w, span: string) => `${span}ago `);
  const today = londonDate(reference);
  const found: Found[] = [];
  for (const r of chrono.en.GB.parse(masked, reference, { forwardDate: false })) {
    let end = r.index + r.text.trimEnd().length;
    end += /^\w*/.exec(text.slice(end))![0].length; // the rest of "back" where "ago" stood
    const words = text.slice(r.index, end).replace(EDGE_PUNCTUATION, '');
    // "at 12" is a time of day, not a date: keep only parses that name a day, weekday, month or year.
    const namesADay = ['day', 'weekday', 'month', 'year'].some((c) => r.start.isCertain(c as chrono.Component));
    if (!namesADay && !/\b(ago|yesterday|today|tonight|last|this)\b/i.test(words)) continue;
    found.push({ index: r.index, end, read: () => pastDate(r, words, masked, reference, today) });
  }
  for (const y of yearsAlone(masked)) {
    if (found.some((f) => f.index < y.index + y.text.length && y.index < f.end)) continue;
    const words = text.slice(y.index, y.index + y.text.length);
    found.push({ index: y.index, end: y.index + y.text.length, read: () => {
      const date = yearEnd(y.year, today);
      return date ? { date, text: words, precision: 'year' } : undefined;
    } });
  }
  found.sort((a, b) => a.index - b.index);
  for (const [i, f] of found.entries()) {
    if (saidAsAhead(masked, f.index, f.end, found[i - 1]?.end ?? 0, found[i + 1]?.index ?? masked.length)) continue;
    const date = f.read();
    if (date) return date;
  }
  return undefined;
}

/** Whole months between two ISO dates (a, earlier; b, later). */
export function monthsBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split('-').map(Number);
  const [by, bm, bd] = b.split('-').map(Number);
  return (by - ay) * 12 + (bm - am) - (bd < ad ? 1 : 0);
}

const EMAIL = /[A-Z0-9._%+'-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;
const PHONE_CANDIDATE = /(?:\+?44\s?|0)(?:\d[\s-]?){9,10}\d?/;

export interface ContactDetails {
  name?: string;
  email?: string;
  phone?: string;
}

export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  return z.email().safeParse(email).success ? email : undefined;
}

/** A UK phone number in international format (+44...), or undefined when it is not a valid number. */
export function normalisePhone(raw: string): string | undefined {
  const n = parsePhoneNumberFromString(raw.trim(), 'GB');
  return n && n.isValid() ? n.number : undefined;
}

/**
 * Name, email and phone from one answer such as "Jane Smith, jane@example.org, 07911 123456".
 * Whatever is left once the email and phone are taken out is the name, if it looks like one.
 */
export function extractContact(text: string): ContactDetails {
  const out: ContactDetails = {};
  let rest = text;
  const email = EMAIL.exec(rest)?.[0];
  if (email) {
    out.email = normaliseEmail(email);
    rest = rest.replace(email, ' ');
  }
  const phone = PHONE_CANDIDATE.exec(rest)?.[0];
  if (phone) {
    out.phone = normalisePhone(phone);
    rest = rest.replace(phone, ' ');
  }
  const name = rest
    .replace(/\b(my name is|i am|i'm|name:|it's|this is|is|email|e-mail|phone|mobile|tel|number|and|or|my|me|on|at)\b/gi, ' ')
    .replace(/[,;:|/()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^[A-Za-zÀ-ÿ'’.-]+(?: [A-Za-zÀ-ÿ'’.-]+){0,4}$/.test(name) && name.length >= 2 && name.length <= 80) out.name = name;
  return out;
}

export function looksLikeEmailAttempt(text: string): boolean {
  return text.includes('@');
}
