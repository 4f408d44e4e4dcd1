/**
 * The case service: opens cases from the resident conversation and carries them through the
 * council's procedure for staff. Domain only (no botbuilder or restify); the resident dialogs and
 * the Teams staff bot both call it.
 *
 * Every command: parse the input, return the stored result if its commandId was seen before,
 * load the case, check the transition table, apply, recompute deadlines, then win the right to
 * change the case by inserting the next timeline event (unique per case and seq). A writer that
 * loses that insert gets a CaseConflictError with the case as it now is.
 */
import type { Connection } from 'mongoose';
import pino, { Logger } from 'pino';
import type { z } from 'zod';
import { CaseDraft, OpenedCase } from '../../models/caseDraft';
import { Actor, CaseRecord, EscalationRoute, Outcome } from '../../models/caseRecord';
import type { OmbudsmanRoute } from '../policy/routing';
import type { TimelineEventDoc } from '../../models/timelineEvent';
import { LetterDoc, letterModel } from '../../models/correspondence';
import { RelayOutcomeDoc, relayOutcomeModel } from '../../models/teamsChannels';
import { letterLine } from '../correspondence/wording';
import { deliveryLine } from './labels';
import { hazardLine } from '../hazards/wording';
import { anonymisedRecord, REMOVED, scrubbedEvent } from './anonymise';
import { JobStore } from '../scheduler/jobStore';
import { CaseStore, changedFields } from './caseStore';
import * as C from './commands';
import * as L from './learning';
import { CaseConflictError, CaseInputError, CaseNotFoundError, CaseRuleError } from './errors';
import * as I from './inputs';
import { londonDate } from '../workingDays/londonTime';
import { buildOpenedRecord } from './openCase';
import { QueueFilters, queueMatcher, queuePage, searchQuery } from './queries';
import { ReferenceAllocator } from './references';
import { reminderJobsFor } from './reminders';
import { CaseRules, CaseRulesOptions, createCaseRules } from './rules';
import { step } from './step';
import type { CaseCommand } from './transitions';
import { CaseSummary, CaseView, SUMMARY_FIELDS, TimelineEntry, toCaseView, toSummary, toTimelineEntry } from './views';

/** Told of every recorded case event (after it is stored); what it does must not undo the command. */
export type CaseEventListener = (event: TimelineEventDoc, after: CaseRecord) => Promise<void>;

export interface CaseServiceOptions extends CaseRulesOptions {
  connection: Connection;
  clock?: () => Date;
  logger?: Logger;
  /** Schedule deadline reminder jobs at each transition (default true). */
  reminders?: boolean;
}

/** What every command returns; a retry (same commandId) returns the same entry and result with replayed = true. */
export type CommandResult<R extends object = object> = R & {
  /** The case as it is now. */
  case: CaseView;
  /** The timeline entry the command wrote. */
  entry: TimelineEntry;
  replayed: boolean;
};

export interface ExtendResult {
  respondBy: string;
  previousRespondBy: string;
  extensionLimit: string | null;
  reason: string;
  ombudsman: OmbudsmanRoute;
}
export interface RelayResult {
  relay: { text: string; conversationReference: Record<string, unknown> | null; channel: string; preferredContact: string };
}
export interface RespondResult {
  respondedOn: string;
  onTime: boolean | null;
  outcome: Outcome | null;
  reply: { summary: string; escalation: EscalationRoute } | null;
  escalation: EscalationRoute;
}
export interface NewDeadlinesResult {
  acknowledgeBy: string | null;
  respondBy: string | null;
}
export interface OmbudsmanResult {
  ombudsman: OmbudsmanRoute;
}

const SYSTEM: Actor = { id: 'system', name: 'Case service', role: 'system' };
const DEFAULT_RESIDENT: Actor = { id: 'resident', name: 'Resident', role: 'resident' };

export class CaseService {
  readonly rules: CaseRules;
  readonly store: CaseStore;
  readonly jobs: JobStore;
  private readonly references: ReferenceAllocator;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private readonly listeners: CaseEventListener[] = [];
  /** Written correspondence, part of the case record (services/correspondence writes it). */
  private readonly letters: ReturnType<typeof letterModel>;

