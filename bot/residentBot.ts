/**
 * The resident-facing bot: a thin ActivityHandler that greets new conversations and answers
 * messages, keeping its state in ConversationState. The intake dialogs replace its message handling.
 */
import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { en } from '../dialogs/locale/en-GB';

interface ConversationData {
  messageCount: number;
}

export class ResidentBot extends ActivityHandler {
  private readonly conversationData: StatePropertyAccessor<ConversationData>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
  ) {
    super();
    this.conversationData = conversationState.createProperty<ConversationData>('conversationData');

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const newcomers = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (newcomers.length > 0) await context.sendActivity(en.placeholder.welcome);
      await next();
    });

    this.onMessage(async (context, next) => {
      const data = await this.conversationData.get(context, { messageCount: 0 });
      data.messageCount += 1;
      await context.sendActivity(en.placeholder.received(data.messageCount));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}
