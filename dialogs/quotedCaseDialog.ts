/**
 * A resident quotes a case reference in a conversation that did not file it. References run in
 * sequence, so anyone could type one: before anything is added to the case, or anything is said
 * about it (whether it exists, is closed, or has been answered), the bot asks for the email
 * address or phone number on the case. A reference that does not exist gets the same questions
 * and the same refusal as a wrong answer, so the replies tell a guesser nothing.
 *
 * Once it matches, the dialog ends with the reference and the resident's message; the bot then
 * treats the case as one of this conversation's own (a review request, a works complaint, or a
 * message added for staff).
 */
import { WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { CaseFollowUp, IntakeDeps } from './intakeDeps';
import { en } from '../locale/en-GB';
import { askText, textPrompt } from './prompts';

export const QUOTED_CASE_DIALOG = 'quotedCase';
const STEPS = `${QUOTED_CASE_DIALOG}.steps`;
/** Tries at the email or phone number before the resident is sent to the team instead. */
const MAX_TRIES = 2;

export interface QuotedCaseOptions {
  reference: string;
  /** What the resident wrote with the reference: acted on once they are shown to be its owner. */
  text: string;
  /** The phone-now advice for an emergency in the message was given already, before the check. */
  emergencyTold?: boolean;
  tries?: number;
}

/** The dialog's result when the contact matched: the bot carries on with the case. */
export interface QuotedCaseVerified {
  verified: { reference: string; text: string; emergencyTold: boolean };
}

export function isQuotedCaseVerified(result: unknown): result is QuotedCaseVerified {
  return typeof result === 'object' && result !== null && 'verified' in result;
}

export type QuotedCaseDeps = Pick<IntakeDeps, 'pack'> & { followUp: CaseFollowUp };

export class QuotedCaseDialog extends CancelAndHelpDialog<QuotedCaseDeps> {
  constructor(deps: QuotedCaseDeps) {
    super(QUOTED_CASE_DIALOG, deps);
    this.addDialog(textPrompt(deps));
    this.addDialog(new WaterfallDialog(STEPS, [this.ask.bind(this), this.checked.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async ask(step: WaterfallStepContext<QuotedCaseOptions>) {
    const o = step.options;
    return askText(step, o.tries ? en.followUp.noMatch : en.followUp.askContact(o.reference));
  }

  private async checked(step: WaterfallStepContext<QuotedCaseOptions>) {
    const o = step.options;
    if (await this.deps.followUp.verify(o.reference, String(step.result ?? ''))) {
      return step.endDialog({ verified: { reference: o.reference, text: o.text, emergencyTold: !!o.emergencyTold } } satisfies QuotedCaseVerified);
    }
    const tries = (o.tries ?? 0) + 1;
    if (tries < MAX_TRIES) return step.replaceDialog(STEPS, { ...o, tries });
    const c = this.deps.pack.contacts;
    await step.context.sendActivity(en.review.notVerified(o.reference, c.team, c.phone, c.email));
    return step.endDialog();
  }
}
