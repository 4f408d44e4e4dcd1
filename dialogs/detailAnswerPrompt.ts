/**
 * The free-text prompt of the details questions (where, when, the outcome wanted). An answer that
 * only says something asked elsewhere ("on Mill Lane" to "when?", a phone number to "where?") is
 * taken for what it says, thanked for, and the question asked once more, instead of being stored
 * as the answer. A second such answer is let through: the step decides what to keep of it.
 */
import { Activity, ActivityTypes } from 'botbuilder';
import { PromptValidatorContext, TextPrompt } from 'botbuilder-dialogs';
import { en } from '../locale/en-GB';
import { AskedFor, otherFactsOnly } from '../services/intake/answerFit';
import type { IntakeDeps } from './intakeDeps';
import { FREE_TEXT_MAX, offerPersonAfterThreeTries } from './prompts';

export const DETAIL_TEXT = 'detailAnswerPrompt';

/** What the prompt was asking, passed as the prompt's `validations`. */
export interface DetailValidations {
  asked: AskedFor;
}

/** The question again, its buttons kept, with `lead` before it. */
function withLead(prompt: string | Partial<Activity> | undefined, lead: string): Partial<Activity> {
  if (typeof prompt === 'string' || !prompt) return { type: ActivityTypes.Message, text: `${lead} ${prompt ?? ''}`.trim() };
  return { ...prompt, text: `${lead} ${prompt.text ?? ''}`.trim() };
}

export function detailAnswerPrompt(deps: Pick<IntakeDeps, 'pack' | 'clock'>): TextPrompt {
  return new TextPrompt(DETAIL_TEXT, async (p: PromptValidatorContext<string>) => {
    const value = (p.recognized.value ?? '').trim();
    if (value.length === 0 || value.length > FREE_TEXT_MAX) {
      if (value.length > FREE_TEXT_MAX) await p.context.sendActivity(en.errors.tooLong(FREE_TEXT_MAX));
      await offerPersonAfterThreeTries(p, deps);
      return false;
    }
    const asked = (p.options.validations as DetailValidations | undefined)?.asked;
    if (!asked || p.attemptCount > 1) return true;
    const other = otherFactsOnly(value, asked, deps.clock());
    // A date alone said to "where" corrects when (the details dialog keeps it), with no question again.
    if (!other || (asked === 'place' && other.every((f) => f === 'when'))) return true;
    await p.context.sendActivity(withLead(p.options.prompt, en.details.noted(other)));
    return false;
  });
}
