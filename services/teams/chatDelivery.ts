/**
 * A staff message on its way to the resident's own chat, told truthfully and not given up on.
 *
 * It is "pending" until a channel accepted it. A message the chat could not take is tried again
 * with backoff by a scheduled job (services/scheduler: run by one instance, kept across restarts),
 * and at once when the resident is back in that conversation (their next message, or the bot's
 * own Direct Line reconnecting). Each try is claimed first with a unique insert
 * ("chat-try:<commandId>#<n>"), so however many instances and triggers race, each try runs once
 * and a delivered message is never sent again. After the last try it goes in writing (the
 * "staff message the chat cannot take" letter, whose id is fixed by the case event, so once) when
 * GOV.UK Notify is set up, or staff are told to contact the resident another way. Staff see where
 * it stands on the card, in the case's timeline and, when it changes after the press, in the thread.
 * Logs carry references and ids only.
 */
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { RelayOutcomeDoc, RelayState, relayOutcomeModel, TeamsClaimDoc, teamsClaimModel } from '../../models/teamsChannels';
import type { CaseService, RelayResult } from '../cases';
import type { CorrespondenceService } from '../correspondence';
import { recipientsFor } from '../correspondence/recipients';
import { isDuplicateKey } from '../database/duplicateKey';
import type { JobContext } from '../scheduler/scheduler';
import type { JobStore } from '../scheduler/jobStore';
import { londonDate } from '../workingDays/londonTime';
import type { DeliveryResult, ResidentRelay } from './relay';
import { deliveryLine } from '../cases/labels';
import { deliveryText } from './wording';

export const CHAT_RETRY_JOB = 'teams.chat-retry';
/** The waits after try 1, 2, 3 and 4 (1 min, 5 min, 30 min, 2 h): five tries over about 2½ hours, then in writing. */
export const CHAT_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
export const CHAT_MAX_TRIES = CHAT_RETRY_DELAYS_MS.length + 1;
/** A try claimed this long ago by an instance that never recorded it (it stopped mid-try) may be made again. */
const TRY_LEASE_MS = 60_000;
/** Messages waiting for one conversation tried at once when the resident is back. */
const BACK_BATCH = 20;
/**
 * Once no message was found waiting for any chat, residents coming back are not looked up for this
 * long (every resident turn would otherwise be a query, a scan of the collection on FerretDB). A
 * message this process leaves waiting ends it at once; one left waiting by another instance is
 * noticed within this time, and its scheduled retry comes anyway.
 */
const NONE_WAITING_RECHECK_MS = 10_000;

export interface ChatDeliveryState {
  seq: number;
  state: RelayState;
  reason: 'no_conversation' | 'unreachable' | null;
  tries: number;
  at: Date;
  deliveredAt: Date | null;
  nextTryAt: Date | null;
}

/** A stored outcome as it stands; those recorded before retries existed read from `delivered`. */
export function deliveryStateOf(doc: Pick<RelayOutcomeDoc, 'seq' | 'delivered' | 'reason' | 'at' | 'state' | 'tries' | 'deliveredAt' | 'nextTryAt'>): ChatDeliveryState {
  return {
    seq: doc.seq,
    state: doc.state ?? (doc.delivered ? 'delivered' : 'not_delivered'),
    reason: doc.reason ?? null,
    tries: doc.tries ?? 1,
    at: doc.at,
    deliveredAt: doc.deliveredAt ?? (doc.delivered ? doc.at : null),
    nextTryAt: doc.nextTryAt ?? null,
  };
}

/** The words for a state (card, timeline, thread); `writtenBy` is the channel of the letter that took it. */
export function deliveryLineOf(s: ChatDeliveryState, writtenBy?: string | null): string {
  return deliveryLine({ state: s.state, reason: s.reason, tries: s.tries, deliveredOn: s.deliveredAt ? londonDate(s.deliveredAt) : null }, writtenBy);
}

export interface ChatDeliveryDeps {
  connection: Connection;
  cases: CaseService;
  relay: ResidentRelay;
  jobs: JobStore;
  kick: () => void;
  /** Written correspondence: the last resort once the chat has been tried enough. */
  correspondence?: CorrespondenceService;
  /** Posts a notice in the case's thread once per key. */
  notice: (reference: string, key: string, text: string) => Promise<void>;
  refreshCard: (reference: string) => Promise<void>;
  logger: Logger;
  instanceId?: string;
  clock?: () => Date;
}

type Relay = RelayResult['relay'];

