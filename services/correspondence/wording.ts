/**
 * How staff see a message on the card, the timeline and in the case thread: what, how, and what to do.
 * Domain wording (the case service's timeline uses it), so it depends on nothing in services/teams.
 */
import type { LetterDoc, LetterKind, NotSentReason, RecipientRole } from '../../models/correspondence';
import { readableDate } from '../workingDays/isoDate';
import { londonDate } from '../workingDays/londonTime';

export const LETTER_NAME: Record<LetterKind, string> = {
  receipt: 'Receipt',
  acknowledgement: 'Acknowledgement',
  extension: 'Extension notice',
  stage1_response: 'Stage 1 response',
  stage2_escalation: 'Stage 2 review started',
  stage2_acknowledgement: 'Stage 2 acknowledgement',
  stage2_response: 'Stage 2 final response',
  service_request_received: 'Report passed on',
  service_request_outcome: 'Report outcome',
  compliment_thanks: 'Thanks for the compliment',
  comment_reply: 'Reply to the comment',
  closure: 'Closure notice',
  staff_message: 'Staff message',
};

const SENT_VERB = { email: 'emailed', sms: 'texted', letter: 'posted' } as const;
const TO: Record<RecipientRole, string> = { resident: '', representative: ' to the representative', councillor: ' to the councillor' };

export const NOT_SENT_TEXT: Record<NotSentReason, string> = {
  not_configured: 'not sent: written correspondence is not set up (NOTIFY_API_KEY)',
  no_template: 'not sent: no GOV.UK Notify template is set up for this way of writing',
  anonymous: 'not sent: the case is anonymous',
  no_contact: 'not sent: no address, email or phone number to write to. Contact them another way',
  phone_instead_of_writing: 'not sent: they asked for a phone call instead of writing. Phone them',
  awaiting_authorisation: 'held: waiting for the written authorisation to act for the resident',
  no_consent: 'not sent: the resident has not agreed to the representative acting for them',
  rejected: 'not sent: GOV.UK Notify refused it',
  gave_up: 'not sent: GOV.UK Notify could not be reached. Send it another way',
  erased: 'removed with the personal details',
};

const STATUS_TEXT: Record<string, string> = {
  created: 'sent to GOV.UK Notify',
  sending: 'on its way',
  delivered: 'delivered',
  accepted: 'accepted for printing',
  received: 'with the post office',
  'permanent-failure': 'failed (permanent failure). Contact them another way',
  'temporary-failure': 'failed (their inbox or phone was unavailable). Try again or contact them another way',
  'technical-failure': 'failed (a technical failure at GOV.UK Notify)',
  'validation-failed': 'failed (GOV.UK Notify could not print it: check the address)',
  cancelled: 'cancelled',
};

/** "Acknowledgement emailed 3 Dec 2026: delivered" / "Extension notice: not sent: …". */
export function letterLine(l: Pick<LetterDoc, 'kind' | 'recipient' | 'channel' | 'state' | 'reason' | 'notifyStatus' | 'sentAt' | 'createdAt' | 'error'>): string {
  const name = LETTER_NAME[l.kind];
  if (l.state === 'not_sent' || l.state === 'held') {
    const why = NOT_SENT_TEXT[l.reason ?? 'gave_up'];
    return `${name}${TO[l.recipient]}: ${why}${l.reason === 'rejected' && l.error ? ` (${l.error})` : ''}`;
  }
  if (!l.channel) return `${name}${TO[l.recipient]}: waiting to be sent`;
  const when = readableDate(londonDate(l.sentAt ?? l.createdAt));
  if (l.state === 'queued' || l.state === 'sending') return `${name} to be ${SENT_VERB[l.channel]}${TO[l.recipient]}: waiting for GOV.UK Notify`;
  const status = STATUS_TEXT[l.notifyStatus ?? 'created'] ?? l.notifyStatus ?? 'sent';
  return `${name} ${SENT_VERB[l.channel]}${TO[l.recipient]} ${when}: ${status}`;
}

/** Posted in the case thread when a message will not arrive. */
export const problemText = (reference: string, l: Parameters<typeof letterLine>[0]) => `**${reference}**: ${letterLine(l)}.`;
