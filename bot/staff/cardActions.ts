/**
 * Universal Actions on the case card (`adaptiveCard/action` invokes). Thin on purpose: the invoke
 * value is parsed with zod, the verb's data with its schema from the staff-action registry
 * (services/staffActions/registry.ts), and the registry's call runs the CaseService command (the
 * case service decides; nothing here does). The command's commandId comes from the invoke's
 * activity id (a retried invoke applies once), with the card's case version as expectedVersion
 * (an action on an old card is not applied). Every answer is the current card, with a short
 * message saying what happened or, in plain words, why nothing was done.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Actor } from '../../models/caseRecord';
import { CaseConflictError, CaseError, CaseNotFoundError, type CaseService, type CaseView, type CommandResult, type RelayResult } from '../../services/cases';
import { dataSchema, Reference, staffAction, type ActionData } from '../../services/staffActions/registry';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../../services/teams/cards/adaptive';
import { CardNotice } from '../../services/teams/cards/caseCard';
import { noticeCard } from '../../services/teams/cards/listCards';
import type { CaseCards } from '../../services/teams/caseCards';
import type { CorrespondenceService } from '../../services/correspondence';
import type { TeamsStaffNotifier } from '../../services/teams/notifier';
import type { ResidentRelay } from '../../services/teams/relay';
import { hasAnyRole, type StaffDirectory, type StaffMember } from '../../services/teams/staffDirectory';
import type { TriageRegistry } from '../../services/teams/triageRegistry';
import { deliveryText, PREFERRED_CONTACT_LABEL, staffText } from '../../services/teams/wording';
import type { ChatDelivery } from '../../services/teams/chatDelivery';
import { staffIdentityOf } from './identity';

const InvokeValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

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
    const action = staffAction(verb);
    if (!action) return this.current(reference.data, { tone: 'warning', text: staffText.unknownAction }, member);
    const parsed = dataSchema(action).safeParse(data);
    if (!parsed.success) {
      return this.current(reference.data, { tone: 'attention', text: staffText.actionProblems(parsed.error.issues.map((i) => i.message)) }, member);
    }
    // Each viewer's own copy: the resident's contact details only for those allowed (contactSection.ts).
    if (verb === 'refreshCard') return this.current(reference.data, undefined, member);

    const commandId = commandIdFor(context.activity, verb);
    try {
      const applied = await this.apply(verb, parsed.data, member, commandId);
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

  /** The registry's call for the verb; a staff message is then delivered, and the notice says where it got to. */
  private async apply(verb: string, data: ActionData, member: StaffMember, commandId: string): Promise<Applied> {
    const actor: Actor = { id: member.aadObjectId, name: member.name, role: 'staff' };
    const base = { reference: data.reference, commandId, actor, expectedVersion: data.version };
    const { result, notice } = await staffAction(verb)!.run!({ cases: this.deps.cases, staff: this.deps.staff, member, base }, data);
    if (verb === 'messageResident') return this.delivered(result as CommandResult<RelayResult>, commandId);
    return { view: result.case, replayed: result.replayed, notice: { tone: 'good', text: result.replayed ? staffText.alreadyDone : notice } };
  }

  /**
   * The message is recorded on the case always; this tries the resident's chat, and one it cannot
   * reach yet waits and is tried again (services/teams/chatDelivery.ts). A repeated press tries a
   * waiting one now.
   */
  private async delivered(result: CommandResult<RelayResult>, commandId: string): Promise<Applied> {
    const state = result.replayed
      ? await this.deps.delivery.replay(commandId)
      : await this.deps.delivery.send(commandId, result.case.reference, result.entry.seq, result.relay);
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
