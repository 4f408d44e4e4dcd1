/**
 * Who may post to our Bot Connector endpoint (/v3/conversations/...), i.e. speak as the bot in a
 * self-hosted Direct Line conversation:
 *  - turns started by our Direct Line carry our own connector token (see botBridge);
 *  - proactive messages (the adapter's continueConversation, e.g. a case update relayed to the
 *    resident) carry our connector token too (the adapter routes our own service URL to it, see
 *    bot/adapter.ts), or, with Bot Framework credentials, possibly an Entra ID token for the bot's
 *    app, checked here against Microsoft's published keys, the Bot Framework audience and our app id.
 * A request with no token is refused in every mode: anyone could otherwise speak as the council in
 * a resident's window.
 */
import { createRemoteJWKSet, JWTVerifyGetKey, jwtVerify } from 'jose';
import type { DirectLineTokens } from './tokens';

const ENTRA_KEYS = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export interface ConnectorAuthOptions {
  tokens: DirectLineTokens;
  /** MicrosoftAppId; undefined in local mode. */
  botAppId?: string;
  /** Microsoft's signing keys; replaceable in tests. */
  keys?: JWTVerifyGetKey;
}

export function connectorAuthenticator(opts: ConnectorAuthOptions): (token: string | undefined) => Promise<boolean> {
  let keys = opts.keys;
  return async (token) => {
    if (!token) return false;
    if (await opts.tokens.verifyConnector(token)) return true;
    if (!opts.botAppId) return false;
    keys ??= createRemoteJWKSet(new URL(ENTRA_KEYS));
    try {
      const { payload } = await jwtVerify(token, keys, { audience: BOT_FRAMEWORK_AUDIENCE, algorithms: ['RS256'] });
      // v1 tokens name the calling app in `appid`, v2 tokens in `azp`.
      return payload.appid === opts.botAppId || payload.azp === opts.botAppId;
    } catch {
      return false;
    }
  };
}
