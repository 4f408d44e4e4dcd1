/**
 * The resident-facing bot: a thin ActivityHandler. New conversations are welcomed; messages go to
 * the intake dialog, whose progress lives in ConversationState (MongoDB) so it survives restarts.
 * A resident who comes back after a gap is offered to carry on or start again.
 */
import { ActivityHandler, ConversationState, NullTelemetryClient, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { Dialog, DialogContext, DialogSet, DialogState, DialogTurnStatus, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { detectInterruption, RESTART_REQUESTED } from '../dialogs/cancelAndHelpDialog';
import { CASE_OPENED, INTAKE_DIALOG, IntakeOptions, isJustAGreeting } from '../dialogs/intakeDialog';
import { emergencyInLaterMessage } from '../dialogs/hazardNotice';
import type { IntakeDeps } from '../dialogs/intakeDeps';
import { en } from '../locale/en-GB';
import type { IntakeDraft } from '../dialogs/intakeDraft';
import { askChoice, choicePrompt, ChoiceOption, picked } from '../dialogs/prompts';
import { ESCALATION_DIALOG, EscalationOptions, wantsReview } from '../dialogs/escalationDialog';
import { channelPrivacy, PLATFORM_LABEL, platformOfChannel } from '../services/handoff/channels';
import { OPEN311_COMPLAINT_DIALOG, Open311ComplaintOptions } from '../dialogs/open311ComplaintDialog';
import type { ChatSurvey } from '../dialogs/surveyDialog';
import { DEFAULT_TURN_BUDGET_MS, runWithinBudget, turnAbandoned } from './turnBudget';
import { keepDialogMemory, reuseDialogMemory } from '../dialogs/dialogMemory';
import { turnKey } from '../dialogs/turnKey';
import { isQuotedCaseVerified, QUOTED_CASE_DIALOG, QuotedCaseDialog, type QuotedCaseOptions } from '../dialogs/quotedCaseDialog';

/** The event the website chat page sends when it was opened from a handoff link (value: the link's token). */
export const HANDOFF_EVENT = 'handoff';

const RESUME_DIALOG = 'resumeAfterGap';
const FOLLOW_UP_DIALOG = 'caseFollowUp';
/** Cases opened in this conversation are followed up here for this long before a message counts as new. */
const FOLLOW_UP_WINDOW_MS = 90 * 24 * 3600_000;

interface ConversationMeta {
  lastSeenAt?: string;
  /** References of cases opened in this conversation, newest last, with when. */
  cases?: { reference: string; openedAt: string }[];
}

const RESUME: ChoiceOption<'resume' | 'restart'>[] = [
  { key: 'resume', label: en.welcomeBackChoices.resume, synonyms: ['carry on', 'continue', 'resume', 'yes'] },
  { key: 'restart', label: en.welcomeBackChoices.restart, synonyms: ['start again', 'restart', 'new', 'start over'] },
];

export interface ResidentBotOptions {
  intake: Dialog;
  /** The dialogs for a case already opened (dialogs/escalationDialog.ts, open311ComplaintDialog.ts); absent: not offered. */
  escalation?: Dialog;
  worksComplaint?: Dialog;
  deps: IntakeDeps;
  /** A gap after which a returning resident is asked whether to carry on (ms). */
  resumeAfterMs: number;
  /** Longer messages are refused with a clear message rather than half-read. */
  maxMessageChars: number;
  /** The whole turn's time budget (see turnBudget.ts); 10 s when absent. */
  turnBudgetMs?: number;
  /** A turn given up for time has settled, with its failure if it failed. */
  onAbandonedSettled?: (err?: unknown) => void;
  /** The satisfaction survey asked in this chat when a case closes (dialogs/surveyDialog.ts). */
  survey?: ChatSurvey;
}

export class ResidentBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly meta: StatePropertyAccessor<ConversationMeta>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly options: ResidentBotOptions,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.meta = conversationState.createProperty<ConversationMeta>('meta');
    this.dialogs = new DialogSet(this.dialogState);
    // A conversation saved mid-dialog by a build whose dialog sets differed (one dialog more in triage)
    // gets botbuilder's versionChanged event; unhandled, it is traced through the telemetry client,
    // which must exist or the resident's turn fails. Set here, it reaches every dialog added below.
    this.dialogs.telemetryClient = new NullTelemetryClient();
    this.dialogs.add(options.intake);
    this.dialogs.add(choicePrompt(options.deps));
    if (options.escalation) this.dialogs.add(options.escalation);
    if (options.worksComplaint) this.dialogs.add(options.worksComplaint);
    if (options.deps.followUp) this.dialogs.add(new QuotedCaseDialog({ pack: options.deps.pack, followUp: options.deps.followUp }));
    this.dialogs.add(
      new WaterfallDialog(RESUME_DIALOG, [
        async (step: WaterfallStepContext) => askChoice(step, en.welcomeBack, RESUME),
        async (step: WaterfallStepContext) => {
          if (picked(step.result, RESUME) === 'resume') return step.endDialog();
          await options.deps.drafts.clear(step.context);
          step.context.turnState.set(RESTART_REQUESTED, true);
          return step.cancelAllDialogs();
        },
      ]),
    );

    this.dialogs.add(
      new WaterfallDialog(FOLLOW_UP_DIALOG, [
        async (step: WaterfallStepContext<{ refs: string[]; text: string }>) => {
          const { refs } = step.options;
          const choices: ChoiceOption<string>[] = [...refs.map((r) => ({ key: r, label: en.followUp.aboutCase(r) })), { key: 'new', label: en.followUp.newThing, synonyms: ['new', 'something new', 'no'] }];
          (step.values as Record<string, unknown>).choices = choices;
          return askChoice(step, en.followUp.which(refs), choices);
        },
        async (step: WaterfallStepContext<{ refs: string[]; text: string }>) => {
          const key = picked(step.result, (step.values as { choices: ChoiceOption<string>[] }).choices);
          if (!key || key === 'new') return step.replaceDialog(INTAKE_DIALOG, { text: step.options.text });
          // One of this conversation's own cases, so no check of who is asking is needed.
          const next = await this.ownCaseDialog(key, step.options.text);
          if (next) return step.replaceDialog(next.id, next.options);
          await this.addToCase(step.context, key, step.options.text);
          return step.endDialog();
        },
      ]),
    );

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const newcomers = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (newcomers.length > 0) {
        // Opened from a handoff link (our own Direct Line carries its token here): carry on from it.
        const handoff = (context.activity.channelData as { handoff?: unknown } | undefined)?.handoff;
        if (typeof handoff === 'string' && (await this.takeOverHandoff(context, handoff))) {
          await next();
          return;
        }
        const dc = await this.dialogs.createContext(context);
        if (!dc.activeDialog) {
          const { pack } = options.deps;
          const welcome = en.welcome(pack.councilName, options.deps.privacyNoticeUrl ?? pack.privacyNotice.url);
          const onSocial = channelPrivacy(context.activity.channelId) !== 'website';
          await context.sendActivity(onSocial ? `${welcome}\n\n${en.handoff.socialNote(PLATFORM_LABEL[platformOfChannel(context.activity.channelId)])}` : welcome);
          await dc.beginDialog(INTAKE_DIALOG, {});
        }
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === HANDOFF_EVENT && typeof context.activity.value === 'string') await this.takeOverHandoff(context, context.activity.value);
      await next();
    });
  }

  /**
   * The website chat was opened from a handoff link: claim it for this conversation and carry on
   * from what the resident said on social media (whatever this conversation was doing is dropped:
   * at most the opening question).
   */
  /** True when the link was dealt with (carried on, or the resident told why not). */
  private async takeOverHandoff(context: TurnContext, token: string): Promise<boolean> {
    const { handoffs, drafts, clock } = this.options.deps;
    if (!handoffs || channelPrivacy(context.activity.channelId) !== 'website') return false;
    const result = await handoffs.redeem(token, context.activity.conversation.id);
    if (!result.ok) {
      await context.sendActivity(en.handoff[result.reason]);
      return true;
    }
    if (result.again) return true; // the same page presented its link again: the conversation is already here
    const h = result.handoff;
    const meta = await this.meta.get(context, {});
    meta.lastSeenAt = clock().toISOString();
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await drafts.clear(context);
    const options: IntakeOptions = {
      handoff: {
        origin: { platform: h.platform, handoffId: h.id, ...(h.handle ? { handle: h.handle } : {}) },
        draft: (h.draft as IntakeDraft | null) ?? undefined,
        message: h.message ?? undefined,
      },
    };
    await dc.beginDialog(INTAKE_DIALOG, options);
    return true;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = context.activity.text ?? '';
    if (text.length > this.options.maxMessageChars) {
      await context.sendActivity(en.errors.tooLong(this.options.maxMessageChars));
      return;
    }
    const now = this.options.deps.clock();
    const meta = await this.meta.get(context, {});
    const gap = meta.lastSeenAt ? now.getTime() - new Date(meta.lastSeenAt).getTime() : 0;
    meta.lastSeenAt = now.toISOString();

    // The survey asked here when a case closed takes its answers first; anything else goes on below.
    const surveyed = await this.options.survey?.handle(context);
    if (surveyed === 'answered') return;
    const dc = await this.dialogs.createContext(context);
    if (surveyed === 'finished') {
      if (dc.activeDialog) await dc.repromptDialog(); // back to what they were doing before the survey
      return;
    }
    if (dc.activeDialog && dc.activeDialog.id !== RESUME_DIALOG && gap > this.options.resumeAfterMs) {
      await dc.beginDialog(RESUME_DIALOG);
      return;
    }
    if (dc.activeDialog?.id === INTAKE_DIALOG && this.quotedReference(text) && !(await this.options.deps.drafts.peek(context))?.text) {
      // The welcome opened an intake, but the first thing said is about a case already made.
      await dc.cancelAllDialogs();
      await this.options.deps.drafts.clear(context);
      await this.startSomething(context, dc, text, meta, now);
      return;
    }
    const result = await dc.continueDialog();
    if (context.turnState.get(RESTART_REQUESTED)) {
      await dc.beginDialog(INTAKE_DIALOG, {});
    } else if (result.status === DialogTurnStatus.complete && isQuotedCaseVerified(result.result)) {
      // Shown to be theirs: now it is dealt with as one of this conversation's own cases.
      const { reference, text: said, emergencyTold } = result.result.verified;
      await this.onOwnCase(context, dc, reference, said, emergencyTold);
    } else if (result.status === DialogTurnStatus.empty) {
      await this.startSomething(context, dc, text, meta, now);
    }
    const opened = context.turnState.get(CASE_OPENED) as string | undefined;
    if (opened) meta.cases = [...(meta.cases ?? []), { reference: opened, openedAt: now.toISOString() }].slice(-5);
  }

  /** Nothing in progress: a quoted reference, a follow-up to a case opened here, or something new. */
  private async startSomething(context: TurnContext, dc: DialogContext, text: string, meta: ConversationMeta, now: Date): Promise<void> {
    const { followUp } = this.options.deps;
    const quoted = this.quotedReference(text);
    if (followUp && quoted) {
      // A reference filed in another conversation could be anyone's: who is asking is checked first.
      if ((meta.cases ?? []).some((c) => c.reference === quoted)) {
        await this.onOwnCase(context, dc, quoted, text);
        return;
      }
      // Safety advice says nothing about the case, so it comes before the check, not after it.
      const emergency = this.emergencyIn(text);
      if (emergency) await context.sendActivity(emergency);
      await dc.beginDialog(QUOTED_CASE_DIALOG, { reference: quoted, text, emergencyTold: !!emergency } satisfies QuotedCaseOptions);
      return;
    }
    const recent = (meta.cases ?? []).filter((c) => now.getTime() - new Date(c.openedAt).getTime() < FOLLOW_UP_WINDOW_MS).map((c) => c.reference);
    const review = recent.length === 1 ? await this.reviewOptions(recent[0], text) : null;
    if (review) {
      await dc.beginDialog(ESCALATION_DIALOG, review);
      return;
    }
    // Unhappy with how a report in the works system went (a reply to its update, say): offer a complaint.
    const offer = recent.length === 1 && !isJustAGreeting(text) && !detectInterruption(text) ? await this.worksOffer(recent[0], text) : null;
    if (offer) {
      await dc.beginDialog(OPEN311_COMPLAINT_DIALOG, offer);
      return;
    }
    if (followUp && recent.length > 0 && !isJustAGreeting(text) && !detectInterruption(text)) {
      await dc.beginDialog(FOLLOW_UP_DIALOG, { refs: recent.reverse(), text });
      return;
    }
    await dc.beginDialog(INTAKE_DIALOG, { text });
  }

  /** This council's case reference in the message, if any ("owbc-2026-000123" read as OWBC-2026-000123). */
  private quotedReference(text: string): string | undefined {
    return new RegExp(`\\b(${this.options.deps.pack.caseRefPrefix}-\\d{4}-\\d{6})\\b`, 'i').exec(text)?.[1]?.toUpperCase();
  }

  /** A case this resident is known to have made: a review request, a works complaint, or a message for staff. */
  private async onOwnCase(context: TurnContext, dc: DialogContext, reference: string, text: string, emergencyTold = false): Promise<void> {
    const next = await this.ownCaseDialog(reference, text);
    if (next) await dc.beginDialog(next.id, next.options);
    else await this.addToCase(context, reference, text, emergencyTold);
  }

  /** The phone-now advice when a message about a case describes an emergency hazard (Awaab's Law), or null. */
  private emergencyIn(text: string): string | null {
    return emergencyInLaterMessage(text, this.options.deps.pack, this.options.deps.clock?.() ?? new Date());
  }

  /** The dialog a message about one's own case needs, or null when it is simply added to the case. */
  private async ownCaseDialog(reference: string, text: string): Promise<{ id: string; options: object } | null> {
    const review = await this.reviewOptions(reference, text);
    if (review) return { id: ESCALATION_DIALOG, options: review };
    const offer = await this.worksOffer(reference, text);
    return offer ? { id: OPEN311_COMPLAINT_DIALOG, options: offer } : null;
  }

  /** A request for a stage 2 review of a case that can have one (answered at stage 1), or null: then it is a message. */
  // Only ever for a case shown to be theirs (filed here, or checked by quotedCaseDialog.ts): `known` is always true.
  private async reviewOptions(reference: string, text: string): Promise<EscalationOptions | null> {
    const { escalation } = this.options.deps;
    if (!escalation || !this.options.escalation || !wantsReview(text)) return null;
    const check = await escalation.check(reference);
    // Already under review (or with the ombudsman): what they write reaches staff as a message.
    if (check.kind === 'not_found' || check.kind === 'not_yet' || check.kind === 'already') return null;
    return { reference, text, known: true, check };
  }

  /** A report sent to the works system, and a resident unhappy with how it went: the complaint offer, or null. */
  private async worksOffer(reference: string, text: string): Promise<Open311ComplaintOptions | null> {
    const { works, followUp } = this.options.deps;
    if (!works || !followUp || !this.options.worksComplaint) return null;
    const offer = await works.complaintOffer(reference, text);
    return offer && { reference, text, known: true, serviceRequestId: offer.serviceRequestId };
  }

  private async addToCase(context: TurnContext, reference: string, text: string, emergencyTold = false): Promise<void> {
    const { followUp, notifier, onBackgroundError } = this.options.deps;
    const outcome = await followUp!.addResidentMessage(reference, text, `resident-message:${turnKey(context.activity)}`);
    if (outcome === 'added') {
      // An emergency hazard written about later: phone now, before anything else (Awaab's Law).
      const emergency = emergencyTold ? null : this.emergencyIn(text);
      if (emergency) await context.sendActivity(emergency);
      await context.sendActivity(en.followUp.added(reference));
      if (notifier) await notifier.residentMessage(reference, text).catch((err) => onBackgroundError?.('passing a resident message to staff', err));
    } else {
      await context.sendActivity(outcome === 'closed' ? en.followUp.closed(reference) : en.followUp.notFound(reference));
    }
  }

  override async run(context: TurnContext): Promise<void> {
    await runWithinBudget(
      context,
      this.options.turnBudgetMs ?? DEFAULT_TURN_BUDGET_MS,
      async () => {
        reuseDialogMemory(context);
        await super.run(context);
        keepDialogMemory(context);
        // Out of time: the resident was told to try again, so this turn's progress is not kept.
        if (turnAbandoned(context)) return;
        await this.conversationState.saveChanges(context, false);
        if (turnAbandoned(context)) return;
        await this.userState.saveChanges(context, false);
      },
      this.options.onAbandonedSettled,
    );
  }
}
