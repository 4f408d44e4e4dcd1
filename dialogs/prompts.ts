/**
 * Prompts shared by the resident dialogs. Choices show as buttons where the channel has them and
 * as numbered text where it does not (ListStyle.auto). After three failed tries a person is offered.
 */
import { supportsSuggestedActions } from 'botbuilder-dialogs/lib/choices/channel';
import type { TurnContext } from 'botbuilder';
import { ChoiceFactory, ChoicePrompt, FoundChoice, ListStyle, PromptOptions, PromptRecognizerResult, PromptValidatorContext, TextPrompt, WaterfallStepContext, Choice } from 'botbuilder-dialogs';
import { en } from '../locale/en-GB';
import { personMessage } from './cancelAndHelpDialog';
import { affirmationIn } from '../services/intake/affirm';
import type { IntakeDeps } from './intakeDeps';

export const CHOICE = 'choicePrompt';
export const TEXT = 'textPrompt';
export const FREE_TEXT_MAX = 4000;

export interface ChoiceOption<K extends string> {
  key: K;
  label: string;
  synonyms?: string[];
}

export async function offerPersonAfterThreeTries(prompt: PromptValidatorContext<unknown>, deps: Pick<IntakeDeps, 'pack'>): Promise<void> {
  if (prompt.attemptCount > 0 && prompt.attemptCount % 3 === 0) {
    await prompt.context.sendActivity(`${en.tooManyTries}\n\n${personMessage(deps)}`);
  }
}

/** Prompt options flag: free text of a few words is returned (as `{ text }`) instead of refused. */
export interface ChoicePromptExtras {
  acceptMoreDetail?: boolean;
  /** The label a "yes ..." answer picks (set by askChoice from the option whose synonyms say yes). */
  yes?: string;
}

/** Words that agree or are polite, never a choice of their own ("yes thanks" is not a compliment). */
const POLITE = new Set(['yes', 'y', 'yeah', 'yep', 'ok', 'okay', 'correct', 'right', 'sure', 'thanks', 'thank you', 'please', 'fine', 'that is fine', "that's fine", 'it is', 'yes it is']);

/** True when `text` names this option: its label, or one of its synonyms as whole words. */
function namesOption(text: string, option: { value: string; synonyms: string[] }): boolean {
  const t = ` ${text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').replace(/\s+/g, ' ')} `;
  // In a longer sentence "fix" or "problem" describes the matter; only a short one picks by them.
  const short = t.trim().split(' ').length <= 4;
  return [option.value, ...(short ? option.synonyms : [])].some((w) => {
    const word = w.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').replace(/\s+/g, ' ').trim();
    return word.length >= 3 && !POLITE.has(word) && t.includes(` ${word} `);
  });
}

/** What a resident added after agreeing ("Yes, I reported it three times"): information to keep. */
export function trailingWords(result: unknown): string | undefined {
  const text = (result as { trailing?: string } | undefined)?.trailing;
  return typeof text === 'string' && text ? text : undefined;
}

/** What a resident typed instead of picking, when the prompt accepts more detail. */
export function moreDetail(result: unknown): string | undefined {
  const text = (result as { moreDetail?: string } | undefined)?.moreDetail;
  return typeof text === 'string' ? text : undefined;
}

/**
 * botbuilder's choice recognition builds its number and ordinal recognisers afresh on every answer
 * (a large allocation, most of a resident turn's CPU). Most answers are a tapped button, which
 * sends the label exactly, or a bare number: those are matched here first.
 */
class QuickChoicePrompt extends ChoicePrompt {
  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const text = (context.activity.text ?? '').trim();
    const choices = (options.choices ?? []).map((c) => (typeof c === 'string' ? c : c.value));
    const exact = choices.findIndex((c) => c.toLowerCase() === text.toLowerCase());
    if (exact >= 0) return { succeeded: true, value: { value: choices[exact], index: exact, score: 1, synonym: choices[exact] } };
    if (/^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= choices.length) {
      const index = Number(text) - 1;
      return { succeeded: true, value: { value: choices[index], index, score: 1 } };
    }
    return super.onRecognize(context, state, options);
  }
}

