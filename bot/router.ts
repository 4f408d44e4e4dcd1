/**
 * One /api/messages for both audiences: Teams activities (channelId "msteams") go to the staff
 * bot, everything else (Web Chat, Direct Line, social channels) to the resident bot. An
 * ActivityHandler only so the server can take it where it takes a bot.
 *
 * Residents' messages are limited per conversation: beyond the limit the turn is not run (no
 * classifier, no database), and the resident is told once a minute to slow down. Channels such
 * as Messenger cannot show an HTTP 429, so the limit is said in the conversation.
 */
import { ActivityHandler, ActivityTypes, TurnContext } from 'botbuilder';
import { en } from '../locale/en-GB';
import { RateDecision, TokenBuckets } from '../services/http/rateLimit';

export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export interface RouterOptions {
  /** Resident messages per minute in one conversation; unlimited when absent. */
  residentMessagesPerMinute?: number;
  /**
   * Where that limit is counted: by default in this process; given one counted in the database
   * (services/http/sharedRateLimit.ts), it holds across instances.
   */
  residentLimit?: { take(key: string): Promise<RateDecision> };
  /** False for a message already handled (a channel's redelivery): it is acknowledged and dropped. Card actions have their own idempotence (commandId). */
  firstDelivery?: (channelId: string, conversationId: string, activityId: string) => Promise<boolean>;
  /** A resident is active in this conversation (any activity but Teams'): what waits for their chat can go now. Not awaited. */
  residentActive?: (conversationId: string) => void;
}

export class ChannelRouter extends ActivityHandler {
  private readonly perConversation?: { take(key: string): Promise<RateDecision> };
  private readonly warned?: TokenBuckets;

  constructor(
    private readonly bots: { resident: TurnHandler; staff: TurnHandler },
    private readonly options: RouterOptions = {},
  ) {
    super();
    if (options.residentMessagesPerMinute) {
      const local = new TokenBuckets(options.residentMessagesPerMinute, 60_000);
      this.perConversation = options.residentLimit ?? { take: async (key) => local.take(key) };
      this.warned = new TokenBuckets(1, 60_000);
    }
  }

  override async run(context: TurnContext): Promise<void> {
    const { channelId, conversation, id, type } = context.activity;
    const limited = this.perConversation && channelId !== 'msteams' && type === ActivityTypes.Message;
    const key = `${channelId}|${conversation?.id}`;
    // Both may ask the database: at the same time, not one after the other. (A redelivery then
    // counts against the limit too; it is rare, and the limit is generous.)
    const [first, decision] = await Promise.all([
      this.options.firstDelivery && id && conversation?.id && type === ActivityTypes.Message ? this.options.firstDelivery(channelId, conversation.id, id) : true,
      limited ? this.perConversation!.take(key) : undefined,
    ]);
    if (!first) return;
    if (channelId === 'msteams') return this.bots.staff.run(context);
    if (conversation?.id) this.options.residentActive?.(conversation.id);
    if (decision) {
      if (!decision.ok) {
        if (this.warned!.take(key).ok) await context.sendActivity(en.errors.tooFast(decision.retryAfterSeconds));
        return;
      }
    }
    await this.bots.resident.run(context);
  }
}
