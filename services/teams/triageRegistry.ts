/**
 * The council's triage channel in Teams and the thread each case has in it, in MongoDB.
 *  - Installing the app in a team records a triage channel only if there is none yet (an insert);
 *    `setup` in a channel always makes that channel the triage channel.
 *  - A case's thread is claimed by inserting its document before the card is posted, so a case
 *    is posted once however often caseOpened is called; a failed post gives the claim back.
 */
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import {
  CaseThreadDoc,
  caseThreadModel,
  RelayOutcomeDoc,
  relayOutcomeModel,
  TriageChannelDoc,
  triageChannelModel,
} from '../../models/teamsChannels';
import { isDuplicateKey } from '../database/duplicateKey';


/** The parts of a Bot Framework ConversationReference the bot needs to reach a conversation again. */
export const StoredReference = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id: z.string().min(1), tenantId: z.string().optional(), conversationType: z.string().optional(), isGroup: z.boolean().optional() }),
  bot: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  user: z.looseObject({ id: z.string() }).optional(),
  activityId: z.string().optional(),
  locale: z.string().optional(),
});
export type StoredReference = z.infer<typeof StoredReference>;

export interface TriageChannel {
  tenantId: string | null;
  teamId: string | null;
  channelId: string;
  reference: StoredReference;
  source: 'install' | 'setup';
}

export interface CaseThread {
  channelId: string;
  reference: StoredReference;
  rootActivityId: string;
}

export interface RelayOutcome {
  seq: number;
  delivered: boolean;
  reason: 'no_conversation' | 'unreachable' | null;
  at: Date;
  /** Where it stands, once retries exist (services/teams/chatDelivery.ts). */
  state?: RelayOutcomeDoc['state'];
  tries?: number;
  deliveredAt?: Date | null;
  nextTryAt?: Date | null;
  writtenBy?: string | null;
}

const outcomeOf = (doc: RelayOutcomeDoc): RelayOutcome => ({
  seq: doc.seq,
  delivered: doc.delivered,
  reason: doc.reason ?? null,
  at: doc.at,
  state: doc.state,
  tries: doc.tries,
  deliveredAt: doc.deliveredAt,
  nextTryAt: doc.nextTryAt,
  writtenBy: doc.writtenBy,
});

const STALE_CLAIM_MS = 5 * 60_000;

const parseReference = (json: string): StoredReference => StoredReference.parse(JSON.parse(json));

export class TriageRegistry {
  private readonly channels: Model<TriageChannelDoc>;
  private readonly threads: Model<CaseThreadDoc>;
  private readonly relays: Model<RelayOutcomeDoc>;

  constructor(
    connection: Connection,
    private readonly council: string,
  ) {
    this.channels = triageChannelModel(connection);
    this.threads = caseThreadModel(connection);
    this.relays = relayOutcomeModel(connection);
  }

  async triageChannel(): Promise<TriageChannel | null> {
    const doc = await this.channels.findById(this.council).lean<TriageChannelDoc>().exec();
    if (!doc) return null;
    return { tenantId: doc.tenantId ?? null, teamId: doc.teamId ?? null, channelId: doc.channelId, reference: parseReference(doc.conversationReference), source: doc.source };
  }

  /** At installation: the first team's channel becomes the triage channel; later installs change nothing. */
  async recordInstall(channel: Omit<TriageChannel, 'source'>): Promise<boolean> {
    try {
      await this.channels.create(this.doc(channel, 'install', null));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** `setup`: this channel is the triage channel from now on. */
  async setTriageChannel(channel: Omit<TriageChannel, 'source'>, setBy: string): Promise<void> {
    await this.channels.replaceOne({ _id: this.council }, this.doc(channel, 'setup', setBy), { upsert: true }).exec();
  }

  private doc(channel: Omit<TriageChannel, 'source'>, source: TriageChannel['source'], setBy: string | null): TriageChannelDoc {
    return {
      _id: this.council,
      tenantId: channel.tenantId,
      teamId: channel.teamId,
      channelId: channel.channelId,
      conversationReference: JSON.stringify(StoredReference.parse(channel.reference)),
      source,
      setBy,
      setAt: new Date(),
    };
  }

  /** Claims the right to post a case's thread; false when it is posted (or being posted) already. */
  async claimThread(reference: string, channelId: string): Promise<boolean> {
    // A claim left by a process that stopped mid-post is given up after a while, so the case still gets posted.
    await this.threads.deleteOne({ _id: reference, state: 'posting', claimedAt: { $lt: new Date(Date.now() - STALE_CLAIM_MS) } }).exec();
    try {
      await this.threads.create({ _id: reference, council: this.council, state: 'posting', channelId, conversationReference: null, rootActivityId: null, claimedAt: new Date(), postedAt: null });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async releaseThread(reference: string): Promise<void> {
    await this.threads.deleteOne({ _id: reference, state: 'posting' }).exec();
  }

  async threadPosted(reference: string, thread: CaseThread): Promise<void> {
    await this.threads
      .updateOne(
        { _id: reference },
        { $set: { state: 'posted', channelId: thread.channelId, conversationReference: JSON.stringify(thread.reference), rootActivityId: thread.rootActivityId, postedAt: new Date() } },
      )
      .exec();
  }

  async thread(reference: string): Promise<CaseThread | null> {
    const doc = await this.threads.findById(reference).lean<CaseThreadDoc>().exec();
    if (!doc || doc.state !== 'posted' || !doc.conversationReference || !doc.rootActivityId) return null;
    return { channelId: doc.channelId, reference: parseReference(doc.conversationReference), rootActivityId: doc.rootActivityId };
  }

  /** Records a delivery once per command; a retry keeps the first outcome. */
  async recordRelay(commandId: string, reference: string, outcome: Omit<RelayOutcome, 'at'>): Promise<RelayOutcome> {
    const doc: RelayOutcomeDoc = { _id: commandId, reference, seq: outcome.seq, delivered: outcome.delivered, reason: outcome.reason, at: new Date() };
    try {
      await this.relays.create(doc);
      return { ...outcome, at: doc.at };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.relayFor(commandId)) ?? { ...outcome, at: doc.at };
    }
  }

  /** A message that did not arrive the first time reached the chat on a later try. */
  async relayDelivered(commandId: string): Promise<RelayOutcome | null> {
    await this.relays.updateOne({ _id: commandId }, { $set: { delivered: true, reason: null, at: new Date() } }).exec();
    return this.relayFor(commandId);
  }

  async relayFor(commandId: string): Promise<RelayOutcome | null> {
    const doc = await this.relays.findById(commandId).lean<RelayOutcomeDoc>().exec();
    return doc ? outcomeOf(doc) : null;
  }

  async lastRelay(reference: string): Promise<RelayOutcome | null> {
    const doc = await this.relays.findOne({ reference }).sort({ seq: -1 }).lean<RelayOutcomeDoc>().exec();
    return doc ? outcomeOf(doc) : null;
  }
}
