/**
 * The details, asking only what the first message did not already say: where (for problems in a
 * place), when (for complaints; over the time limit we explain it and ask why now), the outcome
 * wanted, and for comments and compliments whether a reply is wanted and who to thank.
 */
import { ChoiceFactory, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { ExtractedDate, extractDate, extractLocation, monthsBetween } from '../services/intake/extract';
import { whenIn } from '../services/intake/facts';
import { otherFactsOnly } from '../services/intake/answerFit';
import { londonDate } from '../services/workingDays/londonTime';
import type { ServiceArea } from '../models/vocabulary';
import { answersFrom, ChildDialog, ChildOptions, ChildResult, pick } from './childDialog';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';
import { en } from '../locale/en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, FREE_TEXT_MAX, NO_SYNONYMS, picked, textPrompt, TEXT, vals, YES_SYNONYMS } from './prompts';
import { DETAIL_TEXT, detailAnswerPrompt, DetailValidations } from './detailAnswerPrompt';

export const DETAILS_DIALOG = 'detailsDialog';

const PLACE_AREAS: ServiceArea[] = ['waste_recycling', 'street_cleansing', 'highways', 'parking', 'housing_repairs', 'parks_open_spaces', 'environmental_health', 'planning', 'licensing'];
const NOT_A_PLACE = /^(it'?s )?not about a place|^(n\/a|none|no|nowhere|not applicable|skip)$/i;
const UNSURE = /^(i'?m )?not sure|^(don'?t know|dunno|can'?t remember|unsure|skip)$/i;

const REPLY: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: en.details.commentReplyChoices.yes, synonyms: YES_SYNONYMS },
  { key: 'no', label: en.details.commentReplyChoices.no, synonyms: NO_SYNONYMS },
];

/** What the details questions read: the matter, and what is already known about it. */
const KNOWN = ['kind', 'text', 'serviceAreas', 'location', 'occurredOn', 'occurredPrecision', 'whenText', 'outOfTimeFlag', 'outOfTimeReason', 'outcomeWanted', 'contactAsked'] as const;
export type DetailsKnown = Pick<IntakeDraft, (typeof KNOWN)[number]>;
const ANSWERS = ['location', 'whereAsked', 'whenText', 'occurredOn', 'occurredPrecision', 'outOfTimeReason', 'outcomeWanted', 'replyWanted', 'thanksTo'] as const;
export type DetailsAnswers = Pick<IntakeDraft, (typeof ANSWERS)[number]>;
export type DetailsResult = ChildResult<DetailsAnswers>;

export interface DetailsOptions extends ChildOptions<DetailsKnown & Partial<DetailsAnswers>> {
  /** From the summary: ask again even what is already known. */
  changing?: 'whereWhen' | 'outcome';
}

export type DetailsDeps = Pick<IntakeDeps, 'pack' | 'clock'>;

/** The details dialog's options, from the draft (the intake dialog's side). */
export function detailsOptions(draft: IntakeDraft, changing?: DetailsOptions['changing']): DetailsOptions {
  return { known: { ...pick(draft, KNOWN), ...pick(draft, ANSWERS) }, ...(changing ? { changing } : {}) };
}

/** The date in an answer that says nothing else ("Wednesday", "on the 3rd of May", "last month"). */
function onlyADate(answer: string, now: Date): ExtractedDate | undefined {
  const date = extractDate(answer, now);
  if (!date || extractLocation(answer)) return undefined;
  const rest = answer.replace(date.text, ' ').replace(/\b(?:it was|it happened|happened|i meant|sorry|on|the|not)\b|[^A-Za-z]+/gi, ' ').trim();
  return rest ? undefined : date;
}

export class DetailsDialog extends ChildDialog<DetailsOptions['known'], DetailsDeps> {
  protected override readonly absorbs = ['location', 'occurredOn', 'occurredPrecision', 'whenText', 'outcomeWanted'] as const;

  constructor(deps: DetailsDeps) {
    super(DETAILS_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(detailAnswerPrompt(deps));
    this.addDialog(
      new WaterfallDialog(this.stepsId, [
        this.where.bind(this),
        this.when.bind(this),
        this.outOfTime.bind(this),
        this.outcome.bind(this),
        this.finish.bind(this),
      ]),
    );
  }

  private opts(step: WaterfallStepContext): DetailsOptions {
    return step.options as DetailsOptions;
  }

  private done(step: WaterfallStepContext) {
    return step.endDialog({ answers: answersFrom(this.opts(step).known, ANSWERS) } satisfies DetailsResult);
  }

  private async where(step: WaterfallStepContext) {
    const { changing, known: k } = this.opts(step);
    if (changing === 'outcome') return step.next();
    const found = k.location ?? extractLocation(k.text ?? '');
    const placeBased = k.kind === 'service_request' || k.serviceAreas.some((a) => PLACE_AREAS.includes(a));
    if (found && !changing) k.location = found;
    const needed = (k.kind === 'service_request' || k.kind === 'complaint') && placeBased;
    if ((found && !changing) || (!needed && !changing)) return step.next();
    vals(step).askedWhere = true;
    return step.prompt(DETAIL_TEXT, { prompt: ChoiceFactory.forChannel(step.context, [en.details.whereChoices.none], en.details.where), retryPrompt: en.details.where, validations: { asked: 'place' } satisfies DetailValidations });
  }

  private async when(step: WaterfallStepContext) {
    const v = vals(step);
    const { changing, known: k } = this.opts(step);
    const now = this.deps.clock();
    if (v.askedWhere) {
      const answer = String(step.result ?? '').trim();
      // A day name is never a place: "Wednesday" answered to "where" corrects when, and the place stays.
      const onlyWhen = onlyADate(answer, now);
      if (onlyWhen) {
        k.occurredOn = onlyWhen.date;
        k.occurredPrecision = onlyWhen.precision;
        k.whenText = answer.slice(0, 300);
        return step.next();
      }
      // Asked once more already (detailAnswerPrompt): a phone number twice is still not a place.
      const elsewhere = otherFactsOnly(answer, 'place', now);
      if (!elsewhere) k.location = NOT_A_PLACE.test(answer) ? undefined : answer.slice(0, 300);
      k.whereAsked = true;
    }
    if (changing === 'outcome') return step.next();
    const had = k.occurredOn;
    const found = had ? undefined : whenIn(k.text ?? '', now);
    if (found && !changing) {
      k.occurredOn = found.date;
      k.occurredPrecision = found.precision;
      k.whenText = found.text;
    }
    if (k.kind !== 'complaint' && !changing) return step.next();
    if ((had || found) && !changing) return step.next();
    v.askedWhen = true;
    return step.prompt(DETAIL_TEXT, { prompt: ChoiceFactory.forChannel(step.context, [en.details.whenChoices.unsure], en.details.when), retryPrompt: en.details.when, validations: { asked: 'when' } satisfies DetailValidations });
  }

  private async outOfTime(step: WaterfallStepContext) {
    const v = vals(step);
    const { changing, known: k } = this.opts(step);
    const now = this.deps.clock();
    if (v.askedWhen) {
      const answer = String(step.result ?? '').trim();
      const date = UNSURE.test(answer) ? undefined : extractDate(answer, now);
      // A place or a phone number said twice to "when" is not when; what it said was read already.
      if (date || !otherFactsOnly(answer, 'when', now)) {
        k.whenText = answer.slice(0, 300);
        k.occurredOn = date?.date;
        k.occurredPrecision = date?.precision;
      }
    }
    if (changing === 'outcome') return step.next();
    const limit = this.deps.pack.timeLimit;
    const today = londonDate(now);
    const tooOld = k.kind === 'complaint' && limit && ((k.occurredOn && monthsBetween(k.occurredOn, today) >= limit.months) || (!k.occurredOn && k.outOfTimeFlag));
    if (!tooOld || (k.outOfTimeReason && !changing)) return step.next();
    v.askedWhy = true;
    return askText(step, en.details.outOfTime(limit.months, limit.discretion));
  }

  private async outcome(step: WaterfallStepContext) {
    const v = vals(step);
    const { changing, known: k } = this.opts(step);
    if (v.askedWhy) k.outOfTimeReason = String(step.result).slice(0, FREE_TEXT_MAX);
    if (changing === 'whereWhen') return this.done(step);
    if (k.kind === 'complaint') {
      if (k.outcomeWanted && !changing) return step.next();
      v.asked = 'outcome';
      return step.prompt(DETAIL_TEXT, { prompt: en.details.outcome, retryPrompt: en.details.outcome, validations: { asked: 'outcome' } satisfies DetailValidations });
    }
    if (k.kind === 'comment' && this.deps.pack.timescales.commentReply) {
      v.asked = 'reply';
      return askChoice(step, en.details.commentReply, REPLY);
    }
    if (k.kind === 'compliment') {
      v.asked = 'thanks';
      return step.prompt(TEXT, { prompt: ChoiceFactory.forChannel(step.context, [en.details.skip], en.details.complimentWho), retryPrompt: en.details.complimentWho });
    }
    return step.next();
  }

  private async finish(step: WaterfallStepContext) {
    const { known: k } = this.opts(step);
    const asked = vals(step).asked;
    if (asked === 'outcome') k.outcomeWanted = String(step.result).slice(0, FREE_TEXT_MAX);
    if (asked === 'reply') k.replyWanted = picked(step.result, REPLY) === 'yes';
    if (asked === 'thanks') {
      const who = String(step.result ?? '').trim();
      k.thanksTo = /^skip$/i.test(who) ? undefined : who.slice(0, 300);
    }
    return this.done(step);
  }
}
