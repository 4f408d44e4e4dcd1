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
  /** YYYY-MM-DD (Europe/London), the start of what was described. */
  date: string;
  /** The words the date came from. */
  text: string;
}


/** A past date described in plain words ("last Tuesday", "in March 2025", "three weeks ago"). */
export function extractDate(text: string, reference: Date): ExtractedDate | undefined {
  const results = chrono.en.GB.parse(text, reference, { forwardDate: false });
  for (const r of results) {
    // "at 12" is a time of day, not a date: keep only parses that name a day, weekday, month or year.
    const namesADay = ['day', 'weekday', 'month', 'year'].some((c) => r.start.isCertain(c as chrono.Component));
    if (!namesADay && !/\b(ago|yesterday|today|tonight|last|this)\b/i.test(r.text)) continue;
    let d = r.start.date();
    // "since January" said in November means last January, not the next one.
    if (d.getTime() > reference.getTime() + 36 * 3600_000 && !r.start.isCertain('year')) {
      d = new Date(d);
      d.setFullYear(d.getFullYear() - 1);
    }
    if (d.getTime() > reference.getTime() + 36 * 3600_000) continue; // a future date is not when it happened
    return { date: londonDate(d), text: r.text };
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
