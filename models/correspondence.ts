/**
 * Written correspondence with the people a case is about: one document per message per
 * recipient, keyed by the case event that caused it ("<reference>#<seq>#<recipient>"), so a
 * retried command, a second instance or a restart finds the message already there and sends it
 * once. It is part of the case record (the timeline and the subject access export include it)
 * and holds personal data (the address written to, the text), which anonymisation removes.
 */
import { Connection, Model, Schema } from 'mongoose';

export const LETTER_KINDS = [
  'receipt',
  'acknowledgement',
  'extension',
  'stage1_response',
  'stage2_escalation',
  'stage2_acknowledgement',
  'stage2_response',
  'service_request_received',
  'service_request_outcome',
  'compliment_thanks',
  'comment_reply',
  'closure',
  'staff_message',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const RECIPIENT_ROLES = ['resident', 'representative', 'councillor'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export const DELIVERY_CHANNELS = ['email', 'sms', 'letter'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * queued: to be sent; sending: handed to Notify, answer not yet recorded (a crash here is
 * resolved by asking Notify for the message's reference before sending again); sent: Notify took
 * it; delivered / failed: from Notify's delivery receipt; not_sent: it will not be sent, and
 * `reason` says why (and what staff should do); held: waiting for something (written authorisation).
 */
export const LETTER_STATES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'not_sent', 'held'] as const;
export type LetterState = (typeof LETTER_STATES)[number];

/** Why a message was not sent or failed, in words staff act on (see services/correspondence/wording.ts). */
export const NOT_SENT_REASONS = [
  'not_configured',
  'no_template',
  'anonymous',
  'no_contact',
  'phone_instead_of_writing',
  'awaiting_authorisation',
  'no_consent',
  'rejected',
  'gave_up',
  'erased',
] as const;
export type NotSentReason = (typeof NOT_SENT_REASONS)[number];

export interface LetterDoc {
  _id: string;
  caseId: string;
  /** The timeline event this message answers. */
  seq: number;
  kind: LetterKind;
  recipient: RecipientRole;
  channel: DeliveryChannel | null;
  /** The email address, phone number or first address line written to (personal data). */
  to: string | null;
  largePrint: boolean;
  subject: string;
  body: string;
  state: LetterState;
  reason: NotSentReason | null;
  /** Notify's own words when it refused or failed the message (never the message itself). */
  error: string | null;
  notifyId: string | null;
  /** Notify's status as its receipts last reported it (delivered, permanent-failure, ...). */
  notifyStatus: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  updatedAt: Date;
  history: Array<{ at: Date; state: LetterState; status: string | null }>;
}

const schema = new Schema<LetterDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    seq: Number,
    kind: String,
    recipient: String,
    channel: String,
    to: String,
    largePrint: Boolean,
    subject: String,
    body: String,
    state: String,
    reason: String,
    error: String,
    notifyId: String,
    notifyStatus: String,
    attempts: Number,
    createdAt: Date,
    sentAt: Date,
    updatedAt: Date,
    history: Schema.Types.Mixed,
  },
  { collection: 'correspondence', versionKey: false, autoIndex: false, minimize: false },
);
schema.index({ caseId: 1, createdAt: 1 });
schema.index({ notifyId: 1 });

export const letterId = (reference: string, seq: number, recipient: RecipientRole) => `${reference}#${String(seq).padStart(6, '0')}#${recipient}`;

export function letterModel(connection: Connection): Model<LetterDoc> {
  return (connection.models.Letter as Model<LetterDoc>) ?? connection.model<LetterDoc>('Letter', schema);
}
