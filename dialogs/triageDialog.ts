/**
 * Works out what the resident wants from their own words: signposts what the complaints procedure
 * does not handle (emergencies first), then confirms the kind of feedback in plain words, always
 * offering a complaint to someone who is unhappy, and never needing them to say "complaint".
 * Like the other children it never touches the draft: it is told the first message and what is
 * known, and ends with what it settled (`TriageResult`), which the intake puts into the draft.
 */
import { WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { serviceOwner } from '../services/policy/routing';
import { SAFETY_ROUTES, type FeedbackKind, type RouteId, type ServiceArea } from '../models/vocabulary';
import { ownsService } from '../services/policy/routing';
import { answersFrom, ChildDialog, ChildOptions, ChildResult, pick } from './childDialog';
import { signpostText } from './format';
import { namedSignpost } from '../services/signposting/namedBodies';
import { detectHazard } from '../services/hazards/detect';
import { emergencyAtOnce } from './hazardNotice';
import { hazards as hazardWords } from '../locale/hazards.en-GB';
import type { IntakeDeps } from './intakeDeps';
import type { IntakeDraft } from './intakeDraft';
import { en, KIND_CHOICES } from '../locale/en-GB';
import { askChoice, choicePrompt, ChoiceOption, FREE_TEXT_MAX, moreDetail, NO_SYNONYMS, picked, trailingWords, vals, YES_SYNONYMS } from './prompts';
import { FACT_FIELDS } from './absorbFacts';
import { DangerCheckDialog, dangerCheckOptions, dangerCheckResult, DANGER_CHECK_DIALOG, withDangerAnswer, type DangerCheckResult } from './dangerCheckDialog';

export const TRIAGE_DIALOG = 'triageDialog';

const KIND_SYNONYMS: Record<FeedbackKind, string[]> = {
  service_request: ['report', 'report it', 'problem', 'fix', 'fix it', 'request', 'service request', 'put it right'],
  complaint: ['complaint', 'complain', 'unhappy', 'make a complaint'],
  comment: ['comment', 'suggestion', 'idea', 'feedback'],
  compliment: ['compliment', 'thanks', 'thank you', 'praise'],
};

/** "Yes" to "It sounds like you want to ... Is that right?" picks the suggestion (listed first). */
const AGREE = [...YES_SYNONYMS, "that's right", 'thats right', 'yes please', 'yes it is', 'it is', 'that is right', 'exactly'];

export function kindOptions(first: FeedbackKind): ChoiceOption<FeedbackKind>[] {
  const order: FeedbackKind[] = [first, ...(['service_request', 'complaint', 'comment', 'compliment'] as const).filter((k) => k !== first)];
  return order.map((k) => ({ key: k, label: KIND_CHOICES[k], synonyms: k === first ? [...KIND_SYNONYMS[k], ...AGREE] : KIND_SYNONYMS[k] }));
}

const CARRY_ON: ChoiceOption<'yes' | 'no'>[] = [
  { key: 'yes', label: en.signpost.carryOnChoices.yes, synonyms: [...YES_SYNONYMS, 'carry on', 'continue', 'complaint', 'complain', 'it is', 'yes it is', 'partly', 'some of it'] },
  { key: 'no', label: en.signpost.carryOnChoices.no, synonyms: [...NO_SYNONYMS, "that's all", 'thats all', 'no thanks', 'no thank you', 'all done', 'done'] },
];
const FIRST_TIME: ChoiceOption<'first' | 'before'>[] = [
  { key: 'first', label: en.triage.firstTimeChoices.first, synonyms: ['yes', 'first', 'first time', 'y'] },
  { key: 'before', label: en.triage.firstTimeChoices.before, synonyms: ['no', 'before', 'told you', 'again', 'n'] },
];
const FIRST_REPORT: ChoiceOption<'report' | 'complain'>[] = [
  { key: 'report', label: en.triage.firstReportChoices.report, synonyms: ['report', 'fix', 'report it', ...YES_SYNONYMS, 'fine', 'that is fine', "that's fine"] },
  { key: 'complain', label: en.triage.firstReportChoices.complain, synonyms: ['complaint', 'complain', 'anyway'] },
];

/**
 * What triage reads besides what it hands back (the first message is `text`): what reading facts as
 * the draft does needs (absorbFacts.ts), and the intake's `id`, which signpostings are counted against.
 */
const KNOWN = ['contactAsked', 'forSomeoneElse', 'representative'] as const;
/**
 * What it settles: what happened (the first message and anything added), the classifier's findings
 * (suggested kind, service areas, the routes signposted, out of time, safeguarding), the kind chosen,
 * whether the service already knew, and every fact read from what they wrote (told us before...).
 */
const ANSWERS = ['text', 'suggestedKind', 'dissatisfied', 'serviceAreas', 'signposted', 'outOfTimeFlag', 'safeguarding', 'classification', 'dangerAnswer', 'emergencyTold', 'kind', 'serviceAlreadyKnew', ...FACT_FIELDS] as const;
export type TriageAnswers = Pick<IntakeDraft, (typeof ANSWERS)[number]>;
export type TriageKnown = Pick<IntakeDraft, 'id' | 'serviceAreas' | 'signposted'> & Partial<Pick<IntakeDraft, (typeof KNOWN)[number]> & TriageAnswers>;

export interface TriageOptions extends ChildOptions<TriageKnown> {
  /** Set when a description typed instead of a choice has been thought about once already. */
  reconsidered?: boolean;
}

/** `proceed: false`: only signposted, nothing for the council to take further. */
export interface TriageResult extends ChildResult<TriageAnswers> {
  proceed: boolean;
}

export type TriageDeps = Pick<IntakeDeps, 'pack' | 'classifier' | 'clock'> & Partial<Pick<IntakeDeps, 'signposts' | 'onBackgroundError'>>;

/** The triage dialog's options, from the draft (its `text` the first message). */
export function triageOptions(draft: IntakeDraft): TriageOptions {
  return { known: { ...pick(draft, KNOWN), ...pick(draft, ANSWERS), id: draft.id } };
}

export class TriageDialog extends ChildDialog<TriageKnown, TriageDeps> {
  protected override readonly absorbs = FACT_FIELDS;

  constructor(deps: TriageDeps) {
    super(TRIAGE_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(new DangerCheckDialog(deps));
    this.addDialog(
      new WaterfallDialog(this.stepsId, [
        this.classifyAndSignpost.bind(this),
        this.confirmKind.bind(this),
        this.askFirstTime.bind(this),
        this.offerReport.bind(this),
        this.finish.bind(this),
      ]),
    );
  }

  /** What is known so far, kept up to date by the steps (and by every message, ChildDialog). */
  private known(step: WaterfallStepContext): TriageKnown {
    return (step.options as TriageOptions).known;
  }

  private reconsidered(step: WaterfallStepContext): boolean {
    return !!(step.options as TriageOptions | undefined)?.reconsidered;
  }

  private done(step: WaterfallStepContext, proceed: boolean) {
    return step.endDialog({ proceed, answers: answersFrom(this.known(step), ANSWERS) } satisfies TriageResult);
  }

  /** Adds what they typed to what happened, and reads it for facts (reported before, who for, where...). */
  private addToText(step: WaterfallStepContext, more: string) {
    const known = this.known(step);
    known.text = `${known.text ?? ''}\n${more}`.trim().slice(0, FREE_TEXT_MAX);
    this.absorb(known, more, step.context);
  }

  private async classifyAndSignpost(step: WaterfallStepContext) {
    const { pack, classifier, clock } = this.deps;
    const known = this.known(step);
    // The first message is read for facts here: the turn that began the intake with it read nothing.
    if (!this.reconsidered(step) && known.text) this.absorb(known, known.text, step.context);
    const classified = await classifier.classify({
      text: known.text ?? '',
      receivedAt: clock(),
      context: { ownsService: (a) => ownsService(pack, a), timeLimitMonths: pack.timeLimit?.months ?? Number.POSITIVE_INFINITY },
    });
    // Danger the classifier only half-suspects is asked about first (dangerCheckDialog.ts); its answer comes back to confirmKind.
    const result = withDangerAnswer(classified, known.dangerAnswer);
    if (result.dangerCheck?.length) return step.beginDialog(DANGER_CHECK_DIALOG, dangerCheckOptions(result.dangerCheck));
    const routes = result.exclusions.filter((r) => r !== 'out_of_time');
    // Safety routes first, whatever order the engine gave.
    routes.sort((a, b) => Number(SAFETY_ROUTES.includes(b)) - Number(SAFETY_ROUTES.includes(a)));
    // Someone who says they told us before is past a first report: what is left is a complaint.
    const suggestedKind = result.kind === 'service_request' && known.reportedBefore?.before ? 'complaint' : result.kind;
    Object.assign(known, {
      suggestedKind,
      dissatisfied: result.dissatisfied,
      serviceAreas: result.serviceAreas,
      signposted: routes,
      outOfTimeFlag: result.exclusions.includes('out_of_time'),
      safeguarding: result.safeguarding,
      classification: { confidence: result.confidence, reasons: result.reasons.slice(0, 20).map((r) => r.slice(0, 200)) },
    } satisfies Partial<TriageAnswers>);
    // An emergency hazard in a landlord's home (Awaab's Law): phone now is said in this first reply, not after the form.
    const emergency = known.emergencyTold ? null : emergencyAtOnce(known.text ?? '', pack, clock());
    if (routes.length === 0) {
      if (!emergency) return step.next();
      known.emergencyTold = true;
      await step.context.sendActivity(emergency);
      vals(step).signposted = true;
      return askChoice(step, hazardWords.triage.carryOn, CARRY_ON, undefined, { acceptMoreDetail: true });
    }

    const lines: string[] = [];
    const safety = routes.some((r) => SAFETY_ROUTES.includes(r));
    if (safety) lines.push(en.signpost.emergencyFirst);
    lines.push(en.signpost.intro);
    for (const route of routes) lines.push(this.signpostFor(route, result.serviceAreas, known.text ?? ''));
    // A landlord council must hear about a hazard in its own homes (Awaab's Law), whatever else is signposted:
    // after 999 its own line; after another signpost, an emergency in full.
    const hazard = pack.hazards && detectHazard(known.text ?? '', { at: clock(), significantKinds: pack.hazards.significantKinds.kinds }) ? pack.hazards : null;
    if (emergency && !safety) lines.push(emergency);
    else if (hazard) lines.push(hazardWords.triage.landlord(hazard.emergencyContact));
    if (emergency) known.emergencyTold = true;
    await step.context.sendActivity(lines.join('\n\n'));
    // Counted for the annual report (matters not handled as complaints), whether or not a case follows.
    await this.deps.signposts?.record({ intake: known.id, routes, channel: step.context.activity.channelId, at: clock() }).catch((err) => this.deps.onBackgroundError?.('recording a signposting', err));
    vals(step).signposted = true;
    return askChoice(step, hazard ? hazardWords.triage.carryOn : en.signpost.carryOn, CARRY_ON, undefined, { acceptMoreDetail: true });
  }

  private signpostFor(route: RouteId, areas: ServiceArea[], text: string): string {
    const { pack } = this.deps;
    // The body the message names (the NHS for a GP), or a request to make rather than a complaint about one.
    const named = namedSignpost(route, text, pack);
    if (named) return signpostText(named);
    if (route === 'other_organisation') {
      // A two-tier council: name the body that runs the service, when we know which service it is.
      for (const area of areas) {
        const owner = serviceOwner(pack, area);
        if (owner.owner === 'elsewhere') {
          return signpostText({ message: `${en.signpost.elsewhere(owner.body.name)} ${owner.message}`, contact: owner.body, source: owner.source });
        }
      }
    }
    return signpostText(pack.signposts[route]);
  }

  /** Keeps the danger question's answer (and any words with it), then thinks again with it. */
  private async afterDangerCheck(step: WaterfallStepContext, danger: DangerCheckResult) {
    if (danger.moreDetail) this.addToText(step, danger.moreDetail);
    Object.assign(this.known(step), danger.answers);
    return step.replaceDialog(this.stepsId, step.options);
  }

  private async confirmKind(step: WaterfallStepContext) {
    const danger = dangerCheckResult(step.result);
    if (danger) return this.afterDangerCheck(step, danger);
    const detail = vals(step).signposted ? (moreDetail(step.result) ?? trailingWords(step.result)) : undefined;
    if (detail) {
      // Answering "is any of this about how the council acted?" by saying how: that is a yes.
      this.addToText(step, detail);
    } else if (vals(step).signposted && picked(step.result, CARRY_ON) === 'no') {
      await step.context.sendActivity(en.signpost.done);
      return this.done(step, false);
    }
    const known = this.known(step);
    const suggested = known.suggestedKind ?? 'service_request';
    const intro: string[] = [];
    if (known.dissatisfied && suggested !== 'complaint') intro.push(en.triage.offerComplaint);
    intro.push(en.triage.confirmKind(suggested), en.triage.difference);
    // A description instead of a choice is thought about once; after that it counts as a try.
    return askChoice(step, intro.join('\n\n'), kindOptions(suggested), undefined, { acceptMoreDetail: !this.reconsidered(step) });
  }

  private async askFirstTime(step: WaterfallStepContext) {
    const detail = moreDetail(step.result);
    if (detail) {
      // They kept describing instead of choosing: add it to what they said and think again, once.
      this.addToText(step, detail);
      return step.replaceDialog(this.stepsId, { ...(step.options as TriageOptions), reconsidered: true } satisfies TriageOptions);
    }
    const trailing = trailingWords(step.result);
    if (trailing) this.addToText(step, trailing);
    const known = this.known(step);
    const kind = picked(step.result, kindOptions(known.suggestedKind ?? 'service_request')) ?? 'service_request';
    known.kind = kind;
    // A complaint from someone who has not said they told us before: ask, so a first report can
    // go to the service to put right (the service-first rule of every pack).
    if (kind !== 'complaint') return step.next();
    if (known.reportedBefore) {
      // They already said whether they told us before: never asked again.
      known.serviceAlreadyKnew = known.reportedBefore.before;
      if (known.reportedBefore.before) return step.next();
      vals(step).askedFirstTime = true;
      return step.next({ value: en.triage.firstTimeChoices.first });
    }
    if (known.suggestedKind === 'complaint' || known.dissatisfied) {
      known.serviceAlreadyKnew = true;
      return step.next();
    }
    vals(step).askedFirstTime = true;
    return askChoice(step, en.triage.firstTime, FIRST_TIME);
  }

  private async offerReport(step: WaterfallStepContext) {
    if (!vals(step).askedFirstTime) return step.next();
    const known = this.known(step);
    // What they said in their own words wins over the button ("Yes, I've told you twice").
    const first = known.reportedBefore ? !known.reportedBefore.before : picked(step.result, FIRST_TIME) === 'first';
    known.serviceAlreadyKnew = !first;
    if (!first) return step.next();
    vals(step).offeredReport = true;
    return askChoice(step, en.triage.firstReport, FIRST_REPORT);
  }

  private async finish(step: WaterfallStepContext) {
    if (vals(step).offeredReport && picked(step.result, FIRST_REPORT) === 'report') {
      this.known(step).kind = 'service_request';
    }
    return this.done(step, true);
  }
}