export class ChatDelivery {
  private readonly outcomes: Model<RelayOutcomeDoc>;
  private readonly claims: Model<TeamsClaimDoc>;
  private readonly clock: () => Date;
  private indexed?: Promise<unknown>;
  /** Until when (monotonic ms) nothing is known to wait for any chat; `waitingMarks` counts messages left waiting here since. */
  private noneWaitingUntil = 0;
  private waitingMarks = 0;

  constructor(private readonly deps: ChatDeliveryDeps) {
    this.outcomes = relayOutcomeModel(deps.connection);
    this.claims = teamsClaimModel(deps.connection);
    this.clock = deps.clock ?? (() => new Date());
  }

  private ensureIndexes(): Promise<unknown> {
    this.indexed ??= this.outcomes.createIndexes().catch((err) => {
      this.indexed = undefined;
      throw err;
    });
    return this.indexed;
  }

  /** The first try, when staff press Send (commandId: the messageResident command's). */
  async send(commandId: string, reference: string, seq: number, relay: Relay): Promise<ChatDeliveryState> {
    this.markWaiting();
    await this.ensureIndexes();
    const conversation = (relay.conversationReference as { conversation?: { id?: unknown } } | null)?.conversation?.id;
    const now = this.clock();
    try {
      await this.outcomes.create({
        _id: commandId,
        reference,
        seq,
        delivered: false,
        reason: null,
        at: now,
        state: 'pending',
        tries: 0,
        conversationId: typeof conversation === 'string' ? conversation : null,
        nextTryAt: now,
        deliveredAt: null,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return this.tryOnce(commandId, relay);
  }

  /** Send pressed again (Teams retried the invoke, or staff did): a message still waiting is tried now. */
  async replay(commandId: string): Promise<ChatDeliveryState | null> {
    const doc = await this.outcomes.findById(commandId).lean<RelayOutcomeDoc>().exec();
    if (!doc) return null;
    return deliveryStateOf(doc).state === 'pending' ? this.tryOnce(commandId) : deliveryStateOf(doc);
  }

  /** The resident is back in this conversation: what waits for them there is tried now. */
  async residentBack(conversationId: string): Promise<void> {
    if (performance.now() < this.noneWaitingUntil) return;
    await this.ensureIndexes();
    if (await this.noneWaiting()) return;
    const waiting = await this.outcomes.find({ conversationId, state: 'pending' }, { _id: 1 }).sort({ seq: 1 }).limit(BACK_BATCH).lean<Array<{ _id: string }>>().exec();
    for (const w of waiting) await this.tryOnce(w._id);
  }

  /** Whether no message waits for any chat, remembered for a while when so. */
  private async noneWaiting(): Promise<boolean> {
    const marks = this.waitingMarks;
    const checkedAt = performance.now();
    if (await this.outcomes.exists({ state: 'pending' }).exec()) return false;
    // A message left waiting while the query ran may not have been seen by it.
    if (marks === this.waitingMarks) this.noneWaitingUntil = checkedAt + NONE_WAITING_RECHECK_MS;
    return true;
  }

  /** A message is (or may be about to be) waiting: residents coming back are looked up again. */
  private markWaiting(): void {
    this.waitingMarks++;
    this.noneWaitingUntil = 0;
  }

  /** The scheduler's handler for a retry: try n, unless it has been made already (by the resident coming back). */
  async runJob(job: Pick<JobContext, 'data'>): Promise<void> {
    const commandId = String(job.data.commandId);
    const attempt = Number(job.data.attempt);
    const doc = await this.outcomes.findById(commandId).lean<RelayOutcomeDoc>().exec();
    if (!doc || deliveryStateOf(doc).state !== 'pending' || (doc.tries ?? 0) + 1 > attempt) return;
    await this.tryOnce(commandId);
  }

  async state(commandId: string): Promise<ChatDeliveryState | null> {
    const doc = await this.outcomes.findById(commandId).lean<RelayOutcomeDoc>().exec();
    return doc ? deliveryStateOf(doc) : null;
  }

  /** Claims try n of a message; a claim left by an instance that stopped mid-try is taken over after the lease. */
  private async claim(commandId: string, n: number): Promise<boolean> {
    const _id = `chat-try:${commandId}#${n}`;
    const now = this.clock();
    for (let round = 0; round < 2; round++) {
      try {
        await this.claims.create({ _id, by: this.deps.instanceId ?? String(process.pid), at: now });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (round === 0) await this.claims.deleteOne({ _id, at: { $lt: new Date(now.getTime() - TRY_LEASE_MS) } }).exec();
      }
    }
    return false;
  }

  /** What the message was and where the resident's chat is, read back from the case. */
  private async relayOf(doc: RelayOutcomeDoc): Promise<Relay | null> {
    const view = await this.deps.cases.getByReference(doc.reference);
    if (!view || view.anonymisedAt || !view.conversationReference) return null;
    const event = await this.deps.cases.store.event(doc.reference, doc.seq);
    const text = event?.command === 'messageResident' ? (event.details as { text?: unknown } | undefined)?.text : undefined;
    if (typeof text !== 'string' || !text) return null;
    return { text, conversationReference: view.conversationReference, channel: view.channel, preferredContact: view.resident.preferredContact };
  }

  private async tryOnce(commandId: string, known?: Relay): Promise<ChatDeliveryState> {
    const doc = await this.outcomes.findById(commandId).lean<RelayOutcomeDoc>().exec();
    if (!doc) throw new Error(`no delivery recorded for ${commandId}`);
    if (deliveryStateOf(doc).state !== 'pending') return deliveryStateOf(doc);
    const n = (doc.tries ?? 0) + 1;
    if (!(await this.claim(commandId, n))) return (await this.state(commandId)) ?? deliveryStateOf(doc);

    const relay = known ?? (await this.relayOf(doc));
    const result: DeliveryResult = relay ? await this.deps.relay.deliver(doc.reference, relay) : { delivered: false, reason: 'no_conversation' };
    const now = this.clock();
    let set: Partial<RelayOutcomeDoc>;
    let writtenBy: string | null = null;
    if (result.delivered) {
      set = { state: 'delivered', delivered: true, reason: null, tries: n, at: now, deliveredAt: now, nextTryAt: null };
    } else if (result.reason === 'no_conversation' || n >= CHAT_MAX_TRIES) {
      writtenBy = await this.writingChannel(doc.reference);
      set = { state: writtenBy ? 'in_writing' : 'not_delivered', delivered: false, reason: result.reason, tries: n, at: now, nextTryAt: null, writtenBy };
    } else {
      const nextTryAt = new Date(now.getTime() + CHAT_RETRY_DELAYS_MS[n - 1]);
      // The next try is scheduled before this one is recorded: a stop in between still leaves a job to run.
      await this.deps.jobs.schedule({ id: `${CHAT_RETRY_JOB}:${commandId}#${n + 1}`, name: CHAT_RETRY_JOB, runAt: nextTryAt, group: doc.reference, data: { commandId, attempt: n + 1 } }, now);
      set = { state: 'pending', delivered: false, reason: 'unreachable', tries: n, at: now, nextTryAt };
      this.markWaiting();
    }
    await this.outcomes.updateOne({ _id: commandId }, { $set: set }).exec();
    const state = deliveryStateOf({ ...doc, ...set });
    // In writing once: the letter's id is fixed by the case event. Also when nobody can be written to, so the case says why.
    if (set.state !== 'pending' && set.state !== 'delivered' && this.deps.correspondence?.configured) await this.deps.correspondence.staffMessage(doc.reference, doc.seq);
    this.deps.logger.info({ reference: doc.reference, seq: doc.seq, try: n, state: state.state }, 'teams: staff message to the resident\'s chat');
    if (n > 1) await this.tell(commandId, doc.reference, state, writtenBy);
    return state;
  }

  /** How the message would go in writing (the first person it is for who can be written to), or null. */
  private async writingChannel(reference: string): Promise<string | null> {
    if (!this.deps.correspondence?.configured) return null;
    const record = await this.deps.cases.store.load(reference);
    if (!record) return null;
    return recipientsFor(record, this.deps.cases.rules.pack, { copies: false }).find((r) => !!r.channel)?.channel ?? null;
  }

  /** After the press: the thread hears when it arrives or goes another way, and the card shows where it stands. */
  private async tell(commandId: string, reference: string, state: ChatDeliveryState, writtenBy: string | null): Promise<void> {
    if (state.state !== 'pending') {
      // The letter is written and sent by its own job; the card and the thread then say how it went.
      await this.deps.notice(reference, `${commandId}:${state.state}`, deliveryText.thread(reference, deliveryLineOf(state, writtenBy))).catch((err: Error) =>
        this.deps.logger.warn({ reference, err: err.message }, 'teams: could not post where a staff message stands in the thread'),
      );
    }
    await this.deps.refreshCard(reference).catch((err: Error) => this.deps.logger.warn({ reference, err: err.message }, 'teams: could not update the case card in its thread'));
  }
}
