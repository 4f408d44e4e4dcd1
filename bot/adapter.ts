/**
 * The Bot Framework CloudAdapter. Credentials come from the MicrosoftApp* settings; with none set
 * the adapter runs in local mode, accepting unauthenticated activities (for trying the bot only).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../services/config';
import { en } from '../dialogs/locale/en-GB';

export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const options: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? (config.MicrosoftAppId ? 'MultiTenant' : ''),
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options as ConfigurationBotFrameworkAuthenticationOptions));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Ids only: the activity's text and the sender's name stay out of the logs.
    logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, channelId: context.activity.channelId, activityType: context.activity.type },
      'unhandled error in a turn',
    );
    if (context.activity.type === 'message' || context.activity.type === 'conversationUpdate') {
      await context.sendActivity(en.errors.generic).catch((err: Error) => logger.error({ err: err.message }, 'could not tell the user about the error'));
    }
  };
  return adapter;
}