export function choicePrompt(deps: Pick<IntakeDeps, 'pack'>): ChoicePrompt {
  const prompt = new QuickChoicePrompt(CHOICE, async (p: PromptValidatorContext<FoundChoice>) => {
    const typed = (p.context.activity.text ?? '').trim();
    const yes = (p.options as ChoicePromptExtras).yes;
    // a tapped button ("Yes, carry on") is its own answer: nothing after its "yes" is more detail
    const tapped = (p.options.choices ?? []).some((c) => (typeof c === 'string' ? c : c.value).toLowerCase() === typed.toLowerCase());
    const agreed = yes && !tapped ? affirmationIn(typed) : undefined;
    if (yes && agreed) {
      // "Yes, I reported it three times already": the yes answers the question, the rest is kept.
      // "Yes, it's a complaint" or "ok, change contact details" names another option: that one is meant.
      const choices = (p.options.choices ?? []).map((c) => (typeof c === 'string' ? { value: c, synonyms: [] } : { value: c.value, synonyms: c.synonyms ?? [] }));
      const named = choices.filter((c) => c.value !== yes && namesOption(agreed.rest, c));
      const value = named.length === 1 ? named[0].value : named.length === 0 ? yes : undefined;
      if (value) {
        p.recognized.value = { value, index: choices.findIndex((c) => c.value === value), score: 1, synonym: typed, trailing: agreed.rest } as FoundChoice;
        return true;
      }
    }
    const words = typed.split(/\s+/).filter(Boolean).length;
    const found = p.recognized.value;
    // "2" or "the second one" picks by position; "the fourth week running, I phoned three times" does not.
    const byPosition = p.recognized.succeeded && found && found.synonym === undefined;
    const describing = (p.options as ChoicePromptExtras).acceptMoreDetail && words >= 6 && !tapped;
    if (p.recognized.succeeded && !describing && !(byPosition && words > 3)) return true;
    if ((p.options as ChoicePromptExtras).acceptMoreDetail && words >= 4 && typed.length <= FREE_TEXT_MAX) {
      // They went on describing the problem rather than choosing: treat it as more detail.
      p.recognized.value = { value: '', index: -1, score: 0, synonym: typed, moreDetail: typed } as FoundChoice;
      return true;
    }
    await offerPersonAfterThreeTries(p, deps);
    return false;
  });
  prompt.style = ListStyle.auto;
  prompt.defaultLocale = 'en-us'; // the recogniser's English; wording itself is en-GB
  prompt.recognizerOptions = { recognizeOrdinals: true, recognizeNumbers: true, noValue: false };
  return prompt;
}

/** Free text, not empty and not too long. */
export function textPrompt(deps: Pick<IntakeDeps, 'pack'>): TextPrompt {
  return new TextPrompt(TEXT, async (p: PromptValidatorContext<string>) => {
    const value = (p.recognized.value ?? '').trim();
    if (value.length > 0 && value.length <= FREE_TEXT_MAX) return true;
    if (value.length > FREE_TEXT_MAX) await p.context.sendActivity(en.errors.tooLong(FREE_TEXT_MAX));
    await offerPersonAfterThreeTries(p, deps);
    return false;
  });
}

const NOTHING_SAID_YET = /^(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|morning|afternoon|evening|hi there|hello there|ok|okay|yes|no|yeah|yep|nope|help me|can you help|can you help me|please help|i need help|i have a problem|i want to complain|i want to make a complaint|complaint|problem|start|menu|test|\?+)[\s!.?,]*$/i;

/** True when a message says nothing about what happened yet ("hi", "ok", "I want to complain"). */
export function saysNothingYet(text: string | undefined): boolean {
  return NOTHING_SAID_YET.test((text ?? '').trim()) || (text ?? '').trim().length < 3;
}

export const DESCRIBE = 'describePrompt';

/** "What's happened?": free text that says something, asked again kindly after a bare greeting. */
export function describePrompt(deps: Pick<IntakeDeps, 'pack'>): TextPrompt {
  return new TextPrompt(DESCRIBE, async (p: PromptValidatorContext<string>) => {
    const value = (p.recognized.value ?? '').trim();
    if (value.length > FREE_TEXT_MAX) {
      await p.context.sendActivity(en.errors.tooLong(FREE_TEXT_MAX));
    } else if (value.length > 0 && !saysNothingYet(value)) {
      return true;
    }
    await offerPersonAfterThreeTries(p, deps);
    return false;
  });
}

export async function askDescription(step: WaterfallStepContext, question: string) {
  return step.prompt(DESCRIBE, { prompt: question, retryPrompt: en.askWhatHappenedAgain });
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

export async function askChoice<K extends string>(step: WaterfallStepContext, question: string, options: ChoiceOption<K>[], retry?: string, extras: ChoicePromptExtras = {}) {
  const yes = 'yes' in extras ? extras.yes : options.find((o) => (o.synonyms ?? []).includes('yes'))?.label;
  return step.prompt(CHOICE, {
    yes,
    prompt: question,
    retryPrompt: retry ?? `${question}\n\n${en.triage.retryKind}`,
    choices: toChoices(options),
    style: styleFor(step.context.activity.channelId, options.length),
    ...extras,
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

// Yes and no as people type them in chat ("yh", "nah thanks"), not only as the buttons say them.
export const YES_SYNONYMS = ['yes', 'y', 'yeah', 'yep', 'ok', 'okay', 'correct', 'right', 'sure', 'yh', 'ya', 'yea', 'yup', 'aye', 'yes please', 'yeah please', 'ok then', 'thats right', "that's right"];
export const NO_SYNONYMS = ['no', 'n', 'nope', 'not yet', 'nah', 'na', 'no thanks', 'no thank you', 'nah thanks', 'no ta', 'not really'];

/** A waterfall's scratch values for this run of the dialog. */
export function vals(step: WaterfallStepContext): Record<string, unknown> {
  return step.values as Record<string, unknown>;
}
