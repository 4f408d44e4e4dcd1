/**
 * Reasonable adjustments and vulnerability: large print, phone instead of writing, an interpreter,
 * someone to help, or a person at risk. What is recorded here sets the case's priority.
 */
import { WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { answersFrom, ChildDialog, ChildOptions, ChildResult, pick } from './childDialog';
import type { IntakeDeps } from './intakeDeps';
import type { Adjustment, IntakeDraft } from './intakeDraft';
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

const FIELDS = ['adjustments', 'adjustmentNotes', 'adjustmentsAsked', 'vulnerable', 'vulnerabilityNotes'] as const;
export type AdjustmentsAnswers = Pick<IntakeDraft, (typeof FIELDS)[number]>;
export type AdjustmentsResult = ChildResult<AdjustmentsAnswers>;

export interface AdjustmentsOptions extends ChildOptions<AdjustmentsAnswers> {
  /** "Is there anything else?" after one was noted. */
  again?: boolean;
}

export type AdjustmentsDeps = Pick<IntakeDeps, 'pack'>;

/** The adjustments dialog's options: what is noted already (nothing, when the summary asks afresh). */
export function adjustmentsOptions(draft: Pick<IntakeDraft, (typeof FIELDS)[number]>): AdjustmentsOptions {
  return { known: { ...pick(draft, FIELDS), adjustments: [...draft.adjustments] } };
}

export class AdjustmentsDialog extends ChildDialog<AdjustmentsAnswers, AdjustmentsDeps> {
  constructor(deps: AdjustmentsDeps) {
    super(ADJUSTMENTS_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(new WaterfallDialog(this.stepsId, [this.ask.bind(this), this.more.bind(this), this.record.bind(this)]));
  }

  private async ask(step: WaterfallStepContext<AdjustmentsOptions>) {
    return askChoice(step, step.options.again ? en.adjustments.anythingElse : en.adjustments.ask, NEEDS);
  }

  private async more(step: WaterfallStepContext<AdjustmentsOptions>) {
    const need = picked(step.result, NEEDS) ?? 'none';
    const k = step.options.known;
    vals(step).need = need;
    if (need === 'none') {
      k.adjustmentsAsked = true;
      return step.endDialog({ answers: answersFrom(k, FIELDS) } satisfies AdjustmentsResult);
    }
    const adjustment = ADJUSTMENT_FOR[need];
    if (adjustment && !k.adjustments.includes(adjustment)) k.adjustments = [...k.adjustments, adjustment];
    if (need === 'interpreter') return askText(step, en.adjustments.language);
    if (need === 'atRisk') {
      k.vulnerable = true;
      await step.context.sendActivity(en.adjustments.atRisk);
      return askText(step, en.adjustments.atRiskMore, en.details.skip);
    }
    return step.next();
  }

  private async record(step: WaterfallStepContext<AdjustmentsOptions>) {
    const v = vals(step);
    const k = step.options.known;
    const answer = typeof step.result === 'string' ? step.result.trim().slice(0, 500) : undefined;
    if (v.need === 'interpreter' && answer) k.adjustmentNotes = [k.adjustmentNotes, `Interpreter: ${answer}`].filter(Boolean).join('; ');
    if (v.need === 'atRisk' && answer && !/^skip$/i.test(answer)) k.vulnerabilityNotes = answer;
    k.adjustmentsAsked = true;
    return step.replaceDialog(this.stepsId, { known: k, again: true } satisfies AdjustmentsOptions);
  }
}
