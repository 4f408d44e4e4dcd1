/**
 * Before a report goes to the council's works system (Open311): which of its services it is (asked
 * only when the resident's words and service area leave more than one), the questions that
 * service's definition marks as required (its attributes, as ordinary questions, lists as
 * choices), and whether the resident's contact details may go with it. The answers wait in the
 * draft; the report is sent once the case is opened (services/open311).
 */
import { WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Attribute } from '../services/open311/wire';
import { ChildDialog, ChildOptions, ChildResult, pick } from './childDialog';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';
import { open311En as t } from '../locale/open311.en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, vals, YES_SYNONYMS } from './prompts';

export const OPEN311_ATTRIBUTES_DIALOG = 'open311AttributesDialog';
const QUESTIONS = `${OPEN311_ATTRIBUTES_DIALOG}.questions`;
const NONE = '__none__';

interface QuestionsState {
  attributes: Attribute[];
  index: number;
  answers: Record<string, string | string[]>;
}

const valueOptions = (a: Attribute): ChoiceOption<string>[] => (a.values ?? []).map((v) => ({ key: v.key, label: v.name }));
const SHARE: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: t.shareChoices.yes, synonyms: YES_SYNONYMS },
  { key: 'no', label: t.shareChoices.no, synonyms: NO_SYNONYMS },
];

/** What the works questions read: the report's words and areas, and whether the resident stays anonymous. */
const KNOWN = ['serviceAreas', 'text', 'anonymous'] as const;
export type Open311AttributesKnown = Pick<IntakeDraft, (typeof KNOWN)[number]>;
export type Open311AttributesOptions = ChildOptions<Open311AttributesKnown>;
/** `works`: the service and answers; null: not for the works system; undefined: chosen when sending. */
export type Open311AttributesResult = ChildResult<Pick<IntakeDraft, 'works'>>;

export type Open311AttributesDeps = Pick<IntakeDeps, 'pack'> & { works: NonNullable<IntakeDeps['works']> };

export function open311AttributesOptions(draft: IntakeDraft): Open311AttributesOptions {
  return { known: { ...pick(draft, KNOWN), serviceAreas: [...draft.serviceAreas] } };
}

export class Open311AttributesDialog extends ChildDialog<Open311AttributesKnown, Open311AttributesDeps> {
  constructor(deps: Open311AttributesDeps) {
    super(OPEN311_ATTRIBUTES_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(
      new WaterfallDialog(this.stepsId, [this.choose.bind(this), this.chosen.bind(this), this.askShare.bind(this), this.saveShare.bind(this)]),
    );
    this.addDialog(new WaterfallDialog(QUESTIONS, [this.ask.bind(this), this.answer.bind(this)]));
  }

  private done(step: WaterfallStepContext, works: IntakeDraft['works']) {
    return step.endDialog({ answers: { works } } satisfies Open311AttributesResult);
  }

  private async choose(step: WaterfallStepContext<Open311AttributesOptions>) {
    const { known } = step.options;
    const choice = await this.deps.works.choose(known.serviceAreas, known.text ?? '');
    if (choice.kind === 'none') {
      // Not read from the endpoint yet (it has been down): sent anyway, the service chosen when sending.
      return this.done(step, (await this.deps.works.ready()) ? null : undefined);
    }
    if (choice.kind === 'one') return step.next(choice.service.service_code);
    const options: ChoiceOption<string>[] = [...choice.services.map((s) => ({ key: s.service_code, label: s.service_name })), { key: NONE, label: t.noneOfThese, synonyms: ['none', 'no', 'neither'] }];
    vals(step).options = options;
    return askChoice(step, t.whichService(choice.services.map((s) => s.service_name)), options, t.attributeRetry);
  }

  private async chosen(step: WaterfallStepContext) {
    const options = vals(step).options as ChoiceOption<string>[] | undefined;
    const code = options ? picked(step.result, options) : (step.result as string);
    if (!code || code === NONE) return this.done(step, null);
    const service = await this.deps.works.service(code);
    vals(step).code = code;
    vals(step).name = service?.service_name ?? code;
    const attributes = await this.deps.works.requiredAttributes(code);
    if (!attributes.length) return step.next({});
    return step.beginDialog(QUESTIONS, { attributes, index: 0, answers: {} } satisfies QuestionsState);
  }

  private async askShare(step: WaterfallStepContext<Open311AttributesOptions>) {
    vals(step).answers = step.result ?? {};
    // Nothing to share from someone who stays anonymous or gives no reply address.
    if (step.options.known.anonymous) return step.next(undefined);
    return askChoice(step, t.shareContact, SHARE, t.attributeRetry);
  }

  private async saveShare(step: WaterfallStepContext) {
    const v = vals(step);
    return this.done(step, { serviceCode: String(v.code), serviceName: String(v.name), attributes: v.answers as Record<string, string | string[]>, shareContact: picked(step.result, SHARE) === 'yes' });
  }

  private async ask(step: WaterfallStepContext<QuestionsState>) {
    const { attributes, index } = step.options;
    const a = attributes[index];
    const question = t.attributeQuestion(a.description ?? a.code, a.datatype_description);
    if ((a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') && a.values?.length) return askChoice(step, question, valueOptions(a), t.attributeRetry);
    return askText(step, question);
  }

  private async answer(step: WaterfallStepContext<QuestionsState>) {
    const { attributes, index, answers } = step.options;
    const a = attributes[index];
    let value: string | string[];
    if ((a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') && a.values?.length) {
      const key = picked(step.result, valueOptions(a))!;
      value = a.datatype === 'multivaluelist' ? [key] : key;
    } else {
      value = String(step.result).trim().slice(0, 1000);
      if (a.datatype === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) {
        await step.context.sendActivity(t.numberRetry);
        return step.replaceDialog(QUESTIONS, step.options);
      }
    }
    const next: QuestionsState = { attributes, index: index + 1, answers: { ...answers, [a.code]: value } };
    if (next.index < attributes.length) return step.replaceDialog(QUESTIONS, next);
    return step.endDialog(next.answers);
  }
}
