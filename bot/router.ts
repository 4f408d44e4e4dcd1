/**
 * One /api/messages for both audiences: Teams activities (channelId "msteams") go to the staff
 * bot, everything else (Web Chat, Direct Line, social channels) to the resident bot. An
 * ActivityHandler only so the server can take it where it takes a bot.
 */
import { ActivityHandler, TurnContext } from 'botbuilder';

export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export class ChannelRouter extends ActivityHandler {
  constructor(private readonly bots: { resident: TurnHandler; staff: TurnHandler }) {
    super();
  }

  override async run(context: TurnContext): Promise<void> {
    const bot = context.activity.channelId === 'msteams' ? this.bots.staff : this.bots.resident;
    await bot.run(context);
  }
}
