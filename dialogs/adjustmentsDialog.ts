/**
 * Reasonable adjustments and vulnerability: large print, phone instead of writing, an interpreter,
 * someone to help, or a person at risk. What is recorded here sets the case's priority.
 */
import { WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { IntakeDeps } from './intakeDeps';
import type { Adjustment } from './intakeDraft';
import { en } from '../locale/en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, picked, textPrompt, vals } from './prompts';

export const ADJUSTMENTS_DIALOG = 'adjustmentsDialog';

type Need = 'none' | 'largePrint' | 'phone' | 'interpreter' | 'helper' | 'atRisk';
const c = en.adjustments.choices;
const NEEDS: ChoiceOption<Need>[] = [
  { key: 'none', label: c.none, synonyms: ['no', 'none', 'nothing', 'no thanks', "i'm fine", 'n', 'nope', 'no nothing'] },
  { key: 'largePrint', label: c.largePrint, synonyms: ['large print', 'big print', 'easy read', 'braille'] },
  { key: 'phone', label: c.phone, synonyms: ['phone', 'call me', 'ring me'] },
  { key: 'interpreter', label: c.interpreter, synonyms: ['interpreter', 'translator', 'translation', 'language'] },
  { key: 'helper', label: c.helper, synonyms: ['help', 'someone to help', 'support worker'] },
  { key: 'atRisk', label: c.atRisk, synonyms: ['at risk', 'risk', 'danger', 'vulnerable', 'unsafe'] },
];
const ADJUSTMENT_FOR: Partial<Record<Need, Adjustment>> = {
  largePrint: 'large_print',
  phone: 'phone_instead_of_writing',
  interpreter: 'interpreter',
  helper: 'someone_to_help',
};

export class AdjustmentsDialog extends CancelAndHelpDialog {
  constructor(deps: IntakeDeps) {
    super(ADJUSTMENTS_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(new WaterfallDialog(`${ADJUSTMENTS_DIALOG}.steps`, [this.ask.bind(this), this.more.bind(this), this.record.bind(this)]));
    this.initialDialogId = `${ADJUSTMENTS_DIALOG}.steps`;
  }

  private async ask(step: WaterfallStepContext<{ again?: boolean }>) {
    return askChoice(step, step.options?.again ? en.adjustments.anythingElse : en.adjustments.ask, NEEDS);
  }

  private async more(step: WaterfallStepContext) {
    const need = picked(step.result, NEEDS) ?? 'none';
    const draft = await this.deps.drafts.get(step.context);
    const v = vals(step);
    v.need = need;
    if (need === 'none') {
      await this.deps.drafts.update(step.context, { adjustmentsAsked: true });
      return step.endDialog();
    }
    const adjustment = ADJUSTMENT_FOR[need];
    if (adjustment && !draft.adjustments.includes(adjustment)) {
      await this.deps.drafts.update(step.context, { adjustments: [...draft.adjustments, adjustment] });
    }
    if (need === 'interpreter') return askText(step, en.adjustments.language);
    if (need === 'atRisk') {
      await this.deps.drafts.update(step.context, { vulnerable: true });
      await step.context.sendActivity(en.adjustments.atRisk);
      return askText(step, en.adjustments.atRiskMore, en.details.skip);
    }
    return step.next();
  }

  private async record(step: WaterfallStepContext) {
    const v = vals(step);
    const answer = typeof step.result === 'string' ? step.result.trim().slice(0, 500) : undefined;
    const draft = await this.deps.drafts.get(step.context);
    if (v.need === 'interpreter' && answer) {
      await this.deps.drafts.update(step.context, { adjustmentNotes: [draft.adjustmentNotes, `Interpreter: ${answer}`].filter(Boolean).join('; ') });
    }
    if (v.need === 'atRisk' && answer && !/^skip$/i.test(answer)) {
      await this.deps.drafts.update(step.context, { vulnerabilityNotes: answer });
    }
    await this.deps.drafts.update(step.context, { adjustmentsAsked: true });
    return step.replaceDialog(`${ADJUSTMENTS_DIALOG}.steps`, { again: true });
  }
}
