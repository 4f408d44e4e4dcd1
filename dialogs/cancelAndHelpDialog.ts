/**
 * The shared base of every resident dialog: whatever is being asked, a resident can ask for help,
 * cancel, start again or ask for a person (and, in the intake, ask a question back about the process),
 * and the current question is asked again afterwards.
 */
import { ActivityTypes } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { en } from '../locale/en-GB';
import type { IntakeDeps } from './intakeDeps';
import { absorbFacts } from './absorbFacts';

export type Interruption = 'help' | 'cancel' | 'restart' | 'person';

/** Only short messages that are clearly a command count, so "I need help with my bins" is not one. */
export function detectInterruption(text: string | undefined): Interruption | undefined {
  const t = (text ?? '').toLowerCase().replace(/[^a-z' ]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!t || t.length > 60) return undefined;
  if (/^(help|help me|what can you do|how does this work|i need help|\?)$/.test(t)) return 'help';
  if (/^(cancel|stop|quit|exit|cancel (it|this|that)|forget it|never mind|nevermind)$/.test(t)) return 'cancel';
  if (/^(start (again|over)|restart|reset|begin again|start from the beginning)$/.test(t)) return 'restart';
  if (PERSON_ASKED.test(t) || PERSON_ALONE.test(t)) return 'person';
  return undefined;
}

/**
 * Asking for a person in everyday words: "can i speak to someone", "I need to talk to a real person
 * please, not a robot". Only as a request (how it starts), so "I tried to speak to someone three
 * times" stays a description.
 */
const WHO_HUMAN = String.raw`(a |an |some |the |)(real |actual |proper |live |)(person|human( being)?|someone|somebody|agent|officer|member of staff|advis[eo]r|operator|staff|manager|supervisor)`;
const PERSON_ASKED = new RegExp(
  String.raw`^(hi |hello |please |ok |sorry )?((can|could|may) i( please)?|i('d| would) like to|i (want|need|wanna)( to)?|let me|is there( any ?one| someone)?( i can)?|put me through to|get me)? ?(talk|speak|chat|be put through) (to|with) ${WHO_HUMAN}\b[a-z' ]{0,40}$`,
);
const PERSON_ALONE = new RegExp(String.raw`^(a |an )?(real |actual )?(human|agent|operator|person|real person)( please)?$|^(i want |i need )?(a )?(real |actual )(person|human)( please)?( not a (bot|robot|machine|computer))?$|^(are you|is this) (a )?(bot|robot|real person|human)$|^(is there )?(some ?one|any ?one|a person) (i can|to) (talk|speak) (to|with)$`);

export const RESTART_REQUESTED = Symbol('restartRequested');

/** What every resident dialog needs: the pack (help and contact wording); the draft only for the dialog that owns it. */
export type BaseDialogDeps = Pick<IntakeDeps, 'pack'> & Partial<Pick<IntakeDeps, 'drafts' | 'clock'>>;

export function personMessage(deps: Pick<IntakeDeps, 'pack'>): string {
  const c = deps.pack.contacts;
  return en.person(c.team, c.phone, c.email);
}

export class CancelAndHelpDialog<D extends BaseDialogDeps = IntakeDeps> extends ComponentDialog {
  constructor(
    id: string,
    protected readonly deps: D,
  ) {
    super(id);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const handled = await this.interrupt(innerDc);
    if (handled) return handled;
    const { activity } = innerDc.context;
    if (activity.type === ActivityTypes.Message && this.deps.drafts && this.deps.clock) {
      await absorbFacts(innerDc.context, { drafts: this.deps.drafts, clock: this.deps.clock }, activity.text);
    }
    await this.beforeContinue(innerDc);
    return super.onContinueDialog(innerDc);
  }

  /** Runs each turn once the message has been read, before the active inner dialog continues. */
  protected async beforeContinue(innerDc: DialogContext): Promise<void> {
    void innerDc;
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const activity = innerDc.context.activity;
    if (activity.type !== ActivityTypes.Message) return undefined;
    switch (detectInterruption(activity.text)) {
      case 'help':
        await innerDc.context.sendActivity(en.help(this.deps.pack.contacts.phone, this.deps.pack.contacts.email));
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'person':
        await innerDc.context.sendActivity(personMessage(this.deps));
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'cancel':
        await this.deps.drafts?.clear(innerDc.context);
        await innerDc.context.sendActivity(en.cancelled);
        return innerDc.cancelAllDialogs(true);
      case 'restart':
        await this.deps.drafts?.clear(innerDc.context);
        await innerDc.context.sendActivity(en.startingOver);
        innerDc.context.turnState.set(RESTART_REQUESTED, true);
        return innerDc.cancelAllDialogs(true);
      default:
        return this.answerQuestion(innerDc, activity.text);
    }
  }

  /** A question back about the process, answered and the question asked again, neither stored nor counted as a try. */
  private async answerQuestion(innerDc: DialogContext, text: string | undefined): Promise<DialogTurnResult | undefined> {
    const answer = await this.answerTo(innerDc, text);
    if (!answer) return undefined;
    await innerDc.context.sendActivity(answer);
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  /** The answer to a question back the resident asked instead of answering; undefined where none is read (the intake reads them). */
  protected async answerTo(innerDc: DialogContext, text: string | undefined): Promise<string | undefined> {
    void innerDc;
    void text;
    return undefined;
  }
}
