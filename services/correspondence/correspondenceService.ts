/**
 * Written correspondence: each case event that the Codes or the pack say must be put in writing
 * becomes one job ("<reference>#<seq>"), run by the scheduler in the background, which writes one
 * message per recipient (models/correspondence.ts) and sends it through GOV.UK Notify.
 *
 * Sent once: the message's id is fixed by the case event and recipient, and Notify keeps it as the
 * notification's `reference`. A message found "sending" (the process stopped between handing it to
 * Notify and recording the answer) is looked up at Notify before it is sent again.
 * Nothing lost: 429 and 5xx are retried with backoff in the job, then by the scheduler; a refusal
 * (400, 403) is not retried and is shown to staff; without Notify the message is kept as "not sent".
 */
import type { Connection, Model } from 'mongoose';
import pino, { Logger } from 'pino';
import type { CaseRecord } from '../../models/caseRecord';
import { LetterDoc, LetterKind, LetterState, letterId, letterModel, NotSentReason } from '../../models/correspondence';
import type { TimelineEventDoc } from '../../models/timelineEvent';
import { isDuplicateKey } from '../database/duplicateKey';
import type { PolicyPack } from '../policy/packSchema';
import type { CaseStore } from '../cases/caseStore';
import type { JobContext } from '../scheduler/scheduler';
import type { JobStore } from '../scheduler/jobStore';
import { NotifyGateway, NotifyRejected, NotifyUnavailable, SMS_MAX_CHARS } from './notifyGateway';
import { compose, letterKindFor } from './plan';
import { Recipient, recipientsFor } from './recipients';

export const SEND_CORRESPONDENCE_JOB = 'correspondence.send';

/** What the staff side is told when a message's state changes (to refresh the card, to warn staff). */
export interface CorrespondenceEvents {
  changed(reference: string): Promise<void>;
  /** A message that will not arrive: posted in the case's thread for someone to act on. */
  problem(reference: string, letter: LetterDoc): Promise<void>;
}

export interface CorrespondenceOptions {
  connection: Connection;
  cases: CaseStore;
  pack: PolicyPack;
  jobs: JobStore;
  /** Runs due jobs now (the scheduler's kick). */
  kick?: () => void;
  /** Null when NOTIFY_API_KEY is not set: messages are kept as "not sent". */
  gateway: NotifyGateway | null;
  events?: CorrespondenceEvents;
  clock?: () => Date;
  logger?: Logger;
  /** The satisfaction survey's link for a closing letter, or null (services/survey: only when the chat could not take it). */
  surveyLink?: (record: CaseRecord) => Promise<string | null>;
  /** Waits between the in-job retries of a 429 or 5xx (default 1 s, 2 s, 4 s). */
  retryBaseMs?: number;
  inJobRetries?: number;
}

