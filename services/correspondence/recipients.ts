/**
 * Who a case's letters go to, and how: the resident by the way they chose; a representative
 * once their consent is recorded (and, where the pack requires it, the written authorisation has
 * arrived); nobody for an anonymous case. A way of contact that cannot be written to ("phone
 * instead of writing", no address) becomes a task for staff, never a silent skip.
 */
import type { CaseRecord } from '../../models/caseRecord';
import type { DeliveryChannel, NotSentReason, RecipientRole } from '../../models/correspondence';
import type { PolicyPack } from '../policy/packSchema';

export type Recipient =
  | { role: RecipientRole; name: string | null; channel: DeliveryChannel; to: string; largePrint: boolean; addressLines: string[] | null }
  | { role: RecipientRole; name: string | null; channel: null; held: boolean; reason: NotSentReason };

/** Notify letters: 3 to 7 address lines, the last a postcode. The first is the addressee's name. */
export function addressLines(name: string | null | undefined, address: string | null | undefined, postcode: string | null | undefined): string[] | null {
  if (!address) return null;
  const pc = postcode?.trim().toUpperCase() ?? '';
  const parts = address
    .split(/[\n,]+/)
    .map((p) => p.trim())
    .filter((p) => p && p.replace(/\s/g, '').toUpperCase() !== pc.replace(/\s/g, ''));
  if (!pc) return null;
  const lines = [name?.trim() || 'The occupier', ...parts];
  // Fold the middle lines together when there are too many, so the postcode stays last.
  while (lines.length > 6) lines.splice(lines.length - 2, 2, `${lines[lines.length - 2]}, ${lines[lines.length - 1]}`);
  lines.push(pc);
  return lines.length >= 3 ? lines : null;
}

function residentRecipient(r: CaseRecord): Recipient | null {
  const who = r.resident;
  const name = who.name ?? null;
  const largePrint = r.adjustments.includes('large_print');
  if (r.adjustments.includes('phone_instead_of_writing')) return { role: 'resident', name, channel: null, held: false, reason: 'phone_instead_of_writing' };
  const byEmail = () => (who.email ? ({ role: 'resident', name, channel: 'email', to: who.email, largePrint, addressLines: null } as const) : null);
  const bySms = () => (who.phone ? ({ role: 'resident', name, channel: 'sms', to: who.phone, largePrint, addressLines: null } as const) : null);
  const byPost = () => {
    const lines = addressLines(name, who.address, who.postcode);
    return lines ? ({ role: 'resident', name, channel: 'letter', to: lines[1], largePrint, addressLines: lines } as const) : null;
  };
  const order =
    r.adjustments.includes('email_only') ? [byEmail]
    : who.preferredContact === 'email' ? [byEmail, bySms, byPost]
    : who.preferredContact === 'phone' ? [bySms, byEmail, byPost]
    : who.preferredContact === 'post' ? [byPost, byEmail, bySms]
    : [];
  if (order.length === 0) return null; // they asked for no reply (or gave no way to reach them)
  for (const way of order) {
    const found = way();
    if (found) return found;
  }
  return { role: 'resident', name, channel: null, held: false, reason: 'no_contact' };
}

function representativeRecipient(r: CaseRecord, pack: PolicyPack): Recipient | null {
  const rep = r.representative;
  if (!rep) return null;
  const name = rep.name && rep.name !== 'Not given' ? rep.name : null;
  if (!rep.consentConfirmed) return { role: 'representative', name, channel: null, held: false, reason: 'no_consent' };
  if (rep.authorisation === 'pending' && pack.representatives.writtenAuthorisationRequired) {
    return { role: 'representative', name, channel: null, held: true, reason: 'awaiting_authorisation' };
  }
  if (rep.email) return { role: 'representative', name, channel: 'email', to: rep.email, largePrint: false, addressLines: null };
  if (rep.phone) return { role: 'representative', name, channel: 'sms', to: rep.phone, largePrint: false, addressLines: null };
  return { role: 'representative', name, channel: null, held: false, reason: 'no_contact' };
}

function councillorRecipient(r: CaseRecord, pack: PolicyPack): Recipient | null {
  const c = r.councillorCopy;
  if (!c || !pack.correspondence?.councillorCopies) return null;
  return { role: 'councillor', name: c.name, channel: 'email', to: c.email, largePrint: false, addressLines: null };
}

/** Who a letter goes to. A staff message is for the resident (or their representative), not a councillor's copy. */
export function recipientsFor(r: CaseRecord, pack: PolicyPack, opts: { copies?: boolean } = {}): Recipient[] {
  if (r.anonymous) return [{ role: 'resident', name: null, channel: null, held: false, reason: 'anonymous' }];
  if (r.anonymisedAt) return [];
  return [residentRecipient(r), representativeRecipient(r, pack), opts.copies === false ? null : councillorRecipient(r, pack)].filter((x): x is Recipient => x !== null);
}
