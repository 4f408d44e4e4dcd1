/** Turning pack data and dates into the sentences residents read. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Contact, Signpost } from '../services/policy/packSchema';

/** A stored phone number (E.164) as residents write it: "07911 123456" for a UK number. */
export function phoneForDisplay(stored: string): string {
  const p = parsePhoneNumberFromString(stored);
  if (!p) return stored;
  return p.countryCallingCode === '44' ? p.formatNational() : p.formatInternational();
}

export function contactLine(c: Contact): string {
  const ways = [c.phone && `phone ${c.phone}`, c.email && `email ${c.email}`, c.url && c.url].filter(Boolean);
  return ways.length ? `${c.name}: ${ways.join(', ')}` : c.name;
}

export function signpostText(sp: Signpost): string {
  const contacts = [sp.contact, ...(sp.more ?? [])].map((c) => `• ${contactLine(c)}`);
  return `${sp.message}\n${contacts.join('\n')}`;
}