/** Notify's receipt statuses that end a message's journey. */
const DELIVERED = new Set(['delivered', 'received', 'accepted']);
const FAILED = new Set(['permanent-failure', 'temporary-failure', 'technical-failure', 'validation-failed', 'virus-scan-failed', 'cancelled']);
/** States a message does not leave by sending (a receipt may still move sent to delivered/failed). */
const SETTLED: ReadonlySet<LetterState> = new Set(['sent', 'delivered', 'failed', 'not_sent']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CorrespondenceService {
  readonly letters: Model<LetterDoc>;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private indexed?: Promise<unknown>;

  constructor(private readonly opts: CorrespondenceOptions) {
    this.letters = letterModel(opts.connection);
    this.clock = opts.clock ?? (() => new Date());
    this.logger = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'correspondence' });
  }

  get configured(): boolean {
    return !!this.opts.gateway;
  }

  ensureIndexes(): Promise<unknown> {
    this.indexed ??= this.letters.createIndexes().catch((err) => {
      this.indexed = undefined;
      throw err;
    });
    return this.indexed;
  }

  /** Called after every case event: queues the message it calls for, if any (one insert). */
  async caseEvent(event: Pick<TimelineEventDoc, 'caseId' | 'seq' | 'command' | 'details'>, after: CaseRecord): Promise<void> {
    const kind = letterKindFor(event, after, this.opts.pack);
    if (kind) await this.queue(event.caseId, event.seq, kind);
    if (event.command === 'recordAuthorisation') {
      // Letters held for the written authorisation go now, each under its own event.
      const held = await this.letters.find({ caseId: event.caseId, state: 'held' }).lean<LetterDoc[]>().exec();
      for (const l of held) await this.queue(event.caseId, l.seq, l.kind, `released-${event.seq}`);
    }
  }

  /** A staff message that could not reach the resident's chat goes in writing instead. */
  async staffMessage(reference: string, seq: number): Promise<void> {
    await this.queue(reference, seq, 'staff_message');
  }

  private async queue(reference: string, seq: number, kind: LetterKind, again?: string): Promise<void> {
    const now = this.clock();
    await this.opts.jobs.schedule({ id: `${SEND_CORRESPONDENCE_JOB}:${reference}#${seq}${again ? `:${again}` : ''}`, name: SEND_CORRESPONDENCE_JOB, runAt: now, group: reference, data: { reference, seq, kind } }, now);
    this.opts.kick?.();
  }

  /** The scheduler's handler: writes and sends the messages for one case event. Throws to be retried later. */
  async run(job: Pick<JobContext, 'data' | 'attempt'>, lastAttempt: boolean): Promise<void> {
    const reference = String(job.data.reference);
    const seq = Number(job.data.seq);
    const kind = String(job.data.kind) as LetterKind;
    await this.ensureIndexes();
    const [record, event] = await Promise.all([this.opts.cases.load(reference), this.opts.cases.event(reference, seq)]);
    if (!record || !event) return; // the case is gone (never opened, or erased): nothing to write
    let retryLater: Error | null = null;
    for (const recipient of recipientsFor(record, this.opts.pack, { copies: kind !== 'staff_message' })) {
      try {
        await this.deliver(record, event, kind, recipient, lastAttempt);
      } catch (err) {
        if (!(err instanceof NotifyUnavailable)) throw err;
        retryLater = err;
      }
    }
    await this.opts.events?.changed(reference).catch((err: Error) => this.logger.warn({ reference, err: err.message }, 'could not refresh the case card'));
    if (retryLater) throw retryLater;
  }

  private async deliver(record: CaseRecord, event: TimelineEventDoc, kind: LetterKind, recipient: Recipient, lastAttempt: boolean): Promise<void> {
    const id = letterId(record._id, event.seq, recipient.role);
    let letter = await this.letters.findById(id).lean<LetterDoc>().exec();
    if (!letter) letter = await this.write(id, record, event, kind, recipient);
    if (SETTLED.has(letter.state)) return;
    if (letter.state === 'held') {
      if (!recipient.channel) return;
      // What held it (the written authorisation) has arrived: address it now and send.
      await this.letters.updateOne({ _id: id }, { $set: { channel: recipient.channel, to: recipient.to, largePrint: recipient.largePrint, reason: null } }).exec();
      Object.assign(letter, { channel: recipient.channel, to: recipient.to, largePrint: recipient.largePrint, reason: null });
      await this.mark(letter, 'queued');
    }
    const gateway = this.opts.gateway;
    if (!gateway) return this.settle(letter, 'not_sent', { reason: 'not_configured' });
    if (!recipient.channel) return;
    if (!gateway.templateFor(recipient.channel, recipient.largePrint)) return this.settle(letter, 'not_sent', { reason: 'no_template' });

    if (letter.state === 'sending') {
      // A send whose answer was never recorded: Notify may have it already.
      const known = await gateway.findByReference(id);
      if (known) return this.settle(letter, 'sent', { notifyId: known.id, status: known.status });
    }
    await this.mark(letter, 'sending');
    const retries = this.opts.inJobRetries ?? 3;
    let answered = true; // every failure so far was an error answer, so Notify holds nothing
    for (let attempt = 0; ; attempt++) {
      try {
        const { id: notifyId } = await gateway.send({
          channel: recipient.channel,
          to: recipient.to,
          addressLines: recipient.addressLines,
          largePrint: recipient.largePrint,
          subject: letter.subject,
          body: letter.body,
          reference: id,
        });
        this.logger.info({ reference: record._id, letter: id, kind, channel: recipient.channel, notifyId }, 'correspondence sent');
        return this.settle(letter, 'sent', { notifyId, status: 'created' });
      } catch (err) {
        if (err instanceof NotifyRejected) {
          this.logger.warn({ reference: record._id, letter: id, status: err.status, err: err.detail }, 'Notify refused a message');
          await this.settle(letter, 'not_sent', { reason: 'rejected', error: err.detail });
          return this.problem(record._id, id);
        }
        if (!(err instanceof NotifyUnavailable)) throw err;
        if (err.status === null) answered = false;
        if (attempt >= retries) {
          this.logger.warn({ reference: record._id, letter: id, status: err.status, lastAttempt }, 'Notify unavailable; will try again later');
          if (lastAttempt) {
            await this.settle(letter, 'not_sent', { reason: 'gave_up', error: err.message });
            return this.problem(record._id, id);
          }
          // Left "sending" when a request went unanswered, so the next run asks Notify first.
          if (answered) await this.mark(letter, 'queued');
          throw err;
        }
        await sleep((this.opts.retryBaseMs ?? 1000) * 2 ** attempt);
        if (!answered) {
          const known = await gateway.findByReference(id).catch(() => null);
          if (known) return this.settle(letter, 'sent', { notifyId: known.id, status: known.status });
        }
      }
    }
  }

  /** Writes the message down before anything is sent, so the case record holds it whatever happens next. */
  private async write(id: string, record: CaseRecord, event: TimelineEventDoc, kind: LetterKind, recipient: Recipient): Promise<LetterDoc> {
    const text = compose({
      kind,
      record,
      event,
      pack: this.opts.pack,
      addresseeName: recipient.name,
      onBehalfOf: recipient.role === 'representative' ? (record.resident.name ?? null) : null,
      copyFor: recipient.role === 'councillor' ? (record.resident.name ?? 'a resident') : null,
      surveyUrl: kind === 'closure' && recipient.role !== 'councillor' && this.opts.surveyLink ? await this.opts.surveyLink(record) : null,
    });
    const now = this.clock();
    // A text message carries the whole letter where it fits, otherwise the short version.
    const body = recipient.channel === 'sms' && text.body.length > SMS_MAX_CHARS ? text.sms.slice(0, SMS_MAX_CHARS) : text.body;
    const state: LetterState = recipient.channel ? 'queued' : recipient.held ? 'held' : 'not_sent';
    const doc: LetterDoc = {
      _id: id,
      caseId: record._id,
      seq: event.seq,
      kind,
      recipient: recipient.role,
      channel: recipient.channel,
      to: recipient.channel ? recipient.to : null,
      largePrint: recipient.channel ? recipient.largePrint : false,
      subject: text.subject,
      body,
      state,
      reason: recipient.channel ? null : recipient.reason,
      error: null,
      notifyId: null,
      notifyStatus: null,
      attempts: 0,
      createdAt: now,
      sentAt: null,
      updatedAt: now,
      history: [{ at: now, state, status: null }],
    };
    try {
      await this.letters.collection.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.letters.findById(id).lean<LetterDoc>().exec())!;
    }
    if (!recipient.channel && !recipient.held && recipient.reason !== 'anonymous') await this.problem(record._id, id);
    return doc;
  }

  private async mark(letter: LetterDoc, state: LetterState): Promise<void> {
    const now = this.clock();
    await this.letters
      .updateOne({ _id: letter._id }, { $set: { state, updatedAt: now, ...(state === 'sending' ? { attempts: letter.attempts + 1 } : {}) }, $push: { history: { at: now, state, status: null } } })
      .exec();
    letter.state = state;
  }

  private async settle(letter: LetterDoc, state: LetterState, extra: { reason?: NotSentReason; error?: string; notifyId?: string; status?: string }): Promise<void> {
    const now = this.clock();
    const set: Partial<LetterDoc> = { state, updatedAt: now };
    if (extra.reason) set.reason = extra.reason;
    if (extra.error) set.error = extra.error.slice(0, 500);
    if (extra.notifyId) Object.assign(set, { notifyId: extra.notifyId, sentAt: now, notifyStatus: extra.status ?? null });
    // A delivery receipt can arrive before Notify's answer to the send is recorded: it wins.
    const filter = state === 'sent' ? { _id: letter._id, state: { $in: ['queued', 'sending'] } } : { _id: letter._id };
    await this.letters.updateOne(filter, { $set: set, $push: { history: { at: now, state, status: extra.status ?? null } } }).exec();
    Object.assign(letter, set);
  }

  private async problem(reference: string, id: string): Promise<void> {
    const letter = await this.letters.findById(id).lean<LetterDoc>().exec();
    if (letter) await this.opts.events?.problem(reference, letter).catch((err: Error) => this.logger.warn({ reference, err: err.message }, 'could not tell staff about a message'));
  }

  // ---- delivery receipts -----------------------------------------------------------------------

  /**
   * A delivery receipt from Notify's callback. Returns what changed: 'updated', 'duplicate' (the
   * same status again, or a receipt older than one already applied), or 'unknown' (not ours).
   */
  async receipt(r: { id: string; reference?: string | null; status: string }): Promise<'updated' | 'duplicate' | 'unknown'> {
    await this.ensureIndexes();
    // Compare-and-set on the status read; a change in between (the send's own answer being recorded) means read again.
    for (let tries = 0; tries < 5; tries++) {
      // By Notify's id, or by our reference when the send's answer (with that id) is not recorded yet.
      // The second look-up takes the letter whether or not the id has landed in between (it may have,
      // between the two reads), as long as it is this notification's.
      const byId = await this.letters.findOne({ notifyId: r.id }).lean<LetterDoc>().exec();
      const byReference = !byId && r.reference ? await this.letters.findById(r.reference).lean<LetterDoc>().exec() : null;
      const letter = byId ?? (byReference && (byReference.notifyId === null || byReference.notifyId === r.id) ? byReference : null);
      if (!letter) return 'unknown';
      if (letter.notifyStatus === r.status || letter.state === 'delivered' || letter.state === 'not_sent') return 'duplicate';
      const state: LetterState = DELIVERED.has(r.status) ? 'delivered' : FAILED.has(r.status) ? 'failed' : letter.state === 'queued' || letter.state === 'sending' ? 'sent' : letter.state;
      const now = this.clock();
      const updated = await this.letters
        .updateOne(
          { _id: letter._id, notifyStatus: letter.notifyStatus, state: letter.state },
          { $set: { state, notifyStatus: r.status, notifyId: r.id, updatedAt: now, ...(letter.sentAt ? {} : { sentAt: now }) }, $push: { history: { at: now, state, status: r.status } } },
        )
        .exec();
      if (updated.modifiedCount === 0) continue;
      this.logger.info({ reference: letter.caseId, letter: letter._id, status: r.status }, 'delivery receipt');
      await this.opts.events?.changed(letter.caseId).catch((err: Error) => this.logger.warn({ reference: letter.caseId, err: err.message }, 'could not refresh the case card'));
      if (state === 'failed') await this.problem(letter.caseId, letter._id);
      return 'updated';
    }
    return 'duplicate';
  }

  // ---- reading ---------------------------------------------------------------------------------

  forCase(reference: string): Promise<LetterDoc[]> {
    return this.letters.find({ caseId: reference }).sort({ createdAt: 1, _id: 1 }).lean<LetterDoc[]>().exec();
  }
}
