/**
 * Universal Actions on the case card (`adaptiveCard/action` invokes). The invoke value is parsed
 * with zod; each verb maps to one CaseService command whose commandId comes from the invoke's
 * activity id (a retried invoke applies once), with the card's case version as expectedVersion
 * (an action on an old card is not applied). Every answer is the current card, with a short
 * message saying what happened or, in plain words, why nothing was done.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CLOSURE_REASONS, DECISIONS, type Actor } from '../../models/caseRecord';
import { CaseConflictError, CaseError, CaseInputError, CaseNotFoundError, type CaseService, type CaseView } from '../../services/cases';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../../services/teams/cards/adaptive';
import { CardNotice } from '../../services/teams/cards/caseCard';
import { noticeCard } from '../../services/teams/cards/listCards';
import type { CaseCards } from '../../services/teams/caseCards';
import type { CorrespondenceService } from '../../services/correspondence';
import type { TeamsStaffNotifier } from '../../services/teams/notifier';
import type { ResidentRelay } from '../../services/teams/relay';
import { hasAnyRole, staffRef, type StaffDirectory, type StaffMember } from '../../services/teams/staffDirectory';
import type { TriageRegistry } from '../../services/teams/triageRegistry';
import { deliveryText, PREFERRED_CONTACT_LABEL, staffText } from '../../services/teams/wording';
import type { ChatDelivery } from '../../services/teams/chatDelivery';
import { staffIdentityOf } from './identity';
import { LEARNING_VERB_DATA, learningAction } from './learningActions';

const InvokeValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `must be at most ${max} characters`).optional());
const requiredText = (max: number, what: string) =>
  z.preprocess(blankToUndefined, z.string({ error: `${what} is empty` }).trim().min(1, `${what} is empty`).max(max, `${what} must be at most ${max} characters`));
const Reference = z.string().trim().regex(/^[A-Za-z]{2,6}-\d{4}-\d{6}$/).transform((s) => s.toUpperCase());
const Base = z.object({ reference: Reference, version: z.coerce.number().int().positive() });

const VerbData = {
  refreshCard: z.object({ reference: Reference }),
  pickUp: Base,
  acknowledge: Base,
  assign: Base.extend({ assignTo: requiredText(128, 'Who should handle it') }),
  messageResident: Base.extend({ messageText: requiredText(5000, 'The message'), awaitReply: z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('false')) }),
  addNote: Base.extend({ noteText: requiredText(10000, 'The note') }),
  extend: Base.extend({ extendUntil: z.preprocess(blankToUndefined, z.iso.date({ error: 'Choose the new response date' })), extendReason: requiredText(2000, 'The reason') }),
  respond: Base.extend({
    decision: z.preprocess(blankToUndefined, z.enum(DECISIONS).optional()),
    reasons: optionalText(10000),
    remedy: optionalText(5000),
    summary: optionalText(10000),
  }),
  escalate: Base.extend({ reviewer: optionalText(128), escalateReason: optionalText(5000) }),
  convert: Base.extend({ convertReason: optionalText(5000) }),
  referToOmbudsman: Base.extend({ ombudsmanReference: optionalText(100), ombudsmanNote: optionalText(2000) }),
  recordAuthorisation: Base,
  copyCouncillor: Base.extend({ councillorName: requiredText(200, 'The councillor\'s name'), councillorEmail: z.preprocess(blankToUndefined, z.email({ error: 'The councillor\'s email address is not an email address' }).max(254)) }),
  reopen: Base.extend({ reopenReason: requiredText(2000, 'The reason') }),
  close: Base.extend({ closeReason: z.preprocess(blankToUndefined, z.enum(CLOSURE_REASONS, { error: 'Choose a reason for closing' })), closeNote: optionalText(2000) }),
  ...LEARNING_VERB_DATA,
} as const;
type Verb = keyof typeof VerbData;
type DataOf<V extends Verb> = z.output<(typeof VerbData)[V]>;

export interface CardActionDeps {
  cases: CaseService;
  staff: StaffDirectory;
  cards: CaseCards;
  registry: TriageRegistry;
  relay: ResidentRelay;
  /** Staff messages on their way to the resident's chat: tried, retried, or in writing. */
  delivery: ChatDelivery;
  notifier: TeamsStaffNotifier;
  /** Written correspondence: a staff message the chat cannot take goes in writing. */
  correspondence?: CorrespondenceService;
  councilName: string;
  logger: Logger;
}

interface Applied {
  view: CaseView;
  replayed: boolean;
  notice: CardNotice;
}

export function cardResponse(card: AdaptiveCard): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card } };
}

