/**
 * Where the bot talks to staff in Teams: the council's triage channel, one thread per case in it,
 * and what happened when staff messaged a resident. Conversation references are kept as JSON text
 * (as on cases) so their keys can never clash with MongoDB's field rules.
 *
 * FerretDB 1.x has no compare-and-set updates, so anything that must happen once (posting a case's
 * thread, the first manager in local mode) is decided by inserting a document with a unique _id.
 */
import { Connection, Model, Schema } from 'mongoose';

export interface TriageChannelDoc {
  /** The council (policy pack id): one triage channel per council. */
  _id: string;
  tenantId: string | null;
  teamId: string | null;
  channelId: string;
  /** Bot Framework ConversationReference of the channel, as JSON. */
  conversationReference: string;
  source: 'install' | 'setup';
  /** Entra object id of whoever ran setup; null when recorded at installation. */
  setBy: string | null;
  setAt: Date;
}

export interface CaseThreadDoc {
  /** The case reference. */
  _id: string;
  council: string;
  /** 'posting' while the first card is on its way; a failed post removes the claim. */
  state: 'posting' | 'posted';
  channelId: string;
  /** ConversationReference of the thread (conversation id "<channel>;messageid=<root>"), as JSON. */
  conversationReference: string | null;
  /** The id of the case card that starts the thread (updated as the case changes). */
  rootActivityId: string | null;
  claimedAt: Date;
  postedAt: Date | null;
}

export interface RelayOutcomeDoc {
  /** The commandId of the messageResident command, so a retried card action finds the first delivery. */
  _id: string;
  reference: string;
  seq: number;
  delivered: boolean;
  /** Why not delivered: no chat to reply to, or the chat could not be reached. */
  reason: 'no_conversation' | 'unreachable' | null;
  at: Date;
  /**
   * Where it stands (services/teams/chatDelivery.ts): waiting for the chat and retried, delivered,
   * sent in writing instead, or given up (contact them another way). Absent on outcomes recorded
   * before retries existed: read from `delivered`.
   */
  state?: RelayState;
  /** Tries made to reach the chat so far. */
  tries?: number;
  /** The resident's conversation, so their coming back to it delivers what waits for them. */
  conversationId?: string | null;
  nextTryAt?: Date | null;
  deliveredAt?: Date | null;
  /** The channel of the letter that took it instead (email, sms, letter). */
  writtenBy?: string | null;
}

export const RELAY_STATES = ['pending', 'delivered', 'in_writing', 'not_delivered'] as const;
export type RelayState = (typeof RELAY_STATES)[number];

export interface TeamsClaimDoc {
  _id: string;
  by: string;
  at: Date;
}

const triageSchema = new Schema<TriageChannelDoc>(
  {
    _id: { type: String, required: true },
    tenantId: String,
    teamId: String,
    channelId: { type: String, required: true },
    conversationReference: { type: String, required: true },
    source: String,
    setBy: String,
    setAt: Date,
  },
  { collection: 'teams_triage_channels', versionKey: false, autoIndex: false, strict: 'throw' },
);

const threadSchema = new Schema<CaseThreadDoc>(
  {
    _id: { type: String, required: true },
    council: String,
    state: String,
    channelId: String,
    conversationReference: String,
    rootActivityId: String,
    claimedAt: Date,
    postedAt: Date,
  },
  { collection: 'teams_case_threads', versionKey: false, autoIndex: false, strict: 'throw' },
);

const relaySchema = new Schema<RelayOutcomeDoc>(
  {
    _id: { type: String, required: true },
    reference: { type: String, required: true },
    seq: Number,
    delivered: Boolean,
    reason: String,
    at: Date,
    state: String,
    tries: Number,
    conversationId: String,
    nextTryAt: Date,
    deliveredAt: Date,
    writtenBy: String,
  },
  { collection: 'teams_relay_outcomes', versionKey: false, autoIndex: false, strict: 'throw' },
);
relaySchema.index({ reference: 1, seq: -1 });
relaySchema.index({ conversationId: 1, state: 1 });

const claimSchema = new Schema<TeamsClaimDoc>(
  { _id: { type: String, required: true }, by: String, at: Date },
  { collection: 'teams_claims', versionKey: false, autoIndex: false, strict: 'throw' },
);

const model = <T>(connection: Connection, name: string, schema: Schema<T>): Model<T> =>
  (connection.models[name] as Model<T>) ?? connection.model<T>(name, schema);

export const triageChannelModel = (c: Connection) => model<TriageChannelDoc>(c, 'TeamsTriageChannel', triageSchema);
export const caseThreadModel = (c: Connection) => model<CaseThreadDoc>(c, 'TeamsCaseThread', threadSchema);
export const relayOutcomeModel = (c: Connection) => model<RelayOutcomeDoc>(c, 'TeamsRelayOutcome', relaySchema);
export const teamsClaimModel = (c: Connection) => model<TeamsClaimDoc>(c, 'TeamsClaim', claimSchema);
