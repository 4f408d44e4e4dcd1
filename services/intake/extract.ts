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

export { extractLocation } from './place';

export function extractPostcode(text: string): string | undefined {
  const m = POSTCODE.exec(text);
  return m ? tidyPostcode(m[1]) : undefined;
}

export interface ExtractedDate {
  /** YYYY-MM-DD (Europe/London), the start of what was described; for a month alone, its last day (or today). */
  date: string;
  /** The words the date came from. */
  text: string;
  /** Set when only the month was named ("in April", "last month"): no day is known. */
  precision?: 'month';
}

const DAY_MS = 86_400_000;

/** "third time", "3rd call": counts of how often, never days of the month. */
const COUNTED = /\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))(?=\s+(?:time|times|occasion|attempt|call|visit)\b)/gi;
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

/** A past date described in plain words ("last Tuesday", "in March 2025", "three weeks ago"). */
export function extractDate(text: string, reference: Date): ExtractedDate | undefined {
  // Counts are blanked to the same length, so the parser's positions still point into `text`.
  const masked = text.replace(COUNTED, (w) => ' '.repeat(w.length));
  const results = chrono.en.GB.parse(masked, reference, { forwardDate: false });
  const today = londonDate(reference);
  for (const r of results) {
    const words = text.slice(r.index, r.index + r.text.trimEnd().length).replace(EDGE_PUNCTUATION, '');
    // "at 12" is a time of day, not a date: keep only parses that name a day, weekday, month or year.
    const namesADay = ['day', 'weekday', 'month', 'year'].some((c) => r.start.isCertain(c as chrono.Component));
    if (!namesADay && !/\b(ago|yesterday|today|tonight|last|this)\b/i.test(words)) continue;
    if (r.start.isCertain('weekday') && !r.start.isCertain('day')) {
      const date = pastWeekday(r.start.get('weekday')!, words, masked.slice(0, r.index), today);
      if (date) return { date, text: words };
      continue;
    }
    const monthOnly = (r.start.isCertain('month') && !r.start.isCertain('day') && !/\bago\b/i.test(words)) || MONTH_ONLY_WORDS.test(words);
    if (monthOnly) {
      let year = r.start.get('year')!;
      const month = r.start.get('month')!;
      // "in April" said in November is this April; "in December" said in November is last December.
      if (!r.start.isCertain('year')) year = Number(today.slice(0, 4)) - (isoDay(Number(today.slice(0, 4)), month, 1) > today ? 1 : 0);
      const first = isoDay(year, month, 1);
      if (first > today) continue; // a future month is not when it happened
      return { date: monthEnd(year, month, today), text: words, precision: 'month' };
    }
    let d = r.start.date();
    // "since January" said in November means last January, not the next one.
    if (d.getTime() > reference.getTime() + 36 * 3600_000 && !r.start.isCertain('year')) {
      d = new Date(d);
      d.setFullYear(d.getFullYear() - 1);
    }
    if (d.getTime() > reference.getTime() + 36 * 3600_000) continue; // a future date is not when it happened
    return { date: londonDate(d), text: words };
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