export function errorResponse(status: 400 | 403 | 500, code: string, message: string): InvokeResponse {
  return { status, body: { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message } } };
}

/** Stable across Teams' retries of the same invoke; distinct between invokes. */
export function commandIdFor(activity: Pick<TurnContext['activity'], 'id' | 'conversation'>, verb: string): string {
  if (!activity.id) return `teams-${verb}-${randomUUID()}`;
  const digest = createHash('sha256').update(`${activity.conversation?.id ?? ''}|${activity.id}`).digest('base64url').slice(0, 32);
  return `teams-${verb}-${digest}`;
}

export class CardActions {
  constructor(private readonly deps: CardActionDeps) {}

  async handle(context: TurnContext): Promise<InvokeResponse> {
    const value = InvokeValue.safeParse(context.activity.value);
    if (!value.success) return errorResponse(400, 'BadRequest', 'This card action could not be read.');
    const { verb, data } = value.data.action;

    const identity = staffIdentityOf(context.activity);
    const member = identity ? await this.deps.staff.resolve(identity) : null;
    if (!hasAnyRole(member)) {
      return cardResponse(noticeCard({ title: 'You can\'t use this card', text: staffText.notStaff(this.deps.councilName) }));
    }

    const reference = Reference.safeParse(data.reference);
    if (!reference.success) return errorResponse(400, 'BadRequest', 'This card does not say which case it is about.');
    if (!Object.hasOwn(VerbData, verb)) return this.current(reference.data, { tone: 'warning', text: staffText.unknownAction }, member);
    const parsed = VerbData[verb as Verb].safeParse(data);
    if (!parsed.success) {
      return this.current(reference.data, { tone: 'attention', text: staffText.actionProblems(parsed.error.issues.map((i) => i.message)) }, member);
    }
    // Each viewer's own copy: the resident's contact details only for those allowed (contactSection.ts).
    if (verb === 'refreshCard') return this.current(reference.data, undefined, member);

    const commandId = commandIdFor(context.activity, verb);
    try {
      const applied = await this.apply(verb as Exclude<Verb, 'refreshCard'>, parsed.data as DataOf<Exclude<Verb, 'refreshCard'>>, member, commandId);
      if (!applied.replayed) {
        // Everyone else looking at the thread sees the change too, not only who pressed the button.
        await this.deps.notifier.refreshThreadCard(applied.view.reference).catch((err: Error) =>
          this.deps.logger.warn({ reference: applied.view.reference, err: err.message }, 'teams: could not update the case card in its thread'),
        );
      }
      return cardResponse(await this.deps.cards.forView(applied.view, applied.notice, member));
    } catch (err) {
      if (err instanceof CaseConflictError) {
        return cardResponse(await this.deps.cards.forView(err.current, { tone: 'warning', text: staffText.stale(err.current.reference) }, member));
      }
      if (err instanceof CaseNotFoundError) return cardResponse(noticeCard({ title: 'No such case', text: staffText.noCase(reference.data) }));
      if (err instanceof CaseError) {
        this.deps.logger.info({ reference: reference.data, verb, code: err.code }, 'teams: card action refused');
        return this.current(reference.data, { tone: 'attention', text: err.message }, member);
      }
      throw err;
    }
  }

  private async current(reference: string, notice?: CardNotice, viewer?: StaffMember): Promise<InvokeResponse> {
    const built = await this.deps.cards.forReference(reference, notice, viewer);
    return cardResponse(built?.card ?? noticeCard({ title: 'No such case', text: staffText.noCase(reference) }));
  }

