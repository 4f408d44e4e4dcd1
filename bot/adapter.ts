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
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient, ConnectorFactory, UserTokenClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../services/config';
import { en } from '../locale/en-GB';

/** At most this many bot app ids keep a user token client (one bot has one, skills a few). */
const USER_TOKEN_CLIENTS = 16;

/**
 * The adapter asks for a user token client on every turn, and botbuilder builds a new one each
 * time: a TokenApiClient with its whole HTTP pipeline, garbage by the end of the turn. It holds
 * nothing about the turn (the app id, its credentials and the OAuth endpoint), so one per app id
 * is kept and reused.
 */
class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();
  /** The bot's own Direct Line: its connector accepts only the bot's own connector token. */
  selfConnector?: { serviceUrl: () => string; factory: ConnectorFactory };

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const self = this.selfConnector;
    if (!self) return inner;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return sameService(serviceUrl, self.serviceUrl()) ? self.factory.create(serviceUrl, audience) : inner.create(serviceUrl, audience);
      }
    })();
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // The same app id botbuilder derives: the audience claim, else the appid claim.
    const appId = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
    let client = this.userTokenClients.get(appId);
    if (!client) {
      client = super.createUserTokenClient(claimsIdentity);
      client.catch(() => this.userTokenClients.delete(appId)); // not kept if it could not be made
      if (this.userTokenClients.size >= USER_TOKEN_CLIENTS) this.userTokenClients.delete(this.userTokenClients.keys().next().value as string);
      this.userTokenClients.set(appId, client);
    }
    return client;
  }
}

function sameService(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

const authentications = new WeakMap<CloudAdapter, ReusingBotFrameworkAuthentication>();

/**
 * Proactive messages (a staff reply relayed to a resident, a reminder) to the bot's own Direct Line
 * are signed with the bot's own connector token, as its turns' replies are: that endpoint refuses
 * anything unsigned, in local mode too.
 */
export function routeOwnServiceUrl(adapter: CloudAdapter, serviceUrl: () => string, factory: ConnectorFactory): void {
  const auth = authentications.get(adapter);
  if (auth) auth.selfConnector = { serviceUrl, factory };
}

export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const options: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? (config.MicrosoftAppId ? 'MultiTenant' : ''),
  };
  const auth = new ReusingBotFrameworkAuthentication(options as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  authentications.set(adapter, auth);

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
