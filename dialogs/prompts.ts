/**
 * Prompts shared by the resident dialogs. Choices show as buttons where the channel has them and
 * as numbered text where it does not (ListStyle.auto). After three failed tries a person is offered.
 */
import { supportsSuggestedActions } from 'botbuilder-dialogs/lib/choices/channel';
import { ChoiceFactory, ChoicePrompt, FoundChoice, ListStyle, PromptValidatorContext, TextPrompt, WaterfallStepContext, Choice } from 'botbuilder-dialogs';
import { en } from './locale/en-GB';
import { personMessage } from './cancelAndHelpDialog';
import type { IntakeDeps } from './intakeDeps';

export const CHOICE = 'choicePrompt';
export const TEXT = 'textPrompt';
export const FREE_TEXT_MAX = 4000;

export interface ChoiceOption<K extends string> {
  key: K;
  label: string;
  synonyms?: string[];
}

async function offerPersonAfterThreeTries(prompt: PromptValidatorContext<unknown>, deps: IntakeDeps): Promise<void> {
  if (prompt.attemptCount > 0 && prompt.attemptCount % 3 === 0) {
    await prompt.context.sendActivity(`${en.tooManyTries}\n\n${personMessage(deps)}`);
  }
}

export function choicePrompt(deps: IntakeDeps): ChoicePrompt {
  const prompt = new ChoicePrompt(CHOICE, async (p: PromptValidatorContext<FoundChoice>) => {
    if (p.recognized.succeeded) return true;
    await offerPersonAfterThreeTries(p, deps);
    return false;
  });
  prompt.style = ListStyle.auto;
  prompt.defaultLocale = 'en-us'; // the recogniser's English; wording itself is en-GB
  prompt.recognizerOptions = { recognizeOrdinals: true, recognizeNumbers: true, noValue: false };
  return prompt;
}

/** Free text, not empty and not too long. */
export function textPrompt(deps: IntakeDeps): TextPrompt {
  return new TextPrompt(TEXT, async (p: PromptValidatorContext<string>) => {
    const value = (p.recognized.value ?? '').trim();
    if (value.length > 0 && value.length <= FREE_TEXT_MAX) return true;
    if (value.length > FREE_TEXT_MAX) await p.context.sendActivity(en.errors.tooLong(FREE_TEXT_MAX));
    await offerPersonAfterThreeTries(p, deps);
    return false;
  });
}

export function toChoices<K extends string>(options: ChoiceOption<K>[]): Choice[] {
  return options.map((o) => ({ value: o.label, synonyms: o.synonyms ?? [] }));
}

/**
 * Buttons (suggested actions) wherever the channel shows them, even for labels longer than
 * botbuilder's 20-character default, because residents tap rather than type; numbered text elsewhere.
 */
export function styleFor(channelId: string, count: number): ListStyle {
  return supportsSuggestedActions(channelId, count) ? ListStyle.suggestedAction : ListStyle.list;
}

export async function askChoice<K extends string>(step: WaterfallStepContext, question: string, options: ChoiceOption<K>[], retry?: string) {
  return step.prompt(CHOICE, {
    prompt: question,
    retryPrompt: retry ?? `${question}\n\n${en.triage.retryKind}`,
    choices: toChoices(options),
    style: styleFor(step.context.activity.channelId, options.length),
  });
}

/** The key of the option the resident picked (ChoicePrompt results carry the label). */
export function picked<K extends string>(result: unknown, options: ChoiceOption<K>[]): K | undefined {
  const label = (result as FoundChoice | undefined)?.value;
  return options.find((o) => o.label === label)?.key;
}

export async function askText(step: WaterfallStepContext, question: string, skipLabel?: string) {
  return step.prompt(TEXT, {
    prompt: skipLabel ? ChoiceFactory.forChannel(step.context, [skipLabel], question) : question,
    retryPrompt: question,
  });
}

export const YES_SYNONYMS = ['yes', 'y', 'yeah', 'yep', 'ok', 'okay', 'correct', 'right', 'sure'];
export const NO_SYNONYMS = ['no', 'n', 'nope', 'not yet', 'nah'];

/** A waterfall's scratch values for this run of the dialog. */
export function vals(step: WaterfallStepContext): Record<string, unknown> {
  return step.values as Record<string, unknown>;
}