  private async apply(verb: Exclude<Verb, 'refreshCard'>, data: DataOf<Exclude<Verb, 'refreshCard'>>, member: StaffMember, commandId: string): Promise<Applied> {
    const { cases } = this.deps;
    const actor: Actor = { id: member.aadObjectId, name: member.name, role: 'staff' };
    const base = { reference: data.reference, commandId, actor, expectedVersion: data.version };
    const done = (r: { case: CaseView; replayed: boolean }, text: string): Applied => ({
      view: r.case,
      replayed: r.replayed,
      notice: r.replayed ? { tone: 'good', text: staffText.alreadyDone } : { tone: 'good', text },
    });

    switch (verb) {
      case 'pickUp':
        return done(await cases.assign({ ...base, assignee: staffRef(member) }), staffText.applied.pickUp(member.name));
      case 'assign': {
        const d = data as DataOf<'assign'>;
        const target = await this.deps.staff.get(d.assignTo);
        if (!hasAnyRole(target)) throw new CaseInputError('That person has no role in the feedback app, so cases can\'t be assigned to them.');
        return done(await cases.assign({ ...base, assignee: staffRef(target) }), staffText.applied.assign(target.name));
      }
      case 'acknowledge':
        return done(await cases.acknowledge(base), staffText.applied.acknowledge);
      case 'addNote':
        return done(await cases.addNote({ ...base, text: (data as DataOf<'addNote'>).noteText }), staffText.applied.addNote);
      case 'extend': {
        const d = data as DataOf<'extend'>;
        return done(await cases.extend({ ...base, reason: d.extendReason, until: d.extendUntil }), staffText.applied.extend(d.extendUntil));
      }
      case 'respond': {
        const d = data as DataOf<'respond'>;
        const view = await cases.getByReference(d.reference);
        if (!view) throw new CaseNotFoundError(d.reference);
        const complaint = view.stage === 'stage1' || view.stage === 'stage2';
        const points = complaint && d.decision && d.reasons ? view.issues.map((i) => ({ issue: i.id, decision: d.decision!, reasons: d.reasons! })) : [];
        const input = complaint ? { ...base, decision: d.decision, reasons: d.reasons, remedy: d.remedy, points } : { ...base, summary: d.summary };
        return done(await cases.respond(input), staffText.applied.respond);
      }
      case 'escalate': {
        const d = data as DataOf<'escalate'>;
        let reviewer;
        if (d.reviewer) {
          const found = await this.deps.staff.get(d.reviewer);
          if (!found?.roles.includes('reviewer')) throw new CaseInputError('That person does not have the reviewer role. Choose someone who does.');
          reviewer = staffRef(found);
        }
        return done(await cases.escalate({ ...base, reviewer, reason: d.escalateReason }), staffText.applied.escalate);
      }
      case 'close': {
        const d = data as DataOf<'close'>;
        return done(await cases.close({ ...base, reason: d.closeReason, note: d.closeNote }), staffText.applied.close);
      }
      case 'convert':
        return done(await cases.convertToComplaint({ ...base, reason: (data as DataOf<'convert'>).convertReason }), staffText.applied.convert);
      case 'referToOmbudsman': {
        const d = data as DataOf<'referToOmbudsman'>;
        return done(await cases.referToOmbudsman({ ...base, ombudsmanReference: d.ombudsmanReference, note: d.ombudsmanNote }), staffText.applied.referToOmbudsman);
      }
      case 'copyCouncillor': {
        const d = data as DataOf<'copyCouncillor'>;
        return done(await cases.copyCouncillor({ ...base, name: d.councillorName, email: d.councillorEmail }), staffText.applied.copyCouncillor(d.councillorName));
      }
      case 'recordAuthorisation':
        return done(await cases.recordAuthorisation(base), staffText.applied.recordAuthorisation);
      case 'reopen':
        return done(await cases.reopen({ ...base, reason: (data as DataOf<'reopen'>).reopenReason }), staffText.applied.reopen);
      case 'messageResident':
        return this.messageResident(data as DataOf<'messageResident'>, base);
      case 'recordLearning':
      case 'completeLearningAction':
        return done(...(await learningAction(verb, data as DataOf<typeof verb>, { cases, staff: this.deps.staff, base })));
    }
  }

  /**
   * Records the message on the case always, and tries the resident's chat; one it cannot reach yet
   * waits and is tried again (services/teams/chatDelivery.ts). A repeated press tries a waiting one now.
   */
  private async messageResident(d: DataOf<'messageResident'>, base: { reference: string; commandId: string; actor: Actor; expectedVersion: number }): Promise<Applied> {
    const result = await this.deps.cases.messageResident({ ...base, text: d.messageText, awaitReply: d.awaitReply === 'true' });
    const state = result.replayed
      ? await this.deps.delivery.replay(base.commandId)
      : await this.deps.delivery.send(base.commandId, result.case.reference, result.entry.seq, result.relay);
    const contact = PREFERRED_CONTACT_LABEL[result.relay.preferredContact] ?? result.relay.preferredContact;
    const written = !!this.deps.correspondence?.configured;
    const delivery = !state
      ? null
      : state.state === 'delivered'
        ? staffText.relayDelivered
        : state.state === 'pending'
          ? deliveryText.pending(contact, written)
          : state.state === 'in_writing'
            ? staffText.relayInWriting(contact)
            : state.reason === 'no_conversation'
              ? staffText.relayNoConversation(contact)
              : staffText.relayUnreachable(contact);
    const text = result.replayed ? [staffText.alreadyDone, delivery].filter(Boolean).join(' ') : (delivery ?? staffText.relayDelivered);
    return { view: result.case, replayed: result.replayed, notice: { tone: !state || state.state === 'delivered' ? 'good' : 'warning', text } };
  }
}
