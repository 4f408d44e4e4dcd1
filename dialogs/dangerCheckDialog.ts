/**
 * The danger question: when the classifier half-suspects an emergency or a crime that no rule saw
 * (Classification.dangerCheck), the resident is asked once, before anything is signposted, whether
 * anyone is in danger or a crime is happening right now. Yes: the routes asked about are signposted
 * as the rules' own would be (999 first). No: the triage carries on as if nothing was asked.
 * Anything else is a no whose words are kept as more detail, so nothing the resident says is lost.
 */
import { ChoiceFactory, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { ROUTE_IDS, SAFETY_ROUTES, type RouteId } from '../models/vocabulary';
import type { Classification } from '../services/classifier/types';
import { affirmationIn } from '../services/intake/affirm';
import { dangerCheck as words } from '../locale/dangerCheck.en-GB';
import { ChildDialog, type ChildOptions, type ChildResult } from './childDialog';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';
import { TEXT, textPrompt } from './prompts';

export const DANGER_CHECK_DIALOG = 'dangerCheckDialog';

export type DangerAnswer = NonNullable<IntakeDraft['dangerAnswer']>;
export type DangerCheckAnswers = Pick<IntakeDraft, 'dangerAnswer'>;
/** `moreDetail`: what they wrote besides yes or no, for the triage to add to what happened. */
export interface DangerCheckResult extends ChildResult<DangerCheckAnswers> {
  moreDetail?: string;
}

export interface DangerCheckOptions extends ChildOptions<DangerCheckAnswers> {
  /** The safety routes the classifier half-suspects. */
  routes: RouteId[];
}

export type DangerCheckDeps = Pick<IntakeDeps, 'pack'>;

export function dangerCheckOptions(routes: readonly RouteId[]): DangerCheckOptions {
  return { known: {}, routes: [...routes] };
}

/** "No", "nope", "no one is hurt, but...": a no, and whatever follows it. */
const NO = /^(?:no(?:pe)?|nah|n|not (?:really|now|right now|at the moment)|no[- ]?one|nobody)(?=$|[\s,.!;:—–-])/i;

/** Reads an answer: a button, its number (where buttons show as a list), or words. */
export function readDangerAnswer(typed: string): { answer: DangerAnswer['answer']; detail?: string } {
  const t = typed.trim();
  const bare = t.toLowerCase().replace(/[.!\s]+$/, '');
  if (bare === words.choices.yes.toLowerCase() || bare === '1') return { answer: 'yes' };
  if (bare === words.choices.no.toLowerCase() || bare === '2') return { answer: 'no' };
  const yes = affirmationIn(t);
  if (yes) return { answer: 'yes', ...(yes.rest ? { detail: t } : {}) };
  const no = NO.exec(t);
  if (no) {
    const rest = t.slice(no[0].length).replace(/^[\s,.!;:—–-]+/, '').trim();
    return { answer: 'no', ...(rest ? { detail: t } : {}) };
  }
  return { answer: 'other', detail: t };
}

export class DangerCheckDialog extends ChildDialog<DangerCheckAnswers, DangerCheckDeps> {
  constructor(deps: DangerCheckDeps) {
    super(DANGER_CHECK_DIALOG, deps);
    this.addDialog(textPrompt(deps));
    this.addDialog(new WaterfallDialog(this.stepsId, [this.ask.bind(this), this.answer.bind(this)]));
  }

  private async ask(step: WaterfallStepContext<DangerCheckOptions>) {
    // a text prompt with buttons: any words are an answer, never "please choose one of the options"
    const buttons = [words.choices.yes, words.choices.no];
    return step.prompt(TEXT, { prompt: ChoiceFactory.forChannel(step.context, buttons, words.ask), retryPrompt: ChoiceFactory.forChannel(step.context, buttons, words.ask) });
  }

  private async answer(step: WaterfallStepContext<DangerCheckOptions>) {
    const { answer, detail } = readDangerAnswer(String(step.result ?? ''));
    if (answer === 'other') await step.context.sendActivity(words.noted);
    const result: DangerCheckResult = { answers: { dangerAnswer: { routes: step.options.routes, answer } }, ...(detail ? { moreDetail: detail } : {}) };
    return step.endDialog(result);
  }
}

/** The danger question's result, when that is what a step got back. */
export function dangerCheckResult(result: unknown): DangerCheckResult | undefined {
  const r = result as DangerCheckResult | undefined;
  return r?.answers && 'dangerAnswer' in r.answers ? r : undefined;
}

/**
 * A classification with the resident's answer in: after a yes the routes asked about are
 * exclusions (the rules' own safety routes are signposted the same way); once answered, the
 * question is not asked again, whatever the classifier thinks of the words added since.
 */
export function withDangerAnswer(result: Classification, answered: DangerAnswer | undefined): Classification {
  if (!answered) return result;
  const { dangerCheck: _asked, ...rest } = result;
  if (answered.answer !== 'yes') return rest;
  const exclusions = ROUTE_IDS.filter((r) => result.exclusions.includes(r) || (SAFETY_ROUTES.includes(r) && answered.routes.includes(r)));
  return { ...rest, exclusions, reasons: [...result.reasons, `danger question: the resident said yes (${answered.routes.join(', ')})`] };
}
