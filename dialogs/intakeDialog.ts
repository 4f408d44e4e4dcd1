/**
 * The resident's conversation from a first message to a case reference: what happened, who for,
 * the details, evidence, contact, support needs, a summary to check and change, then the case.
 */
import { randomUUID } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import { DialogContext, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { adjustmentsOptions, ADJUSTMENTS_DIALOG } from './adjustmentsDialog';
import { CancelAndHelpDialog } from './cancelAndHelpDialog';
import type { ChildResult } from './childDialog';
import { contactOptions, CONTACT_DIALOG } from './contactDialog';
import { detailsOptions, DETAILS_DIALOG } from './detailsDialog';
import { evidenceOptions, EVIDENCE_DIALOG } from './evidenceDialog';
import { IntakeChildren, intakeChildren, upgradeSavedChild } from './intakeChildren';
import { longDate } from '../locale/dates';
import { hazardNotice } from './hazardNotice';
import type { IntakeDeps } from './intakeDeps';
import { IntakeDraft, newDraft } from './intakeDraft';
import { en } from '../locale/en-GB';
import { askChoice, askDescription, askText, choicePrompt, ChoiceOption, describePrompt, FREE_TEXT_MAX, picked, saysNothingYet, textPrompt, vals } from './prompts';
import { recapLines, summaryLines, toCaseDraft } from './summary';
import { kindOptions, TRIAGE_DIALOG, triageOptions, TriageResult } from './triageDialog';
import { WHO_DIALOG, whoOptions, WhoResult } from './whoDialog';
import { open311AttributesOptions, OPEN311_ATTRIBUTES_DIALOG } from './open311AttributesDialog';
import { open311En } from '../locale/open311.en-GB';
import { channelPrivacy, Platform, PLATFORM_LABEL, platformOfChannel } from '../services/handoff/channels';
import { residentQuestionIn } from '../services/intake/residentQuestion';
import { answerResidentQuestion, QuestionContext } from './residentAnswer';

export const INTAKE_DIALOG = 'intakeDialog';
/** Turn state: the reference of a case opened in this turn, so the conversation can follow it up. */
export const CASE_OPENED = Symbol('caseOpened');
const SUMMARY = `${INTAKE_DIALOG}.summary`;
const CHANGE_KIND = `${INTAKE_DIALOG}.changeKind`;
const CHANGE_TEXT = `${INTAKE_DIALOG}.changeText`;

type SummaryAction = 'send' | keyof typeof en.summary.change;

const GREETING = /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|morning|afternoon|evening|yo|hi there|hello there|start|get started|menu)\b[\s!.?]*$/i;

/** True when the first message says nothing yet ("hi"), so we ask what has happened. */
export function isJustAGreeting(text: string | undefined): boolean {
  const t = (text ?? '').trim();
  return t.length === 0 || GREETING.test(t);
}

export interface IntakeOptions {
  text?: string;
  /** Carrying on from a social channel: the conversation so far, or the message the team passed on. */
  handoff?: { origin: NonNullable<IntakeDraft['origin']>; draft?: IntakeDraft; message?: string };
}

/** The kind triage has settled while it is still asking (its `known`, on the stack), before the draft has it. */
function kindChosenIn(stack: readonly { state?: Record<string, unknown> }[]): IntakeDraft['kind'] {
  for (const d of stack) {
    const state = d.state as { options?: { known?: { kind?: IntakeDraft['kind'] } }; dialogs?: { dialogStack?: { state?: Record<string, unknown> }[] } } | undefined;
    const kind = state?.options?.known?.kind ?? kindChosenIn(state?.dialogs?.dialogStack ?? []);
    if (kind) return kind;
  }
  return undefined;
}

/** The first step's result when a handed-over conversation already went through triage. */
const RESUMED = { resumedFromHandoff: true } as const;

/**
 * The only dialog that builds the draft: each child is begun with what it needs from the draft
 * (its typed options) and its answers are put into the draft when it ends (`take`).
 */
