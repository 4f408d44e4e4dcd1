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
