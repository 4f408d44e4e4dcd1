/** Turning pack data and dates into the sentences residents read. */
import type { Contact, Signpost } from '../services/policy/packSchema';

export function contactLine(c: Contact): string {
  const ways = [c.phone && `phone ${c.phone}`, c.email && `email ${c.email}`, c.url && c.url].filter(Boolean);
  return ways.length ? `${c.name}: ${ways.join(', ')}` : c.name;
}

export function signpostText(sp: Signpost): string {
  const contacts = [sp.contact, ...(sp.more ?? [])].map((c) => `• ${contactLine(c)}`);
  return `${sp.message}\n${contacts.join('\n')}`;
}

/** "Monday 30 November 2026" for an ISO date. */
export function longDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(`${iso}T12:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(d);
}
