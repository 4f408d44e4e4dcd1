/**
 * The details, asking only what the first message did not already say: where (for problems in a
 * place), when (for complaints; over the time limit we explain it and ask why now), the outcome
 * wanted, and for comments and compliments whether a reply is wanted and who to thank.
 */
import { ChoiceFactory, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { extractDate, extractLocation, monthsBetween } from '../services/intake/extract';
import { whenIn } from '../services/intake/facts';
import { londonDate } from '../services/workingDays/londonTime';
import type { ServiceArea } from '../models/vocabulary';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { IntakeDeps } from './intakeDeps';
import { en } from '../locale/en-GB';
import { askChoice, askText, choicePrompt, ChoiceOption, NO_SYNONYMS, picked, textPrompt, TEXT, vals, YES_SYNONYMS } from './prompts';

export const DETAILS_DIALOG = 'detailsDialog';

const PLACE_AREAS: ServiceArea[] = ['waste_recycling', 'street_cleansing', 'highways', 'parking', 'housing_repairs', 'parks_open_spaces', 'environmental_health', 'planning', 'licensing'];
const NOT_A_PLACE = /^(it'?s )?not about a place|^(n\/a|none|no|nowhere|not applicable|skip)$/i;
const UNSURE = /^(i'?m )?not sure|^(don'?t know|dunno|can'?t remember|unsure|skip)$/i;

const REPLY: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: en.details.commentReplyChoices.yes, synonyms: YES_SYNONYMS },
  { key: 'no', label: en.details.commentReplyChoices.no, synonyms: NO_SYNONYMS },
];

export interface DetailsOptions {
  /** From the summary: ask again even what is already known. */
  changing?: 'whereWhen' | 'outcome';
}

export class DetailsDialog extends CancelAndHelpDialog {
  constructor(deps: IntakeDeps) {
    super(DETAILS_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(
      new WaterfallDialog(`${DETAILS_DIALOG}.steps`, [
        this.where.bind(this),
        this.when.bind(this),
        this.outOfTime.bind(this),
        this.outcome.bind(this),
        this.finish.bind(this),
      ]),
    );
    this.initialDialogId = `${DETAILS_DIALOG}.steps`;
  }

  private opts(step: WaterfallStepContext): DetailsOptions {
    return (step.options ?? {}) as DetailsOptions;
  }

  private async where(step: WaterfallStepContext) {
    const { changing } = this.opts(step);
    if (changing === 'outcome') return step.next();
    const draft = await this.deps.drafts.get(step.context);
    const found = draft.location ?? extractLocation(draft.text ?? '');
    if (found && !changing) await this.deps.drafts.update(step.context, { location: found });
    const placeBased = draft.kind === 'service_request' || draft.serviceAreas.some((a) => PLACE_AREAS.includes(a));
    const needed = (draft.kind === 'service_request' || draft.kind === 'complaint') && placeBased;
    if ((found && !changing) || (!needed && !changing)) return step.next();
    vals(step).askedWhere = true;
    return step.prompt(TEXT, { prompt: ChoiceFactory.forChannel(step.context, [en.details.whereChoices.none], en.details.where), retryPrompt: en.details.where });
  }

  private async when(step: WaterfallStepContext) {
    const v = vals(step);
    if (v.askedWhere) {
      const answer = String(step.result ?? '').trim();
      await this.deps.drafts.update(step.context, { location: NOT_A_PLACE.test(answer) ? undefined : answer.slice(0, 300), whereAsked: true });
    }
    const { changing } = this.opts(step);
    if (changing === 'outcome') return step.next();
    const draft = await this.deps.drafts.get(step.context);
    const now = this.deps.clock();
    const found = draft.occurredOn ? undefined : whenIn(draft.text ?? '', now);
    if (found && !changing) await this.deps.drafts.update(step.context, { occurredOn: found.date, whenText: found.text });
    if (draft.kind !== 'complaint' && !changing) return step.next();
    if ((draft.occurredOn || found) && !changing) return step.next();
    v.askedWhen = true;
    return step.prompt(TEXT, { prompt: ChoiceFactory.forChannel(step.context, [en.details.whenChoices.unsure], en.details.when), retryPrompt: en.details.when });
  }

  private async outOfTime(step: WaterfallStepContext) {
    const v = vals(step);
    const now = this.deps.clock();
    if (v.askedWhen) {
      const answer = String(step.result ?? '').trim();
      const date = UNSURE.test(answer) ? undefined : extractDate(answer, now);
      await this.deps.drafts.update(step.context, { whenText: answer.slice(0, 300), occurredOn: date?.date });
    }
    if (this.opts(step).changing === 'outcome') return step.next();
    const draft = await this.deps.drafts.get(step.context);
    const limit = this.deps.pack.timeLimit;
    const today = londonDate(now);
    const tooOld = draft.kind === 'complaint' && limit && ((draft.occurredOn && monthsBetween(draft.occurredOn, today) >= limit.months) || (!draft.occurredOn && draft.outOfTimeFlag));
    if (!tooOld || (draft.outOfTimeReason && !this.opts(step).changing)) return step.next();
    v.askedWhy = true;
    return askText(step, en.details.outOfTime(limit.months, limit.discretion));
  }

  private async outcome(step: WaterfallStepContext) {
    const v = vals(step);
    if (v.askedWhy) await this.deps.drafts.update(step.context, { outOfTimeReason: String(step.result).slice(0, 4000) });
    const { changing } = this.opts(step);
    if (changing === 'whereWhen') return step.endDialog();
    const draft = await this.deps.drafts.get(step.context);
    if (draft.kind === 'complaint') {
      if (draft.outcomeWanted && !changing) return step.next();
      v.asked = 'outcome';
      return askText(step, en.details.outcome);
    }
    if (draft.kind === 'comment' && this.deps.pack.timescales.commentReply) {
      v.asked = 'reply';
      return askChoice(step, en.details.commentReply, REPLY);
    }
    if (draft.kind === 'compliment') {
      v.asked = 'thanks';
      return step.prompt(TEXT, { prompt: ChoiceFactory.forChannel(step.context, [en.details.skip], en.details.complimentWho), retryPrompt: en.details.complimentWho });
    }
    return step.next();
  }

  private async finish(step: WaterfallStepContext) {
    const asked = vals(step).asked;
    if (asked === 'outcome') await this.deps.drafts.update(step.context, { outcomeWanted: String(step.result).slice(0, 4000) });
    if (asked === 'reply') await this.deps.drafts.update(step.context, { replyWanted: picked(step.result, REPLY) === 'yes' });
    if (asked === 'thanks') {
      const who = String(step.result ?? '').trim();
      await this.deps.drafts.update(step.context, { thanksTo: /^skip$/i.test(who) ? undefined : who.slice(0, 300) });
    }
    return step.endDialog();
  }
}
