/**
 * Look-up keys for the people a case is about: the resident's surname for staff search, and
 * normalised emails and phone numbers (resident and representative) for subject access requests.
 */
export function surnameOf(name: string | undefined): string | null {
  const words = (name ?? '').toLowerCase().replace(/[^\p{L}\p{M}' -]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  return words.at(-1) ?? null;
}

/** UK numbers compare in national form: "+44 116 454 1000" and "0116 4541000" are the same phone. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+44')) return `0${digits.slice(3)}`;
  if (digits.startsWith('0044')) return `0${digits.slice(4)}`;
  return digits.replace(/^\+/, '');
}

export const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const phoneKey = (phone: string) => `phone:${normalisePhone(phone)}`;

export function subjectKeys(...people: Array<{ email?: string; phone?: string } | null | undefined>): string[] {
  const keys = new Set<string>();
  for (const p of people) {
    if (p?.email) keys.add(emailKey(p.email));
    if (p?.phone) keys.add(phoneKey(p.phone));
  }
  return [...keys];
}