  constructor(private readonly opts: CaseServiceOptions) {
    this.rules = createCaseRules(opts);
    this.store = new CaseStore(opts.connection);
    this.jobs = new JobStore(opts.connection);
    this.references = new ReferenceAllocator(opts.connection);
    this.letters = letterModel(opts.connection);
    this.clock = opts.clock ?? (() => new Date());
    this.logger = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'cases', council: this.rules.pack.id });
  }

  /** Adds a listener for recorded case events (written correspondence uses it). */
  onEvent(listener: CaseEventListener): void {
    this.listeners.push(listener);
  }

  private async told(event: TimelineEventDoc, after: CaseRecord): Promise<void> {
    for (const listener of this.listeners) {
      await listener(event, after).catch((err: Error) => this.logger.error({ reference: after._id, command: event.command, err: err.message }, 'a case event listener failed'));
    }
  }

  get council(): string {
    return this.rules.pack.id;
  }

  /** Creates the indexes every query uses (idempotent; call at startup). */
  async ensureIndexes(): Promise<void> {
    await Promise.all([this.store.ensureIndexes(), this.jobs.ensureIndexes()]);
  }

  today(): string {
    return londonDate(this.clock());
  }

  workingDaysFromToday(isoDate: string): number {
    return this.rules.calendar.workingDaysBetween(this.today(), isoDate);
  }

  // ---- opening -------------------------------------------------------------------------------

  /** Opens a case from the resident conversation's draft. Retrying with the same commandId returns the same case. */
  async open(draft: CaseDraft, command: { commandId: string; actor?: Actor }): Promise<OpenedCase> {
    const parsed = I.parseInput(CaseDraft, draft, 'case details');
    const { commandId } = I.parseInput(I.CommandBase.pick({ commandId: true }), { commandId: command.commandId }, 'command');
    if (parsed.council !== this.council) {
      throw new CaseInputError(`This case is for council "${parsed.council}" but the service runs "${this.council}".`);
    }
    await this.ensureIndexes();

    const now = this.clock();
    const year = Number(londonDate(now).slice(0, 4));
    const reference = await this.references.allocate(this.rules.pack.caseRefPrefix, year, commandId, now);
    const record = buildOpenedRecord(parsed, reference, now, this.rules);
    const track = record.tracks[record.stage as keyof CaseRecord['tracks']]!;
    const opened: OpenedCase = {
      reference,
      kind: record.kind,
      stage: record.stage,
      priority: record.priority,
      acknowledgeBy: track.acknowledgeBy,
      respondBy: track.respondBy,
      ...(record.hazard && {
        hazard: {
          level: record.hazard.level,
          kinds: record.hazard.kinds,
          deadlines: record.hazard.deadlines.map(({ step, dueOn, dueAt }) => ({ step, dueOn, dueAt })),
        },
      }),
    };
    // A retried open finds its reference already allocated; the first attempt's case and event stand.
    const inserted = await this.store.insertCase(CaseRecord.parse(record));
    const openEvent: TimelineEventDoc = {
      _id: '',
      caseId: reference,
      seq: 1,
      commandId,
      command: 'open',
      actor: command.actor ?? DEFAULT_RESIDENT,
      what: `Case opened as ${record.stage === 'stage1' ? 'a stage 1 complaint' : record.kind.replace('_', ' ')} from ${record.channel}${record.hazard ? `; ${hazardLine(record.hazard)}` : ''}`,
      at: now,
      details: {
        kind: record.kind,
        channel: record.channel,
        priority: record.priority,
        serviceAreas: record.serviceAreas,
        ...(record.hazard && { hazard: { level: record.hazard.level, kinds: record.hazard.kinds, reasons: record.hazard.reasons, deadlines: record.hazard.deadlines } }),
      },
      result: opened,
      set: null,
    };
    const appended = await this.store.append(openEvent);
    if (!appended) {
      const first = await this.store.event(reference, 1);
      if (first) return OpenedCase.parse(first.result);
    }
    if (inserted) {
      await this.store.saveProjections(null, record);
      await this.syncReminders(null, record);
      await this.told(openEvent, record);
    }
    this.logger.info({ reference, kind: record.kind, priority: record.priority }, 'case opened');
    return opened;
  }

  // ---- lifecycle commands ----------------------------------------------------------------------

  acknowledge(input: I.AcknowledgeInput): Promise<CommandResult<{ acknowledgedOn: string; respondBy: string | null }>> {
    return this.run('acknowledge', I.AcknowledgeInput, input, C.acknowledge);
  }

  assign(input: I.AssignInput): Promise<CommandResult> {
    return this.run('assign', I.AssignInput, input, C.assign);
  }

  addNote(input: I.AddNoteInput): Promise<CommandResult> {
    return this.run('addNote', I.AddNoteInput, input, C.addNote);
  }

  /** Records a message to the resident and returns what the bot should relay (it does the sending). */
  messageResident(input: I.MessageResidentInput): Promise<CommandResult<RelayResult>> {
    return this.run('messageResident', I.MessageResidentInput, input, C.messageResident);
  }

  /** The resident wrote about their open case. */
  addResidentMessage(input: I.AddResidentMessageInput): Promise<CommandResult> {
    return this.run('addResidentMessage', I.AddResidentMessageInput, input, C.addResidentMessage);
  }

  /** Extends the response deadline within the pack's limit; the result carries the ombudsman's details to tell the resident. */
  extend(input: I.ExtendInput): Promise<CommandResult<ExtendResult>> {
    return this.run('extend', I.ExtendInput, input, C.extend);
  }

  respond(input: I.RespondInput): Promise<CommandResult<RespondResult>> {
    return this.run('respond', I.RespondInput, input, C.respond);
  }

  /** Escalates to a stage 2 review; no reason is required from the resident. */
  escalate(input: I.EscalateInput): Promise<CommandResult<NewDeadlinesResult>> {
    return this.run('escalate', I.EscalateInput, input, C.escalate);
  }

  /** Turns a service request (or a comment) into a stage 1 complaint. */
  convertToComplaint(input: I.ConvertInput): Promise<CommandResult<NewDeadlinesResult>> {
    return this.run('convert', I.ConvertInput, input, C.convert);
  }

  addRelatedIssue(input: I.AddRelatedIssueInput): Promise<CommandResult> {
    return this.run('addRelatedIssue', I.AddRelatedIssueInput, input, C.addRelatedIssue);
  }

  reopen(input: I.ReopenInput): Promise<CommandResult> {
    return this.run('reopen', I.ReopenInput, input, C.reopen);
  }

  close(input: I.CloseInput): Promise<CommandResult> {
    return this.run('close', I.CloseInput, input, C.close);
  }

  referToOmbudsman(input: I.ReferToOmbudsmanInput): Promise<CommandResult<OmbudsmanResult>> {
    return this.run('referToOmbudsman', I.ReferToOmbudsmanInput, input, C.referToOmbudsman);
  }

  /** Copies a councillor into the case's letters from now on, at the resident's written request (where the pack allows). */
  copyCouncillor(input: I.CopyCouncillorInput): Promise<CommandResult> {
    return this.run('copyCouncillor', I.CopyCouncillorInput, input, C.copyCouncillor);
  }

  /** Records that the written authorisation for the resident's representative has arrived; held letters then go. */
  recordAuthorisation(input: I.RecordAuthorisationInput): Promise<CommandResult> {
    return this.run('recordAuthorisation', I.RecordAuthorisationInput, input, C.recordAuthorisation);
  }

  /** Records what the case taught the council, with an optional action (owner, due date): the learning register. */
  recordLearning(input: I.RecordLearningInput): Promise<CommandResult<{ pointId: string }>> {
    return this.run('recordLearning', I.RecordLearningInput, input, L.recordLearning);
  }

  /** Marks a learning point's action done. */
  completeLearningAction(input: I.CompleteLearningActionInput): Promise<CommandResult<{ pointId: string; doneOn: string }>> {
    return this.run('completeLearningAction', I.CompleteLearningActionInput, input, L.completeLearningAction);
  }

  /**
   * Removes personal data (retention or an erasure request), keeping statistics. The timeline
   * keeps its entries with free text replaced; the event says why, without personal data.
   */
  async anonymise(input: I.AnonymiseInput): Promise<CommandResult> {
    const result = await this.run('anonymise', I.AnonymiseInput, input, (record, parsed, ctx) => {
      if (record.anonymisedAt) throw new CaseRuleError(record._id, `Case ${record._id} has already had its personal details removed.`);
      return {
        next: anonymisedRecord(record, ctx.now),
        what: parsed.reason === 'retention' ? 'Personal details removed: retention period ended' : "Personal details erased at the person's request",
        details: { reason: parsed.reason },
      };
    });
    // Letters keep what they were and how they went; who they went to and what they said go.
    await this.letters.updateMany({ caseId: result.case.reference }, { $set: { to: null, subject: REMOVED, body: REMOVED } }).exec();
    await this.store.rewriteTimeline(result.case.reference, (e) => (e.seq === result.entry.seq ? { set: null } : scrubbedEvent(e)));
    return result;
  }

  // ---- reading ---------------------------------------------------------------------------------

  async getByReference(reference: string): Promise<CaseView | null> {
    const record = await this.store.load(reference.trim().toUpperCase());
    return record && record.council === this.council ? toCaseView(record, this.today(), this.rules) : null;
  }

  /**
   * The case's events, each followed by where what it sent the resident got to: a staff message's
   * delivery to their chat (recorded by the bot once the chat answered), then the letters written.
   * A message with neither is only written, and the timeline says no more than that.
   */
  async timeline(reference: string): Promise<TimelineEntry[]> {
    const [events, letters, relays] = await Promise.all([
      this.store.timeline(reference),
      this.letters.find({ caseId: reference }).lean<LetterDoc[]>().exec(),
      relayOutcomeModel(this.opts.connection).find({ reference }).lean<RelayOutcomeDoc[]>().exec(),
    ]);
    const bySeq = new Map<number, TimelineEntry[]>();
    const add = (seq: number, entry: TimelineEntry) => bySeq.set(seq, [...(bySeq.get(seq) ?? []), entry]);
    const writtenBy = (seq: number) => letters.find((l) => l.kind === 'staff_message' && l.seq === seq && l.recipient !== 'councillor')?.channel ?? null;
    for (const r of relays) add(r.seq, relayEntry(r, writtenBy(r.seq) ?? r.writtenBy ?? null));
    for (const l of letters.sort((x, y) => x._id.localeCompare(y._id))) add(l.seq, letterEntry(l));
    return events.flatMap((e) => [toTimelineEntry(e), ...(bySeq.get(e.seq) ?? [])]);
  }

  /**
   * The triage queue: open cases, soonest deadline first (then urgent before high before normal).
   * Served from the in-memory queue read model, which reflects every command completed before the call.
   */
  async queue(filters: QueueFilters = {}): Promise<CaseSummary[]> {
    const today = this.today();
    const cards = await this.store.queue.sorted();
    return queuePage(cards, queueMatcher(this.council, filters, today, this.rules), filters).map((c) => toSummary(c, today, this.rules));
  }

  myCases(staffId: string, filters: Omit<QueueFilters, 'assigneeId'> = {}): Promise<CaseSummary[]> {
    return this.queue({ ...filters, assigneeId: staffId });
  }

  overdue(filters: Omit<QueueFilters, 'sla'> = {}): Promise<CaseSummary[]> {
    return this.queue({ ...filters, sla: 'overdue' });
  }

  /** By reference, email, phone or resident surname. */
  async search(q: string, limit = 50): Promise<CaseSummary[]> {
    const query = searchQuery(this.council, q);
    if (!query) return [];
    const today = this.today();
    const docs = await this.store.newestMatching(query, SUMMARY_FIELDS, limit);
    return docs.map((d) => toSummary(d, today, this.rules));
  }

  // ---- the command runner ----------------------------------------------------------------------

  private async run<S extends z.ZodType<I.CommandBase>, R extends object>(
    command: CaseCommand,
    schema: S,
    raw: unknown,
    apply: (record: CaseRecord, input: z.output<S>, ctx: C.CommandContext) => C.Applied,
  ): Promise<CommandResult<R>> {
    const input = I.parseInput(schema, raw, `${command} command`);
    const reference = input.reference.toUpperCase();
    const record = await this.store.load(reference);
    if (!record || record.council !== this.council) throw new CaseNotFoundError(reference);
    const now = this.clock();
    let applied: C.Applied;
    let next: CaseRecord;
    try {
      if (input.expectedVersion !== undefined && input.expectedVersion !== record.version) {
        throw new CaseConflictError(this.view(record), await this.lastChange(record));
      }
      ({ applied, next } = step(command, record, input, apply, this.rules, now));
    } catch (err) {
      // A retry of a command that already applied is refused by the state it produced: answer it as before.
      // (Looked up only here: on FerretDB a lookup by commandId scans the timeline.)
      const prior = await this.store.findCommand(input.commandId);
      if (prior) return this.replay<R>(prior, reference, command);
      throw err;
    }
    const result = applied.result?.(next) ?? {};
    const event: TimelineEventDoc = {
      _id: '',
      caseId: reference,
      seq: next.version,
      commandId: input.commandId,
      command,
      actor: input.actor,
      what: applied.what,
      at: now,
      details: applied.details,
      result,
      set: changedFields(record, next),
    };
    if (!(await this.store.append(event))) {
      const again = await this.store.findCommand(input.commandId);
      if (again) return this.replay<R>(again, reference, command);
      const current = (await this.store.load(reference)) ?? record;
      this.logger.info({ reference, command }, 'command lost a concurrent update');
      throw new CaseConflictError(this.view(current), await this.lastChange(current));
    }
    await this.store.saveSnapshot(reference, event.set!);
    await this.store.saveProjections(record, next);
    await this.syncReminders(record, next);
    await this.told(event, next);
    this.logger.info({ reference, command, version: next.version }, 'case updated');
    return { ...(result as R), case: this.view(next), entry: toTimelineEntry(event), replayed: false };
  }

  private async replay<R extends object>(prior: TimelineEventDoc, reference: string, command: CaseCommand): Promise<CommandResult<R>> {
    if (prior.caseId !== reference || prior.command !== command) {
      throw new CaseInputError(`This commandId was already used for a different command (${prior.command} on ${prior.caseId}). Use a new commandId.`);
    }
    const current = await this.store.load(reference);
    return { ...((prior.result ?? {}) as R), case: this.view(current!), entry: toTimelineEntry(prior), replayed: true };
  }

  private view(record: CaseRecord): CaseView {
    return toCaseView(record, this.today(), this.rules);
  }

  private async lastChange(record: CaseRecord): Promise<string | undefined> {
    const last = await this.store.event(record._id, record.version);
    return last ? `${last.what}, by ${last.actor.name}` : undefined;
  }

  /** Reminder jobs follow the deadlines; a failure here must not undo a recorded command. */
  private async syncReminders(before: CaseRecord | null, after: CaseRecord): Promise<void> {
    if (this.opts.reminders === false) return;
    try {
      const had = before ? reminderJobsFor(before, this.rules).map((j) => j.id) : [];
      const wanted = reminderJobsFor(after, this.rules);
      const now = this.clock();
      await Promise.all(wanted.filter((j) => !had.includes(j.id)).map((job) => this.jobs.schedule(job, now)));
      await this.jobs.cancel(had.filter((id) => !wanted.some((j) => j.id === id)));
    } catch (err) {
      this.logger.error({ reference: after._id, err: (err as Error).message }, 'could not schedule deadline reminders');
    }
  }
}