export class IntakeDialog extends CancelAndHelpDialog {
  /** Children are passed in (dialogs/intakeChildren.ts) so each can be replaced or tested alone; their ids stay those saved in state. */
  constructor(deps: IntakeDeps, children: IntakeChildren = intakeChildren(deps)) {
    super(INTAKE_DIALOG, deps);
    this.addDialog(choicePrompt(deps));
    this.addDialog(textPrompt(deps));
    this.addDialog(describePrompt(deps));
    const { works, ...always } = children;
    for (const d of Object.values(always)) this.addDialog(d);
    if (works) this.addDialog(works);
    this.addDialog(
      new WaterfallDialog(`${INTAKE_DIALOG}.steps`, [
        this.start.bind(this),
        this.triage.bind(this),
        this.who.bind(this),
        this.details.bind(this),
        this.worksQuestions.bind(this),
        this.evidence.bind(this),
        this.contact.bind(this),
        this.whoAfterContact.bind(this),
        this.adjustments.bind(this),
        this.summary.bind(this),
        this.submit.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(SUMMARY, [this.showSummary.bind(this), this.applyChoice.bind(this), this.loop.bind(this)]));
    this.addDialog(new WaterfallDialog(CHANGE_KIND, [this.askKind.bind(this), this.saveKind.bind(this)]));
    this.addDialog(new WaterfallDialog(CHANGE_TEXT, [this.askTextAgain.bind(this), this.saveText.bind(this)]));
    this.initialDialogId = `${INTAKE_DIALOG}.steps`;
  }

  /** State saved mid-question by the code before children took options: given them from the draft. */
  protected override async beforeContinue(innerDc: DialogContext): Promise<void> {
    const draft = await this.deps.drafts.peek(innerDc.context);
    if (draft) upgradeSavedChild(innerDc, draft);
  }

  /**
   * A question back ("how long will this take?") once the matter is described: before that, and
   * when the description is being changed, a question is the matter itself.
   */
  protected override async answerTo(innerDc: DialogContext, text: string | undefined): Promise<string | undefined> {
    const question = residentQuestionIn(text);
    if (!question || innerDc.stack.some((d) => d.id === CHANGE_TEXT)) return undefined;
    const draft = await this.deps.drafts.peek(innerDc.context);
    if (!draft?.text) return undefined;
    const active = innerDc.activeDialog?.id;
    const ctx: QuestionContext = {
      kind: draft.kind ?? kindChosenIn(innerDc.stack),
      evidence: active === EVIDENCE_DIALOG ? 'at' : draft.evidenceAsked ? 'after' : 'before',
      contact: active === CONTACT_DIALOG ? 'at' : draft.contactAsked ? 'after' : 'before',
      atSummary: innerDc.stack.some((d) => d.id === SUMMARY),
      forSomeoneElse: draft.forSomeoneElse,
      anonymous: draft.anonymous,
      replyWanted: draft.replyWanted,
      adjustments: active === ADJUSTMENTS_DIALOG ? 'at' : draft.adjustmentsAsked ? 'after' : 'before',
    };
    return answerResidentQuestion(question, ctx, this.deps);
  }

  /** A child's answers, into the draft. */
  private async take(step: WaterfallStepContext): Promise<IntakeDraft | undefined> {
    const answers = (step.result as ChildResult<Partial<IntakeDraft>> | undefined)?.answers;
    if (answers) return this.deps.drafts.update(step.context, answers);
    return this.deps.drafts.peek(step.context);
  }

  private async start(step: WaterfallStepContext<IntakeOptions>) {
    const handoff = step.options?.handoff;
    if (handoff) return this.carryOn(step, handoff);
    const text = step.options?.text;
    await this.deps.drafts.set(step.context, newDraft(randomUUID(), this.deps.clock()));
    if (!saysNothingYet(text)) return step.next(text);
    return askDescription(step, en.askWhatHappened);
  }

  /** The website side of a handoff: what was said on the social channel is kept, not asked again. */
  private async carryOn(step: WaterfallStepContext, handoff: NonNullable<IntakeOptions['handoff']>) {
    const platform = PLATFORM_LABEL[handoff.origin.platform];
    if (handoff.draft) {
      const draft: IntakeDraft = { ...handoff.draft, origin: handoff.origin };
      await this.deps.drafts.set(step.context, draft);
      await step.context.sendActivity(en.handoff.resumed(platform, recapLines(draft)));
      return step.next(RESUMED);
    }
    const message = (handoff.message ?? '').trim().slice(0, FREE_TEXT_MAX);
    await this.deps.drafts.set(step.context, { ...newDraft(randomUUID(), this.deps.clock()), origin: handoff.origin });
    await step.context.sendActivity(en.handoff.fromInbox(platform, message));
    return step.next(message);
  }

  private async triage(step: WaterfallStepContext) {
    if (step.result === RESUMED || (step.result as typeof RESUMED | undefined)?.resumedFromHandoff) return step.next({ proceed: true });
    const draft = await this.deps.drafts.update(step.context, { text: String(step.result).trim().slice(0, FREE_TEXT_MAX) });
    return step.beginDialog(TRIAGE_DIALOG, triageOptions(draft));
  }

  private async who(step: WaterfallStepContext) {
    if (!(step.result as TriageResult | undefined)?.proceed) return this.stop(step);
    const draft = (await this.take(step))!;
    // Everything after this may be personal (who anyone is, an address - often the resident's own
    // home - files, contact details, health): off the website, hand over now.
    const privacy = channelPrivacy(step.context.activity.channelId);
    if (privacy !== 'website') return this.handOver(step, privacy === 'public');
    if (draft.kind === 'complaint' || draft.kind === 'service_request') return step.beginDialog(WHO_DIALOG, whoOptions(draft, { deferrable: true }));
    return step.next({ proceed: true });
  }

  private async details(step: WaterfallStepContext) {
    if (!(step.result as Partial<WhoResult> | undefined)?.proceed) return this.stop(step);
    const draft = (await this.take(step))!;
    return step.beginDialog(DETAILS_DIALOG, detailsOptions(draft));
  }

  /** A report for the council's works system: what its service needs to know (dialogs/open311AttributesDialog.ts). */
  private async worksQuestions(step: WaterfallStepContext) {
    const draft = (await this.take(step))!;
    if (this.deps.works && draft.kind === 'service_request') return step.beginDialog(OPEN311_ATTRIBUTES_DIALOG, open311AttributesOptions(draft));
    return step.next();
  }

  private async evidence(step: WaterfallStepContext) {
    const draft = (await this.take(step))!;
    if (draft.kind === 'complaint' || draft.kind === 'service_request') return step.beginDialog(EVIDENCE_DIALOG, evidenceOptions(draft));
    return step.next();
  }

  private async contact(step: WaterfallStepContext) {
    await this.take(step);
    // From here on a place or a date in a message is the resident's own (dialogs/absorbFacts.ts).
    const draft = await this.deps.drafts.update(step.context, { contactAsked: true });
    return step.beginDialog(CONTACT_DIALOG, contactOptions(draft));
  }

  /**
   * The who question left to the contact question: if their answer (or anything since) said they
   * write for someone, the consent questions follow now; if the contact question was never put, ask.
   */
  private async whoAfterContact(step: WaterfallStepContext) {
    const draft = (await this.take(step))!;
    if (!draft.whoDeferred || draft.forSomeoneElse !== undefined) return step.next({ proceed: true });
    // Only words that say they act for someone ("for my mum", "on behalf of"), not someone mentioned.
    if (draft.represents?.cue === 'strong') {
      return step.beginDialog(WHO_DIALOG, whoOptions(draft));
    }
    if (draft.anonymous || draft.whoHinted) {
      await this.deps.drafts.update(step.context, { forSomeoneElse: false });
      return step.next({ proceed: true });
    }
    return step.beginDialog(WHO_DIALOG, whoOptions(draft));
  }

  private async adjustments(step: WaterfallStepContext) {
    if ((step.result as Partial<WhoResult> | undefined)?.proceed === false) return this.stop(step);
    const draft = (await this.take(step))!;
    if (draft.kind === 'complaint' || draft.kind === 'service_request') return step.beginDialog(ADJUSTMENTS_DIALOG, adjustmentsOptions(draft));
    return step.next();
  }

  private async summary(step: WaterfallStepContext) {
    await this.take(step);
    return step.beginDialog(SUMMARY);
  }

  private summaryOptions(kind: string | undefined): ChoiceOption<SummaryAction>[] {
    const c = en.summary.change;
    const keys: (keyof typeof c)[] =
      kind === 'complaint' || kind === 'service_request'
        ? ['description', 'whereWhen', ...(kind === 'complaint' ? (['outcome'] as const) : []), 'who', 'evidence', 'contact', 'adjustments', 'kind']
        : ['description', 'contact', 'kind'];
    return [{ key: 'send', label: en.summary.send, synonyms: ['send', 'yes', 'submit', 'ok', 'correct', 'looks good', 'send it'] }, ...keys.map((k) => ({ key: k, label: c[k] }))];
  }

  private async showSummary(step: WaterfallStepContext) {
    const draft = await this.deps.drafts.get(step.context);
    const text = `${en.summary.intro}\n\n${summaryLines(draft).join('\n')}`;
    // No "yes, and ..." here: "ok, but change my email" must not send it.
    return askChoice(step, text, this.summaryOptions(draft.kind), en.summary.retry, { yes: undefined });
  }

  private async applyChoice(step: WaterfallStepContext) {
    const draft = await this.deps.drafts.get(step.context);
    const action = picked(step.result, this.summaryOptions(draft.kind)) ?? 'send';
    switch (action) {
      case 'send':
        return step.endDialog({ send: true });
      case 'kind':
        return step.beginDialog(CHANGE_KIND);
      case 'description':
        return step.beginDialog(CHANGE_TEXT);
      case 'whereWhen':
        return step.beginDialog(DETAILS_DIALOG, detailsOptions(draft, 'whereWhen'));
      case 'outcome':
        return step.beginDialog(DETAILS_DIALOG, detailsOptions(draft, 'outcome'));
      case 'who':
        return step.beginDialog(WHO_DIALOG, whoOptions(draft, { changing: true }));
      case 'evidence': {
        // Asked afresh; a letter of authority stays with the who answers.
        const kept = await this.deps.drafts.update(step.context, { evidence: draft.evidence.filter((e) => e.purpose === 'authorisation') });
        return step.beginDialog(EVIDENCE_DIALOG, evidenceOptions(kept));
      }
      case 'contact':
        return step.beginDialog(CONTACT_DIALOG, contactOptions(draft, true));
      case 'adjustments': {
        const cleared = await this.deps.drafts.update(step.context, { adjustments: [], adjustmentNotes: undefined, vulnerable: false, vulnerabilityNotes: undefined });
        return step.beginDialog(ADJUSTMENTS_DIALOG, adjustmentsOptions(cleared));
      }
    }
  }

  private async loop(step: WaterfallStepContext) {
    await this.take(step);
    return step.replaceDialog(SUMMARY);
  }

  private async askKind(step: WaterfallStepContext) {
    const draft = await this.deps.drafts.get(step.context);
    vals(step).current = draft.kind;
    return askChoice(step, en.triage.difference, kindOptions(draft.kind ?? 'service_request'));
  }

  private async saveKind(step: WaterfallStepContext) {
    const kind = picked(step.result, kindOptions((vals(step).current as never) ?? 'service_request'));
    if (kind) await this.deps.drafts.update(step.context, { kind });
    return step.endDialog();
  }

  private async askTextAgain(step: WaterfallStepContext) {
    return askText(step, en.askWhatHappened);
  }

  private async saveText(step: WaterfallStepContext) {
    await this.deps.drafts.update(step.context, { text: String(step.result).trim().slice(0, FREE_TEXT_MAX) });
    return step.endDialog();
  }

  private async submit(step: WaterfallStepContext) {
    const draft = await this.deps.drafts.get(step.context);
    await step.context.sendActivity(en.summary.sending);
    const reference = TurnContext.getConversationReference(step.context.activity);
    const caseDraft = toCaseDraft(draft, this.deps.pack, step.context.activity.channelId, reference, this.deps.clock());
    const opened = await this.deps.cases.open(caseDraft, draft.id);
    await this.deps.drafts.update(step.context, { submittedReference: opened.reference });
    step.context.turnState.set(CASE_OPENED, opened.reference);
    if (this.deps.notifier) {
      await this.deps.notifier.caseOpened(opened.reference).catch((err) => this.deps.onBackgroundError?.('telling staff about a new case', err));
    }

    // A housing hazard: an emergency is told to phone first; what the law promises follows the reference.
    const hazard = opened.hazard ? hazardNotice(opened.hazard, this.deps.pack, !!draft.emergencyTold) : null;
    const lines = [hazard?.first, en.done.reference(opened.reference), hazard?.after].filter((l): l is string => Boolean(l));
    const ack = longDate(opened.acknowledgeBy);
    const respond = longDate(opened.respondBy);
    if (opened.kind === 'complaint') lines.push(en.done.complaint(ack, respond, this.deps.pack.timescales.stage1.respond.from === 'acknowledgement'));
    // For a hazard the law's dates, said above, are the ones that count.
    else if (opened.kind === 'service_request') lines.push(...(hazard ? [] : [en.done.service_request(respond)]));
    else if (opened.kind === 'comment') lines.push(en.done.comment(draft.replyWanted ? respond : null));
    else lines.push(en.done.compliment);
    if (this.deps.works && opened.kind === 'service_request' && draft.works !== null) {
      // Sent in the background: the resident has our reference now, whatever state the works system is in.
      const queued = await this.deps.works.queue(opened.reference, draft.works ?? null).then(() => true, (err) => (this.deps.onBackgroundError?.('queueing a report for the works system', err), false));
      if (queued && draft.works) lines.push(open311En.passedOn(draft.works.serviceName));
    }
    if (draft.anonymous) lines.push(en.done.anonymous);
    if (draft.representative?.authorisation === 'pending') lines.push(en.done.authorisationPending);
    if (!draft.anonymous) lines.push(en.done.later(opened.reference));
    lines.push(en.done.anythingElse);
    await step.context.sendActivity(lines.join('\n\n'));
    await this.deps.drafts.clear(step.context);
    return step.endDialog({ reference: opened.reference });
  }

  /** Ends the conversation on a social channel with a private link to carry on at the website. */
  private async handOver(step: WaterfallStepContext, isPublic: boolean) {
    const { activity } = step.context;
    const platform: Platform = platformOfChannel(activity.channelId);
    const draft = await this.deps.drafts.get(step.context);
    try {
      if (!this.deps.handoffs) throw new Error('no handoff service');
      const { link } = await this.deps.handoffs.create({ platform, handle: activity.from?.name, draft: draft as unknown as Record<string, unknown> });
      await step.context.sendActivity(en.handoff.link(PLATFORM_LABEL[platform], link, this.deps.handoffs.linkHours, isPublic));
    } catch (err) {
      this.deps.onBackgroundError?.('making a handoff link', err);
      await step.context.sendActivity(en.handoff.linkFailed);
    }
    return this.stop(step);
  }

  private async stop(step: WaterfallStepContext) {
    await this.deps.drafts.clear(step.context);
    return step.endDialog();
  }
}
