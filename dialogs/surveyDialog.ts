/**
 * The satisfaction survey asked in the resident's own chat when their case closes: the page's
 * questions one at a time (satisfied with the handling, with the outcome, easy to complain,
 * anything else), each skippable, ending with how to take the matter further. The answers go to
 * the same store as the page's (services/survey), so a case is answered once, in the chat or by
 * the link, whichever comes first.
 *
 * It runs in a dialog stack of its own (`surveyDialogState` in the conversation state, so a
 * restart keeps the answers given so far), beside the resident's other dialogs: a message that
 * is not an answer (a new problem, "talk to a person") ends the survey, keeping what was
 * answered, and is dealt with as usual by the rest of the bot.
 */
import { ActivityTypes, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ChoiceFactory, Dialog, DialogContext, DialogSet, DialogState, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { SURVEY_QUESTIONS, type SurveyQuestion } from '../models/surveyResponse';
import { heardAnswer, saysNothingMore } from '../services/survey/chatAnswer';
import type { ChatAnswers, ChatSurveyStart } from '../services/survey/surveyService';
import { detectInterruption } from './cancelAndHelpDialog';
import { survey as words } from '../locale/survey.en-GB';

export const SURVEY_DIALOG = 'chatSurvey';
const COMMENT_MAX = 2000;

/** The survey service as the chat needs it. */
export interface ChatSurveyGateway {
  answered(reference: string): Promise<boolean>;
  answerInChat(reference: string, answers: ChatAnswers): Promise<'saved' | 'already_answered' | 'not_offered'>;
}

interface SurveyProgress {
  start: ChatSurveyStart;
  /** The question asked last: 0 to 2 the yes / partly / no questions, 3 "anything else". */
  step: number;
  answers: Record<SurveyQuestion, ChatAnswers[SurveyQuestion]>;
  /** What they wrote after an answer ("No, it took three calls") and to the last question. */
  words: string[];
}

type Ending = 'ignored' | 'finished';

const answered = (p: SurveyProgress) => SURVEY_QUESTIONS.some((q) => p.answers[q] !== null) || p.words.length > 0;

class ChatSurveyDialog extends Dialog<ChatSurveyStart> {
  constructor(private readonly gateway: ChatSurveyGateway) {
    super(SURVEY_DIALOG);
  }

  override async beginDialog(dc: DialogContext, start?: ChatSurveyStart): Promise<DialogTurnResult> {
    const progress: SurveyProgress = { start: start!, step: 0, answers: { handling: null, outcome: null, easyToComplain: null }, words: [] };
    dc.activeDialog!.state = progress;
    await dc.context.sendActivity({ type: ActivityTypes.Message, text: words.chat.intro(progress.start), textFormat: 'plain' });
    await this.ask(dc.context, progress);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const progress = dc.activeDialog!.state as SurveyProgress;
    const text = (dc.context.activity.text ?? '').trim();
    // A new problem, a case reference or a command is for the rest of the bot.
    const quotesCase = /\b[A-Z]{2,6}-\d{4}-\d{6}\b/i.test(text);
    if (!text || quotesCase || detectInterruption(text) === 'help' || detectInterruption(text) === 'person' || detectInterruption(text) === 'restart') return this.leave(dc, progress);
    if (await this.gateway.answered(progress.start.reference)) {
      // Answered by the link meanwhile: not asked again.
      await this.say(dc.context, [words.alreadyAnswered(progress.start.reference), words.chat.nextStepsTitle, ...progress.start.nextSteps]);
      return dc.endDialog('finished' satisfies Ending);
    }
    if (progress.step >= SURVEY_QUESTIONS.length) {
      if (text.length > COMMENT_MAX) {
        await dc.context.sendActivity(words.chat.commentTooLong(COMMENT_MAX));
        await this.ask(dc.context, progress);
        return Dialog.EndOfTurn;
      }
      const heard = heardAnswer(text);
      if (!saysNothingMore(text) && heard?.kind !== 'decline' && heard?.kind !== 'skip' && heard?.kind !== 'unclear') progress.words.push(text);
      return this.finish(dc, progress);
    }
    const heard = heardAnswer(text);
    if (!heard) return this.leave(dc, progress);
    if (heard.kind === 'unclear') {
      await this.ask(dc.context, progress);
      return Dialog.EndOfTurn;
    }
    if (heard.kind === 'decline') {
      if (answered(progress)) await this.save(progress);
      await this.say(dc.context, [words.chat.declined, words.chat.nextStepsTitle, ...progress.start.nextSteps]);
      return dc.endDialog('finished' satisfies Ending);
    }
    if (heard.kind === 'answer') {
      progress.answers[SURVEY_QUESTIONS[progress.step]] = heard.answer;
      if (heard.rest) progress.words.push(heard.rest);
    }
    progress.step += 1;
    await this.ask(dc.context, progress);
    return Dialog.EndOfTurn;
  }

  private async ask(context: TurnContext, progress: SurveyProgress): Promise<void> {
    const a = words.chat.answers;
    const question = SURVEY_QUESTIONS[progress.step];
    await context.sendActivity(
      question ? ChoiceFactory.forChannel(context, [a.yes, a.partly, a.no, a.skip], words.chat.questions[question]) : ChoiceFactory.forChannel(context, [words.chat.skipComment], words.chat.comment),
    );
  }

  private async say(context: TurnContext, paragraphs: string[]): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.Message, text: paragraphs.join('\n\n'), textFormat: 'plain' });
  }

  private save(progress: SurveyProgress) {
    const comment = progress.words.join('\n\n').slice(0, COMMENT_MAX) || null;
    return this.gateway.answerInChat(progress.start.reference, { ...progress.answers, comment });
  }

  /** Something else was said: what was answered is kept, and the message goes on to the rest of the bot. */
  private async leave(dc: DialogContext, progress: SurveyProgress): Promise<DialogTurnResult> {
    if (answered(progress)) await this.save(progress);
    return dc.endDialog('ignored' satisfies Ending);
  }

  private async finish(dc: DialogContext, progress: SurveyProgress): Promise<DialogTurnResult> {
    const saved = await this.save(progress);
    const first = saved === 'already_answered' ? words.alreadyAnswered(progress.start.reference) : saved === 'not_offered' ? words.notOffered : words.chat.thanks;
    await this.say(dc.context, [first, words.chat.nextStepsTitle, ...progress.start.nextSteps, words.chat.after]);
    return dc.endDialog('finished' satisfies Ending);
  }
}

/** What a resident's message did: answered the survey (it goes on or has ended), or it is for the rest of the bot. */
export type SurveyTurn = 'answered' | 'finished' | 'not_survey';

export class ChatSurvey {
  private readonly dialogs: DialogSet;
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    gateway: ChatSurveyGateway,
  ) {
    this.dialogState = conversationState.createProperty<DialogState>('surveyDialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new ChatSurveyDialog(gateway));
  }

  /** In a proactive turn on the resident's conversation: the first question, kept in the conversation state. */
  async start(context: TurnContext, start: ChatSurveyStart): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(SURVEY_DIALOG, start);
    await this.conversationState.saveChanges(context, false);
  }

  /** In a resident's turn, before anything else reads the message. */
  async handle(context: TurnContext): Promise<SurveyTurn> {
    if (context.activity.type !== ActivityTypes.Message) return 'not_survey';
    // Most turns have no survey going: seen from its stack, without a DialogContext (and its memory) each turn.
    if (!(await this.dialogState.get(context))?.dialogStack?.length) return 'not_survey';
    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog) return 'not_survey';
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.waiting) return 'answered';
    return (result.result as Ending | undefined) === 'ignored' ? 'not_survey' : 'finished';
  }
}
