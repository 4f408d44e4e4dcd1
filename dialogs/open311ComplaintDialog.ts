/**
 * A resident unhappy with how a report that went to the works system was handled: they are offered
 * a complaint, made on the same case so it is linked to the report, while the request stays open
 * in the works system (the Codes: a complaint can be raised while a service request is ongoing).
 * On a reference quoted in another conversation, the email address or phone number on the case is
 * asked for first, and nothing is said about the case until it matches.
 */
import { WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { CaseFollowUp, IntakeDeps, WorksGateway } from './intakeDeps';
import { en } from '../locale/en-GB';
import { open311En as t } from '../locale/open311.en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, YES_SYNONYMS } from './prompts';

export const OPEN311_COMPLAINT_DIALOG = 'open311ComplaintDialog';

export interface Open311ComplaintOptions {
  reference: string;
  text: string;
  /** Nobody else is asking. As in escalationDialog.ts: true from the bot, which checks first; false only in state saved by an earlier build. */
  known: boolean;
  serviceRequestId: string | null;
}

/** How it ended (the resident has been told): a complaint on the case, or their words passed on as a message. */
export interface Open311ComplaintResult {
  outcome: 'not_verified' | 'complaint_made' | 'added' | 'closed' | 'not_found';
}

export type Open311ComplaintDeps = Pick<IntakeDeps, 'pack' | 'escalation' | 'notifier' | 'onBackgroundError'> & { works: WorksGateway; followUp: CaseFollowUp };

const end = (step: WaterfallStepContext, outcome: Open311ComplaintResult['outcome']) => step.endDialog({ outcome } satisfies Open311ComplaintResult);

const OFFER: ChoiceOption<'complain' | 'message'>[] = [
  { key: 'complain', label: t.complaint.choices.complain, synonyms: [...YES_SYNONYMS, 'complain', 'complaint'] },
  { key: 'message', label: t.complaint.choices.message, synonyms: NO_SYNONYMS },
];

export class Open311ComplaintDialog extends CancelAndHelpDialog<Open311ComplaintDeps> {
  constructor(deps: Open311ComplaintDeps) {
    super(OPEN311_COMPLAINT_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(new WaterfallDialog(`${OPEN311_COMPLAINT_DIALOG}.steps`, [this.askWho.bind(this), this.checkWho.bind(this), this.decide.bind(this)]));
    this.initialDialogId = `${OPEN311_COMPLAINT_DIALOG}.steps`;
  }

  private async askWho(step: WaterfallStepContext<Open311ComplaintOptions>) {
    if (step.options.known) return step.next(null);
    return askText(step, t.complaint.verify);
  }

  private async checkWho(step: WaterfallStepContext<Open311ComplaintOptions>) {
    const { reference, serviceRequestId, known } = step.options;
    if (!known) {
      const ok = this.deps.escalation ? await this.deps.escalation.verify(reference, String(step.result ?? '')) : false;
      if (!ok) {
        await step.context.sendActivity(t.complaint.verifyFailed);
        return end(step, 'not_verified');
      }
    }
    return askChoice(step, t.complaint.offer(reference, serviceRequestId), OFFER, t.attributeRetry);
  }

  private async decide(step: WaterfallStepContext<Open311ComplaintOptions>) {
    const { reference, text } = step.options;
    const commandId = `open311-complaint:${step.context.activity.channelId}:${step.context.activity.id ?? Date.now()}`;
    if (picked(step.result, OFFER) === 'complain') {
      try {
        const made = await this.deps.works.complain(reference, text, commandId);
        await step.context.sendActivity(t.complaint.made(reference, made.acknowledgeBy, made.respondBy));
        return end(step, 'complaint_made');
      } catch (err) {
        // The case moved on meanwhile (staff made it a complaint, say): what they wrote still reaches staff.
        this.deps.onBackgroundError?.('making a complaint about a works report', err);
      }
    }
    const outcome = await this.deps.followUp.addResidentMessage(reference, text, `resident-message:${commandId}`);
    if (outcome === 'added') {
      await step.context.sendActivity(en.followUp.added(reference));
      await this.deps.notifier?.residentMessage(reference, text).catch((err) => this.deps.onBackgroundError?.('passing a resident message to staff', err));
    } else {
      await step.context.sendActivity(outcome === 'closed' ? en.followUp.closed(reference) : en.followUp.notFound(reference));
    }
    return end(step, outcome);
  }
}