/**
 * Where a staff message's delivery to the resident's chat got to, after the message itself: the
 * words the card uses (services/teams/chatDelivery.ts); outcomes from before retries read from `delivered`.
 */
function relayEntry(r: RelayOutcomeDoc, writtenBy: string | null): TimelineEntry {
  const state = r.state ?? (r.delivered ? 'delivered' : 'not_delivered');
  const tries = r.tries ?? 1;
  const delivered = r.deliveredAt ?? (r.delivered ? r.at : null);
  const what = deliveryLine({ state, reason: r.reason ?? null, tries, deliveredOn: delivered ? londonDate(delivered) : null }, writtenBy);
  return { seq: r.seq, at: r.at, command: 'delivery', actor: SYSTEM, what, details: { channel: 'chat', delivered: r.delivered, reason: r.reason ?? null, state, tries } };
}

/** A message written to the resident, as a timeline entry after the event that caused it. */
function letterEntry(l: LetterDoc): TimelineEntry {
  return {
    seq: l.seq,
    at: l.sentAt ?? l.createdAt,
    command: 'correspondence',
    actor: SYSTEM,
    what: letterLine(l),
    details: { kind: l.kind, recipient: l.recipient, channel: l.channel, state: l.state, reason: l.reason, notifyStatus: l.notifyStatus, subject: l.subject, text: l.body },
  };
}

export { SYSTEM as SYSTEM_ACTOR };
