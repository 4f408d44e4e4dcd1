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
import type { DeliveryResult, ResidentRelay } from '../../services/teams/relay';
import { hasAnyRole, type StaffDirectory, type StaffMember } from '../../services/teams/staffDirectory';
import type { RelayOutcome, TriageRegistry } from '../../services/teams/triageRegistry';
import { PREFERRED_CONTACT_LABEL, staffText } from '../../services/teams/wording';
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
    if (!action) return this.current(reference.data, { tone: 'warning', text: staffText.unknownAction });
    const parsed = dataSchema(action).safeParse(data);
    if (!parsed.success) {
      return this.current(reference.data, { tone: 'attention', text: staffText.actionProblems(parsed.error.issues.map((i) => i.message)) });
    }
    if (verb === 'refreshCard') return this.current(reference.data);

    const commandId = commandIdFor(context.activity, verb);
    try {
      const applied = await this.apply(verb, parsed.data, member, commandId);
      if (!applied.replayed) {
        // Everyone else looking at the thread sees the change too, not only who pressed the button.
        await this.deps.notifier.refreshThreadCard(applied.view.reference).catch((err: Error) =>
          this.deps.logger.warn({ reference: applied.view.reference, err: err.message }, 'teams: could not update the case card in its thread'),
        );
      }
      return cardResponse(await this.deps.cards.forView(applied.view, applied.notice));
    } catch (err) {
      if (err instanceof CaseConflictError) {
        return cardResponse(await this.deps.cards.forView(err.current, { tone: 'warning', text: staffText.stale(err.current.reference) }));
      }
      if (err instanceof CaseNotFoundError) return cardResponse(noticeCard({ title: 'No such case', text: staffText.noCase(reference.data) }));
      if (err instanceof CaseError) {
        this.deps.logger.info({ reference: reference.data, verb, code: err.code }, 'teams: card action refused');
        return this.current(reference.data, { tone: 'attention', text: err.message });
      }
      throw err;
    }
  }

  private async current(reference: string, notice?: CardNotice): Promise<InvokeResponse> {
    const built = await this.deps.cards.forReference(reference, notice);
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

  /** The message is recorded on the case; this delivers it to the resident's chat once, and says whether it arrived. */
  private async delivered(result: CommandResult<RelayResult>, commandId: string): Promise<Applied> {
    let outcome: Pick<RelayOutcome, 'delivered' | 'reason'> | null;
    const written = !!this.deps.correspondence?.configured;
    if (result.replayed) {
      outcome = await this.deps.registry.relayFor(commandId);
      // Pressed again after the chat could not be reached: try it again, unless it already went in writing.
      if (outcome && !outcome.delivered && outcome.reason === 'unreachable' && !written) {
        const again = await this.deps.relay.deliver(result.case.reference, result.relay);
        if (again.delivered) outcome = await this.deps.registry.relayDelivered(commandId);
      }
    } else {
      const delivery: DeliveryResult = await this.deps.relay.deliver(result.case.reference, result.relay);
      outcome = await this.deps.registry.recordRelay(commandId, result.case.reference, { seq: result.entry.seq, ...delivery });
      if (!delivery.delivered && this.deps.correspondence) await this.deps.correspondence.staffMessage(result.case.reference, result.entry.seq);
    }
    const contact = PREFERRED_CONTACT_LABEL[result.relay.preferredContact] ?? result.relay.preferredContact;
    const delivery = !outcome
      ? null
      : outcome.delivered
        ? staffText.relayDelivered
        : written
          ? staffText.relayInWriting(contact)
          : outcome.reason === 'no_conversation'
            ? staffText.relayNoConversation(contact)
            : staffText.relayUnreachable(contact);
    const text = result.replayed ? [staffText.alreadyDone, delivery].filter(Boolean).join(' ') : (delivery ?? staffText.relayDelivered);
    return { view: result.case, replayed: result.replayed, notice: { tone: !outcome || outcome.delivered ? 'good' : 'warning', text } };
  }
}
