/**
 * A resident asks for a stage 2 review of their complaint themselves. The Complaint Handling
 * Codes let them escalate without giving a reason, and count the review's acknowledgement from
 * their request, so the bot records it at once (the escalate command, as the resident) rather
 * than passing it to staff as a message.
 *
 * Only the person who complained (or their recorded representative) may do this. In the
 * conversation that filed the case that is taken as shown; on a reference quoted anywhere else the
 * bot first asks for the email address or phone number on the case, and says nothing about the
 * case (not even whether it was answered) until it matches.
 */
import { WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CaseRuleError } from '../services/cases/errors';
import { staffText } from '../services/teams/wording';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { longDate } from '../locale/dates';
import type { CaseEscalation, IntakeDeps, ReviewCheck } from './intakeDeps';
import { en } from '../locale/en-GB';
import { turnKey } from './turnKey';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, YES_SYNONYMS } from './prompts';

export const ESCALATION_DIALOG = 'stage2Request';
const STEPS = `${ESCALATION_DIALOG}.steps`;
/** Tries at the email or phone number before the resident is sent to the team instead. */
const MAX_TRIES = 2;

export interface EscalationOptions {
  reference: string;
  /** What the resident wrote: kept with the request as their words (no reason is required). */
  text: string;
  /**
   * Whoever is here made the case. The bot checks that before it starts this dialog
   * (dialogs/quotedCaseDialog.ts) and always passes true; the check below stays for a
   * conversation saved half-way through it by an earlier build, which must not skip it on resuming.
   */
  known: boolean;
  check: ReviewCheck;
  tries?: number;
}

/** "I'm not happy with the response, I want stage 2", "please escalate", "can I appeal". */
const REVIEW_WORDS =
  /\b(stage\s*(2|two)|escalat\w*|appeal|review|take (it|this|my complaint|the complaint) further|(not|un)\s*(happy|satisfied)|dissatisfied|disagree)\b/i;

export function wantsReview(text: string): boolean {
  return REVIEW_WORDS.test(text);
}

const digits = (s: string) => {
  const d = s.replace(/\D/g, '');
  return d.startsWith('0044') ? `0${d.slice(4)}` : d.startsWith('44') ? `0${d.slice(2)}` : d;
};

/** Email compared without case or spaces; phone numbers by their digits, +44 read as 0. */
export function sameContact(stored: string, answer: string): boolean {
  const a = answer.trim();
  if (a.includes('@')) return stored.includes('@') && stored.trim().toLowerCase() === a.toLowerCase();
  const [x, y] = [digits(stored), digits(a)];
  return !stored.includes('@') && y.length >= 10 && x === y;
}

/** How the request ended, for whoever began the dialog (the resident has been told already). */
export interface EscalationResult {
  outcome: 'not_verified' | 'already' | 'final' | 'not_asked' | 'started' | 'passed_on' | 'not_open';
}

export type EscalationDeps = Pick<IntakeDeps, 'pack' | 'notifier' | 'onBackgroundError'> & { escalation: CaseEscalation };

const end = (step: WaterfallStepContext, outcome: EscalationResult['outcome']) => step.endDialog({ outcome } satisfies EscalationResult);

const CONFIRM: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: en.review.yes, synonyms: YES_SYNONYMS },
  { key: 'no', label: en.review.no, synonyms: NO_SYNONYMS },
];

export class EscalationDialog extends CancelAndHelpDialog<EscalationDeps> {
  constructor(deps: EscalationDeps) {
    super(ESCALATION_DIALOG, deps);
    this.addDialog(textPrompt(deps));
    this.addDialog(choicePrompt(deps));
    this.addDialog(new WaterfallDialog(STEPS, [this.start.bind(this), this.checked.bind(this), this.act.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async start(step: WaterfallStepContext<EscalationOptions>) {
    const o = step.options;
    if (!o.known) return askText(step, o.tries ? en.review.noMatch : en.review.askContact(o.reference));
    return step.next();
  }

  private async checked(step: WaterfallStepContext<EscalationOptions>) {
    const o = step.options;
    if (!o.known) {
      const ok = await this.deps.escalation.verify(o.reference, String(step.result ?? ''));
      if (!ok) {
        const tries = (o.tries ?? 0) + 1;
        if (tries < MAX_TRIES) return step.replaceDialog(STEPS, { ...o, tries });
        const c = this.deps.pack.contacts;
        await step.context.sendActivity(en.review.notVerified(o.reference, c.team, c.phone, c.email));
        return end(step, 'not_verified');
      }
    }
    const check = o.check;
    switch (check.kind) {
      case 'already':
        await step.context.sendActivity(en.review.already(o.reference, check.stage));
        return end(step, 'already');
      case 'final':
        await step.context.sendActivity(en.review.final(o.reference, check.ombudsman.name, check.ombudsman.phone, check.ombudsman.url));
        return end(step, 'final');
      case 'late':
        return askChoice(step, en.review.late(o.reference, longDate(check.requestBy)!), CONFIRM);
      case 'open':
        return askChoice(step, en.review.confirm(o.reference, longDate(check.requestBy)), CONFIRM);
      default:
        // not_found / not_yet are dealt with before this dialog starts.
        return end(step, 'not_open');
    }
  }

  private async act(step: WaterfallStepContext<EscalationOptions>) {
    const o = step.options;
    if (picked(step.result, CONFIRM) !== 'yes') {
      await step.context.sendActivity(en.review.notAsked(o.reference));
      return end(step, 'not_asked');
    }
    // The same retried turn gives the same id, another turn or conversation another.
    const commandId = `resident-review:${turnKey(step.context.activity)}`;
    if (o.check.kind === 'open') {
      try {
        const r = await this.deps.escalation.request(o.reference, o.text, commandId);
        await step.context.sendActivity(en.review.started(o.reference, longDate(r.acknowledgeBy), longDate(r.respondBy), r.respondFromAcknowledgement));
        await this.tellStaff(o.reference, `${commandId}:started`, staffText.reviewRequested(o.reference, r.acknowledgeBy, o.text));
        return end(step, 'started');
      } catch (err) {
        // The window closed between the question and the answer: fall through to the council's discretion.
        if (!(err instanceof CaseRuleError)) throw err;
      }
    }
    await this.deps.escalation.askLate(o.reference, o.text, commandId);
    await step.context.sendActivity(en.review.passedOn(o.reference));
    const requestBy = o.check.kind === 'late' || o.check.kind === 'open' ? o.check.requestBy : null;
    await this.tellStaff(o.reference, `${commandId}:late`, staffText.lateReviewRequested(o.reference, requestBy, o.text));
    return end(step, 'passed_on');
  }

  /** Staff hear of it in the case's thread; Teams being down must not spoil the resident's answer. */
  private async tellStaff(reference: string, key: string, text: string): Promise<void> {
    const { notifier, onBackgroundError } = this.deps;
    if (!notifier) return;
    const sent = notifier.caseNotice ? notifier.caseNotice(reference, key, text) : notifier.residentMessage(reference, text);
    await sent.catch((err) => onBackgroundError?.('telling staff of a review request', err));
  }
}
